"""`reverse`: reverse mentoring, where younger staff mentor senior leaders on technology and
culture (and the leaders give career insight back)."""

from __future__ import annotations

import random
from typing import Any

from sheets_sync.model import Cell
from sheets_sync.programs.base import (
    Column,
    Program,
    SampleProfile,
    free_together,
    must,
    prefer,
    shared_language,
)
from sheets_sync.programs.draws import Custom, Draw, Many, Number, One, Planted
from sheets_sync.programs.general import AVAILABILITY_HELP, TIME_ZONE_HELP

YEARS_YOUNGER = 10  # the Must rule's Value: how much younger the mentor is, at least
BIRTH_YEAR = "Year of birth"
LEARN = "What would you like to learn?"
TEACH = "What could you teach?"
OFFER = "What can you offer in return?"
WANT_BACK = "What would you like to learn in return?"

DEPARTMENTS = ("Finance", "Marketing", "Sales", "Operations", "People and HR", "Technology",
               "Legal", "Customer service", "Product", "Strategy")
TOPICS = ("Generative AI tools", "Social media", "Collaboration apps", "Data and dashboards",
          "Staying safe online", "Hybrid and remote work", "How younger colleagues work",
          "Inclusive language", "Personal brand online", "Customer and consumer trends",
          "Sustainability at work", "The metaverse and virtual worlds")
CAREER = ("Career advice", "Navigating the organisation", "Leadership", "Strategic thinking",
          "Presenting to executives", "Building a network")
LANGUAGES = ("English", "Spanish", "Portuguese", "Hindi", "Tamil", "Mandarin", "Arabic",
             "French", "Polish")
AVAILABILITY = ("Weekday mornings", "Weekday lunchtimes", "Weekday afternoons",
                "Mon 08:00-09:00", "Tue 12:00-13:00", "Wed 16:00-17:00", "Thu 12:00-13:00",
                "Fri 09:00-10:00", "Weekday evenings")
FORMATS = ("In person", "Video call", "No preference")
# Office -> its time zone, written the ways staff type it on the form.
OFFICES = {
    "London": ("Europe/London", "GMT", "UK"),
    "New York": ("America/New_York", "Eastern", "UTC-5"),
    "Chicago": ("America/Chicago", "Central"),
    "São Paulo": ("America/Sao_Paulo",),
    "Bengaluru": ("Asia/Kolkata", "UTC+5:30"),
    "Dublin": ("Europe/Dublin",),
}
STAFF = {"London": 6, "New York": 5, "Chicago": 2, "São Paulo": 2, "Bengaluru": 2, "Dublin": 1}
LEVELS = {"mentee": ("Senior manager", "Director", "Vice President", "Executive committee"),
          "mentor": ("Apprentice or graduate", "Analyst or associate", "Specialist",
                     "Team lead")}


def _columns(side: str) -> tuple[Column, ...]:
    leader = side == "mentee"
    return (
        Column("Your level", LEVELS[side]),
        Column("Department", DEPARTMENTS,
               help="the department you work in; pairs from different ones are preferred"),
        Column("Office", tuple(OFFICES), help="where you usually work"),
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column(BIRTH_YEAR, private=True, width=12, help=(
            "four digits, e.g. 1975; used only to pair leaders with younger colleagues")),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column(LEARN if leader else TEACH, TOPICS, multi=True,
               help="tick up to three things a younger colleague could show you" if leader
               else "tick everything you could confidently show a senior leader"),
        Column(OFFER if leader else WANT_BACK, CAREER, multi=True),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        Column("Preferred meeting format", FORMATS),
        Column("Anything else we should know?", private=True, width=50,
               help="only the program team sees it"),
    )


RULES = (
    must(BIRTH_YEAR, "mentor younger by", BIRTH_YEAR, YEARS_YOUNGER, note=(
        "This is reverse mentoring: the mentor is the younger colleague, at least 10 years "
        "younger than the leader, so the leader hears another generation's view. Change the "
        "Value to widen or narrow the gap.")),
    must(LEARN, "overlaps", TEACH, note=(
        "The mentor must be able to teach at least one thing the leader wants to learn.")),
    shared_language(note=(
        "They need a language in common.")),
    free_together(1, note=(
        "At least an hour a week when both are free, after allowing for each office's time "
        "zone.")),
    prefer(LEARN, "covers", TEACH, weight=4, note=(
        "Best of all, the mentor can teach everything the leader asked for.")),
    prefer("Department", "differs", "Department", weight=2, note=(
        "A mentor from another department speaks more freely (no reporting line) and shows the "
        "leader how the rest of the company works.")),
    prefer(OFFER, "overlaps", WANT_BACK, weight=1, note=(
        "It works both ways: the leader can help with what the younger colleague hopes to "
        "learn.")),
    prefer("Preferred meeting format", "same", "Preferred meeting format", weight=1,
            note="Nice to have: both like to meet the same way."),
)


# --- sample people ------------------------------------------------------------------------

HOME_LANGUAGES = {"Latin American": {"Spanish": 3, "Portuguese": 2}, "South Asian": {
    "Hindi": 3, "Tamil": 1}, "East Asian": {"Mandarin": 1}, "Arabic": {"Arabic": 1},
    "West African": {"French": 1}, "Slavic": {"Polish": 1}}


