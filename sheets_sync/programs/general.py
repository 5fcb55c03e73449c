"""`general`: any other program, with a small sensible default rule set."""

from __future__ import annotations

from sheets_sync.programs.base import (
    Column,
    Program,
    SampleProfile,
    free_together,
    prefer,
    shared_language,
)
from sheets_sync.programs.draws import Draw, Many, Number, One, Phone, Planted

LANGUAGES = ("English", "Spanish", "Portuguese", "French", "Hindi", "Yoruba", "Mandarin")
INTERESTS = ("Technology", "Business", "Arts and culture", "Sports", "Science", "Education",
             "Health", "Community service", "Travel", "Music")
HELP_AREAS = ("Career planning", "Study skills", "Confidence", "Networking", "Job applications",
              "Starting a business", "Work-life balance", "Technical skills")
AVAILABILITY = ("Mon 18:00-20:00", "Tue 18:00-21:00", "Wed 12:00-13:00", "Thu 19:00-21:00",
                "Tuesday evenings", "Wednesday evenings", "Weekday evenings", "Weekend mornings",
                "Saturday afternoons")
FORMATS = ("Video call", "In person", "Phone", "No preference")

TIME_ZONE_HELP = "where you are, e.g. America/Chicago, or an offset such as UTC-5"
AVAILABILITY_HELP = "tick every time that suits you, in your own time zone"


def _shared(help_header: str, help_text: str) -> tuple[Column, ...]:
    return (
        Column("Age", width=8, help="in years"),
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column("Interests", INTERESTS, multi=True),
        Column(help_header, HELP_AREAS, multi=True, help=help_text),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        Column("Preferred meeting format", FORMATS),
        Column("Phone number", private=True, width=18,
               help="only the coordinator sees it"),
        Column("Anything else we should know?", private=True, width=50,
               help="only the coordinator sees it"),
    )


MENTEE_COLUMNS = _shared("What would you like help with?", "tick up to three")
MENTOR_COLUMNS = _shared("I can help with", "tick everything you are happy to help with")

RULES = (
    shared_language(note=(
        "They need a language in common to talk at all.")),
    free_together(1, note=(
        "At least an hour a week when both are free; each side's Time zone is taken into "
        "account, so a morning in London can meet an evening in Lagos.")),
    prefer("What would you like help with?", "covers", "I can help with", weight=3,
            note="The mentor can help with what the mentee asked for: this matters most."),
    prefer("Interests", "overlaps", "Interests", weight=2, note=(
        "Shared interests give them something to talk about beyond the goals.")),
    prefer("Time zone", "within", "Time zone", 3, weight=1, note=(
        "Living within three hours of each other makes finding meeting times easier.")),
    prefer("Preferred meeting format", "same", "Preferred meeting format", weight=1,
            note="Nice to have: both like to meet the same way (video, in person, phone)."),
)

# Written the ways coordinators see them on forms: zone names, UTC/GMT offsets, bare numbers.
TIME_ZONES = {
    "America/New_York": 14, "UTC-5": 4, "-5": 2,
    "America/Chicago": 9, "UTC-6": 2,
    "America/Los_Angeles": 7, "-8": 2, "UTC-8": 1,
    "America/Sao_Paulo": 4, "UTC-3": 1,
    "Europe/London": 3, "GMT+1": 1, "Europe/Berlin": 2, "Africa/Lagos": 2, "Asia/Kolkata": 2,
}  # fmt: skip
OTHER_LANGUAGES = {"Spanish": 5, "Portuguese": 2, "French": 2, "Hindi": 2, "Yoruba": 1,
                   "Mandarin": 2}
NOTES = {
    "I work shifts, so my availability changes month to month.": 1,
    "First in my family to go to university.": 1,
    "I'd prefer a mentor who has changed careers.": 1,
    "Happy to meet in person if we live close.": 1,
}


def _profile(side: str) -> dict[str, Draw]:
    mentee = side == "mentee"
    return {
        "Age": Number(18, 35) if mentee else Number(25, 65),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Many(OTHER_LANGUAGES, (0, 1),
                                    usually={"English": 0.97 if mentee else 0.98}),
        "Interests": Many(INTERESTS, (2, 4)),
        ("What would you like help with?" if mentee else "I can help with"): (
            Many(HELP_AREAS, (1, 3)) if mentee else Many(HELP_AREAS, (2, 5))),
        "Availability": Many(AVAILABILITY, (2, 4)),
        "Preferred meeting format": One({"Video call": 6, "In person": 2, "Phone": 1,
                                         "No preference": 3}),
        "Phone number": Phone(),
        "Anything else we should know?": One(NOTES, blank=0.75),
    }


SAMPLE = SampleProfile(
    mentee=_profile("mentee"),
    mentor=_profile("mentor"),
    unmatched=(
        Planted({"Languages you speak": "Tagalog", "Time zone": "America/Los_Angeles",
                 "Availability": "Weekday evenings, Weekend mornings"},
                "speaks only Tagalog, which no approved mentor speaks", culture="Filipino"),
        Planted({"Languages you speak": "English", "Time zone": "America/New_York",
                 "Availability": "Sun 16:00-17:00"},
                "is free only on Sunday 16:00-17:00 (New York time), when no mentor is"),
    ),
)

PROGRAM = Program(
    name="general",
    title="Mentoring program",
    description="Any other program: a shared language, an hour a week in common, then "
                "goals, interests and time zones.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/New_York",
    },
    start_here=(
        "This workbook runs a general one-to-one mentoring program. Mentees and mentors sign "
        "up, you approve them, and sheets-sync proposes pairs who share a language and at "
        "least an hour a week, preferring mentors who can help with what the mentee asked "
        "for. Pairs meet every two weeks and record each meeting on the Check-ins tab.",
    ),
    sample=SAMPLE,
)
