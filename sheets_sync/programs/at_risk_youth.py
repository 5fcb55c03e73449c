"""`at-risk-youth`: community mentoring for young people facing poverty, unstable homes or
involvement with the justice system, by screened adult volunteers."""

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
from sheets_sync.programs.draws import Custom, Draw, Many, Number, One, Phone, Planted
from sheets_sync.programs.general import AVAILABILITY_HELP, TIME_ZONE_HELP
from sheets_sync.programs.names import pick_name

GENDER = "Your gender"
WANTS = "Who would you feel comfortable with as a mentor?"
HOME_AREA = "Which area do you live in?"
MEET_AREAS = "Which areas can you meet in?"
HARD = "Is anything making life hard right now?"
READY = "Which of these situations do you feel ready to support?"
CHECK = "Background check"
PRIVATE_HELP = "only the program staff see it"

MENTOR_GENDERS = ("Woman", "Man", "Non-binary")
AREAS = ("North Side", "South Side", "West Side", "Downtown", "Southwest Side", "Near suburbs")
SITUATIONS = ("Money is tight at home", "Moved home a lot", "Living with relatives",
              "In foster care", "Involved with the courts or probation",
              "Caring for family members", "Trouble at school", "Someone close is in jail")
INTERESTS = ("Basketball", "Soccer", "Music", "Art and drawing", "Video games", "Cooking",
             "Dance", "Reading", "Fixing things", "Nature and the outdoors")
HELP = ("Homework and school", "Staying in school", "Finding a first job", "College plans",
        "Life skills", "Someone to talk to", "Staying out of trouble", "Making new friends")
LANGUAGES = ("English", "Spanish", "Arabic", "Polish", "French", "Yoruba", "Hindi", "Mandarin",
             "Vietnamese")
AVAILABILITY = ("Weekdays after 4pm", "Mon 16:00-18:00", "Wed 16:00-18:00", "Fri 16:00-19:00",
                "Weekday evenings", "Saturday mornings", "Saturday afternoons",
                "Sunday afternoons")
REFERRERS = ("School counselor", "Social worker", "Juvenile court", "Youth center",
             "Family member", "Myself")


def _common() -> tuple[Column, ...]:
    return (
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column("Interests", INTERESTS, multi=True),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
    )


