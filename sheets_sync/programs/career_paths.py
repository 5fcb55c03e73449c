"""`career-paths`: mentoring into non-traditional careers (business, trades, creative, gig work)."""

from __future__ import annotations

import random
from typing import Any

from sheets_sync.programs.base import (
    Column,
    Program,
    SampleProfile,
    free_together,
    must,
    prefer,
    shared_language,
)
from sheets_sync.programs.draws import Custom, Draw, Many, One, Phone, Planted

MENTEE_PATHS = "Paths you're curious about"
MENTOR_PATHS = "Your own path"
MENTEE_INDUSTRIES = "Industries you're curious about"
MENTOR_INDUSTRIES = "Industries you've worked in"
FARMING = "Farming and food growing"
PATHS = ("Entrepreneurship", "Skilled trades", "Creative work", "Freelance and gig work",
         "Social enterprise", FARMING)
INDUSTRIES = ("Construction", "Electrical and plumbing", "Automotive", "Food and hospitality",
              "Beauty and wellness", "Retail and e-commerce", "Media and content",
              "Design and crafts", "Music and performance", "Tech and apps",
              "Delivery and transport", "Care and community", "Agriculture")
HELP_AREAS = ("Writing a business plan", "Finding customers", "Pricing and getting paid",
              "Apprenticeships and licences", "Funding and grants", "Building a portfolio",
              "Taxes and bookkeeping", "Managing an irregular income",
              "Marketing and social media", "Keeping a day job while starting out")
STAGES = ("Exploring options", "In training or an apprenticeship", "Just getting started",
          "Changing careers", "Already running something small")
YEARS = ("Under 2 years", "2 to 5 years", "6 to 10 years", "Over 10 years")
WORK = ("Full-time job", "Part-time job", "Gig or freelance work", "Studying",
        "Not working right now")
FORMATS = ("Video call", "Phone", "In person")
LANGUAGES = ("English", "Spanish", "Portuguese", "French", "Haitian Creole", "Arabic",
             "Mandarin", "Hindi")
AVAILABILITY = ("Mon 18:00-20:00", "Tue 19:00-21:00", "Wed 12:00-13:00", "Thursday evenings",
                "Fri 12:00-14:00", "Weekday evenings", "Saturday mornings",
                "Sunday afternoons")

TIME_ZONE_HELP = "where you are, e.g. America/Chicago, or an offset such as UTC-5"
AVAILABILITY_HELP = "tick every time that suits you, in your own time zone"
PRIVATE_HELP = "only the coordinator sees it"


def _columns(mentee: bool) -> tuple[Column, ...]:
    if mentee:
        own: tuple[Column, ...] = (
            Column("Where are you right now?", STAGES, width=28),
            Column(MENTEE_PATHS, PATHS, multi=True, help="tick every path you'd like to explore"),
            Column(MENTEE_INDUSTRIES, INDUSTRIES, multi=True, help="tick up to three"),
            Column("What would you like help with?", HELP_AREAS, multi=True,
                   help="tick up to three"),
        )
    else:
        own = (
            Column(MENTOR_PATHS, PATHS, multi=True, help="tick every one that describes how "
                   "you make (or made) your living"),
            Column("What do you do, in a line?", width=40,
                   help="e.g. 'Licensed electrician with my own van and two apprentices'"),
            Column("Years on this path", YEARS, width=16),
            Column(MENTOR_INDUSTRIES, INDUSTRIES, multi=True),
            Column("I can help with", HELP_AREAS, multi=True,
                   help="tick everything you are happy to help with"),
        )
    return (
        *own,
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        Column("How would you like to meet?", FORMATS, multi=True, help="tick all that work"),
        *((Column("Are you working right now?", WORK, private=True, width=24,
                  help="helps us plan meeting times; " + PRIVATE_HELP),) if mentee else ()),
        Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
        Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
    )


MENTEE_COLUMNS = _columns(mentee=True)
MENTOR_COLUMNS = _columns(mentee=False)

