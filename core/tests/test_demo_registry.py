"""Processes hand their demo data builders to core; the seed runs them in order."""

from __future__ import annotations

from core import demo
from core.demo import DemoBuilder, DemoContext, Tally
from core.demo.plan import SMALL, Plan


def test_every_process_registers_its_demo_builders_in_the_order_data_needs():
    assert [builder.label for builder in demo.builders()] == [
        "QCPM methodologies",
        "KPI values",
        "Rating rounds",
        "Self-assessments",
    ]


def test_builders_run_in_order_and_a_label_registered_again_replaces_the_first(monkeypatch):
    monkeypatch.setattr(demo, "_BUILDERS", {})
    seen: list[str] = []

    def builder(label: str, created: int):
        def build(context: DemoContext) -> Tally:
            seen.append(f"{label}:{context.emails['role']}")
            return Tally(created=created)

        return build

    demo.register(DemoBuilder("Later", builder("Later", 1), 20))
    demo.register(DemoBuilder("Sooner", builder("Sooner", 2), 10))
    demo.register(DemoBuilder("Later", builder("Later again", 3), 30))
    context = DemoContext(
        plan=Plan(scale=SMALL, years=[2026]), emails={"role": "a@b.test"}, homes={}
    )
    tallies = {b.label: b.build(context).created for b in demo.builders()}
    assert seen == ["Sooner:a@b.test", "Later again:a@b.test"]
    assert tallies == {"Sooner": 2, "Later": 3}
