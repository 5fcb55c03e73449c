"""`low-income`: students from low-income backgrounds, mentored through college and careers."""

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
from sheets_sync.programs.draws import Custom, Many, One, Phone, Planted

LANGUAGES = ("English", "Spanish", "Vietnamese", "Haitian Creole", "Arabic", "Somali",
             "Mandarin", "French", "Hindi")
HELP_AREAS = ("Financial literacy and budgeting", "Finding scholarships",
              "College applications and essays", "Financial aid forms (FAFSA)",
              "Career exploration", "Internships and summer jobs", "Resumes and interviews",
              "Study skills")
BACKGROUNDS = ("First in my family to go to college", "Grew up in a low-income household",
               "Received free or reduced-price school lunch", "Immigrant or child of immigrants",
               "Grew up in a rural area", "Spent time in foster care",
               "Worked to support my family while in school")
CAREER_FIELDS = ("Healthcare", "Technology", "Business and finance", "Education",
                 "Skilled trades", "Law and public service", "Science and research",
                 "Arts and media", "Not sure yet")
YEARS = ("High school junior", "High school senior", "College first year",
         "College second year", "Community college", "Gap year or working")
QUALIFIES = ("Pell Grant eligible", "Free or reduced-price school lunch",
             "Household income below the program limit", "Referred by a school counselor",
             "Not sure")
CHECKS = ("Cleared", "Pending", "Not started")
AVAILABILITY = ("Weekday afternoons", "Mon 16:00-18:00", "Tuesday evenings",
                "Wednesday evenings", "Thu 19:00-21:00", "Weekend mornings",
                "Saturday afternoons", "Sunday afternoons")
FORMATS = ("Video call", "Phone call", "In person at school or a library", "No preference")

TIME_ZONE_HELP = "where you live, e.g. America/Chicago or Eastern Time"
AVAILABILITY_HELP = "tick every time that suits you, in your own time zone"
PRIVATE_HELP = "only the program coordinator sees this"
BACKGROUND = "Family and school background"

MENTEE_COLUMNS = (
    Column("Current year in school", YEARS),
    Column("Age", width=8, help="in years"),
    Column("School or college", width=28),
    Column("Time zone", width=20, help=TIME_ZONE_HELP),
    Column("Languages you speak", LANGUAGES, multi=True),
    Column("What would you like help with?", HELP_AREAS, multi=True,
           help="tick everything you'd like help with"),
    Column(BACKGROUND, BACKGROUNDS, multi=True, private=True,
           help="tick any that describe you; " + PRIVATE_HELP + ", and it helps us pair you "
                "with someone who has been there"),
    Column("How do you qualify for the program?", QUALIFIES, private=True, help=PRIVATE_HELP),
    Column("Career fields you're curious about", CAREER_FIELDS, multi=True),
    Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
    Column("How would you like to meet?", FORMATS),
    Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)
MENTOR_COLUMNS = (
    Column("Your job and employer", width=32),
    Column("Time zone", width=20, help=TIME_ZONE_HELP),
    Column("Languages you speak", LANGUAGES, multi=True),
    Column("I can help with", HELP_AREAS, multi=True,
           help="tick everything you're confident helping a student with"),
    Column(BACKGROUND, BACKGROUNDS, multi=True, private=True,
           help="tick any that described you as a student; " + PRIVATE_HELP),
    Column("Career fields you can speak to", CAREER_FIELDS[:-1], multi=True),
    Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
    Column("How would you like to meet?", FORMATS),
    Column("Background check", CHECKS, width=16,
           help="Coordinator: Cleared once the check has come back clean"),
    Column("Background check reference", private=True, width=22,
           help="Coordinator: the report or certificate number; " + PRIVATE_HELP),
    Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)

