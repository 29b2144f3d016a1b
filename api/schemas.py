"""What the API answers about ratings and the register: typed, so the OpenAPI document
describes every field and a response outside it fails the contract test."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RegionOut(BaseModel):
    code: str = Field(description="The region's stable code")
    name: str


class OrganisationOut(BaseModel):
    """An education provider with at least one published rating: its published fields."""

    ukprn: str = Field(description="UK Provider Reference Number: the stable identifier")
    ods_code: str | None = Field(description="NHS Organisation Data Service code, if any")
    name: str
    region: RegionOut | None
    status: str = Field(description='"open" or "closed"')
    url: str = Field(description="This organisation in the API")


class ReplyOut(BaseModel):
    """The provider's published right of reply to its ratings of one year."""

    academic_year: str = Field(description='Written like "2025/26"')
    text: str


class OrganisationDetailOut(OrganisationOut):
    replies: list[ReplyOut]
    ratings: str = Field(description="This organisation's published ratings in the API")


class ProfessionOut(BaseModel):
    code: str
    name: str
    group: str


class ProgrammeOut(BaseModel):
    """A programme with at least one published rating."""

    code: str = Field(description="The programme's stable code")
    name: str
    profession: ProfessionOut
    url: str


class KpiLineOut(BaseModel):
    """One KPI behind a rating, as the public pages show it. A KPI counted over too few
    learners is withheld: its value and band are absent and ``withheld_reason`` says why."""

    code: str
    name: str
    unit: str = Field(description='"percent", "days", "score" or "count"')
    value: float | None = Field(description="The value, rounded as published; absent if withheld")
    target: float | None
    band: str | None = Field(description="The KPI's band; absent if withheld or not scored")
    status: str = Field(description='"scored", "suppressed" or "missing"')
    status_label: str
    weight: float | None
    critical: bool
    withheld_reason: str | None = Field(description="Why the value is not published, if it is not")


class RatingProgrammeOut(BaseModel):
    code: str
    name: str


class RatingProviderOut(BaseModel):
    ukprn: str
    name: str
    region: RegionOut | None
    url: str


class RatingOut(BaseModel):
    """A published rating: a provider's for one programme, or overall (no programme)."""

    id: int = Field(description="This revision of the rating")
    academic_year: str = Field(description='Written like "2025/26"')
    provider: RatingProviderOut
    programme: RatingProgrammeOut | None = Field(description="Absent for the overall rating")
    band: str = Field(description='"green", "high_amber", "low_amber", "red" or "not_rated"')
    band_label: str
    score: float | None = Field(description="0 to 3, higher is better")
    revision: int = Field(description="1, or more after a correction")
    correction_note: str
    published_at: str | None = Field(description="When the year's ratings were published (ISO)")
    reasons: list[str]
    kpis: list[KpiLineOut]
    url: str


class RatingPage(BaseModel):
    next: str | None = Field(description="The next page's address; absent on the last page")
    results: list[RatingOut]


class OrganisationPage(BaseModel):
    next: str | None
    results: list[OrganisationOut]


class ProgrammePage(BaseModel):
    next: str | None
    results: list[ProgrammeOut]


class RoundOut(BaseModel):
    """One academic year's published ratings."""

    academic_year: str
    published_at: str | None
    ratings: str = Field(description="That year's ratings in the API")


class IndexOut(BaseModel):
    """Where everything is."""

    title: str
    version: str
    openapi: str
    documentation: str
    links: dict[str, str]
