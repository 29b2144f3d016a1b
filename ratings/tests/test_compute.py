"""Computing a region's ratings for a year: the stored bands follow the pure rule, and
recomputing is safe."""

from __future__ import annotations

import gc
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organisations.models import Region
from programmes.models import Commission, Profession, Programme
from ratings.compute import services as services_ratings
from ratings.compute.methodology import to_method
from ratings.compute.rater import Rater, StoredValue
from ratings.compute.rules import KpiInput, rate
from ratings.compute.services import ratings_compute
from ratings.definitions.loading import methodology_create_default
from ratings.models import (
    Kpi,
    KpiValue,
    MethodologyKpi,
    Rating,
    RatingBand,
    RatingQuery,
    RatingRound,
    RoundStatus,
)
from ratings.testing import (
    LONDON_VALUES,
    MIDLANDS_VALUES,
    YEAR,
    add_values,
    compute_every_region,
)

pytestmark = pytest.mark.django_db


def _current(provider: Any, programme: Any = None) -> Rating:
    return Rating.objects.get(
        round__academic_year=YEAR,
        education_provider=provider,
        programme=programme,
        is_current=True,
    )


def _london(qcpm: Any) -> Region:
    return qcpm.round.region


def _midlands(qcpm: Any) -> Region:
    return qcpm.midlands_round.region


def _expected(qcpm: Any, provider: Any, programme: Any) -> Any:
    values = KpiValue.objects.filter(
        education_provider=provider, programme=programme, academic_year=YEAR
    ).select_related("kpi")
    return rate(
        to_method(qcpm.methodology),
        [KpiInput(v.kpi.code, v.value, v.denominator) for v in values],
    )


def test_stored_bands_and_scores_match_the_pure_rule(qcpm: Any) -> None:
    world = qcpm.world
    ratings_compute(actor=world.user("contract_manager"), year=YEAR, region=_london(qcpm))
    manager = world.user("midlands_contract_manager")
    ratings_compute(actor=manager, year=YEAR, region=_midlands(qcpm))
    for provider, band in ((world.london_ep, RatingBand.GREEN), (world.midlands_ep, "red")):
        rating = _current(provider, world.nursing)
        outcome = _expected(qcpm, provider, world.nursing)
        assert rating.band == band == outcome.band.key
        assert rating.score == outcome.score
        assert rating.coverage == outcome.coverage


def test_the_explanation_names_each_kpi_with_its_unit_and_counts(qcpm: Any) -> None:
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    explanation = _current(qcpm.world.london_ep, qcpm.world.nursing).explanation
    lines = {line["code"]: line for line in explanation["lines"]}
    assert lines["FILL"]["name"] == "Recruitment fill rate"
    assert lines["FILL"]["unit"] == "percent"
    assert (lines["FILL"]["numerator"], lines["FILL"]["denominator"]) == ("118.00", "120.00")
    assert lines["NSS"].get("denominator") is None
    assert explanation["reasons"]
    assert {"band", "score", "coverage", "lines", "reasons"} <= set(explanation)


def test_the_overall_rating_weights_programmes_by_places_commissioned(qcpm: Any) -> None:
    world = qcpm.world
    child = Programme.objects.get(code="NURS-CHILD")
    add_values(world.london_ep, child, YEAR, MIDLANDS_VALUES)
    Commission.objects.create(
        education_provider=world.london_ep, programme=child, academic_year=YEAR, places=40
    )
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    adult_score = _current(world.london_ep, world.nursing).score
    child_score = _current(world.london_ep, child).score
    overall = _current(world.london_ep)
    assert adult_score is not None and child_score is not None
    expected = (adult_score * 120 + child_score * 40) / 160
    assert overall.score == expected.quantize(Decimal("0.001"))
    assert overall.score != ((adult_score + child_score) / 2).quantize(Decimal("0.001"))
    assert [p["places"] for p in overall.explanation["programmes"]] == [120, 40]


