"""`mental-health`: trained peer mentors for students facing anxiety, depression and more."""

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
from sheets_sync.programs.draws import Custom, Many, Number, One, Planted
from sheets_sync.programs.stem import is_womans_name

LANGUAGES = ("English", "Welsh", "British Sign Language", "Mandarin", "Cantonese", "Hindi",
             "Urdu", "Arabic", "Polish", "Spanish", "French", "Yoruba")
CHALLENGES = ("Anxiety", "Low mood or depression", "Eating or body image", "Stress and burnout",
              "Loneliness or isolation", "Sleep problems", "Grief or loss", "Self-esteem",
              "Adjusting to university")
SUPPORT = ("Someone to talk to", "Coping strategies", "Balancing study and workload",
           "Finding professional help", "Building routines", "Making friends and joining in",
           "Returning after time out")
TRAINING = ("Mental Health First Aid", "Peer support training (university)",
            "Suicide prevention (QPR or ASIST)", "Counselling qualification", "None yet")
RECOGNISED = TRAINING[:-1]  # what the Must rule accepts
GENDERS = ("Woman", "Man", "Non-binary")
YEARS = ("1st year", "2nd year", "3rd year", "4th year or above", "Postgraduate taught",
         "Postgraduate research")
PROFESSIONAL = ("Yes - counselling or therapy", "Yes - GP or medication", "On a waiting list",
                "No", "Prefer not to say")
ROLES = ("Trained student peer mentor", "Postgraduate student", "Staff volunteer",
         "Alumni volunteer")
AVAILABILITY = ("Mon 12:00-14:00", "Tue 17:00-19:00", "Wed 14:00-17:00", "Thu 12:00-13:00",
                "Weekday afternoons", "Weekday evenings", "Sunday afternoons")
FORMATS = ("Video call", "Walk and talk on campus", "Coffee on campus", "Phone call",
           "No preference")

CHALLENGE_QUESTION = "What are you finding hard at the moment?"
LIVED = "Lived experience you're open about"
WANTED = "What kind of support would help?"
OFFERED = "Support you can offer"
TRAINED = "Mental-health training completed"
PRIVATE_HELP = "private: only the wellbeing team sees this"
TIME_ZONE_HELP = "where you are this term, e.g. Europe/London, or UTC+1 if on placement"
AVAILABILITY_HELP = "tick every time that suits you, in your own time zone"

