"""`learning-support`: mentoring for students with learning disabilities and differences
(dyslexia, ADHD, autism ...), by mentors experienced in supporting them."""

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
from sheets_sync.programs.draws import Custom, Draw, Many, One, Phone, Planted
from sheets_sync.programs.general import AVAILABILITY_HELP, TIME_ZONE_HELP

NEEDS = "Learning differences (tick all that apply)"
SUPPORTED = "Learning differences you have supported"
HELP_WANTED = "What would you like help with?"
HELP_GIVEN = "What can you help with?"
CHECK = "Background check"
LEVEL = "Where are you studying?"
LEVELS_MENTORED = "Which students would you like to mentor?"
PRIVATE_HELP = "only the program coordinator sees it"

DIFFERENCES = ("Dyslexia", "ADHD", "Autism", "Dyscalculia", "Dysgraphia", "Dyspraxia (DCD)",
               "Auditory processing disorder", "Developmental language disorder")
SUPPORT_AREAS = ("Organisation", "Time management", "Study methods", "Self-advocacy",
                 "Exam preparation", "Reading and writing strategies", "Assistive technology",
                 "Focus and motivation", "Making friends")
LANGUAGES = ("English", "Spanish", "Mandarin", "Hindi", "Arabic", "Vietnamese", "Polish",
             "French", "Yoruba")
AVAILABILITY = ("Mon 15:30-17:30", "Tue 15:30-17:30", "Wed 15:30-17:30", "Thu 15:30-17:30",
                "Weekday evenings", "Saturday mornings", "Saturday afternoons",
                "Sunday afternoons")
FORMATS = ("In person at school", "Video call", "No preference")
YEARS = ("8th grade", "9th grade", "10th grade", "11th grade", "12th grade", "College freshman",
         "College sophomore")
LEVELS = ("Middle school", "High school", "College")
ROLES = ("Special education teacher", "Learning specialist", "College student mentor",
         "Occupational therapist", "Tutor", "Graduate with lived experience")


def _common() -> tuple[Column, ...]:
    return (
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        Column("Preferred meeting format", FORMATS),
    )


MENTEE_COLUMNS = (
    Column("What year are you in?", YEARS),
    Column(LEVEL, LEVELS),
    Column(NEEDS, DIFFERENCES, multi=True, private=True, help=(
        "diagnosed or suspected; this helps us find a mentor who knows how you learn. "
        + PRIVATE_HELP)),
    Column("Do you have an IEP or 504 plan?", ("IEP", "504 plan", "Neither", "Not sure"),
           private=True, help=PRIVATE_HELP),
    Column(HELP_WANTED, SUPPORT_AREAS, multi=True, help="tick up to three"),
    *_common(),
    Column("Parent or guardian phone", private=True, width=18, help=(
        "for students under 18; " + PRIVATE_HELP)),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)
MENTOR_COLUMNS = (
    Column("Your role", ROLES),
    Column(SUPPORTED, DIFFERENCES, multi=True, help=(
        "through work, training, family or your own experience")),
    Column(HELP_GIVEN, SUPPORT_AREAS, multi=True),
    Column(LEVELS_MENTORED, LEVELS, multi=True),
    Column(CHECK, ("Cleared", "Pending", "Expired"), help=(
        "coordinator: the current background-check status")),
    Column("Background check reference", private=True, width=18, help=(
        "coordinator: the check's certificate number")),
    *_common(),
    Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)

RULES = (
    must(NEEDS, "covers", SUPPORTED, note=(
        "The mentor has supported every learning difference the student ticked, so they "
        "already know what helps and what doesn't.")),
    must(None, "mentor is", CHECK, "Cleared", note=(
        "Safeguarding: only mentors whose background check is cleared work with students.")),
    shared_language(note=(
        "They need a language in common.")),
    free_together(1, note=(
        "At least an hour a week when both are free (after school, evenings or weekends).")),
    prefer(HELP_WANTED, "overlaps", HELP_GIVEN, weight=3, note=(
        "The mentor can help with the support areas the student asked for: organisation, "
        "time management, study methods, self-advocacy ...")),
    prefer(LEVEL, "overlaps", LEVELS_MENTORED, weight=2, note=(
        "The mentor wants to work with students at this stage: what helps a 13-year-old "
        "differs from what helps a college freshman.")),
    prefer("Preferred meeting format", "same", "Preferred meeting format", weight=1,
            note="Nice to have: both like to meet the same way."),
)


# --- sample people ------------------------------------------------------------------------

HOME_LANGUAGES = {"Latin American": {"Spanish": 1}, "East Asian": {"Mandarin": 1},
                  "South Asian": {"Hindi": 1}, "Arabic": {"Arabic": 1},
                  "Slavic": {"Polish": 1}, "West African": {"Yoruba": 1, "French": 1}}
TIME_ZONES = {"America/Chicago": 10, "Central": 2, "CST": 1, "America/New_York": 2,
              "America/Denver": 1}


def _speaks(rng: random.Random, person: dict[str, Any]) -> Cell:
    spoken = ["English"] if rng.random() < 0.98 else []
    home = HOME_LANGUAGES.get(person["_culture"])
    if home and (not spoken or rng.random() < 0.5):
        spoken.append(rng.choice(list(home)))
    return ", ".join(spoken) or "English"


def _reference(rng: random.Random, person: dict[str, Any]) -> Cell:
    if person[CHECK] == "Pending":
        return None
    return f"BC-{rng.randint(2021, 2026)}-{rng.randint(10000, 99999)}"


def _level(rng: random.Random, person: dict[str, Any]) -> Cell:
    year = person["What year are you in?"]
    return "College" if year.startswith("College") else (
        "Middle school" if year == "8th grade" else "High school")