RULES = (
    must(MENTEE_PATHS, "overlaps", MENTOR_PATHS, note=(
        "The mentor makes their living on a path the mentee is curious about: the point is to "
        "learn from someone who has actually done it, not from a careers adviser.")),
    shared_language(note=(
        "They need a language in common to talk at all.")),
    free_together(1, note=(
        "At least an hour a week when both are free, time zones taken into account; most "
        "people here fit this around a job, so evenings and weekends count.")),
    prefer(MENTEE_INDUSTRIES, "overlaps", MENTOR_INDUSTRIES, weight=3, note=(
        "Someone from the same industry knows its customers, suppliers, licences and prices.")),
    prefer("What would you like help with?", "covers", "I can help with", weight=3,
            note="The mentor can help with the practical things the mentee asked for."),
    prefer(MENTEE_PATHS, "overlaps", MENTOR_PATHS, weight=1, note=(
        "Better still if the mentor knows more than one of the paths the mentee is weighing "
        "up (say, a self-employed plumber for trades and running a business).")),
    prefer("Time zone", "within", "Time zone", 3, weight=1, note=(
        "Within three hours of each other makes evening calls easy to arrange.")),
    prefer("How would you like to meet?", "overlaps", "How would you like to meet?",
            weight=1, note="Nice to have: both are happy to meet the same way."),
)

# --- sample people -----------------------------------------------------------------------------

# Each path with the industries it usually lives in and what its mentors say they do.
PATH_WORLD: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Entrepreneurship": (
        ("Food and hospitality", "Retail and e-commerce", "Beauty and wellness",
         "Tech and apps"),
        ("Run a bakery with two staff", "Founded a commercial cleaning company",
         "Own an online shop selling handmade soap", "Started a food truck five years ago",
         "Run a small hair salon")),
    "Skilled trades": (
        ("Construction", "Electrical and plumbing", "Automotive"),
        ("Licensed electrician with my own van", "Plumber, self-employed since 2015",
         "Welder and fabricator", "Carpenter, mostly kitchens and decks",
         "HVAC technician and union steward", "Auto mechanic, own garage")),
    "Creative work": (
        ("Media and content", "Design and crafts", "Music and performance"),
        ("Wedding and portrait photographer", "Tattoo artist", "Freelance illustrator",
         "Session musician and guitar teacher", "Video editor for YouTube channels")),
    "Freelance and gig work": (
        ("Delivery and transport", "Tech and apps", "Media and content", "Care and community"),
        ("Rideshare and delivery driver", "Freelance web developer",
         "Virtual assistant to small firms", "Translator on several platforms",
         "Dog walker and pet sitter, app and word of mouth")),
    "Social enterprise": (
        ("Care and community", "Food and hospitality"),
        ("Run a community cafe that trains young people", "Co-founded a repair cafe",
         "Run a bike workshop for teens")),
}
TIME_ZONES = {"America/New_York": 8, "UTC-5": 2, "America/Chicago": 5, "Central": 1,
              "America/Denver": 2, "America/Los_Angeles": 4, "Pacific": 1}
OTHER_LANGUAGES = {"Spanish": 6, "Portuguese": 2, "French": 1, "Haitian Creole": 1,
                   "Arabic": 1, "Mandarin": 1, "Hindi": 1}
NOTES = {
    "Single parent; evenings after 8 work best.": 1,
    "Left a warehouse job after an injury and want to retrain.": 1,
    "Have a small Etsy shop already.": 1,
    "Worried about the cost of tools and licences.": 1,
    "Recently released and rebuilding; a trade would help a lot.": 1,
}


def _paths(mentee: bool) -> Custom:
    """Mentees mostly weigh up one or two paths; mentors live one (sometimes two)."""
    weights = {"Entrepreneurship": 5, "Skilled trades": 5, "Creative work": 4,
               "Freelance and gig work": 4, "Social enterprise": 2}

    def draw(rng: random.Random, person: dict[str, Any]) -> str:
        count = rng.choices((1, 2, 3), (5, 4, 1) if mentee else (7, 3, 0))[0]
        picked: list[str] = []
        while len(picked) < count:
            path = rng.choices(list(weights), list(weights.values()))[0]
            if path not in picked:
                picked.append(path)
        return ", ".join(sorted(picked, key=PATHS.index))

    return Custom(draw)


def _industries(header: str) -> Custom:
    """Industries that go with the person's paths, and now and then another one."""

    def draw(rng: random.Random, person: dict[str, Any]) -> str:
        paths = [p.strip() for p in str(person[header]).split(",") if p.strip() in PATH_WORLD]
        pool = sorted({i for p in paths for i in PATH_WORLD[p][0]}, key=INDUSTRIES.index)
        picked = set(rng.sample(pool, min(len(pool), rng.randint(1, 2))))
        if rng.random() < 0.3:
            picked.add(rng.choice(INDUSTRIES[:-1]))
        return ", ".join(sorted(picked, key=INDUSTRIES.index))

    return Custom(draw)


