"""`arts`: emerging artists mentored by established artists of the same discipline."""

from __future__ import annotations

import random
import weakref
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
from sheets_sync.programs.names import ascii_slug

DISCIPLINE = "Your main discipline"
DISCIPLINES_MENTORED = "Disciplines you can mentor in"
MEDIUM = "Your medium or genre"
MEDIUMS = "Mediums or genres you work in"
GOALS = "What are you working towards?"
GOALS_HELPED = "What can you help with?"
PRIVATE_HELP = "only the programme team sees it"

# Discipline -> mediums and genres artists in it name (the sample's free-text answers).
WORK = {
    "Visual art": ("Painting", "Printmaking", "Sculpture", "Photography", "Ceramics",
                   "Textiles", "Installation"),
    "Music": ("Jazz", "Electronic", "Folk", "Classical composition", "Hip hop",
              "Songwriting"),
    "Writing": ("Poetry", "Short fiction", "Novel", "Playwriting", "Creative non-fiction",
                "Comics"),
    "Theatre": ("Devised theatre", "Acting", "Directing", "Stage design", "Puppetry"),
    "Film": ("Documentary", "Short film", "Animation", "Screenwriting", "Cinematography"),
    "Design": ("Graphic design", "Illustration", "Fashion", "Game design", "Typography"),
    "Dance": ("Contemporary dance", "Choreography", "Hip hop dance"),
}
DISCIPLINES = tuple(WORK)
GOAL_OPTIONS = ("Building a portfolio", "First exhibition or showcase", "Funding and grants",
                "Networking", "Getting published or released", "Pricing and selling work",
                "Residencies and commissions", "Finding an audience online",
                "Balancing art with paid work")
STAGES = ("Student", "Recent graduate", "Self-taught", "Returning to my practice")
LANGUAGES = ("English", "Welsh", "Spanish", "Portuguese", "French", "Polish", "Arabic",
             "Urdu", "Yoruba", "Mandarin")
AVAILABILITY = ("Weekday mornings", "Weekday afternoons", "Weekday evenings",
                "Weekend mornings", "Weekend afternoons", "Mon 10:00-12:00",
                "Thu 18:00-20:00", "Fri 14:00-16:00")
FORMATS = ("Studio visit in person", "Video call", "No preference")
INCOME = ("None yet", "Under a quarter", "About half", "Most of it", "Prefer not to say")


def _common(side: str) -> tuple[Column, ...]:
    artist = side == "mentee"
    return (
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column(GOALS if artist else GOALS_HELPED, GOAL_OPTIONS, multi=True,
               help="tick up to three" if artist else "tick everything you could advise on"),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        Column("How would you like to meet?", FORMATS),
        Column("Link to your work", width=34, help="website, portfolio or social media"),
        Column("Access needs", private=True, width=40, help=(
            "anything that helps you take part, e.g. captions, step-free studios. "
            + PRIVATE_HELP)),
        Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
    )


MENTEE_COLUMNS = (
    Column(DISCIPLINE, DISCIPLINES),
    Column(MEDIUM, width=28, help="in a few words, e.g. printmaking, jazz piano, poetry"),
    Column("Where are you in your practice?", STAGES),
    Column("How much of your income comes from your art?", INCOME, private=True,
           help="helps us target bursaries. " + PRIVATE_HELP),
    *_common("mentee"),
)
MENTOR_COLUMNS = (
    Column(DISCIPLINES_MENTORED, DISCIPLINES, multi=True,
           help="your own, and any you know well enough to guide someone in"),
    Column(MEDIUMS, width=32, help="comma separated, e.g. printmaking, textiles"),
    Column("Years in professional practice", width=12),
    *_common("mentor"),
)

RULES = (
    must(DISCIPLINE, "overlaps", DISCIPLINES_MENTORED, note=(
        "An artist is mentored by someone who works in their discipline (visual art, music, "
        "writing, theatre, film, design, dance): craft, galleries, labels and publishers "
        "differ too much between them.")),
    shared_language(note=(
        "They need a language in common.")),
    free_together(1, note=(
        "At least an hour a week when both are free, in each one's own time zone.")),
    prefer(GOALS, "overlaps", GOALS_HELPED, weight=3, note=(
        "The mentor can help with what the artist is working towards: a portfolio, a first "
        "show, funding, networks ... This matters most once the discipline fits.")),
    prefer(MEDIUM, "overlaps", MEDIUMS, weight=2, note=(
        "Same medium or genre is a bonus (a printmaker with a printmaker). Typed answers "
        "match when the words are the same.")),
    prefer("How would you like to meet?", "same", "How would you like to meet?",
            weight=1, note="Nice to have: both like to meet the same way."),
)