MENTEE_COLUMNS = (
    Column("Year of study", YEARS),
    Column("Age", width=8, help="in years"),
    Column("Time zone", width=20, help=TIME_ZONE_HELP),
    Column("Languages you speak", LANGUAGES, multi=True),
    Column(CHALLENGE_QUESTION, CHALLENGES, multi=True, private=True,
           help="tick any that apply; " + PRIVATE_HELP),
    Column("Any diagnosis you'd like us to know about", private=True, width=36,
           help="optional; " + PRIVATE_HELP),
    Column("Are you getting professional support right now?", PROFESSIONAL, private=True,
           help=PRIVATE_HELP),
    Column(WANTED, SUPPORT, multi=True, help="tick up to three"),
    Column("Preferred mentor gender", ("No preference", *GENDERS)),
    Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
    Column("How would you like to meet?", FORMATS),
    Column("Emergency contact (name and phone)", private=True, width=32,
           help="someone we may call if we are worried about your safety; " + PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)
MENTOR_COLUMNS = (
    Column("Your role", ROLES),
    Column("Your gender", GENDERS),
    Column("Time zone", width=20, help=TIME_ZONE_HELP),
    Column("Languages you speak", LANGUAGES, multi=True),
    Column(TRAINED, TRAINING, multi=True,
           help="Coordinator: tick once you have seen the certificate"),
    Column(LIVED, CHALLENGES, multi=True, private=True,
           help="tick only what you are comfortable drawing on with a mentee; " + PRIVATE_HELP),
    Column(OFFERED, SUPPORT, multi=True),
    Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
    Column("How would you like to meet?", FORMATS),
    Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)

RULES = (
    must(None, "mentor is", TRAINED, ", ".join(RECOGNISED), note=(
        "Only mentors with recognised mental-health training are paired: they know how to "
        "listen, spot risk and pass a worry on to us.")),
    must("Preferred mentor gender", "mentee accepts", "Your gender", note=(
        "Feeling safe comes first: a mentee who asked for a mentor of a particular gender "
        "only gets one.")),
    shared_language(note=(
        "Talking about how you feel is hard enough without a language barrier.")),
    free_together(1, note=(
        "They meet weekly, so they need at least an hour a week when both are free.")),
    prefer(CHALLENGE_QUESTION, "overlaps", LIVED, weight=3, note=(
        "A mentor who has been through something similar is often the most helpful. Both "
        "columns are private: the Why column never shows them.")),
    prefer(WANTED, "covers", OFFERED, weight=3, note=(
        "The mentor offers the kind of support the mentee asked for.")),
    prefer("How would you like to meet?", "same", "How would you like to meet?",
            weight=1, note="Nice to have: both like to meet the same way."),
)

# --- sample people ---------------------------------------------------------------------------

TIME_ZONES = {"Europe/London": 16, "GMT": 2, "Europe/Dublin": 1, "UTC+1": 1,
              "Asia/Shanghai": 1}
SECOND_LANGUAGE = {"East Asian": ("Mandarin", "Cantonese"), "South Asian": ("Hindi", "Urdu"),
                   "Arabic": ("Arabic",), "Slavic": ("Polish",),
                   "Latin American": ("Spanish",), "West African": ("Yoruba", "French"),
                   "Anglo": ("Welsh", "French")}
DIAGNOSES = {"Generalised anxiety disorder, diagnosed in sixth form": 1,
             "Depression; on sertraline since last spring": 1,
             "ADHD and anxiety": 1, "Anorexia in recovery, under the eating disorders team": 1,
             "PTSD after a car accident in 2024": 1, "Social anxiety": 1}
CONTACTS = ("mum", "dad", "sister", "brother", "partner", "aunt", "housemate")
NOTES = {"I'd rather not meet on campus for now.": 1,
         "Evenings are hard for me; daytime is better.": 1,
         "I had to take a term out last year and I'm nervous about coming back.": 1,
         "Please don't contact my parents.": 1}


def _languages(rng: random.Random, person: dict[str, Any]) -> Cell:
    """English, and sometimes a language from home; nobody signs BSL but the planted
    mentee, so their case shows on the Unmatched tab."""
    spoken = ["English"]
    if rng.random() < 0.3:
        spoken.append(rng.choice(SECOND_LANGUAGE.get(person["_culture"], ("French",))))
    return ", ".join(spoken)


def _gender(rng: random.Random, person: dict[str, Any]) -> Cell:
    """As the sample name suggests; no sample mentor is non-binary, so the planted mentee who
    asks for one shows on the Unmatched tab."""
    return "Woman" if is_womans_name(person["Full name"]) else "Man"


def _training(rng: random.Random, person: dict[str, Any]) -> Cell:
    if rng.random() < 0.08:
        return "None yet"
    done = rng.sample(RECOGNISED, rng.choice((1, 1, 2, 2, 3)))
    return ", ".join(sorted(done, key=TRAINING.index))


def _diagnosis(rng: random.Random, person: dict[str, Any]) -> Cell:
    return rng.choice(list(DIAGNOSES)) if rng.random() < 0.35 else None


def _mobile(rng: random.Random, person: dict[str, Any]) -> Cell:
    """A UK mobile number from the range Ofcom keeps for drama (07700 900000-900999)."""
    return f"07700 900{rng.randint(0, 999):03d}"


def _contact(rng: random.Random, person: dict[str, Any]) -> Cell:
    family = person["Full name"].split()[-1]
    who = rng.choice(CONTACTS)
    name = family if who in ("mum", "dad", "sister", "brother", "aunt") else rng.choice(
        ("Alex Morgan", "Sam Okoro", "Jo Patel", "Chris Lee", "Robin Novak"))
    return f"{name} ({who}) {_mobile(rng, person)}"


SAMPLE = SampleProfile(
    mentee={
        "Year of study": One({"1st year": 6, "2nd year": 4, "3rd year": 3,
                              "4th year or above": 1, "Postgraduate taught": 2,
                              "Postgraduate research": 1}),
        "Age": Number(18, 27),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Custom(_languages),
        CHALLENGE_QUESTION: Many({"Anxiety": 6, "Low mood or depression": 5,
                                  "Eating or body image": 2, "Stress and burnout": 4,
                                  "Loneliness or isolation": 4, "Sleep problems": 2,
                                  "Grief or loss": 1, "Self-esteem": 3,
                                  "Adjusting to university": 3}, (1, 3)),
        "Any diagnosis you'd like us to know about": Custom(_diagnosis),
        "Are you getting professional support right now?": One(
            {"Yes - counselling or therapy": 3, "Yes - GP or medication": 2,
             "On a waiting list": 3, "No": 4, "Prefer not to say": 1}),
        WANTED: Many({"Someone to talk to": 5, "Coping strategies": 4,
                      "Balancing study and workload": 3, "Finding professional help": 2,
                      "Building routines": 2, "Making friends and joining in": 2,
                      "Returning after time out": 1}, (1, 3)),
        "Preferred mentor gender": One({"No preference": 6, "Woman": 3, "Man": 1}),
        "Availability": Many(AVAILABILITY, (2, 3)),
        "How would you like to meet?": One({"Video call": 3, "Walk and talk on campus": 2,
                                            "Coffee on campus": 2, "Phone call": 1,
                                            "No preference": 3}),
        "Emergency contact (name and phone)": Custom(_contact),
        "Anything else we should know?": One(NOTES, blank=0.7),
    },
    mentor={
        "Your role": One({"Trained student peer mentor": 6, "Postgraduate student": 2,
                          "Staff volunteer": 2, "Alumni volunteer": 1}),
        "Your gender": Custom(_gender),
        "Time zone": One({"Europe/London": 10, "GMT": 1}),
        "Languages you speak": Custom(_languages),
        TRAINED: Custom(_training),
        LIVED: Many(CHALLENGES, (0, 2), at_least=0),
        OFFERED: Many(SUPPORT, (3, 5)),
        "Availability": Many(AVAILABILITY, (3, 5)),
        "How would you like to meet?": One({"Video call": 2, "Walk and talk on campus": 2,
                                            "Coffee on campus": 2, "No preference": 4}),
        "Phone number": Custom(_mobile),
        "Anything else we should know?": One({"Happy to mentor two students at most.": 1,
                                              "I'm away for placements in March.": 1},
                                             blank=0.85),
    },
    capacity={None: 1, 2: 1, 3: 8},
    unmatched=(
        Planted({"Preferred mentor gender": "Non-binary",
                 "Availability": "Weekday afternoons, Weekday evenings"},
                "asked for a non-binary mentor, and no trained mentor is non-binary yet"),
        Planted({"Languages you speak": "British Sign Language", "Time zone": "Europe/London",
                 "Preferred mentor gender": "No preference",
                 "Availability": "Weekday afternoons"},
                "communicates in British Sign Language, which no trained mentor uses yet"),
    ),
    check_in_notes=(
        "Talked through a grounding exercise for exam anxiety.",
        "Walked round the lake; mentee says the week went better.",
        "Planned a simple routine for sleep and lectures.",
        "Mentee has a counselling assessment booked for next week.",
        "Practised what to say to the tutor about an extension.",
        "Short call; mentee is managing and wants to keep meeting.",
    ),
    concern_note=("Mentee said they have stopped eating properly and feel hopeless. Please "
                  "contact them today and follow the safeguarding procedure."),
)

PROGRAM = Program(
    name="mental-health",
    title="Peer mentoring for student mental health",
    description="Students facing anxiety, depression, eating disorders ... with trained "
                "mentors, lived experience preferred; any concern escalates at once.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "Europe/London",
        "check_in_every": 7,
        "escalate_after": 5,
        "first_meeting_within": 7,
        "sessions_to_schedule": 4,
        "session_length": 45,
        "concern_escalates": True,
    },
    start_here=(
        "This workbook runs a peer-mentoring program for students facing anxiety, depression, "
        "eating disorders and other mental-health difficulties. It is NOT a crisis service: "
        "the sign-up form and every welcome message should give the crisis numbers (999, "
        "Samaritans 116 123, the university's out-of-hours line).",
        "Only mentors whose mental-health training you have checked are matched: tick their "
        "courses in 'Mental-health training completed' once you have seen the certificate. "
        "Each sync then proposes a trained mentor the mentee feels safe with (their preferred "
        "mentor gender), who shares a language and an hour a week, preferring one with lived "
        "experience of what the mentee is going through.",
        "What people tell you about their mental health, diagnoses, treatment, lived "
        "experience and emergency contacts is private: those columns are listed in Settings "
        "and never leave the roster tabs, not even in the Why column or the Problems tab.",
        "Pairs meet weekly. Any check-in with Concern = Yes puts the pair at the top of "
        "Follow-ups as 'Concern raised' with an instruction to escalate now: follow your "
        "safeguarding procedure the same day. A check-in five days late is escalated too.",
    ),
    sample=SAMPLE,
)