RULES = (
    must(None, "mentor is", "Background check", "Cleared", note=(
        "Our mentees include minors and vulnerable young people: no one is paired before "
        "their background check has cleared.")),
    must("What would you like help with?", "overlaps", "I can help with", note=(
        "The mentor must be able to help with at least one thing the student asked for.")),
    shared_language(note=(
        "They need a language in common; many of our students' families speak Spanish "
        "or Vietnamese at home.")),
    free_together(1, note=(
        "At least an hour a week when both are free, after school or work; time zones are "
        "taken into account.")),
    prefer("What would you like help with?", "covers", "I can help with", weight=4,
            note="Best of all, the mentor can help with everything the student asked for "
                 "(scholarships, FAFSA, applications, careers)."),
    prefer(BACKGROUND, "overlaps", BACKGROUND, weight=3, note=(
                "A mentor who was also first-generation, or grew up on a tight budget, knows "
                "the road from the inside. These answers stay private.")),
    prefer("Career fields you're curious about", "overlaps",
            "Career fields you can speak to", weight=2, note=(
                "Someone who works in a field the student is curious about can open doors.")),
    prefer("Time zone", "within", "Time zone", 2, weight=1, note=(
        "Living within two hours of each other makes evening calls easier to fit in.")),
    prefer("How would you like to meet?", "same", "How would you like to meet?",
            weight=1, note="Nice to have: both like to meet the same way."),
)

# --- sample people ---------------------------------------------------------------------------

TIME_ZONES = {"America/New_York": 8, "Eastern Time": 2, "America/Chicago": 5, "Central Time": 1,
              "America/Denver": 2, "America/Los_Angeles": 4, "Pacific Time": 1, "UTC-5": 1}
HOME_LANGUAGES = {  # name culture -> (languages sometimes spoken at home, how often)
    "Latin American": (("Spanish",), 0.85), "East Asian": (("Mandarin", "Vietnamese"), 0.5),
    "Arabic": (("Arabic", "Somali"), 0.7), "West African": (("French",), 0.3),
    "South Asian": (("Hindi",), 0.5),
}
SCHOOLS = ("Lincoln High School", "Roosevelt High School", "Eastside Community College",
           "Central High School", "Riverside High School", "Metro State University",
           "Valley Community College", "Washington High School", "City College")
AGES = {"High school junior": (16, 17), "High school senior": (17, 18),
        "College first year": (18, 19), "College second year": (19, 20),
        "Community college": (18, 24), "Gap year or working": (18, 20)}
JOBS = ("Financial advisor at a credit union", "Registered nurse at Mercy Hospital",
        "Software engineer at a logistics firm", "High school counselor",
        "Electrician, own business", "Paralegal at a legal aid office",
        "Accountant at a regional bank", "Lab technician at a biotech startup",
        "Admissions officer at a state university", "Project manager at a construction firm",
        "Public librarian", "HR specialist at a hospital network")
NOTES = {
    "I work 20 hours a week, so weekends are easier.": 1,
    "My parents don't speak much English; I fill in forms for them.": 1,
    "I'm the oldest of four and help with my siblings after school.": 1,
    "I don't have a laptop at home, only my phone.": 1,
    "Happy to meet at the public library near school.": 1,
}
MENTOR_NOTES = {
    "I was the first in my family to finish college.": 1,
    "I review scholarship essays for my alumni association.": 1,
    "Evenings only during tax season.": 1,
}


def _languages(rng: random.Random, person: dict[str, Any]) -> Cell:
    """English and maybe a language of home; only the planted newcomer speaks Haitian Creole
    (and no English), so that no mentor shares a language with them."""
    home, chance = HOME_LANGUAGES.get(person["_culture"], (("Spanish",), 0.1))
    return "English, " + rng.choice(home) if rng.random() < chance else "English"


def _age(rng: random.Random, person: dict[str, Any]) -> Cell:
    return rng.randint(*AGES.get(person["Current year in school"], (17, 19)))


def _reference(rng: random.Random, person: dict[str, Any]) -> Cell:
    if person["Background check"] == "Not started":
        return None
    return f"CHK-{rng.randint(100000, 999999)}"


