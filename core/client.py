"""Where a request comes from: the client's address, behind as many proxies as we trust.

Behind a proxy every request arrives from the proxy's address; the proxy appends the address
it saw to ``X-Forwarded-For``. Only the entries our own proxies added can be believed: a
client may send the header with anything in it, and a proxy appends to what it received.
So with ``TRUSTED_PROXY_COUNT`` proxies in front of the service, the client is the entry
that many places from the right. With no trusted proxy the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _as_address(value: str) -> str | None:
    """An IP address from a header entry (some proxies add the port), or None."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:  # IPv4:port
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, trusting ``settings.TRUSTED_PROXY_COUNT`` proxies.

    The connection's own address (``REMOTE_ADDR``) when no proxy is trusted, or when the
    forwarded chain is shorter than it should be or holds something that is not an address:
    then the request did not come the way the proxies were described, and the connection's
    address is the only one that cannot be made up.
    """
    direct = request.META.get("REMOTE_ADDR") or None
    count: int = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return direct
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry for entry in forwarded.split(",") if entry.strip()]
    if len(entries) < count:
        return direct
    return _as_address(entries[-count]) or direct
