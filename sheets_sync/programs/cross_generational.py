"""`cross-generational`: younger and older people learning from each other, 20+ years apart."""

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
from sheets_sync.programs.draws import Custom, Draw, Many, One, Planted

BORN = "Year you were born"
# Each side both teaches and learns; the forms word it from that side's point of view.
LEARN = "What would you like to learn?"
TEACH_BACK = "What could you teach in return?"
TEACH = "What could you share or teach?"
LEARN_BACK = "What would you like to learn in return?"
GAP = 20
# What younger people usually bring, then what older people usually bring.
DIGITAL = ("Smartphones and apps", "Video calls with family", "Online safety and scams",
           "Online banking and shopping", "Social media", "Photo editing")
LIFE = ("Cooking and family recipes", "Gardening", "Sewing and knitting", "DIY and repairs",
        "Local history", "Life and career advice", "Managing money", "Playing an instrument")
SKILLS = (*DIGITAL, *LIFE, "Languages", "Board games and chess")
INTERESTS = ("Music", "Films", "Sport", "Books", "Nature and walking", "Cooking", "Travel",
             "Crafts", "History", "Football", "Dancing", "Pets")
PLACES = ("Northfield", "Riverside", "Old Town", "Hillcrest", "Station Quarter")
FORMATS = ("At the community centre", "At my home or care home", "Phone", "Video call")
LANGUAGES = ("English", "Polish", "Urdu", "Punjabi", "Bengali", "Welsh", "Somali", "Cantonese")
AVAILABILITY = ("Weekday mornings", "Weekday afternoons", "Mon 14:00-16:00", "Wed 10:00-12:00",
                "Thursday afternoons", "Tuesday evenings", "Saturday mornings",
                "Sunday afternoons")

PRIVATE_HELP = "only the coordinator sees it"
TIME_ZONE_HELP = "leave as Europe/London unless you live elsewhere"
AVAILABILITY_HELP = "tick every time that suits you"


