"""`stem`: girls and women in science, technology, engineering and maths."""

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
from sheets_sync.programs.names import ascii_slug

FIELDS = ("Computer science", "Data science and AI", "Electrical engineering",
          "Mechanical engineering", "Civil and environmental engineering", "Mathematics",
          "Physics", "Chemistry", "Biology and life sciences", "Medicine and health sciences",
          "Environmental and earth sciences", "Astronomy and space")
PATHWAYS = ("University degree", "Community college then transfer", "Apprenticeship",
            "Coding bootcamp or self-taught", "Master's or PhD", "Medical school",
            "Career change into STEM")
HELP_AREAS = ("Choosing subjects or courses", "College applications",
              "Internships and research experience", "Confidence and imposter syndrome",
              "Being the only woman in the room", "Job search and interviews",
              "Coding and technical skills", "Graduate school applications",
              "Balancing work and family")
STAGES = ("High school", "Undergraduate", "Master's student", "PhD student",
          "Early-career professional", "Changing careers into STEM")
GENDERS = ("Woman", "Non-binary", "Man")
CHECKS = ("Cleared", "Pending", "Not done")
LANGUAGES = ("English", "Spanish", "Mandarin", "Hindi", "Korean", "Vietnamese", "French",
             "Arabic", "Portuguese")
AVAILABILITY = ("Weekday mornings", "Mon 16:00-18:00", "Tue 18:00-20:00", "Wednesday evenings",
                "Thu 12:00-13:00", "Weekday evenings", "Saturday mornings",
                "Sunday afternoons")
FORMATS = ("Video call", "In person", "Lab or workplace visit", "No preference")

STAGE = "Where are you in your studies or career?"
FIELD = "STEM fields"
PATHWAY = "Education pathway"
ACCEPTS = "Preferred mentor gender"
CHECK_NEEDED = "Safeguarding check required"
PRIVATE_HELP = "only the program coordinator sees this"
TIME_ZONE_HELP = "where you live, e.g. America/Denver, or an offset such as UTC-6"
AVAILABILITY_HELP = "tick every time that suits you, in your own time zone"

