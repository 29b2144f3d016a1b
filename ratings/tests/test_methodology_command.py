"""`manage.py create_methodology` makes a year's methodology from the defaults or a copy."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ratings.definitions.loading import kpis_load
from ratings.models import Methodology


def _run(*args: str) -> str:
    out = StringIO()
    call_command("create_methodology", *args, stdout=out)
    return out.getvalue()


def test_a_year_is_created_from_the_default_settings(db):
    kpis_load(actor=None)
    output = _run("--year", "2026/27")
    created = Methodology.objects.get(academic_year=2026)
    assert created.kpis.count() == 9 and created.cloned_from is None
    assert "Created QCPM methodology 2026/27 with 9 KPIs from the default settings" in output


def test_a_year_is_created_as_a_copy_of_another(qcpm):
    qcpm.methodology.kpis.filter(kpi__code="DATA").delete()
    output = _run("--year", "2026/27", "--from", "2025/26")
    created = Methodology.objects.get(academic_year=2026)
    assert created.cloned_from == qcpm.methodology
    assert created.kpis.count() == 8
    assert "from a copy of 2025/26" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2026"], "--year: '2026' is not an academic year; write it like 2025/26"),
        (["--year", "2026/28"], "the second year must follow the first"),
        (["--year", "2026/27", "--from", "2019/20"], "--from: 2019/20 has no methodology to copy"),
        (["--year", "2025/26"], "2025/26 already has a methodology"),
        (["--year", "2025/26", "--from", "2025/26"], "2025/26 already has a methodology"),
    ],
)
def test_bad_years_are_refused_with_a_clear_message(qcpm, args, message):
    with pytest.raises(CommandError) as caught:
        _run(*args)
    assert message in str(caught.value)
    assert Methodology.objects.count() == 1


def test_the_default_settings_need_the_kpis_loaded_first(db):
    with pytest.raises(CommandError, match="Load the KPI definitions first"):
        _run("--year", "2026/27")
    assert not Methodology.objects.exists()