def _speaks(rng: random.Random, person: dict[str, Any]) -> Cell:
    spoken = ["English"] if rng.random() < 0.98 else []
    home = HOME_LANGUAGES.get(person["_culture"])
    if home and (not spoken or rng.random() < 0.5):
        spoken.append(rng.choices(list(home), list(home.values()))[0])
    return ", ".join(spoken) or "English"


def _zone(rng: random.Random, person: dict[str, Any]) -> Cell:
    return rng.choice(OFFICES[person["Office"]])


def _fix_pair(rng: random.Random, mentee: dict[str, Any], mentor: dict[str, Any]) -> None:
    """Birth years: the generic step reads them as plain numbers, so set the gap here; and a
    leader given the mentor's time zone moves to the mentor's office."""
    if mentor[BIRTH_YEAR] - mentee[BIRTH_YEAR] < YEARS_YOUNGER:
        mentee[BIRTH_YEAR] = rng.randint(1962, mentor[BIRTH_YEAR] - YEARS_YOUNGER - 2)
    if mentee["Time zone"] not in OFFICES[mentee["Office"]]:
        mentee["Office"] = mentor["Office"]


NOTES = {"My diary is run by my assistant; please copy them in.": 2,
         "I'd rather not be paired with anyone in my own reporting line.": 1,
         "Happy to meet over coffee if we share an office.": 1,
         "I'm on parental leave until next month.": 1}


def _profile(side: str) -> dict[str, Draw]:
    leader = side == "mentee"
    topics = {t: 1.0 for t in TOPICS[:-1]} | {"Generative AI tools": 3, "Social media": 2}
    return {
        "Your level": One(dict(zip(LEVELS[side], (3, 4, 2, 1) if leader else (2, 4, 2, 2),
                                   strict=True))),
        "Department": One(DEPARTMENTS),
        "Office": One(STAFF),
        "Time zone": Custom(_zone),
        BIRTH_YEAR: Number(1961, 1984) if leader else Number(1991, 2003),
        "Languages you speak": Custom(_speaks),
        (LEARN if leader else TEACH): Many(topics, (1, 3) if leader else (3, 6)),
        (OFFER if leader else WANT_BACK): Many(CAREER, (1, 3)),
        "Availability": Many(AVAILABILITY, (2, 4)),
        "Preferred meeting format": One({"In person": 3, "Video call": 4, "No preference": 3}),
        "Anything else we should know?": One(NOTES, blank=0.8),
    }


SAMPLE = SampleProfile(
    mentee=_profile("mentee"),
    mentor=_profile("mentor"),
    unmatched=(
        Planted({BIRTH_YEAR: 1994, "Your level": "Vice President"},
                "was born in 1994, and no approved mentor is 10 or more years younger"),
        Planted({LEARN: "The metaverse and virtual worlds"},
                "wants to learn only about the metaverse, which no approved mentor offers to "
                "teach"),
    ),
    capacity={None: 3, 1: 1, 2: 2, 3: 4},
    pair_fixup=_fix_pair,
    check_in_notes=(
        "Walked through how the team uses our chat tool; tried it together.",
        "Mentor showed three AI tools; agreed to try one on a real report.",
        "Talked about how new joiners experience our hybrid-working rules.",
        "Leader shared how the budget round works; mentor wants to shadow a meeting.",
        "Reviewed the leader's first LinkedIn posts.",
        "Short catch-up; both travelling this month.",
    ),
    concern_note="The mentor feels the leader keeps cancelling and is unsure it is working.",
)

PROGRAM = Program(
    name="reverse",
    title="Reverse mentoring program",
    description="Reverse mentoring: staff at least 10 years younger mentor senior leaders on "
                "technology and culture, ideally from another department.",
    mentee_columns=_columns("mentee"),
    mentor_columns=_columns("mentor"),
    rules=RULES,
    settings={
        "time_zone": "Europe/London",
        "check_in_every": 28,
        "due_soon_within": 5,
        "first_meeting_within": 21,
        "session_length": 45,
    },
    start_here=(
        "This workbook runs a reverse mentoring program: senior leaders are the mentees, and "
        "younger colleagues are their mentors on technology, social media and how the "
        "newer generations work. Leaders sign up on the Mentees tab and younger staff on the "
        "Mentors tab; you approve both, and sheets-sync proposes pairs where the mentor is at "
        "least 10 years younger, can teach something the leader asked for, and shares a "
        "language and an hour a week. Mentors from another department are preferred: they "
        "speak more freely and show the leader the company from outside their own team.",
        "Pairs meet about once a month (45 minutes) for six to twelve months. Ask either of "
        "them to fill in the check-in form after each meeting; a mentor who feels unheard can "
        "tick Concern, and you will see it on Follow-ups first. Leaders' diaries fill fast: "
        "a Due soon flag is the moment to nudge their assistant.",
        "To change how much younger a mentor must be, edit the Value of the first row on the "
        "Rules tab. Year of birth is only used for that rule: it is a private column (age is "
        "personal data), so it never appears on Pairings, Unmatched or any other report.",
    ),
    sample=SAMPLE,
)
