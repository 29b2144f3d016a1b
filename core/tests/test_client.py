"""The client's address comes from the connection, or from as many proxies as are trusted."""

from typing import Any

import pytest
from django.test import RequestFactory

from core.client import client_address


def _request(remote: str = "10.0.0.9", forwarded: str | None = None):
    extra: Any = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_with_no_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(_request(forwarded="203.0.113.7")) == "10.0.0.9"


def test_one_trusted_proxy_gives_the_address_it_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(_request(forwarded="203.0.113.7")) == "203.0.113.7"


def test_an_address_the_client_wrote_itself_is_not_believed(settings):
    # The client sent "X-Forwarded-For: 198.51.100.1"; our proxy appended what it saw.
    settings.TRUSTED_PROXY_COUNT = 1

    address = client_address(_request(forwarded="198.51.100.1, 203.0.113.7"))

    assert address == "203.0.113.7"


def test_two_trusted_proxies_count_two_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    address = client_address(_request(forwarded="198.51.100.1, 203.0.113.7, 10.1.1.1"))

    assert address == "203.0.113.7"


@pytest.mark.parametrize("forwarded", [None, "", "203.0.113.7"])
def test_a_chain_shorter_than_the_proxies_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(_request(forwarded=forwarded)) == "10.0.0.9"


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("203.0.113.7:51234", "203.0.113.7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:db8::7", "2001:db8::7"),
        (" 203.0.113.7 ", "203.0.113.7"),
    ],
)
def test_a_port_added_by_the_proxy_is_dropped(settings, entry, address):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(_request(forwarded=entry)) == address


def test_an_entry_that_is_not_an_address_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(_request(forwarded="unknown")) == "10.0.0.9"