def test_a_kpi_limited_to_other_professions_is_left_out_of_a_programme(qcpm: Any) -> None:
    nss = Kpi.objects.get(code="NSS")
    nss.professions.set([Profession.objects.get(code="MIDW")])
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    rating = _current(qcpm.world.london_ep, qcpm.world.nursing)
    codes = [line["code"] for line in rating.explanation["lines"]]
    assert "NSS" not in codes and "NETS" in codes

    midwifery = Programme.objects.get(code="MIDW")
    add_values(qcpm.world.london_ep, midwifery, YEAR, LONDON_VALUES)
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    midwifery_rating = _current(qcpm.world.london_ep, midwifery)
    assert "NSS" in [line["code"] for line in midwifery_rating.explanation["lines"]]


def test_a_programme_with_too_little_data_is_not_rated(qcpm: Any) -> None:
    world = qcpm.world
    child = Programme.objects.get(code="NURS-CHILD")
    add_values(world.midlands_ep, child, YEAR, {"NSS": ("90", None, None)})
    ratings_compute(actor=None, year=YEAR, region=_midlands(qcpm))
    rating = _current(world.midlands_ep, child)
    assert rating.band == RatingBand.NOT_RATED
    assert rating.score is None
    assert any(reason.startswith("Not rated") for reason in rating.explanation["reasons"])
    # The unrated programme does not count in the provider's roll-up.
    assert _current(world.midlands_ep).score == _current(world.midlands_ep, world.nursing).score


def test_recomputing_a_draft_keeps_each_rating_under_its_number(qcpm: Any) -> None:
    old = {rating.pk for rating in Rating.objects.all()}
    compute_every_region(YEAR)
    first = set(Rating.objects.values_list("pk", flat=True))
    compute_every_region(YEAR)
    second = set(Rating.objects.values_list("pk", flat=True))
    # The two programme ratings keep their numbers; the overall ratings are new, then kept.
    assert old < first and first == second
    # Two programme ratings and two overall ratings, never more.
    assert len(second) == 4


def test_recomputing_during_the_preview_keeps_the_providers_queries(qcpm: Any) -> None:
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    rating = _current(qcpm.world.london_ep, qcpm.world.nursing)
    query = RatingQuery.objects.create(
        rating=rating, question="Why?", raised_by=qcpm.world.user("ep_lead")
    )
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PROVIDER_PREVIEW)
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    query.refresh_from_db()
    assert query.rating == _current(qcpm.world.london_ep, qcpm.world.nursing)
    assert Rating.objects.filter(is_current=False).count() == 0


def test_a_query_on_a_programme_no_longer_rated_goes_with_its_old_rating(qcpm: Any) -> None:
    world = qcpm.world
    child = Programme.objects.get(code="NURS-CHILD")
    add_values(world.london_ep, child, YEAR, LONDON_VALUES)
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    lead = world.user("ep_lead")
    kept = RatingQuery.objects.create(
        rating=_current(world.london_ep, world.nursing), question="Why?", raised_by=lead
    )
    dropped = RatingQuery.objects.create(
        rating=_current(world.london_ep, child), question="And this?", raised_by=lead
    )
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PROVIDER_PREVIEW)
    KpiValue.objects.filter(programme=child).delete()
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    kept.refresh_from_db()
    assert kept.rating == _current(world.london_ep, world.nursing)
    assert not RatingQuery.objects.filter(pk=dropped.pk).exists()
    assert not Rating.objects.filter(programme=child).exists()
    # London's round: adult nursing and the overall rating.
    assert Rating.objects.filter(round=qcpm.round).count() == 2
    assert not Rating.objects.filter(is_current=False).exists()


