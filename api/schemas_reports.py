"""What the API answers about published national self-assessment reports: the figures frozen
at publication, typed. A suppressed group (too few submissions) has ``suppressed`` true and
none of its numbers."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ResponseOut(BaseModel):
    suppressed: bool
    in_scope: int | None = None
    submitted: int | None = None
    on_time: int | None = None
    response_rate: float | None = Field(None, description="Percentage submitted of those asked")
    on_time_rate: float | None = Field(None, description="Percentage of submissions on time")


class SharesOut(BaseModel):
    """Counts of answers and the shares of the rated ones (not applicable left out)."""

    suppressed: bool
    submissions: int | None = None
    rated: int | None = None
    met: int | None = None
    partially_met: int | None = None
    not_met: int | None = None
    not_applicable: int | None = None
    met_share: float | None = Field(None, description="Percentage")
    partially_met_share: float | None = Field(None, description="Percentage")
    not_met_share: float | None = Field(None, description="Percentage")


class ChangeOut(BaseModel):
    """Change since the year before, in percentage points."""

    kind: str = Field(description='"compared", "new", "none" (no earlier report) or "suppressed"')
    met: float | None = None
    partially_met: float | None = None
    not_met: float | None = None
    met_last_year: float | None = None
    partially_met_last_year: float | None = None
    not_met_last_year: float | None = None


class StandardOut(SharesOut):
    ref: str
    label: str
    title: str
    change: ChangeOut


class DomainOut(SharesOut):
    number: int
    title: str
    standards: list[StandardOut]
    change: ChangeOut


class GroupDomainOut(SharesOut):
    number: int
    title: str


class GroupOut(BaseModel):
    """A region or a provider type."""

    name: str
    suppressed: bool
    response: ResponseOut
    submissions: int | None = None
    overall: SharesOut | None = None
    domains: list[GroupDomainOut] = []


class ActionOut(BaseModel):
    """The actions providers committed to under one standard."""

    ref: str
    label: str
    title: str
    suppressed: bool
    count: int | None = None
    providers: int | None = None
    samples: list[str] = []


class ReportSummaryOut(BaseModel):
    academic_year: str = Field(description='Written like "2025/26"')
    name: str
    published_at: str | None
    url: str


class DownloadsOut(BaseModel):
    page: str
    pdf: str
    xlsx: str


class ReportOut(BaseModel):
    """Every figure of a published national report."""

    academic_year: str
    name: str
    framework: str
    due_on: str = Field(description="The campaign's due date (ISO)")
    published_at: str | None
    compared_with: str | None = Field(description="The academic year changes are measured from")
    min_group_size: int
    suppression: str
    response: ResponseOut
    overall: SharesOut
    domains: list[DomainOut]
    by_region: list[GroupOut]
    by_type: list[GroupOut]
    actions: list[ActionOut]
    downloads: DownloadsOut
