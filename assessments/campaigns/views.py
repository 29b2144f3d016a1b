"""Campaign pages: the list, opening a campaign, the dashboard and a provider's extension."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from accounts.http import SignedInRequest
from assessments.campaigns import selectors
from assessments.campaigns.forms import CampaignOpenForm, DashboardFilterForm, ExtensionForm
from assessments.campaigns.services import campaign_open as open_campaign
from assessments.campaigns.services import submission_extend as extend_submission
from assessments.models import Campaign, Submission, SubmissionStatus
from assessments.permissions import can_follow_campaigns, can_manage_campaigns
from assessments.selectors import submissions_visible_to
from core import academic_year, clock
from core.exports import EXPORT_FORMATS, table_download
from core.formatting import date as date_text
from core.http import require
from core.pagination import page_links, paginate
from core.views_forms import form_view, posted
from organisations.models import ProviderType

STATUS_TAGS = {
    SubmissionStatus.NOT_STARTED: "nhsuk-tag--grey",
    SubmissionStatus.IN_PROGRESS: "nhsuk-tag--blue",
    SubmissionStatus.WITH_SIGNATORY: "nhsuk-tag--yellow",
    SubmissionStatus.SUBMITTED: "nhsuk-tag--green",
    SubmissionStatus.REOPENED: "nhsuk-tag--orange",
}
TYPE_LABELS = dict(ProviderType.choices)


def _submission_url_maker() -> Callable[[int], str | None]:
    """Links to a submission's own page, when the form part of the service provides one."""
    try:
        reverse("assessments:submission", kwargs={"pk": 1})
    except NoReverseMatch:
        return lambda pk: None
    return lambda pk: reverse("assessments:submission", kwargs={"pk": pk})


@require(can_follow_campaigns)
def campaign_list(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "assessments/campaigns/campaign_list.html",
        {
            "page_title": "Self-assessment campaigns",
            "campaigns": list(selectors.campaigns_for(request.user)),
            "can_manage": can_manage_campaigns(request.user),
        },
    )


@require(can_manage_campaigns)
def campaign_open(request: SignedInRequest) -> HttpResponse:
    this_year = academic_year.current(clock.today())
    if request.method == "POST":
        form = CampaignOpenForm(request.POST, this_year=this_year)
    else:
        form = CampaignOpenForm(
            initial={
                "academic_year": this_year + 1,
                "name": f"Self-assessment {academic_year.label(this_year + 1)}",
                "notify": True,
            },
            this_year=this_year,
        )

    def open_it() -> Campaign:
        data = form.cleaned_data
        return open_campaign(
            actor=request.user,
            name=data["name"],
            academic_year=data["academic_year"],
            framework_version=data["framework_version"],
            provider_types=data["provider_types"],
            region_ids=data["region_ids"],
            opens_on=data["opens_on"],
            due_on=data["due_on"],
            notify=data["notify"],
        )

    def opened(campaign: Campaign) -> tuple[str, HttpResponse]:
        count = campaign.submissions.count()
        note = (
            " Each provider's contributors are being e-mailed."
            if form.cleaned_data["notify"]
            else " No e-mails were sent."
        )
        providers = "1 provider has" if count == 1 else f"{count:,} providers have"
        return (
            f"{campaign.name} is open: {providers} a submission.{note}",
            redirect("assessments:campaign_dashboard", pk=campaign.pk),
        )

    return form_view(
        request,
        form,
        save=open_it,
        done=opened,
        page=lambda: render(
            request,
            "assessments/campaigns/campaign_open.html",
            {"page_title": "Open a campaign", "form": form, "page_error": bool(form.errors)},
        ),
    )


def _filters(form: DashboardFilterForm) -> selectors.DashboardFilters:
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return selectors.DashboardFilters(
        region_id=data.get("region"),
        provider_type=data.get("provider_type") or "",
        status=data.get("status") or "",
    )


def _extension(submission: Submission, campaign: Campaign) -> str:
    if submission.due_on == campaign.due_on:
        return ""
    return f"Extended from {date_text(campaign.due_on)}: {submission.extension_reason}"


def _download(
    export_format: str, campaign: Campaign, submissions: QuerySet[Submission], questions: int
) -> HttpResponseBase:
    """The dashboard's table as a CSV or Excel file, every row the filters leave."""
    headers = [
        "Provider",
        "ODS code",
        "Region",
        "Provider type",
        "Status",
        "Questions answered",
        "Questions",
        "Due date",
        "Extension",
    ]
    rows = (
        [
            s.organisation.name,
            s.organisation.ods_code or "",
            str(s.organisation.region or ""),
            TYPE_LABELS.get(s.organisation.provider_type, ""),
            s.get_status_display(),
            s.answered_count,
            questions,
            s.due_on,
            _extension(s, campaign),
        ]
        for s in submissions.iterator(chunk_size=2000)
    )
    return table_download(export_format, f"self-assessment-{campaign.academic_year}", headers, rows)


@require(can_follow_campaigns)
def campaign_dashboard(request: SignedInRequest, pk: int) -> HttpResponseBase:
    campaign = get_object_or_404(Campaign.objects.select_related("framework_version"), pk=pk)
    user = request.user
    regions = selectors.visible_regions(user)
    form = DashboardFilterForm(request.GET or None, regions=regions)
    filters = _filters(form)
    submissions = selectors.campaign_submissions(user, campaign, filters)
    questions = selectors.question_count(campaign)
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS:
        return _download(export_format, campaign, submissions, questions)
    counts = selectors.status_counts(
        selectors.campaign_submissions(user, campaign, filters, with_status=False)
    )
    page = paginate(request, submissions)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    return render(
        request,
        "assessments/campaigns/campaign_dashboard.html",
        {
            "page_title": campaign.name,
            "campaign": campaign,
            "form": form,
            "counts": counts,
            "total": sum(c["count"] for c in counts),
            "page": page,
            "pagination": page_links(request, page),
            "questions": questions,
            "query": query.urlencode(),
            "status_tags": STATUS_TAGS,
            "type_labels": TYPE_LABELS,
            "submission_url": _submission_url_maker(),
            "can_manage": can_manage_campaigns(user),
            "extension": lambda s: _extension(s, campaign),
            "page_error": form.is_bound and not form.is_valid(),
        },
    )


@require(can_manage_campaigns)
def submission_extend(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(submissions_visible_to(request.user), pk=pk)
    campaign = submission.campaign
    form = ExtensionForm(posted(request))

    def page() -> HttpResponse:
        return render(
            request,
            "assessments/campaigns/campaign_extend.html",
            {
                "page_title": f"Give {submission.organisation} an extension",
                "form": form,
                "submission": submission,
                "campaign": campaign,
                "blocked": blocked,
                "page_error": bool(form.errors),
            },
        )

    if submission.status == SubmissionStatus.SUBMITTED:
        blocked = f"{submission.organisation} has already submitted, so it needs no extension."
        return page()
    blocked = ""
    return form_view(
        request,
        form,
        save=lambda: extend_submission(
            actor=request.user,
            submission=submission,
            due_on=form.cleaned_data["due_on"],
            reason=form.cleaned_data["reason"],
        ),
        done=lambda _: (
            f"{submission.organisation} now has until {date_text(form.cleaned_data['due_on'])}.",
            redirect("assessments:campaign_dashboard", pk=campaign.pk),
        ),
        page=page,
    )