def test_recomputing_takes_the_same_queries_however_many_programmes(qcpm: Any) -> None:
    region = _midlands(qcpm)
    ratings_compute(actor=None, year=YEAR, region=region)
    midlands = qcpm.world.midlands_ep
    others = list(Programme.objects.exclude(pk=qcpm.world.nursing.pk)[:6])
    # Each computation measured rates programmes rated before and programmes new to it.
    add_values(midlands, others[0], YEAR, MIDLANDS_VALUES)
    with CaptureQueriesContext(connection) as few:
        ratings_compute(actor=None, year=YEAR, region=region)
    for programme in others[1:]:
        add_values(midlands, programme, YEAR, MIDLANDS_VALUES)
    with CaptureQueriesContext(connection) as many:
        summary = ratings_compute(actor=None, year=YEAR, region=region)
    assert summary.programmes_rated + summary.programmes_not_rated == 7
    assert len(many.captured_queries) == len(few.captured_queries)
    # The ratings are written in two statements, COPY on PostgreSQL and one INSERT
    # elsewhere: those rated before under their own numbers, then the new ones.
    writes = [
        query["sql"]
        for query in many.captured_queries
        if query["sql"].split(": ")[-1].startswith(("COPY", 'INSERT INTO "ratings_rating"'))
    ]
    assert len(writes) == 2
    if connection.vendor == "postgresql":
        assert all(write.startswith("COPY") for write in writes)
    else:
        # The Midlands provider's nursing, first programme and overall rating, then the
        # five programmes new to this computation.
        assert [write.split(": ")[0] for write in writes] == ["3 times", "5 times"]


@pytest.mark.parametrize("status", [RoundStatus.APPROVED, RoundStatus.PUBLISHED])
def test_computing_is_refused_once_the_round_is_approved_or_published(
    qcpm: Any, status: str
) -> None:
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=status)
    before = list(Rating.objects.values_list("pk", "band"))
    with pytest.raises(ValidationError, match="can no longer be recomputed"):
        ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    assert list(Rating.objects.values_list("pk", "band")) == before


def test_a_year_without_a_methodology_gets_a_clear_error_and_no_round(qcpm: Any) -> None:
    with pytest.raises(ValidationError, match="2030/31 has no rating methodology"):
        ratings_compute(actor=None, year=2030, region=_london(qcpm))
    assert not RatingRound.objects.filter(academic_year=2030).exists()


def test_a_year_without_a_round_gets_one_in_draft(qcpm: Any) -> None:
    methodology_create_default(actor=None, year=2024)
    add_values(qcpm.world.london_ep, qcpm.world.nursing, 2024, LONDON_VALUES)
    summary = ratings_compute(actor=None, year=2024, region=_london(qcpm))
    round_ = RatingRound.objects.get(academic_year=2024)
    assert round_.status == RoundStatus.DRAFT and round_.methodology.academic_year == 2024
    assert round_.region == _london(qcpm)
    assert (summary.programmes_rated, summary.providers) == (1, 1)


def test_computing_records_one_audit_entry_with_the_counts(qcpm: Any) -> None:
    manager = qcpm.world.user("contract_manager")
    before = LogEntry.objects.count()
    ratings_compute(actor=manager, year=YEAR, region=_london(qcpm))
    entries = LogEntry.objects.filter(pk__gt=0).order_by("-pk")[: LogEntry.objects.count() - before]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.content_type == ContentType.objects.get_for_model(RatingRound)
    assert entry.object_pk == str(qcpm.round.pk)
    assert entry.actor == manager
    assert entry.additional_data["programmes_rated"] == 1
    assert entry.additional_data["providers"] == 1


def test_the_command_computes_a_year_written_like_2025_26(qcpm: Any) -> None:
    out = StringIO()
    call_command("compute_ratings", "--year", "2025/26", stdout=out)
    assert "London 2025/26: 1 programme ratings" in out.getvalue()
    assert "Midlands 2025/26: 1 programme ratings" in out.getvalue()
    out = StringIO()
    call_command("compute_ratings", "--year", "2025/26", "--region", "mid", stdout=out)
    assert "Midlands 2025/26" in out.getvalue() and "London" not in out.getvalue()
    with pytest.raises(CommandError, match="no region has the code XX"):
        call_command("compute_ratings", "--year", "2025/26", "--region", "XX")
    with pytest.raises(CommandError, match="not an academic year"):
        call_command("compute_ratings", "--year", "2025")
    with pytest.raises(CommandError, match="no rating methodology"):
        call_command("compute_ratings", "--year", "2031/32")