SAMPLE = SampleProfile(
    mentee={
        "Current year in school": One({"High school junior": 3, "High school senior": 5,
                                       "College first year": 3, "College second year": 1,
                                       "Community college": 2, "Gap year or working": 1}),
        "Age": Custom(_age),
        "School or college": One(SCHOOLS),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Custom(_languages),
        "What would you like help with?": Many(HELP_AREAS, (1, 3)),
        BACKGROUND: Many(BACKGROUNDS, (0, 2), at_least=0, usually={
            "First in my family to go to college": 0.7,
            "Grew up in a low-income household": 0.6}),
        "How do you qualify for the program?": One({"Pell Grant eligible": 3,
                                                    "Free or reduced-price school lunch": 4,
                                                    "Household income below the program limit": 2,
                                                    "Referred by a school counselor": 2,
                                                    "Not sure": 1}),
        "Career fields you're curious about": Many(CAREER_FIELDS, (1, 3)),
        "Availability": Many(AVAILABILITY, (2, 4)),
        "How would you like to meet?": One({"Video call": 5, "Phone call": 2,
                                            "In person at school or a library": 2,
                                            "No preference": 3}),
        "Phone number": Phone(),
        "Anything else we should know?": One(NOTES, blank=0.7),
    },
    mentor={
        "Your job and employer": One(JOBS),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Custom(_languages),
        "I can help with": Many(HELP_AREAS, (3, 6)),
        BACKGROUND: Many(BACKGROUNDS, (0, 2), at_least=0, usually={BACKGROUNDS[0]: 0.5}),
        "Career fields you can speak to": Many(CAREER_FIELDS[:-1], (1, 2)),
        "Availability": Many(AVAILABILITY, (3, 5)),
        "How would you like to meet?": One({"Video call": 5, "Phone call": 1,
                                            "In person at school or a library": 1,
                                            "No preference": 4}),
        "Background check": One({"Cleared": 17, "Pending": 2, "Not started": 1}),
        "Background check reference": Custom(_reference),
        "Phone number": Phone(),
        "Anything else we should know?": One(MENTOR_NOTES, blank=0.8),
    },
    capacity={None: 2, 2: 3, 3: 5},
    unmatched=(
        Planted({"Languages you speak": "Haitian Creole", "Time zone": "America/New_York",
                 "Availability": "Weekday afternoons, Weekend mornings"},
                "speaks only Haitian Creole, and no cleared mentor does yet"),
        Planted({"Time zone": "America/New_York", "Availability": "Sat 06:00-07:00",
                 "Current year in school": "Gap year or working", "Age": 19},
                "works weekend shifts and is free only on Saturday 06:00-07:00 (New York "
                "time), when no mentor is"),
    ),
    check_in_notes=(
        "Went through the FAFSA together, line by line.",
        "Made a list of five scholarships with deadlines this month.",
        "Read a draft of the college essay; agreed edits.",
        "Set up a simple monthly budget in a spreadsheet.",
        "Talked about nursing and what the prerequisites are.",
        "Practised for a part-time job interview.",
    ),
    concern_note=("Student may have to drop out to work full time after a family job loss; "
                  "please call them this week about emergency aid."),
)

PROGRAM = Program(
    name="low-income",
    title="College and career mentoring for students from low-income backgrounds",
    description="Students from low-income backgrounds with background-checked mentors who "
                "help with money, scholarships, applications and careers.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/New_York",
        "escalate_after": 10,
        "first_meeting_within": 10,
        "session_length": 45,
    },
    start_here=(
        "This workbook runs a mentoring program for students from low-income backgrounds: "
        "high-school juniors and seniors and students in their first college years. Students "
        "sign up with what they want help with (budgeting, scholarships, FAFSA, applications, "
        "careers); volunteer mentors sign up with what they can help with.",
        "Screen every mentor before they are matched: when their background check comes back, "
        "set Background check to Cleared and note the reference number (a private column). "
        "Mentors whose check is Pending or Not started are never proposed.",
        "Each sync proposes a cleared mentor who shares a language and an hour a week with the "
        "student, preferring one who can help with everything asked for and who shares their "
        "background (first-generation, low-income, immigrant family ...). Background, "
        "eligibility and contact details are private: they never leave the roster tabs.",
        "Pairs meet every two weeks, within ten days of being matched for the first time. "
        "Watch the Follow-ups tab around FAFSA and scholarship deadlines, and call the "
        "coordinator line at once when a check-in raises a concern such as a student having "
        "to leave school to work.",
    ),
    sample=SAMPLE,
)
