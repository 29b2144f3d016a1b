"""Parts that invented names are built from. Every place is made up: a prefix and a suffix
that sound English together ("Northfield", "Ashbury"), so no real organisation is implied."""

from __future__ import annotations

PLACE_PREFIXES = (
    "Ash", "Alder", "Barn", "Beck", "Birch", "Black", "Bram", "Brad", "Brook", "Bur",
    "Cal", "Castle", "Chal", "Clay", "Cold", "Cran", "Dal", "Dun", "East", "Elm",
    "Fair", "Fern", "Gold", "Grey", "Green", "Hal", "Har", "Hazel", "Heath", "Hol",
    "Kel", "Kings", "Lang", "Lark", "Lea", "Lin", "Marl", "Mel", "Mill", "Nor",
    "North", "Oak", "Pen", "Red", "Rock", "Rother", "Rush", "Sal", "Sand", "Shep",
    "Sil", "South", "Stan", "Stone", "Sud", "Thorn", "Wal", "Wen", "West", "Whit",
    "Wil", "Win", "Wold", "Wood", "Wyn",
)  # fmt: skip

PLACE_SUFFIXES = (
    "field", "bury", "ford", "ham", "ton", "wick", "by", "stead", "worth", "leigh",
    "mere", "bridge", "combe", "dale", "minster", "borough", "port", "well", "hurst",
    "ley", "caster", "den", "stow", "thorpe", "wood", "cliffe", "brook", "moor", "gate",
    "church",
)  # fmt: skip


# Joins that make a real, well-known place or institution: left out so no demo university
# or trust can be mistaken for a real one.
REAL_PLACES = frozenset(
    {
        "Alderley", "Ashby", "Ashford", "Ashley", "Ashton", "Ashwell", "Ashworth", "Beckton",
        "Birchwood", "Blackley", "Blackwood", "Bradford", "Bradley", "Bradwell", "Bramley",
        "Brookwood", "Burford", "Burley", "Burton", "Burwell", "Castleford", "Castleton",
        "Claygate", "Clayton", "Cranbrook", "Cranleigh", "Dalton", "Eastleigh", "Easton",
        "Eastwood", "Elmbridge", "Fairfield", "Fairford", "Fernhurst", "Goldthorpe",
        "Greenford", "Halstead", "Halton", "Heathfield", "Kingsbridge", "Kingsbury",
        "Kingsley", "Kingston", "Kingswood", "Langdale", "Langford", "Langley", "Linton",
        "Marlborough", "Melton", "Norbury", "Northwood", "Norton", "Oakham", "Oakley",
        "Redbridge", "Rotherfield", "Rotherham", "Rushden", "Salford", "Sandford",
        "Sandhurst", "Southam", "Southborough", "Southgate", "Southport", "Southwell",
        "Southwick", "Stanford", "Stanley", "Stanton", "Sudbury", "Thornbury", "Thornton",
        "Walton", "Walworth", "Westbury", "Westminster", "Whitby", "Whitchurch", "Whitley",
        "Whitwick", "Whitworth", "Wilton", "Woodbridge", "Woodford", "Woodley",
    }
)  # fmt: skip


def place_names() -> list[str]:
    """Every invented place name, in a fixed order, leaving out awkward and real ones."""
    names = []
    for prefix in PLACE_PREFIXES:
        for suffix in PLACE_SUFFIXES:
            # "Oakk..." or "Woodwood" read badly: skip joins that repeat a letter or a word.
            if prefix[-1].lower() == suffix[0] or prefix.lower() == suffix:
                continue
            name = prefix + suffix
            if name not in REAL_PLACES:
                names.append(name)
    return names


# Education provider names, with relative weights (they have no sites here).
UNIVERSITY_TEMPLATES = (
    ("University of {place}", 45, ""),
    ("{place} University", 25, ""),
    ("{place} Metropolitan University", 12, ""),
    ("University of {place} and {other}", 6, ""),
    ("{place} Hope University", 4, ""),
    ("{place} College of Health and Care", 8, ""),
)

