"""Rating rounds belong to regions (step 2 of 3): each national round becomes one round per
region of the providers it rated, and each methodology covers the regions of its rounds.

The round keeps its state, dates and reasons in every region; its ratings (with their
queries and follow-ups) and the providers' replies move to their provider's region's round.
The region first by name keeps the original round, and so the history already recorded for
it. A round with no ratings, and a methodology with no round, go to the regions that run
QCPM (London and the South East). Undoing this merges each year's rounds back into one.
"""

from django.db import migrations

# What a region's round copies from the national round it comes from.
COPIED = (
    "academic_year",
    "methodology_id",
    "status",
    "preview_closes_on",
    "approved_early_because",
    "computed_at",
    "published_at",
)


def _regions_of(round_, rating_model, reply_model):
    """The regions of the providers the round rated or that replied, by region name."""
    found = {}
    for model in (rating_model, reply_model):
        rows = model.objects.filter(round=round_).values_list(
            "education_provider__name",
            "education_provider__region_id",
            "education_provider__region__name",
        )
        for provider, region_id, region_name in rows:
            found.setdefault(region_id, (region_name, provider))
    if None in found:
        raise RuntimeError(
            f"{found[None][1]} has ratings in the {round_.academic_year} round but no region. "
            "Give every rated education provider its region, then migrate again."
        )
    return [region_id for region_id, _ in sorted(found.items(), key=lambda item: item[1][0])]


def split_rounds(apps, schema_editor):
    region_model = apps.get_model("organisations", "Region")
    round_model = apps.get_model("ratings", "RatingRound")
    rating_model = apps.get_model("ratings", "Rating")
    reply_model = apps.get_model("ratings", "RightOfReply")
    methodology_model = apps.get_model("ratings", "Methodology")
    qcpm_regions = list(
        region_model.objects.filter(in_lase=True).order_by("name").values_list("pk", flat=True)
    )
    for round_ in round_model.objects.filter(region__isnull=True).order_by("academic_year"):
        regions = _regions_of(round_, rating_model, reply_model) or qcpm_regions
        if not regions:
            raise RuntimeError(
                f"The {round_.academic_year} round has no ratings and no region runs QCPM: "
                "load the regions (manage.py load_reference_data), then migrate again."
            )
        first, *others = regions
        for region_id in others:
            copy = round_model.objects.create(
                region_id=region_id, **{name: getattr(round_, name) for name in COPIED}
            )
            for model in (rating_model, reply_model):
                model.objects.filter(round=round_, education_provider__region_id=region_id).update(
                    round=copy
                )
        round_.region_id = first
        round_.save(update_fields=["region"])
    for methodology in methodology_model.objects.all():
        covered = set(
            round_model.objects.filter(methodology=methodology).values_list("region_id", flat=True)
        )
        methodology.regions.set(covered or qcpm_regions)


def merge_rounds(apps, schema_editor):
    round_model = apps.get_model("ratings", "RatingRound")
    rating_model = apps.get_model("ratings", "Rating")
    reply_model = apps.get_model("ratings", "RightOfReply")
    years = sorted(set(round_model.objects.values_list("academic_year", flat=True)))
    for year in years:
        keep, *others = round_model.objects.filter(academic_year=year).order_by("pk")
        for other in others:
            for model in (rating_model, reply_model):
                model.objects.filter(round=other).update(round=keep)
            other.delete()
    round_model.objects.update(region=None)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_importrun_finished_when_imported"),
        ("ratings", "0011_rounds_and_methodologies_by_region"),
    ]

    operations = [migrations.RunPython(split_rounds, merge_rounds)]