MENTEE_COLUMNS = (
    Column(STAGE, STAGES),
    Column("Age", width=8, help="in years"),
    Column("Time zone", width=20, help=TIME_ZONE_HELP),
    Column("Languages you speak", LANGUAGES, multi=True),
    Column(FIELD, FIELDS, multi=True, help="tick every field you'd like to explore"),
    Column(PATHWAY, PATHWAYS, multi=True, help="tick the routes you are considering"),
    Column("What would you like help with?", HELP_AREAS, multi=True, help="tick up to three"),
    Column(ACCEPTS, ("Woman", "Non-binary", "Man", "No preference"), multi=True,
           help="tick every gender you would be comfortable with"),
    Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
    Column("How would you like to meet?", FORMATS),
    Column(CHECK_NEEDED, ("Cleared",), width=16,
           help="Coordinator: write Cleared for a mentee under 18, so only mentors whose "
                "safeguarding check has cleared are proposed; leave it blank for adults"),
    Column("Parent or guardian contact (if under 18)", private=True, width=36,
           help="name, email and phone; " + PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)
MENTOR_COLUMNS = (
    Column("Current role and employer", width=34),
    Column("Gender", GENDERS),
    Column("Time zone", width=20, help=TIME_ZONE_HELP),
    Column("Languages you speak", LANGUAGES, multi=True),
    Column(FIELD, FIELDS, multi=True, help="tick the fields you have worked or studied in"),
    Column(PATHWAY, PATHWAYS, multi=True, help="tick the routes you took yourself"),
    Column("I can help with", HELP_AREAS, multi=True),
    Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
    Column("How would you like to meet?", FORMATS),
    Column("Safeguarding check", CHECKS, width=16,
           help="Coordinator: Cleared once the background check for working with under-18s "
                "has come back"),
    Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
    Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
)

RULES = (
    must(FIELD, "overlaps", FIELD, note=(
        "The mentor works in at least one field the mentee wants to explore: a role model "
        "in her own field is the point of the program.")),
    must(ACCEPTS, "mentee accepts", "Gender", note=(
        "Many mentees want a woman mentor; a mentee only gets a mentor of a gender she ticked "
        "(No preference accepts anyone).")),
    must(CHECK_NEEDED, "mentee accepts", "Safeguarding check", note=(
        "Mentees under 18 (Cleared in their row) only get a mentor whose safeguarding check "
        "has cleared; for adults the cell is blank and any mentor will do.")),
    shared_language(note=(
        "They need a language in common.")),
    free_together(1, note=(
        "At least an hour a week when both are free, time zones taken into account.")),
    prefer(FIELD, "overlaps", FIELD, weight=3, note=(
        "The more of the mentee's fields the mentor knows, the better.")),
    prefer(PATHWAY, "overlaps", PATHWAY, weight=3, note=(
        "A mentor who took the road the mentee is considering (apprenticeship, transfer, "
        "bootcamp, PhD ...) can say what it is really like.")),
    prefer("What would you like help with?", "covers", "I can help with", weight=2,
            note="The mentor can help with what the mentee asked for."),
    prefer("Time zone", "within", "Time zone", 2, weight=1, note=(
        "Within two hours of each other, so after-school and evening slots line up.")),
    prefer("How would you like to meet?", "same", "How would you like to meet?",
            weight=1, note="Nice to have: both like to meet the same way."),
)

# --- sample people ---------------------------------------------------------------------------

AGES = {"High school": (15, 18), "Undergraduate": (18, 22), "Master's student": (22, 27),
        "PhD student": (24, 32), "Early-career professional": (23, 30),
        "Changing careers into STEM": (28, 45)}
TIME_ZONES = {"America/New_York": 6, "America/Toronto": 2, "America/Chicago": 4, "UTC-6": 1,
              "America/Denver": 2, "America/Los_Angeles": 4, "-5": 1}
SECOND_LANGUAGE = {"Latin American": ("Spanish", "Portuguese"),
                   "East Asian": ("Mandarin", "Korean", "Vietnamese"),
                   "South Asian": ("Hindi",), "Arabic": ("Arabic",), "West African": ("French",)}
ROLES = ("Software engineer at a cloud company", "Structural engineer, city transit authority",
         "Postdoc in marine biology", "Data scientist at a children's hospital",
         "Chemistry teacher and robotics coach", "Electrical engineer, solar startup",
         "Actuary at an insurance firm", "Research scientist, vaccine lab",
         "Hydrologist, state environmental agency", "Machine learning engineer",
         "Family physician", "Aerospace technician (apprenticeship graduate)")
FIELD_WEIGHTS = {field: 1.0 for field in FIELDS[:-1]}  # nobody but the planted mentee picks
FIELD_WEIGHTS.update({"Computer science": 3, "Data science and AI": 2,
                      "Biology and life sciences": 2, "Medicine and health sciences": 2})
PATHWAY_WEIGHTS = {"University degree": 5, "Master's or PhD": 3,
                   "Community college then transfer": 2, "Apprenticeship": 1,
                   "Coding bootcamp or self-taught": 1, "Medical school": 1,
                   "Career change into STEM": 1}
NOTES = {"I'm the only girl in my AP Physics class.": 1,
         "I'd love to visit a real lab or workplace.": 1,
         "I'm going back to school at 35 with two kids.": 1,
         "My school doesn't offer computer science, so I'm teaching myself.": 1}


# The name pools mix men's and women's first names, but this program's mentees are girls and
# women. Each man's (or unisex) first name in the pools maps to a woman's name of the same
# culture that the pools never draw, so a renamed person's email stays unique.
_WOMENS_NAMES = """
    James:Jessica Liam:Lily Thomas:Tessa Daniel:Danielle Ryan:Rachel Jack:Julia Nathan:Natalie
    Chidi:Chioma Kwame:Akosua Tunde:Funmilayo Kofi:Efua Femi:Funke Emeka:Nneka Seun:Simisola
    Arjun:Anjali Rohan:Riya Vikram:Vidya Sanjay:Sunita Rahul:Radha Aditya:Aditi Ishaan:Isha
    Wei:Xiu Hiroshi:Hiroko Jiwoo:Ji-eun Minjun:Min-ji Lin:Ling Haruto:Haruka Jun:Jia Kenji:Keiko
    José:Josefina Mateo:Martina Santiago:Sofía Diego:Daniela Joaquín:Jimena Andrés:Andrea
    João:Juliana Omar:Mariam Youssef:Yara Karim:Karima Hassan:Hiba Tariq:Dalia Khalid:Huda
    Samir:Samira Ivan:Ivana Dmitri:Daria Piotr:Paulina Mikhail:Marta Tomasz:Tamara
    Marek:Magdalena Bogdan:Bożena Rodel:Rosalie Jericho:Jasmine Paolo:Patricia"""
WOMENS_NAME_FOR = dict(pair.split(":") for pair in _WOMENS_NAMES.split())


def is_womans_name(full_name: str) -> bool:
    return full_name.split(" ", 1)[0] not in WOMENS_NAME_FOR


def as_woman(person: dict[str, Any]) -> None:
    """Give a sample person a woman's first name of the same culture (and the email to go)."""
    first, _space, last = person["Full name"].partition(" ")
    new = WOMENS_NAME_FOR.get(first)
    if new is not None:
        person["Full name"] = f"{new} {last}"
        person["Email Address"] = ascii_slug(new) + person["Email Address"][len(ascii_slug(first)):]


def _stage(rng: random.Random, person: dict[str, Any]) -> Cell:
    as_woman(person)  # every mentee is a girl or woman
    return One({"High school": 4, "Undergraduate": 5, "Master's student": 2, "PhD student": 1,
                "Early-career professional": 2, "Changing careers into STEM": 1}).draw(rng, person)


def _gender(rng: random.Random, person: dict[str, Any]) -> Cell:
    """Most mentors are women; some men (allies) and a few non-binary mentors volunteer too."""
    if rng.random() < 0.06:
        return "Non-binary"
    if not is_womans_name(person["Full name"]) and rng.random() < 0.35:
        return "Man"
    as_woman(person)
    return "Woman"


def _age(rng: random.Random, person: dict[str, Any]) -> Cell:
    return rng.randint(*AGES[person[STAGE]])


def _languages(rng: random.Random, person: dict[str, Any]) -> Cell:
    home = SECOND_LANGUAGE.get(person["_culture"])
    if home and rng.random() < 0.45:
        return "English, " + rng.choice(home)
    return "English"


def _minor(rng: random.Random, person: dict[str, Any]) -> Cell:
    return "Cleared" if person["Age"] < 18 else None


def _guardian(rng: random.Random, person: dict[str, Any]) -> Cell:
    if person["Age"] >= 18:
        return None
    family = person["Full name"].split()[-1]
    parent = rng.choice(("Maria", "David", "Linda", "Ahmed", "Grace", "Wei", "Ana", "Sunil"))
    return (f"{parent} {family}, {parent.lower()}.{family.lower()}.parent@example.org, "
            f"(312) 555-01{rng.randint(0, 99):02d}")


def _checked_mentor(rng: random.Random, mentee: dict[str, Any], mentor: dict[str, Any]) -> None:
    """A planted pair with a minor needs a cleared mentor (the generic step would instead
    have copied the mentor's check status into the mentee's row)."""
    mentee[CHECK_NEEDED] = _minor(rng, mentee)
    if mentee[CHECK_NEEDED]:
        mentor["Safeguarding check"] = "Cleared"


SAMPLE = SampleProfile(
    mentee={
        STAGE: Custom(_stage),
        "Age": Custom(_age),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Custom(_languages),
        FIELD: Many(FIELD_WEIGHTS, (1, 3)),
        PATHWAY: Many(PATHWAY_WEIGHTS, (1, 2)),
        "What would you like help with?": Many(HELP_AREAS, (1, 3)),
        ACCEPTS: One({"Woman": 5, "Woman, Non-binary": 2, "No preference": 4}),
        "Availability": Many(AVAILABILITY, (2, 4)),
        "How would you like to meet?": One({"Video call": 5, "In person": 1,
                                            "Lab or workplace visit": 2, "No preference": 3}),
        CHECK_NEEDED: Custom(_minor),
        "Parent or guardian contact (if under 18)": Custom(_guardian),
        "Anything else we should know?": One(NOTES, blank=0.75),
    },
    mentor={
        "Current role and employer": One(ROLES),
        "Gender": Custom(_gender),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Custom(_languages),
        FIELD: Many(FIELD_WEIGHTS, (1, 3)),
        PATHWAY: Many({**PATHWAY_WEIGHTS, "University degree": 6, "Master's or PhD": 4}, (1, 2)),
        "I can help with": Many(HELP_AREAS, (3, 6)),
        "Availability": Many(AVAILABILITY, (3, 5)),
        "How would you like to meet?": One({"Video call": 5, "In person": 1,
                                            "Lab or workplace visit": 1, "No preference": 4}),
        "Safeguarding check": One({"Cleared": 7, "Pending": 2, "Not done": 1}),
        "Phone number": Phone(),
        "Anything else we should know?": One({"Happy to host a lab visit.": 1,
                                              "I mentor through my employee network too.": 1},
                                             blank=0.8),
    },
    capacity={None: 2, 2: 3, 3: 5},
    unmatched=(
        Planted({FIELD: "Astronomy and space", "Time zone": "America/Denver"},
                "wants to explore only astronomy and space, and no mentor works in it yet"),
        Planted({"Time zone": "America/New_York", "Availability": "Fri 06:00-07:00"},
                "is free only on Friday 06:00-07:00 (New York time), before school, when no "
                "mentor is"),
    ),
    check_in_notes=(
        "Looked at summer research programs and their deadlines.",
        "Talked about being the only woman on the robotics team.",
        "Reviewed her resume for an engineering internship.",
        "Worked through a Python exercise together.",
        "Compared a transfer route with going straight to a university.",
        "Visited the lab; she asked great questions.",
    ),
    concern_note=("Mentee is thinking of dropping her physics major after comments from a "
                  "lab partner; please call her this week."),
    pair_fixup=_checked_mentor,
)

PROGRAM = Program(
    name="stem",
    title="Girls and women in STEM mentoring",
    description="Girls and women in STEM with a mentor in their field, of a gender they are "
                "comfortable with, ideally on the same education pathway.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/New_York",
    },
    start_here=(
        "This workbook runs a mentoring program for girls and women in STEM, from high-school "
        "students to career changers. Mentees tick the fields they want to explore and the "
        "pathways they are considering; mentors tick the fields they work in and the road "
        "they took themselves.",
        "Each sync proposes a mentor who works in at least one of the mentee's fields, is of a "
        "gender she ticked, shares a language and an hour a week; among those it prefers the "
        "mentor whose fields and pathway (apprenticeship, community college, PhD ...) match "
        "hers best.",
        "Under-18s: write Cleared in the mentee's 'Safeguarding check required' cell and "
        "record each mentor's check in 'Safeguarding check'. Minors are then only proposed "
        "mentors whose check has cleared; get the parent or guardian's consent (a private "
        "column) before you set the pair Active.",
        "Pairs meet every two weeks; lab and workplace visits count as meetings, so record "
        "them on the Check-ins tab too.",
    ),
    sample=SAMPLE,
)