def _what_i_do(rng: random.Random, person: dict[str, Any]) -> str:
    first = str(person[MENTOR_PATHS]).split(",")[0].strip()
    return rng.choice(PATH_WORLD[first][1])


def _profile(mentee: bool) -> dict[str, Draw]:
    return {
        "Where are you right now?": One({"Exploring options": 4, "Just getting started": 3,
                                         "In training or an apprenticeship": 2,
                                         "Changing careers": 3,
                                         "Already running something small": 1}),
        MENTEE_PATHS: _paths(mentee=True),
        MENTEE_INDUSTRIES: _industries(MENTEE_PATHS),
        "What would you like help with?": Many(HELP_AREAS, (1, 3)),
        MENTOR_PATHS: _paths(mentee=False),
        "What do you do, in a line?": Custom(_what_i_do),
        "Years on this path": One({"2 to 5 years": 3, "6 to 10 years": 3, "Over 10 years": 3,
                                   "Under 2 years": 1}),
        MENTOR_INDUSTRIES: _industries(MENTOR_PATHS),
        "I can help with": Many(HELP_AREAS, (3, 6)),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Many(OTHER_LANGUAGES, (0, 1), usually={"English": 0.95}),
        "Availability": Many(AVAILABILITY, (2, 4)),
        "How would you like to meet?": Many({"Video call": 5, "Phone": 2, "In person": 2},
                                            (1, 2)),
        "Are you working right now?": One({"Full-time job": 3, "Part-time job": 4,
                                           "Gig or freelance work": 3, "Studying": 2,
                                           "Not working right now": 2}),
        "Phone number": Phone(),
        "Anything else we should know?": One(NOTES, blank=0.7),
    }


SAMPLE = SampleProfile(
    mentee=_profile(mentee=True),
    mentor=_profile(mentee=False),
    unmatched=(
        Planted({MENTEE_PATHS: FARMING, MENTEE_INDUSTRIES: "Agriculture"},
                "is curious only about farming and food growing, and no approved mentor "
                "farms", culture="Latin American"),
        Planted({"Availability": "Mon 05:00-06:00", "Time zone": "America/New_York",
                 "Languages you speak": "English"},
                "is free only on Mondays 05:00-06:00 (New York time), before an early shift, "
                "when no mentor is"),
    ),
    capacity={None: 4, 2: 2, 3: 4},
    check_in_notes=(
        "Went through a first pricing sheet together.",
        "Talked about how to find an apprenticeship and what the union route looks like.",
        "Reviewed the portfolio website; three pieces to replace.",
        "Short call about registering the business name and opening an account.",
        "Mentor shared how they found their first five customers.",
        "Planned a visit to the mentor's workshop.",
    ),
    concern_note=("Lost their day job this week and is worried about rent; please call them "
                  "about the hardship fund."),
)

PROGRAM = Program(
    name="career-paths",
    title="Career paths mentoring program",
    description="Non-traditional careers: each mentee learns from someone who makes a living "
                "on the path they are curious about (business, trades, creative or gig work).",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/New_York",
        "default_capacity": 3,
        "check_in_every": 21,
        "due_soon_within": 4,
    },
    start_here=(
        "This workbook runs a career paths program: people exploring entrepreneurship, the "
        "skilled trades, creative work, freelancing and gig work, or social enterprise are "
        "paired with mentors who make their living that way. A mentor's own path must be one "
        "the mentee is curious about; the same industry and the practical help asked for "
        "(pricing, customers, licences, funding ...) count next.",
        "Mentors are usually busy self-employed people, so pairs meet every three weeks for an "
        "hour, in the evening or at the weekend, by video, phone or at the mentor's workshop. "
        "Ask mentors to say in a line what they do: it helps you and the mentee see why they "
        "were paired. A mentee left unmatched because nobody has their path tells you whom to "
        "recruit next.",
        "Each meeting is logged on the check-in form. Whether a mentee is working right now, "
        "phone numbers and anything shared in confidence stay private to this workbook.",
    ),
    sample=SAMPLE,
)
