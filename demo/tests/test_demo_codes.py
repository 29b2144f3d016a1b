"""The demo's organisations have codes no real organisation has, and the importers accept them.

A real ODS extract once turned a demo trust into a real hospital in another region because
both had the code RNS. The demo's codes now sit where real ones cannot (decision 0023).
"""

from __future__ import annotations

import csv
import re

import pytest

from core.demo.plan import NATIONAL
from demo.build import build_plan
from demo.providers import (
    DEMO_ODS_LENGTH,
    DEMO_ODS_PREFIX,
    DEMO_UKPRN_FIRST,
    DEMO_UKPRN_LAST,
    demo_ods_code,
    demo_site_code,
)
from organisations.imports.ods import CODE_PATTERN
from organisations.imports.providers import UKPRN_PATTERN
from organisations.models import Organisation, Site
from organisations.tests.ods_helpers import REAL_SAMPLE as REAL_EXTRACT

DEMO_ODS_SHAPE = re.compile(rf"^{DEMO_ODS_PREFIX}[A-Z0-9]{{{DEMO_ODS_LENGTH - 1}}}$")


@pytest.fixture(scope="module")
def plan():
    return build_plan(NATIONAL, latest_year=2025)


def ods_codes(plan) -> list[str]:
    return [pp.code for pp in plan.placement_providers]


def site_codes(plan) -> list[str]:
    return [site.ods_code for pp in plan.placement_providers for site in pp.sites if site.ods_code]


def real_codes() -> set[str]:
    if not REAL_EXTRACT.exists():
        pytest.skip(f"the real ODS extract is not here ({REAL_EXTRACT.name})")
    with REAL_EXTRACT.open(encoding="utf-8", newline="") as handle:
        return {row[0].strip() for row in csv.reader(handle) if row}


def test_every_demo_ods_code_has_ten_characters_and_starts_with_z(plan) -> None:
    for code in ods_codes(plan) + site_codes(plan):
        assert DEMO_ODS_SHAPE.match(code), code


def test_every_demo_ukprn_is_in_the_range_the_register_has_not_reached(plan) -> None:
    for ep in plan.education_providers:
        assert DEMO_UKPRN_FIRST <= int(ep.code) <= DEMO_UKPRN_LAST, ep.code
        assert ep.code.startswith("199"), ep.code


def test_the_importers_and_the_register_accept_every_demo_code(plan) -> None:
    ods_length = Organisation._meta.get_field("ods_code").max_length or 0
    ukprn_length = Organisation._meta.get_field("ukprn").max_length or 0
    site_length = Site._meta.get_field("ods_code").max_length or 0
    for code in ods_codes(plan):
        assert CODE_PATTERN.match(code) and len(code) <= ods_length, code
    for code in site_codes(plan):
        assert len(code) <= site_length, code
    for ep in plan.education_providers:
        assert UKPRN_PATTERN.match(ep.code) and len(ep.code) <= ukprn_length, ep.code


def test_organisation_and_site_codes_never_collide(plan) -> None:
    codes = ods_codes(plan) + site_codes(plan)
    assert len(codes) == len(set(codes))
    assert all(code.endswith("00") for code in ods_codes(plan))
    assert not any(code.endswith("00") for code in site_codes(plan))


def test_a_demo_code_keeps_the_shape_it_imitates_readable() -> None:
    assert demo_ods_code("RNS") == "ZRNS000000"
    assert demo_ods_code("A81001") == "ZA81001000"
    assert demo_ods_code("8HA03") == "Z8HA030000"
    assert demo_site_code("ZRNS000000", 2) == "ZRNS000002"
    with pytest.raises(ValueError, match="too long"):
        demo_ods_code("ABCDEFGHI")


def test_no_demo_code_is_a_real_organisations_code(plan) -> None:
    real = real_codes()
    assert "RNS" in real  # the trust the demo's Rushfield Healthcare once shared a code with
    assert not real & set(ods_codes(plan) + site_codes(plan))


def test_the_real_extract_has_no_code_of_the_demos_shape() -> None:
    real = real_codes()
    assert real, "the extract has no codes"
    assert max(len(code) for code in real) < DEMO_ODS_LENGTH
    assert not any(code.startswith(DEMO_ODS_PREFIX) for code in real)