# --- sample people ------------------------------------------------------------------------

HOME_LANGUAGES = {"Latin American": ("Spanish", "Portuguese"), "South Asian": ("Urdu",),
                  "Slavic": ("Polish",), "Arabic": ("Arabic",), "West African": ("Yoruba",),
                  "East Asian": ("Mandarin",)}
TIME_ZONES = {"Europe/London": 12, "GMT": 2, "UK": 1, "Europe/Dublin": 1, "Europe/Paris": 1,
              "Europe/Berlin": 1, "Africa/Lagos": 1}
# Disciplines an artist often also works in, and so can mentor in.
NEIGHBOURS = {"Visual art": ("Design", "Film"), "Music": ("Theatre", "Film"),
              "Writing": ("Theatre", "Film"), "Theatre": ("Writing", "Music", "Film"),
              "Film": ("Writing", "Design", "Theatre"), "Design": ("Visual art", "Film")}
SHARE = {"Visual art": 5, "Music": 4, "Writing": 4, "Theatre": 2, "Film": 2, "Design": 3}


def _speaks(rng: random.Random, person: dict[str, Any]) -> Cell:
    spoken = ["English"] if rng.random() < 0.98 else []
    home = HOME_LANGUAGES.get(person["_culture"])
    if home and (not spoken or rng.random() < 0.5):
        spoken.append(rng.choice(home))
    elif person["_culture"] == "Anglo" and rng.random() < 0.05:
        spoken.append("Welsh")
    return ", ".join(spoken) or "English"


_DECKS: weakref.WeakKeyDictionary[random.Random, dict[str, list[str]]] = (
    weakref.WeakKeyDictionary())


def _dealt(rng: random.Random, role: str) -> str:
    """A discipline dealt from a shuffled deck holding each one SHARE times (one deck per
    sample and side), so even a small sample has every discipline about as often as it
    should, on both sides."""
    decks = _DECKS.setdefault(rng, {})
    if not decks.get(role):
        decks[role] = [d for d, count in SHARE.items() for _ in range(count)]
        rng.shuffle(decks[role])
    return decks[role].pop()


def _discipline(rng: random.Random, person: dict[str, Any]) -> Cell:
    return _dealt(rng, person["_role"])


def _disciplines(rng: random.Random, person: dict[str, Any]) -> Cell:
    own = _dealt(rng, person["_role"])
    if rng.random() < 0.6:  # many established artists cross over (writing for film ...)
        other = rng.choice(NEIGHBOURS[own])
        return ", ".join(d for d in DISCIPLINES if d in (own, other))
    return own


def _medium(rng: random.Random, person: dict[str, Any]) -> Cell:
    return rng.choice(WORK[person[DISCIPLINE]]).lower()


def _mediums(rng: random.Random, person: dict[str, Any]) -> Cell:
    pool = [m for d in person[DISCIPLINES_MENTORED].split(", ") for m in WORK[d]]
    return ", ".join(m.lower() for m in rng.sample(pool, min(len(pool), rng.randint(1, 3))))


def _link(rng: random.Random, person: dict[str, Any]) -> Cell:
    slug = "".join(ascii_slug(part) for part in person["Full name"].split())
    return rng.choice((f"https://{slug}.example.org", f"https://example.org/@{slug}",
                       f"https://portfolio.example.org/{slug}"))