def _columns(mentee: bool) -> tuple[Column, ...]:
    return (
        Column(BORN, width=12, help="e.g. 1956; used only to pair people across generations"),
        Column("Neighbourhood", (*PLACES, "Further away"), width=18),
        *((Column(LEARN, SKILLS, multi=True, help="tick up to three"),
           Column(TEACH_BACK, SKILLS, multi=True, help="tick anything you could pass on"))
          if mentee else
          (Column(TEACH, SKILLS, multi=True, help="tick everything you'd be happy to pass on"),
           Column(LEARN_BACK, SKILLS, multi=True, help="tick anything you'd enjoy learning"))),
        Column("Interests", INTERESTS, multi=True),
        Column("How would you like to meet?", FORMATS, multi=True, help="tick all that work"),
        Column("Time zone", width=18, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        *(() if mentee else (
            Column("References and ID checked", ("Yes", "In progress"), width=16,
                   help="Coordinator: two references and photo ID seen"),)),
        Column("Any access or mobility needs?", private=True, width=36,
               help="e.g. hearing, sight, stairs; " + PRIVATE_HELP),
        Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
        Column("Emergency contact", private=True, width=30, help="name and phone; " + PRIVATE_HELP),
        Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
    )


MENTEE_COLUMNS = _columns(mentee=True)
MENTOR_COLUMNS = _columns(mentee=False)

RULES = (
    must(BORN, "age gap", BORN, GAP, note=(
        "At least twenty years between them, either way round: a student with a retired "
        "neighbour, or a young volunteer with an older learner. Birth years become ages.")),
    shared_language(note=(
        "They need a language in common to talk at all.")),
    free_together(1, note=(
        "At least an hour a week when both are free.")),
    must(None, "mentor is", "References and ID checked", "Yes", note=(
        "Volunteers may meet people at home, so references and ID are checked first.")),
    prefer(LEARN, "covers", TEACH, weight=3, note=(
        "The volunteer can teach what the other person wants to learn.")),
    prefer(TEACH_BACK, "overlaps", LEARN_BACK, weight=3, note=(
        "And the other way round: the mentee can teach something the volunteer wants to "
        "learn, so both gain. (Counted as the share of what the mentee offers that the "
        "volunteer asked for.)")),
    prefer("Interests", "overlaps", "Interests", weight=2, note=(
        "Shared interests turn lessons into friendship.")),
    prefer("How would you like to meet?", "overlaps", "How would you like to meet?",
            weight=1, note="Both are happy to meet the same way."),
    prefer("Neighbourhood", "same", "Neighbourhood", weight=1, note=(
        "Living nearby makes visits and meeting at the community centre easier.")),
)

# --- sample people -----------------------------------------------------------------------------

OLDER_NOTES = ("Hard of hearing: please speak clearly, face to face is best.",
               "Uses a walking frame; ground floor rooms only.",
               "Lives alone since my wife passed; would love the company.",
               "My daughter helps me with email, so replies may be slow.")
YOUNGER_NOTES = ("Student nurse, shifts change every month.",
                 "Grew up with my grandmother and miss her stories.",
                 "On a placement out of town in March.")
NEEDS = {"Hard of hearing": 3, "Partially sighted": 1, "Wheelchair user": 1,
         "No stairs please": 2}
CONTACT_NAMES = ("Sarah (daughter)", "Mohammed (son)", "Jan (neighbour)", "Mum", "Dad",
                 "Aunt Grace", "Tomasz (brother)", "Priya (flatmate)")


def _born(older_share: float) -> Custom:
    def draw(rng: random.Random, person: dict[str, Any]) -> int:
        if rng.random() < older_share:
            return rng.randint(1941, 1962)
        return rng.randint(1997, 2007)

    return Custom(draw)


def _older(person: dict[str, Any]) -> bool:
    return int(person[BORN]) < 1980


def _skills(kind: str) -> Custom:
    """Older people mostly teach life skills and learn digital ones; younger the reverse."""

    def draw(rng: random.Random, person: dict[str, Any]) -> str:
        own, other = (LIFE, DIGITAL) if _older(person) else (DIGITAL, LIFE)
        pool = own if kind == "teach" else other
        picked = rng.sample(pool, rng.randint(2, 4) if kind == "teach" else rng.randint(1, 3))
        if rng.random() < 0.3:
            picked.append(rng.choice(("Languages", "Board games and chess")))
        return ", ".join(sorted(set(picked), key=SKILLS.index))

    return Custom(draw)


def _availability(rng: random.Random, person: dict[str, Any]) -> str:
    weights = [3, 3, 2, 2, 2, 1, 2, 1] if _older(person) else [1, 2, 2, 1, 2, 4, 3, 3]
    picked: set[str] = set()
    wanted = rng.randint(2, 4)
    while len(picked) < wanted:
        picked.add(rng.choices(AVAILABILITY, weights)[0])
    return ", ".join(sorted(picked, key=AVAILABILITY.index))


def _formats(rng: random.Random, person: dict[str, Any]) -> str:
    weights = {"At the community centre": 5, "At my home or care home": 3 if _older(person)
               else 0.2, "Phone": 2, "Video call": 1 if _older(person) else 3}
    picked = {rng.choices(list(weights), list(weights.values()))[0] for _ in range(2)}
    return ", ".join(sorted(picked, key=FORMATS.index))


def _phone(rng: random.Random, person: dict[str, Any]) -> str:
    """A mobile number from the range Ofcom keeps for drama (07700 900000 to 900999)."""
    return f"07700 900{rng.randint(0, 999):03d}"


def _needs(rng: random.Random, person: dict[str, Any]) -> str | None:
    if rng.random() > (0.35 if _older(person) else 0.08):
        return None
    return rng.choices(list(NEEDS), list(NEEDS.values()))[0]


def _note(rng: random.Random, person: dict[str, Any]) -> str | None:
    if rng.random() > 0.25:
        return None
    return rng.choice(OLDER_NOTES if _older(person) else YOUNGER_NOTES)


def _contact(rng: random.Random, person: dict[str, Any]) -> str:
    return f"{rng.choice(CONTACT_NAMES)} {_phone(rng, person)}"


def _profile(mentee: bool) -> dict[str, Draw]:
    return {
        BORN: _born(0.3 if mentee else 0.55),
        "Neighbourhood": One({**dict.fromkeys(PLACES, 3), "Further away": 1}),
        (LEARN if mentee else TEACH): _skills("learn" if mentee else "teach"),
        (TEACH_BACK if mentee else LEARN_BACK): _skills("teach" if mentee else "learn"),
        "Interests": Many(INTERESTS, (1, 3)),
        "How would you like to meet?": Custom(_formats),
        "Time zone": One({"Europe/London": 18, "GMT": 2}),
        "Languages you speak": Many({"Polish": 2, "Urdu": 2, "Punjabi": 1, "Bengali": 1,
                                     "Welsh": 1, "Somali": 1}, (0, 1),
                                    usually={"English": 0.97}),
        "Availability": Custom(_availability),
        "References and ID checked": One({"Yes": 9, "In progress": 1}),
        "Any access or mobility needs?": Custom(_needs),
        "Phone number": Custom(_phone),
        "Emergency contact": Custom(_contact),
        "Anything else we should know?": Custom(_note),
    }


def _generations_apart(rng: random.Random, mentee: dict[str, Any],
                       mentor: dict[str, Any]) -> None:
    """A planted pair: the mentee is of the other generation (the generic step only pushes
    the birth year twenty years off, which can give a mentee born in 1922) and wants what
    people of that generation usually want."""
    older = 1941 <= int(mentee[BORN]) <= 1962
    younger = 1997 <= int(mentee[BORN]) <= 2007
    if (_older(mentor) and younger) or (not _older(mentor) and older):
        return
    mentee[BORN] = rng.randint(1997, 2005) if _older(mentor) else rng.randint(1944, 1960)
    for header, kind in ((LEARN, "learn"), (TEACH_BACK, "teach")):
        mentee[header] = _skills(kind).draw(rng, mentee)


SAMPLE = SampleProfile(
    mentee=_profile(mentee=True),
    mentor=_profile(mentee=False),
    unmatched=(
        Planted({"Languages you speak": "Cantonese", BORN: 1947,
                 LEARN: "Video calls with family, Smartphones and apps",
                 TEACH_BACK: "Cooking and family recipes"},
                "speaks only Cantonese, which no approved volunteer speaks",
                culture="East Asian"),
        Planted({"Availability": "Fri 19:00-21:00", BORN: 2001, "Time zone": "Europe/London"},
                "is free only on Friday evenings after work, when no volunteer is"),
    ),
    capacity={None: 1, 2: 2, 3: 7},
    time_zone_column="Time zone",
    check_in_notes=(
        "Set up a video call to her grandchildren in Canada; she was delighted.",
        "He showed me how to re-pot the tomatoes; I set up his online banking.",
        "Talked about what the high street looked like in the sixties.",
        "Practised spotting scam texts together.",
        "Baked her mother's bread recipe at the community centre.",
        "Short phone call; both busy this week.",
    ),
    concern_note=("He seemed confused and hadn't eaten; the flat was very cold. Please check "
                  "on him and contact his emergency contact."),
    pair_fixup=_generations_apart,
)

PROGRAM = Program(
    name="cross-generational",
    title="Cross-generational mentoring program",
    description="Younger and older people paired at least 20 years apart to learn from each "
                "other: digital skills one way, life skills and stories the other.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "Europe/London",
        "escalate_after": 10,
        "sessions_to_schedule": 4,
    },
    start_here=(
        "This workbook runs a cross-generational program: people at least twenty years apart "
        "meet to learn from each other, usually a student or young worker and an older "
        "neighbour. Both sides teach and learn; the Mentors tab holds the checked volunteers "
        "and the Mentees tab everyone who asked for a partner, whichever generation they are. "
        "Pairs need a language and an hour a week in common; what each can teach the other, "
        "shared interests, how they like to meet and the neighbourhood count next.",
        "Check each volunteer's references and ID before setting References and ID checked "
        "to Yes: some will visit people at home or in a care home. Birth years are asked so "
        "the twenty-year gap can be checked; ages are worked out on each sync.",
        "Pairs meet every two weeks, usually at the community centre or by phone, and log each "
        "meeting on the check-in form (staff can fill it in for people who don't use email). "
        "A Concern Yes (someone unwell, confused or at risk) shows on the Follow-ups tab: "
        "act on it the same day. Access needs, phone numbers and emergency contacts are "
        "private columns, never copied to the tabs sheets-sync writes.",
    ),
    sample=SAMPLE,
)