# Placement provider names per provider type: (name, weight, name of its main site).
PROVIDER_TEMPLATES: dict[str, tuple[tuple[str, int, str], ...]] = {
    "acute": (
        ("{place} Hospitals NHS Foundation Trust", 30, "{place} General Hospital"),
        ("{place} University Hospitals NHS Trust", 20, "{place} University Hospital"),
        ("{place} and {other} Hospitals NHS Foundation Trust", 15, "{place} General Hospital"),
        ("{place} Teaching Hospitals NHS Foundation Trust", 15, "{place} Royal Infirmary"),
        ("Royal {place} Hospital NHS Trust", 10, "Royal {place} Hospital"),
        ("{place} Healthcare NHS Trust", 10, "{place} District Hospital"),
    ),
    "mental_health": (
        ("{place} Partnership NHS Foundation Trust", 35, "{place} House"),
        ("{place} Mental Health NHS Trust", 25, "{place} Centre for Mental Health"),
        ("{place} and {other} Mental Health NHS Foundation Trust", 20, "{place} Hospital"),
        ("{place} Care NHS Foundation Trust", 20, "{place} Lodge"),
    ),
    "community": (
        ("{place} Community Healthcare NHS Trust", 50, "{place} Community Hospital"),
        ("{place} Community Health Services NHS Trust", 30, "{place} Health Centre"),
        ("{place} and {other} Community NHS Trust", 20, "{place} Community Hospital"),
    ),
    "ambulance": (
        (
            "{place} Ambulance Service NHS Foundation Trust",
            60,
            "{place} Emergency Operations Centre",
        ),
        ("{place} and {other} Ambulance Service NHS Trust", 40, "{place} Ambulance Headquarters"),
    ),
    "primary_care": (
        ("{place} Primary Care Network", 25, "{place} Health Centre"),
        ("{place} Medical Practice", 20, "{place} Surgery"),
        ("{place} Health Centre", 15, "{place} Health Centre"),
        ("{place} Group Practice", 15, "{place} Medical Centre"),
        ("The {place} Surgery", 15, "{place} Surgery"),
        ("{street} Surgery, {place}", 10, "{street} Surgery"),
    ),
    "independent": (
        ("{place} Independent Hospital", 20, "{place} Hospital"),
        ("{place} Healthcare Ltd", 25, "{place} Clinic"),
        ("{place} Private Clinic", 15, "{place} Clinic"),
        ("{place} Rehabilitation Centre", 20, "{place} Rehabilitation Centre"),
        ("{place} Care Homes Ltd", 20, "{place} House Care Home"),
    ),
    "voluntary": (
        ("St {saint}'s Hospice {place}", 30, "St {saint}'s Hospice"),
        ("{place} Hospice", 20, "{place} Hospice"),
        ("{place} Carers' Centre", 15, "{place} Carers' Centre"),
        ("{place} Counselling Service", 15, "{place} Counselling Rooms"),
        ("{place} Community Wellbeing Trust", 20, "{place} Wellbeing Centre"),
    ),
}

# Names for a provider's further sites, per provider type.
SITE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "acute": (
        "{place} General Hospital",
        "{place} Community Hospital",
        "{place} Women's and Children's Hospital",
        "{place} Treatment Centre",
        "{place} Eye Hospital",
    ),
    "mental_health": (
        "{place} House",
        "{place} Centre for Mental Health",
        "{place} Lodge",
        "{place} Recovery Centre",
    ),
    "community": (
        "{place} Community Hospital",
        "{place} Health Centre",
        "{place} Children's Centre",
    ),
    "ambulance": ("{place} Ambulance Station", "{place} Ambulance Hub"),
    "primary_care": ("{place} Surgery", "{place} Medical Centre"),
    "independent": ("{place} Clinic", "{place} Day Surgery Unit", "{place} Outpatient Centre"),
    "voluntary": ("{place} Day Centre", "{place} Drop-in Centre"),
}

SAINTS = (
    "Andrew", "Ann", "Barnabas", "Catherine", "Christopher", "Clare", "Columba",
    "Cuthbert", "Elizabeth", "Francis", "Gemma", "Giles", "Helena", "John", "Joseph",
    "Luke", "Margaret", "Mary", "Michael", "Nicholas", "Oswald", "Peter", "Richard",
    "Wilfrid",
)  # fmt: skip

STREETS = (
    "Station Road", "High Street", "Church Lane", "Victoria Road", "Park Road",
    "Mill Lane", "Queen's Road", "The Green", "Market Square", "Elm Grove",
    "London Road", "Manor Way", "Bridge Street", "Orchard Close", "Chapel Street",
    "King's Avenue", "Riverside", "School Lane", "Albert Road", "Hospital Lane",
)  # fmt: skip

# Postcode areas by region code: real area letters, invented districts and units.
POSTCODE_AREAS: dict[str, tuple[str, ...]] = {
    "LON": ("E", "N", "NW", "SE", "SW", "W", "EC", "WC", "HA", "UB", "CR", "BR"),
    "SE": ("GU", "RH", "TN", "ME", "CT", "BN", "OX", "RG", "SO", "PO", "SL", "HP", "MK"),
    "SW": ("EX", "PL", "TR", "BS", "GL", "BA", "TA", "BH", "DT", "SN"),
    "MID": ("B", "CV", "DE", "NG", "LE", "ST", "WV", "WS", "NN", "LN", "WR", "HR"),
    "EOE": ("CB", "NR", "IP", "CO", "CM", "SG", "AL", "PE", "LU", "SS"),
    "NW": ("M", "L", "PR", "BL", "WA", "CH", "LA", "OL", "WN", "CA", "SK"),
    "NEY": ("NE", "SR", "DH", "TS", "LS", "BD", "HU", "S", "YO", "HG", "DN", "WF"),
}
# Letters a postcode's last two characters never use.
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