COMMON: dict[str, Draw] = {
    "Time zone": One(TIME_ZONES),
    "Languages you speak": Custom(_speaks),
    "Availability": Many(AVAILABILITY, (2, 4)),
    "How would you like to meet?": One({"Studio visit in person": 3, "Video call": 4,
                                        "No preference": 3}),
    "Link to your work": Custom(_link),
    "Access needs": One({"Captions on video calls, please.": 1,
                         "Step-free access to studios and venues.": 1,
                         "Written notes after each meeting help me.": 1,
                         "Quiet places work best for me.": 1}, blank=0.8),
}
MENTEE: dict[str, Draw] = COMMON | {
    DISCIPLINE: Custom(_discipline),
    MEDIUM: Custom(_medium),
    "Where are you in your practice?": One({"Student": 2, "Recent graduate": 4,
                                           "Self-taught": 3, "Returning to my practice": 1}),
    "How much of your income comes from your art?": One(
        {"None yet": 3, "Under a quarter": 4, "About half": 1, "Most of it": 1,
         "Prefer not to say": 1}),
    GOALS: Many({g: 1.0 for g in GOAL_OPTIONS} | {"Building a portfolio": 3,
                                                  "Funding and grants": 3}, (1, 3)),
    "Anything else we should know?": One({
        "I work full time, so evenings are best.": 1,
        "I'd love a mentor who has shown at artist-run spaces.": 1,
        "Applying to an Arts Council grant in the spring.": 1}, blank=0.7),
}
MENTOR: dict[str, Draw] = COMMON | {
    DISCIPLINES_MENTORED: Custom(_disciplines),
    MEDIUMS: Custom(_mediums),
    "Years in professional practice": Number(6, 35),
    GOALS_HELPED: Many(GOAL_OPTIONS, (3, 6)),
    "Anything else we should know?": One({
        "Happy to host studio visits in Bristol.": 1,
        "I sit on a funding panel, so can't advise on that scheme.": 1}, blank=0.8),
}


def _fix_pair(rng: random.Random, mentee: dict[str, Any], mentor: dict[str, Any]) -> None:
    """The generic step adds one of the mentor's disciplines to the artist's single answer:
    keep just that one, and a medium true to it."""
    mentee[DISCIPLINE] = mentee[DISCIPLINE].split(", ")[-1]
    if mentee[MEDIUM] not in (m.lower() for m in WORK[mentee[DISCIPLINE]]):
        mentee[MEDIUM] = _medium(rng, mentee)


SAMPLE = SampleProfile(
    mentee=MENTEE,
    mentor=MENTOR,
    unmatched=(
        Planted({DISCIPLINE: "Dance", MEDIUM: "contemporary dance"},
                "makes dance, and no approved mentor mentors in dance yet: a reason to "
                "recruit one"),
        Planted({"Availability": "Mon 06:00-07:00", "Time zone": "Europe/London"},
                "is free only on Monday 06:00-07:00 before work, when no mentor is"),
    ),
    capacity={None: 3, 1: 1, 2: 2, 3: 4},
    pair_fixup=_fix_pair,
    check_in_notes=(
        "Looked through the portfolio and cut it down to twelve strongest pieces.",
        "Went over a grant application draft; budget needs work.",
        "Mentor introduced two curators by email.",
        "Talked about pricing prints for the winter market.",
        "Visited the mentor's studio and saw how they document work.",
        "Short call about a submission deadline.",
    ),
    concern_note=("Artist is burnt out and thinking of giving up their practice; the mentor "
                  "would like the programme to check in."),
)

PROGRAM = Program(
    name="arts",
    title="Artist mentoring programme",
    description="Emerging artists mentored by established artists of the same discipline, "
                "towards a portfolio, a first show, funding or a network.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "Europe/London",
        "first_meeting_within": 21,
    },
    start_here=(
        "This workbook runs a mentoring programme for emerging artists. Artists apply on the "
        "Mentees tab (discipline, medium, what they are working towards); established "
        "artists volunteer on the Mentors tab, naming every discipline they can mentor in. "
        "sheets-sync only proposes a mentor who works in the artist's discipline and shares "
        "a language and an hour a week, then prefers mentors who can help with the artist's "
        "goals and work in the same medium or genre.",
        "Pairs meet every two weeks for six months: studio visits, portfolio reviews, "
        "introductions. Ask the artist to fill in the check-in form after each meeting; a "
        "Concern (burn-out, a dispute, a missed opportunity) tops the Follow-ups tab.",
        "Artists whose discipline no mentor covers appear on Unmatched with that reason: use "
        "it to decide whom to recruit next. Income and access needs are private columns and "
        "never appear outside the roster tabs.",
    ),
    sample=SAMPLE,
)