def test_the_garbage_collector_is_paused_while_rating_and_back_on_afterwards(
    qcpm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real_read = services_ratings.read_values

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_read(*args, **kwargs)

    monkeypatch.setattr(services_ratings, "read_values", spy)
    assert gc.isenabled()
    ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    assert seen == [False]
    assert gc.isenabled()
    # A refusal inside the computation leaves the collector on too.
    RatingRound.objects.filter(academic_year=YEAR).update(status=RoundStatus.PUBLISHED)
    with pytest.raises(ValidationError):
        ratings_compute(actor=None, year=YEAR, region=_london(qcpm))
    assert gc.isenabled()


def test_values_read_without_the_orm_equal_what_the_orm_reads(qcpm: Any) -> None:
    found = services_ratings.read_values(YEAR)
    rows = KpiValue.objects.filter(academic_year=YEAR).values_list(
        "education_provider_id", "programme_id", "kpi__code", "value", "numerator", "denominator"
    )
    assert rows
    for provider, programme, code, value, numerator, denominator in rows:
        read = found[(provider, programme)][1][code]
        # Same numbers with the same places, as the explanation shows them.
        assert (str(read.value), str(read.numerator), str(read.denominator)) == (
            str(value),
            str(numerator),
            str(denominator),
        )


def _plain_explanation(rater: Any, outcome: Any, values: dict[str, Any]) -> str:
    """The explanation built the plain way, as a dict encoded by the JSON encoder."""
    data = outcome.as_dict(lines=False)
    lines = []
    for line in outcome.lines:
        info = rater.kpis.get(line.code)
        item = line.as_dict(name=info.name if info else line.code, unit=info.unit if info else "")
        found = values.get(line.code)
        if found is not None and found.denominator is not None:
            item["numerator"] = None if found.numerator is None else str(found.numerator)
            item["denominator"] = str(found.denominator)
        lines.append(item)
    data.update(lines=lines, kind="programme", methodology_id=rater.methodology.pk)
    return json.dumps(data, separators=(",", ":"))


figure = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False)
count = st.one_of(st.none(), st.integers(min_value=0, max_value=400).map(Decimal))
kpi_figures = st.dictionaries(
    st.sampled_from(["FILL", "ATTR", "COMP", "PROG", "EMPL", "NSS", "NETS", "DATA", "ACTN", "ZZZ"]),
    st.tuples(st.one_of(st.none(), figure), count, count),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(figures=kpi_figures)
def test_the_stored_explanation_text_is_exactly_the_encoded_explanation(
    qcpm: Any, figures: dict[str, tuple[Any, Any, Any]]
) -> None:
    rater = Rater(qcpm.methodology)
    values = {
        code: StoredValue(value, numerator, denominator)
        for code, (value, numerator, denominator) in figures.items()
    }
    for profession in (qcpm.world.nursing.profession_id, None):
        outcome = rater.rate(profession, values)
        text = rater.explanation_json(outcome, values)
        assert text == _plain_explanation(rater, outcome, values)
        assert rater.explanation(outcome, values) == json.loads(text)


def test_explanation_text_stays_exact_when_kpis_weigh_nothing(qcpm: Any) -> None:
    """A KPI of weight 0 gives no share of the score: the same text whether or not other
    scored KPIs carry weight (the reused pieces of a line must not mix the two)."""
    MethodologyKpi.objects.filter(methodology=qcpm.methodology).exclude(kpi__code="FILL").update(
        weight=Decimal(0)
    )
    rater = Rater(qcpm.methodology)
    profession = qcpm.world.nursing.profession_id
    nothing_weighs = {"NSS": StoredValue(Decimal("90.0000"), None, None)}
    fill_weighs = {
        **nothing_weighs,
        "FILL": StoredValue(Decimal("99.0000"), Decimal(99), Decimal(100)),
    }
    for values in (nothing_weighs, fill_weighs, nothing_weighs):
        outcome = rater.rate(profession, values)
        assert rater.explanation_json(outcome, values) == _plain_explanation(rater, outcome, values)
