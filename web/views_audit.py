"""The audit trail page: who changed what, when, with before and after values."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from access.permissions import can_read_audit_log
from core import formatting
from core.audit import actor_name, entry_changes
from core.exports import EXPORT_FORMATS, table_download
from core.forms import AuditFilterForm
from core.http import require
from core.pagination import page_links, paginate
from web import selectors


@require(can_read_audit_log)
def audit_log(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = selectors.audit_entries(request.user, filters)
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS and (not form.is_bound or form.is_valid()):
        headers = ["When", "Who", "Record type", "Record", "Change", "Field", "Before", "After"]
        rows = (
            [
                formatting.datetime(entry.timestamp),
                actor_name(entry),
                entry.content_type.name,
                entry.object_repr,
                entry.get_action_display().capitalize(),
                change["field"],
                change["before"],
                change["after"],
            ]
            for entry in entries.iterator(chunk_size=2000)
            for change in (entry_changes(entry) or [{"field": "", "before": "", "after": ""}])
        )
        return table_download(export_format, "audit-log", headers, rows)
    page = paginate(request, entries)
    return render(
        request,
        "web/audit_log.html",
        {
            "page_title": "Audit log",
            "form": form,
            "page": page,
            "pagination": page_links(request, page),
            "rows": [
                {"entry": entry, "who": actor_name(entry), "changes": entry_changes(entry)}
                for entry in page.object_list
            ],
            "query": request.GET.urlencode(),
            "page_error": form.is_bound and not form.is_valid(),
        },
    )
