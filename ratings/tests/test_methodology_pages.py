"""The KPI definition and methodology pages: who sees what, forms, errors and query counts."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import Region
from programmes.models import Profession
from ratings.definitions.forms import plain
from ratings.definitions.services import KPI_FIELDS, methodology_clone
from ratings.models import Kpi, Methodology, MethodologyKpi, RatingRound, RoundStatus

LIST = reverse("ratings:methodology_list")
KPIS = reverse("ratings:methodology_kpi_definitions")
CREATE = reverse("ratings:methodology_create")


def _url(name: str, methodology: Methodology, *args: str) -> str:
    return reverse(f"ratings:{name}", args=[methodology.pk, *args])


def _kpi_form_data(methodology: Methodology, **overrides: str) -> dict[str, str]:
    """The KPI settings form as the browser would post it unchanged, plus ``overrides``."""
    data: dict[str, str] = {}
    for setting in methodology.kpis.select_related("kpi"):
        for name in KPI_FIELDS:
            key = f"{setting.kpi.code}-{name}"
            if name == "critical":
                if setting.critical:
                    data[key] = "on"
            else:
                data[key] = plain(getattr(setting, name))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _publish(qcpm) -> None:
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PUBLISHED)


def _error_links(body: str) -> list[tuple[str, str]]:
    summary = body[body.index("nhsuk-error-summary") :]
    summary = summary[: summary.index("</ul>")]
    links = re.findall(r'<a href="([^"]+)"\s*>\s*([^<]+?)\s*</a>', summary)
    return [(href, html.unescape(text)) for href, text in links]


def test_the_kpi_definitions_page_describes_every_kpi_and_its_professions(qcpm, client_for):
    nursing = Profession.objects.get(pk=qcpm.world.nursing.profession_id)
    qcpm.kpis["NETS"].professions.add(nursing)
    body = client_for("ep_lead").get(KPIS).content.decode()
    for kpi in Kpi.objects.all():
        assert kpi.name in body and kpi.code in body
    assert "National Student Survey" in body
    nets_row = body[body.index("Learner placement experience") :]
    assert nursing.name in nets_row[: nets_row.index("</tr>")]
    assert "All professions" in body


def test_the_list_shows_each_year_and_whether_it_is_frozen(qcpm, client_for):
    methodology_clone(actor=None, source=qcpm.methodology, year=2026)
    _publish(qcpm)
    body = client_for("contract_manager").get(LIST).content.decode()
    assert "2026/27" in body and "2025/26" in body
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", body, re.S)
    assert "Editable" in rows[0] and "2026/27" in rows[0]
    assert "Frozen" in rows[1] and "2025/26" in rows[1]
    assert "Create a methodology" not in body


def test_administrators_are_offered_to_create_a_methodology(qcpm, client_for):
    assert "Create a methodology" in client_for("admin").get(LIST).content.decode()


def test_the_methodology_page_shows_its_settings_and_explains_the_rule(qcpm, client_for):
    body = client_for("regional_lead").get(_url("methodology_detail", qcpm.methodology)).content
    text = body.decode()
    assert "A score of 2.5 or more" in text
    assert "60% of the KPIs" in text
    assert "fewer than 10 learners" in text
    assert "can be no better than Low Amber" in text
    # Attrition is lower-is-better: its thresholds read "or less".
    attrition = text[text.index("Attrition (ATTR)") :]
    attrition = attrition[: attrition.index("</tr>")]
    assert "10% or less" in attrition and "20% or less" in attrition and "Yes" in attrition
    assert "Change the KPI settings" not in text


def test_a_frozen_methodology_page_says_why_and_offers_a_clone(qcpm, client_for):
    _publish(qcpm)
    body = client_for("admin").get(_url("methodology_detail", qcpm.methodology)).content.decode()
    assert "This methodology is frozen" in body
    assert _url("methodology_clone", qcpm.methodology) in body
    assert _url("methodology_kpis_edit", qcpm.methodology) not in body


def _regions(*codes: str) -> list[int]:
    return list(Region.objects.filter(code__in=codes).values_list("pk", flat=True))


def test_an_administrator_creates_a_year_from_the_defaults(qcpm, client_for):
    form = client_for("admin").get(CREATE).context["form"]
    # Offered ticked: the regions that run QCPM.
    assert sorted(form["regions"].value()) == sorted(_regions("LON", "SE"))
    data = {"year": "2026/27", "start_from": "defaults", "regions": _regions("LON", "SE")}
    response = client_for("admin").post(CREATE, data)
    created = Methodology.objects.get(academic_year=2026)
    assert response.status_code == 302
    assert response["Location"] == _url("methodology_detail", created)
    assert created.cloned_from is None and created.kpis.count() == 9
    assert created.regions_text() == "London and South East"
    body = client_for("contract_manager").get(_url("methodology_detail", created)).content.decode()
    assert "Regions it covers" in body and "London and South East" in body


def test_a_methodology_without_regions_is_refused_and_says_so(qcpm, client_for):
    response = client_for("admin").post(CREATE, {"year": "2026/27", "start_from": "defaults"})
    assert response.status_code == 200
    assert (
        "#id_regions",
        "Choose the regions whose commissioning teams rate with this methodology",
    ) in _error_links(response.content.decode())
    assert not Methodology.objects.filter(academic_year=2026).exists()


def test_an_administrator_creates_a_year_as_a_copy_of_another(qcpm, client_for):
    data = {"year": "2026-27", "start_from": str(qcpm.methodology.pk), "regions": _regions("MID")}
    assert client_for("admin").post(CREATE, data).status_code == 302
    created = Methodology.objects.get(academic_year=2026)
    assert created.cloned_from == qcpm.methodology
    assert created.regions_text() == "Midlands"


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("", "Enter the academic year, like 2026/27"),
        ("next year", "is not an academic year; write it like 2025/26"),
        ("2025/26", "2025/26 already has a methodology"),
    ],
)
def test_a_bad_year_is_shown_in_the_error_summary(qcpm, client_for, year, message):
    data = {"year": year, "start_from": "defaults", "regions": _regions("LON")}
    response = client_for("admin").post(CREATE, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert any(message in text and href == "#id_year" for href, text in _error_links(body))
    assert Methodology.objects.count() == 1


def test_cloning_from_the_methodology_page(qcpm, client_for):
    url = _url("methodology_clone", qcpm.methodology)
    form = client_for("admin").get(url).context["form"]
    # Offered ticked: the regions the copied methodology covers.
    assert sorted(form["regions"].value()) == sorted(_regions("LON", "MID"))
    response = client_for("admin").post(url, {"year": "2026/27", "regions": _regions("LON")})
    clone = Methodology.objects.get(academic_year=2026)
    assert response["Location"] == _url("methodology_detail", clone)
    assert clone.cloned_from == qcpm.methodology
    assert clone.regions_text() == "London"


def test_the_kpi_settings_page_saves_every_row(qcpm, client_for):
    url = _url("methodology_kpis_edit", qcpm.methodology)
    client = client_for("admin")
    form = client.get(url).context["form"]
    assert form["ATTR-high_amber_threshold"].value() == "15"
    assert form["FILL-weight"].value() == "1.5"
    data = _kpi_form_data(qcpm.methodology, **{"FILL-target": "98", "NSS-critical": "on"})
    response = client.post(url, data)
    assert response.status_code == 302
    fill = MethodologyKpi.objects.get(methodology=qcpm.methodology, kpi__code="FILL")
    nss = MethodologyKpi.objects.get(methodology=qcpm.methodology, kpi__code="NSS")
    assert (str(plain(fill.target)), nss.critical) == ("98", True)


def test_bad_kpi_settings_are_listed_by_kpi_and_field_and_nothing_is_saved(qcpm, client_for):
    url = _url("methodology_kpis_edit", qcpm.methodology)
    data = _kpi_form_data(
        qcpm.methodology,
        **{"FILL-target": "98", "ATTR-high_amber_threshold": "25", "COMP-weight": "lots"},
    )
    response = client_for("admin").post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    links = _error_links(body)
    assert (
        "#id_COMP-weight",
        "Enter the weight for On-time completion as a number, like 85 or 2.5",
    ) in links
    assert MethodologyKpi.objects.get(methodology=qcpm.methodology, kpi__code="FILL").target == 100
    # Once the typing mistake is fixed, the rule's own check names the KPI and field.
    data["COMP-weight"] = "1"
    body = client_for("admin").post(url, data).content.decode()
    assert _error_links(body) == [
        (
            "#id_ATTR-high_amber_threshold",
            "Attrition: the high amber threshold must be between the green and low amber "
            "thresholds",
        )
    ]
    assert MethodologyKpi.objects.get(methodology=qcpm.methodology, kpi__code="FILL").target == 100


def test_overall_settings_are_saved_and_bad_cut_offs_shown(qcpm, client_for):
    url = _url("methodology_edit", qcpm.methodology)
    client = client_for("admin")
    data = {
        "name": "QCPM 2025/26 as agreed",
        "notes": "",
        "green_min_score": "2.4",
        "high_amber_min_score": "2.6",
        "low_amber_min_score": "1",
        "critical_cap": "red",
        "min_coverage": "70",
        "small_number_threshold": "12",
        "regions": _regions("LON", "MID", "SE"),
    }
    body = client.post(url, data).content.decode()
    assert _error_links(body) == [
        (
            "#id_high_amber_min_score",
            "The high amber cut-off must be between the green and low amber cut-offs",
        )
    ]
    data["high_amber_min_score"] = "1.8"
    assert client.post(url, data).status_code == 302
    qcpm.methodology.refresh_from_db()
    assert str(qcpm.methodology.min_coverage) == "0.70"
    assert (qcpm.methodology.critical_cap, qcpm.methodology.small_number_threshold) == ("red", 12)
    assert qcpm.methodology.regions_text() == "London, Midlands and South East"


@pytest.mark.parametrize(
    "name", ["methodology_edit", "methodology_kpis_edit", "methodology_kpi_add"]
)
def test_the_pages_that_change_a_frozen_methodology_say_why_and_change_nothing(
    qcpm, client_for, name
):
    _publish(qcpm)
    client = client_for("admin")
    url = _url(name, qcpm.methodology)
    body = client.get(url).content.decode()
    assert "This methodology can no longer change" in body
    assert "ratings computed with it have been published" in body
    assert _url("methodology_clone", qcpm.methodology) in body
    data = _kpi_form_data(qcpm.methodology, **{"FILL-target": "50"})
    assert client.post(url, data).status_code == 200
    assert MethodologyKpi.objects.get(methodology=qcpm.methodology, kpi__code="FILL").target == 100


def test_a_kpi_is_removed_after_confirming_and_added_back(qcpm, client_for):
    client = client_for("admin")
    remove = _url("methodology_kpi_remove", qcpm.methodology, "DATA")
    assert "Remove Data-return timeliness?" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not qcpm.methodology.kpis.filter(kpi__code="DATA").exists()
    add = _url("methodology_kpi_add", qcpm.methodology)
    data = {
        "kpi": qcpm.kpis["DATA"].pk,
        "target": "0",
        "green_threshold": "0",
        "high_amber_threshold": "3",
        "low_amber_threshold": "10",
        "weight": "0.5",
    }
    assert client.post(add, data).status_code == 302
    setting = qcpm.methodology.kpis.get(kpi__code="DATA")
    assert (setting.high_amber_threshold, setting.critical) == (3, False)


def test_a_kpi_with_bad_thresholds_is_not_added_and_the_error_is_shown(qcpm, client_for):
    client = client_for("admin")
    client.post(_url("methodology_kpi_remove", qcpm.methodology, "DATA"))
    data = {
        "kpi": qcpm.kpis["DATA"].pk,
        "target": "0",
        "green_threshold": "10",
        "high_amber_threshold": "5",
        "low_amber_threshold": "0",
        "weight": "1",
    }
    body = client.post(_url("methodology_kpi_add", qcpm.methodology), data).content.decode()
    assert _error_links(body) == [
        (
            "#id_green_threshold",
            "Data-return timeliness: the green threshold must be at most the low amber "
            "threshold, because lower values are better",
        )
    ]
    assert not qcpm.methodology.kpis.filter(kpi__code="DATA").exists()


def test_only_administrators_may_change_a_methodology(qcpm, client_for):
    client = client_for("contract_manager")
    assert client.post(CREATE, {"year": "2026/27", "start_from": "defaults"}).status_code == 404
    url = _url("methodology_kpis_edit", qcpm.methodology)
    assert client.post(url, _kpi_form_data(qcpm.methodology)).status_code == 404
    assert not Methodology.objects.filter(academic_year=2026).exists()


def _extra_methodologies(qcpm, count: int, start: int) -> None:
    for year in range(start, start + count):
        methodology_clone(actor=None, source=qcpm.methodology, year=year)


def test_the_list_page_makes_the_same_number_of_queries_however_many_years(
    qcpm, client_for, django_assert_num_queries
):
    client = client_for("admin")
    _extra_methodologies(qcpm, 1, 2026)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _extra_methodologies(qcpm, 8, 2030)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["methodologies"]) == 10
    assert len(few.captured_queries) <= 10


def test_the_methodology_and_kpi_pages_make_the_same_number_of_queries_however_many_kpis(
    qcpm, client_for, django_assert_num_queries
):
    client = client_for("admin")
    detail = _url("methodology_detail", qcpm.methodology)
    counts = {}
    for label in ("few", "many"):
        for url in (detail, KPIS):
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts[label, url] = len(queries.captured_queries)
        if label == "many":
            break
        for n in range(6):
            kpi = Kpi.objects.create(
                code=f"X{n}",
                name=f"Extra {n}",
                unit="score",
                direction="higher",
                computation="value",
            )
            MethodologyKpi.objects.create(
                methodology=qcpm.methodology,
                kpi=kpi,
                target=5,
                green_threshold=5,
                high_amber_threshold=4,
                low_amber_threshold=3,
            )
    for url in (detail, KPIS):
        assert counts["few", url] == counts["many", url]
        assert counts["few", url] <= 10