MENTEE_COLUMNS = (
    Column("Age", width=8, help="in years"),
    Column(GENDER, ("Girl", "Boy", "Non-binary", "Prefer not to say"), private=True,
           help=PRIVATE_HELP),
    Column(WANTS, (*MENTOR_GENDERS, "No preference"), multi=True,
           help="tick every kind of mentor you'd be comfortable with"),
    Column(HOME_AREA, AREAS, help="so you can meet somewhere close to home"),
    Column("What would you like a mentor's help with?", HELP, multi=True),
    Column(HARD, SITUATIONS, multi=True, private=True, help=(
        "optional; tick any that apply, it helps us find the right mentor. " + PRIVATE_HELP)),
    Column("Who referred you?", REFERRERS, private=True, help=PRIVATE_HELP),
    *_common(),
    Column("Parent or guardian name", private=True, width=24, help=PRIVATE_HELP),
    Column("Parent or guardian phone", private=True, width=18, help=PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)
MENTOR_COLUMNS = (
    Column("Age", width=8, help="in years; volunteers must be 21 or older (checked at screening)"),
    Column(GENDER, MENTOR_GENDERS, private=True, help=(
        "used only to respect each young person's choice. " + PRIVATE_HELP)),
    Column(MEET_AREAS, AREAS, multi=True, help="where you could meet your mentee in person"),
    Column("What can you help with?", HELP, multi=True),
    Column(READY, SITUATIONS, multi=True, help="from work, volunteering or your own life"),
    Column(CHECK, ("Cleared", "Pending", "Not cleared"), help=(
        "staff: criminal background and child-abuse registry checks")),
    Column("Background check details", private=True, width=30, help=(
        "staff: date and reference of each check. " + PRIVATE_HELP)),
    *_common(),
    Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)

RULES = (
    must(None, "mentor is", CHECK, "Cleared", note=(
        "Safeguarding comes first: no young person meets a mentor whose background check has "
        "not cleared.")),
    must(WANTS, "mentee accepts", GENDER, note=(
        "Many of these young people have good reasons to want (or not want) a mentor of a "
        "certain gender; their choice is always respected. 'No preference' accepts anyone.")),
    shared_language(note=(
        "They need a language in common.")),
    free_together(1, note=(
        "At least an hour a week when both are free, after school or at the weekend.")),
    prefer(HOME_AREA, "overlaps", MEET_AREAS, weight=3, note=(
        "Pairs meet in person, so a mentor who can meet in the young person's own area makes "
        "every meeting easier to get to (bus fares add up).")),
    prefer("Interests", "overlaps", "Interests", weight=2, note=(
        "Shared interests give them something to do together and to talk about.")),
    prefer("What would you like a mentor's help with?", "overlaps",
            "What can you help with?", weight=2, note=(
                "The mentor can help with what the young person asked for.")),
    prefer(HARD, "covers", READY, weight=1, note=(
        "A mentor who feels ready for what the young person is going through; the answers "
        "stay private, only the match uses them.")),
)


# --- sample people ------------------------------------------------------------------------

# First names of the names module that read as female; the rest read as male or either.
FEMININE = frozenset((
    "Emily", "Olivia", "Sophie", "Grace", "Hannah", "Megan", "Chloe", "Amara", "Ngozi", "Adaeze",
    "Abena", "Yewande", "Ama", "Folake", "Priya", "Ananya", "Kavya", "Meera", "Deepa", "Nisha",
    "Lakshmi", "Mei", "Yuki", "Sakura", "Seo-yeon", "Xiaoling", "Hana", "Lin", "María",
    "Valentina", "Camila", "Lucía", "Isabela", "Gabriela", "Fernanda", "Layla", "Fatima", "Nour",
    "Amira", "Salma", "Yasmin", "Rania", "Olga", "Katarzyna", "Anna", "Natalia", "Irina", "Zofia",
    "Milena", "Maricel", "Analyn", "Kristine",
))
HOME_LANGUAGES = {"Latin American": "Spanish", "Arabic": "Arabic", "Slavic": "Polish",
                  "West African": "Yoruba", "South Asian": "Hindi", "East Asian": "Mandarin"}


def _gender(rng: random.Random, person: dict[str, Any]) -> Cell:
    young, female = person["_role"] == "mentee", person["Full name"].split()[0] in FEMININE
    if young and rng.random() < 0.04:  # (no sample mentor is non-binary: see the planted case)
        return rng.choice(("Non-binary", "Prefer not to say"))
    if young:
        return "Girl" if female else "Boy"
    return "Woman" if female else "Man"


def _wants(rng: random.Random, person: dict[str, Any]) -> Cell:
    choices = {"Girl": {"Woman": 5, "Woman, Non-binary": 1, "No preference": 4},
               "Boy": {"Man": 4, "No preference": 5, "Woman, Man": 1}}.get(
        person[GENDER], {"No preference": 3, "Woman, Non-binary": 1})
    return rng.choices(list(choices), list(choices.values()))[0]


def _speaks(rng: random.Random, person: dict[str, Any]) -> Cell:
    home = HOME_LANGUAGES.get(person["_culture"])
    english = person["_role"] == "mentor" or rng.random() < 0.97
    spoken = (["English"] if english else []) + ([home] if home and (
        not english or rng.random() < 0.5) else [])
    return ", ".join(spoken) or "English"


def _guardian(rng: random.Random, person: dict[str, Any]) -> Cell:
    _culture, first, family = pick_name(rng, person["_culture"])
    if rng.random() < 0.7:
        family = person["Full name"].split(" ", 1)[1]
    who = (("mother", "grandmother", "aunt", "foster mother") if first in FEMININE
           else ("father", "grandfather", "uncle", "foster father"))
    return f"{first} {family} ({rng.choices(who, (6, 3, 2, 1))[0]})"


def _check_details(rng: random.Random, person: dict[str, Any]) -> Cell:
    if person[CHECK] != "Cleared":
        return "Fingerprints taken; waiting on state registry" if person[CHECK] else None
    return (f"State and FBI check cleared 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
            f", ref IL-{rng.randint(100000, 999999)}")


def _fix_pair(rng: random.Random, mentee: dict[str, Any], mentor: dict[str, Any]) -> None:
    """A planted pair's mentor was cleared by the generic step: record the check."""
    mentor["Background check details"] = _check_details(rng, mentor)


TIME_ZONES = {"America/Chicago": 12, "Central": 3, "CST": 1, "UTC-6": 1}
MENTEE: dict[str, Draw] = {
    "Age": Number(11, 17),
    GENDER: Custom(_gender),
    WANTS: Custom(_wants),
    HOME_AREA: One({"South Side": 4, "West Side": 4, "North Side": 2, "Southwest Side": 2,
                    "Downtown": 1, "Near suburbs": 1}),
    "What would you like a mentor's help with?": Many(HELP, (1, 3)),
    HARD: Many({s: 1.0 for s in SITUATIONS} | {"Money is tight at home": 4}, (1, 2), blank=0.2),
    "Who referred you?": One({"School counselor": 4, "Social worker": 3, "Juvenile court": 1,
                              "Youth center": 2, "Family member": 2, "Myself": 1}),
    "Parent or guardian name": Custom(_guardian),
    "Parent or guardian phone": Phone(("312", "773", "872", "708")),
    "Anything else we should know?": One({
        "Lives with grandma; please call her, not mom.": 1,
        "Has a court date next month.": 1,
        "Shy at first; does better doing an activity than just talking.": 1,
        "Family may move to a shelter soon.": 1}, blank=0.7),
}
MENTOR: dict[str, Draw] = {
    "Age": Number(23, 68),
    GENDER: Custom(_gender),
    MEET_AREAS: Many(AREAS, (1, 3)),
    "What can you help with?": Many(HELP, (3, 5)),
    READY: Many(SITUATIONS, (3, 6), usually={"Money is tight at home": 0.8}),
    CHECK: One({"Cleared": 9, "Pending": 1}),
    "Background check details": Custom(_check_details),
    "Phone number": Phone(("312", "773", "872", "708")),
    "Anything else we should know?": One({
        "Former foster youth myself.": 1, "I coach a youth basketball team on Saturdays.": 1,
        "Can only meet near public transit; I don't drive.": 1}, blank=0.7),
}
COMMON: dict[str, Draw] = {"Time zone": One(TIME_ZONES), "Languages you speak": Custom(_speaks),
          "Interests": Many(INTERESTS, (2, 4)), "Availability": Many(AVAILABILITY, (2, 4))}

SAMPLE = SampleProfile(
    mentee=MENTEE | COMMON,
    mentor=MENTOR | COMMON,
    unmatched=(
        Planted({"Languages you speak": "Vietnamese", "Time zone": "America/Chicago"},
                "speaks only Vietnamese (newly arrived), and no cleared mentor does yet"),
        Planted({GENDER: "Non-binary", WANTS: "Non-binary",
                 "Availability": "Weekdays after 4pm, Saturday afternoons"},
                "asked for a non-binary mentor, and no cleared mentor is non-binary yet: a "
                "reason to recruit"),
    ),
    capacity={None: 5, 1: 1, 2: 1, 3: 3},
    pair_fixup=_fix_pair,
    check_in_notes=(
        "Shot hoops at the park and talked about school.",
        "Worked on a job application for a summer program.",
        "Went to the library; got a library card.",
        "Cooked dinner together at the youth center.",
        "Talked about a fight at school; made a plan for next time.",
        "Short meeting; mentee had to babysit siblings.",
    ),
    concern_note=("Mentee said they may have to leave home this week and has missed school "
                  "for several days; please call today."),
)

PROGRAM = Program(
    name="at-risk-youth",
    title="Youth mentoring program",
    description="Young people facing poverty, unstable homes or the justice system, paired "
                "with screened adult volunteers; concerns escalate fast.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/Chicago",
        "check_in_every": 7,
        "due_soon_within": 2,
        "escalate_after": 4,
        "first_meeting_within": 10,
        "sessions_to_schedule": 4,
        "session_length": 90,
        "concern_escalates": True,
    },
    start_here=(
        "This workbook runs a community mentoring program for young people (11 to 17) facing "
        "poverty, unstable homes or involvement with the courts. Young people are referred by "
        "schools, social workers and courts, or sign themselves up; volunteers apply and go "
        "through screening. sheets-sync only proposes mentors whose Background check is "
        "Cleared and whom the young person said they would be comfortable with, and prefers "
        "mentors who can meet in the young person's own area and share their interests.",
        "Read every proposed pair before you set it to Active: you know things a form does "
        "not. Then call the family to arrange the first meeting, within ten days.",
        "Pairs meet every week for about an hour and a half. The mentor fills in the check-in "
        "form after each meeting. Any concern ticked there is escalated at once (Follow-ups "
        "says so) and a pair four days late is flagged Escalate: follow your safeguarding "
        "steps and call the young person's family or caseworker the same day.",
        "Gender, home situation, who referred them, guardians' details and background-check "
        "details are private columns: they never leave the roster tabs, so the Pairings and "
        "Follow-ups tabs can be shared with volunteers' supervisors.",
    ),
    sample=SAMPLE,
)