def _fix_pair(rng: random.Random, mentee: dict[str, Any], mentor: dict[str, Any]) -> None:
    """A planted pair's mentor was cleared by the generic step: record the check."""
    mentor["Background check reference"] = _reference(rng, mentor)


COMMON: dict[str, Draw] = {
    "Time zone": One(TIME_ZONES),
    "Languages you speak": Custom(_speaks),
    "Availability": Many(AVAILABILITY[:-1], (2, 4)),  # no one but the planted case: Sundays
    "Preferred meeting format": One({"In person at school": 4, "Video call": 3,
                                     "No preference": 3}),
    "Phone number": Phone(),
    "Parent or guardian phone": Phone(),
}
MENTEE: dict[str, Draw] = {
    **COMMON,
    "What year are you in?": One({"8th grade": 1, "9th grade": 3, "10th grade": 3,
                                  "11th grade": 3, "12th grade": 2, "College freshman": 2,
                                  "College sophomore": 1}),
    NEEDS: Many({"ADHD": 5, "Dyslexia": 5, "Autism": 3, "Dyscalculia": 2, "Dysgraphia": 1,
                 "Dyspraxia (DCD)": 1, "Auditory processing disorder": 1}, (1, 1),
                usually={"ADHD": 0.08}),
    "Do you have an IEP or 504 plan?": One({"IEP": 4, "504 plan": 4, "Neither": 2,
                                            "Not sure": 1}),
    LEVEL: Custom(_level),
    HELP_WANTED: Many(SUPPORT_AREAS, (1, 3)),
    "Anything else we should know?": One({
        "Reading aloud makes me anxious.": 1, "I use text-to-speech for homework.": 1,
        "Please contact my mom, not me, to set up the first meeting.": 1,
        "Loud places are hard for me; a quiet room helps.": 1}, blank=0.75),
}
MENTOR: dict[str, Draw] = {
    **COMMON,
    "Your role": One({"Special education teacher": 3, "Learning specialist": 2,
                      "College student mentor": 3, "Occupational therapist": 1, "Tutor": 2,
                      "Graduate with lived experience": 2}),
    SUPPORTED: Many({"Dyscalculia": 2, "Dysgraphia": 2, "Dyspraxia (DCD)": 1,
                     "Auditory processing disorder": 1}, (1, 3),
                    usually={"ADHD": 0.85, "Dyslexia": 0.8, "Autism": 0.6}),
    HELP_GIVEN: Many(SUPPORT_AREAS, (3, 6)),
    LEVELS_MENTORED: Many({"High school": 3, "Middle school": 1, "College": 2}, (1, 2)),
    CHECK: One({"Cleared": 9, "Pending": 1}),
    "Background check reference": Custom(_reference),
    "Anything else we should know?": One({
        "I am a licensed special education teacher in Illinois.": 1,
        "I was diagnosed with dyslexia at 20; happy to share that.": 1,
        "Available in person only near the north campus.": 1}, blank=0.7),
}

SAMPLE = SampleProfile(
    mentee=MENTEE,
    mentor=MENTOR,
    unmatched=(
        Planted({NEEDS: "Developmental language disorder"},
                "ticked a learning difference (in the private column) that no approved mentor "
                "has supported yet: a reason to recruit"),
        Planted({"Availability": "Sunday afternoons", "Time zone": "America/Chicago"},
                "is free only on Sunday afternoons, when no mentor is"),
    ),
    capacity={None: 3, 1: 1, 2: 2, 3: 4},
    pair_fixup=_fix_pair,
    check_in_notes=(
        "Set up a planner together and colour-coded this week's deadlines.",
        "Practised asking a teacher for extra time on tests.",
        "Tried text-to-speech for the history reading; it helped.",
        "Broke the science project into small steps with dates.",
        "Talked through exam nerves and a plan for revision.",
        "Short session; student was tired after a long day.",
    ),
    concern_note=("Student says they are falling behind and feel like giving up; their IEP "
                  "accommodations are not being followed in one class."),
)

PROGRAM = Program(
    name="learning-support",
    title="Learning support mentoring program",
    description="Students with learning differences (dyslexia, ADHD, autism ...) paired with "
                "background-checked mentors experienced in exactly what they need.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/Chicago",
        "default_capacity": 3,
        "check_in_every": 7,
        "due_soon_within": 2,
        "escalate_after": 7,
        "first_meeting_within": 10,
        "sessions_to_schedule": 4,
        "session_length": 45,
    },
    start_here=(
        "This workbook runs a learning-support mentoring program: students with learning "
        "differences (dyslexia, ADHD, autism and others) meet a trained mentor every week to "
        "work on organisation, time management, study methods and speaking up for "
        "themselves. sheets-sync only proposes mentors whose background check is Cleared and "
        "who have supported every learning difference the student ticked, and then prefers "
        "mentors who can help with what the student asked for.",
        "Before approving a mentor, record their background check on the Mentors tab "
        "(Background check: Cleared, and the certificate number). When a check expires, set "
        "it to Expired: the mentor then gets no new students, and their current pairs show "
        "on Problems so you can decide what to do.",
        "Sessions are weekly and short (45 minutes). Ask mentors to fill in the check-in form "
        "after each one and to tick Concern if a student is struggling, unsafe or their "
        "accommodations are not being followed; the pair then tops the Follow-ups tab.",
        "The learning differences, IEP/504 answers and phone numbers are private columns: "
        "they stay on the roster tabs and never appear in Pairings, Unmatched or any other "
        "report, so you can share those tabs with school staff.",
    ),
    sample=SAMPLE,
)
