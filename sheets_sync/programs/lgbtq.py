"""`lgbtq`: LGBTQ+ students mentored by LGBTQ+ people and allies, identity kept private."""

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

COMMUNITY = "Do you identify as LGBTQ+ or as an ally?"
COMFORTABLE = "I'd be comfortable with a mentor who is"
GENDER = "Gender identity"
WANTED_GENDER = "Preferred mentor gender identity"
TRAINING = "Completed Safe Zone training?"
ORIENTATION = "Sexual orientation"
COMMUNITY_OPTIONS = ("LGBTQ+", "Ally", "Prefer not to say")
GENDERS = ("Woman", "Man", "Non-binary", "Trans woman", "Trans man", "Genderqueer",
           "Questioning", "Prefer not to say")
ORIENTATIONS = ("Lesbian", "Gay", "Bisexual", "Pansexual", "Asexual", "Queer", "Questioning",
                "Straight", "Prefer not to say")
PRONOUNS = ("she/her", "he/him", "they/them", "she/they", "he/they", "ze/zir", "any pronouns")
TOPICS = ("Coming out", "Family relationships", "Finding community", "Dating and relationships",
          "Gender-affirming care", "Faith and identity", "Being out in class or at work",
          "Housing and safety", "Mental wellbeing", "Academics and campus life")
INTERESTS = ("Gaming", "Music", "Art and drawing", "Books and writing", "Film and TV", "Sports",
             "Drag and performance", "Activism", "Tech", "Outdoors", "Cooking", "Anime")
YEARS = ("Freshman", "Sophomore", "Junior", "Senior", "Graduate student")
ROLES = ("Upper-year student", "Graduate student", "Staff or faculty", "Alum")
LANGUAGES = ("English", "Spanish", "Mandarin", "Tagalog", "Vietnamese", "Korean",
             "American Sign Language")
AVAILABILITY = ("Mon 17:00-19:00", "Tue 12:00-13:00", "Wednesday evenings", "Thu 16:00-18:00",
                "Fri 12:00-14:00", "Weekday evenings", "Saturday afternoons",
                "Sunday afternoons")

PRIVATE_HELP = "only the program coordinator sees it"
TIME_ZONE_HELP = "where you are, e.g. America/Los_Angeles, or an offset such as UTC-8"
AVAILABILITY_HELP = "tick every time that suits you, in your own time zone"


def _identity() -> tuple[Column, ...]:
    """Who someone is: private on both forms (Settings lists them as Private columns)."""
    return (
        Column(GENDER, GENDERS, multi=True, private=True, help="tick all that fit; "
               + PRIVATE_HELP),
        Column("Pronouns", PRONOUNS, width=14, private=True, help=PRIVATE_HELP),
        Column(ORIENTATION, ORIENTATIONS, multi=True, private=True, help="tick all that fit; "
               + PRIVATE_HELP),
    )


def _contact() -> tuple[Column, ...]:
    return (
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column("Interests and hobbies", INTERESTS, multi=True),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        Column("Phone number", private=True, width=18, help=PRIVATE_HELP),
        Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
    )


MENTEE_COLUMNS = (
    Column("Year of study", YEARS, width=16),
    *_identity(),
    Column("Are you out to your family?", ("Yes", "Partly", "No", "Prefer not to say"),
           private=True, width=16, help="so that nobody says the wrong thing; " + PRIVATE_HELP),
    Column(COMFORTABLE, ("LGBTQ+", "Ally", "No preference"), multi=True, private=True,
           help="tick both if either is fine; " + PRIVATE_HELP),
    Column(WANTED_GENDER, (*GENDERS[:6], "No preference"), multi=True, private=True,
           help="tick every identity you'd be comfortable with; " + PRIVATE_HELP),
    Column("What would you like to talk about?", TOPICS, multi=True, private=True,
           help="tick any; " + PRIVATE_HELP),
    *_contact(),
)
MENTOR_COLUMNS = (
    Column("Your role", ROLES, width=20),
    Column(COMMUNITY, COMMUNITY_OPTIONS, width=16, private=True, help=PRIVATE_HELP),
    *_identity(),
    Column("Topics you're comfortable talking about", TOPICS, multi=True),
    Column(TRAINING, ("Yes", "Booked", "Not yet"), width=16,
           help="the LGBTQ+ center's Safe Zone workshop"),
    *_contact(),
)

RULES = (
    must(None, "mentor is", COMMUNITY, "LGBTQ+, Ally", note=(
        "Every mentor is LGBTQ+ or a committed ally; someone who would rather not say is not "
        "matched until you have talked with them.")),
    must(COMFORTABLE, "mentee accepts", COMMUNITY, note=(
        "A mentee who asked for an LGBTQ+ mentor only gets one; blank or No preference "
        "accepts an ally too.")),
    must(WANTED_GENDER, "mentee accepts", GENDER, note=(
        "The mentee is comfortable with the mentor's gender identity, e.g. a trans student "
        "who asked for a trans mentor.")),
    must(None, "mentor is", TRAINING, "Yes, Booked", note=(
        "Mentors do (or have booked) the Safe Zone workshop before they meet a student.")),
    shared_language(note=(
        "They need a language in common to talk at all.")),
    free_together(1, note=(
        "At least an hour a week when both are free, time zones taken into account.")),
    prefer("What would you like to talk about?", "covers",
            "Topics you're comfortable talking about", weight=3, note=(
                "The mentor is comfortable with what the mentee wants to talk about. The "
                "mentee's answer is private, so the Why column only names the rule.")),
    prefer("Interests and hobbies", "overlaps", "Interests and hobbies", weight=2,
            note="Shared interests make the first meetings easier."),
    prefer("Time zone", "within", "Time zone", 3, weight=1, note=(
        "Within three hours of each other makes meeting times easy to find.")),
)

# --- sample people -----------------------------------------------------------------------------

PRONOUNS_OF = {"Woman": "she/her", "Trans woman": "she/her", "Man": "he/him",
               "Trans man": "he/him", "Non-binary": "they/them", "Genderqueer": "they/them",
               "Questioning": "they/them"}
TIME_ZONES = {"America/Los_Angeles": 14, "Pacific": 2, "UTC-8": 1, "America/Denver": 1,
              "America/Chicago": 1, "America/New_York": 1}
NOTES = {
    "Not out at home: please don't mail anything to my parents.": 1,
    "Commuter student; evenings online work best.": 1,
    "Just moved into the dorms and feeling a bit isolated.": 1,
    "Would like help finding the campus health center's trans care team.": 1,
}


def _gender(rng: random.Random, person: dict[str, Any]) -> str:
    if person.get(COMMUNITY) == "Ally":
        return rng.choices(("Woman", "Man", "Non-binary"), (6, 4, 1))[0]
    # Nobody in the sample mentor pool is a trans man (see the planted mentee below).
    table = {"Woman": 5, "Man": 4, "Non-binary": 4, "Trans woman": 2, "Genderqueer": 1}
    if person["_role"] == "mentee":
        table |= {"Trans man": 2, "Questioning": 2}
    identity = rng.choices(list(table), list(table.values()))[0]
    if identity == "Trans woman" and rng.random() < 0.5:
        return "Woman, Trans woman"
    return "Man, Trans man" if identity == "Trans man" and rng.random() < 0.5 else identity


def _pronouns(rng: random.Random, person: dict[str, Any]) -> str:
    last = str(person[GENDER]).split(",")[-1].strip()
    usual = PRONOUNS_OF.get(last, "they/them")
    return usual if rng.random() < 0.85 else rng.choice(PRONOUNS)


def _orientation(rng: random.Random, person: dict[str, Any]) -> str:
    if person.get(COMMUNITY) == "Ally":
        return "Straight"
    table = {"Gay": 4, "Lesbian": 3, "Bisexual": 5, "Pansexual": 2, "Queer": 3, "Asexual": 1,
             "Questioning": 2 if person["_role"] == "mentee" else 0, "Straight": 1}
    items = list(table)
    picked = {rng.choices(items, list(table.values()))[0] for _ in range(rng.choice((1, 1, 2)))}
    return ", ".join(sorted(picked, key=ORIENTATIONS.index))


def _profile(mentee: bool) -> dict[str, Draw]:
    return {
        "Year of study": One({"Freshman": 5, "Sophomore": 4, "Junior": 3, "Senior": 2,
                              "Graduate student": 1}),
        "Your role": One({"Upper-year student": 4, "Graduate student": 3,
                          "Staff or faculty": 3, "Alum": 2}),
        COMMUNITY: One({"LGBTQ+": 7, "Ally": 3}),
        GENDER: Custom(_gender),
        "Pronouns": Custom(_pronouns),
        ORIENTATION: Custom(_orientation),
        "Are you out to your family?": One({"Yes": 3, "Partly": 3, "No": 3,
                                            "Prefer not to say": 1}),
        COMFORTABLE: One({"No preference": 5, "LGBTQ+": 4, "LGBTQ+, Ally": 2}),
        WANTED_GENDER: One({"No preference": 12, "Woman, Non-binary": 2, "Woman": 1,
                            "Non-binary, Genderqueer": 1, "Trans woman, Non-binary": 1}),
        "What would you like to talk about?": Many(TOPICS, (1, 3)),
        "Topics you're comfortable talking about": Many(TOPICS, (4, 8)),
        TRAINING: One({"Yes": 16, "Booked": 3, "Not yet": 1}),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Many({"Spanish": 5, "Mandarin": 1, "Tagalog": 1,
                                     "Vietnamese": 1, "Korean": 1}, (0, 1),
                                    usually={"English": 0.97}),
        "Interests and hobbies": Many(INTERESTS, (2, 4)),
        "Availability": Many(AVAILABILITY, (2, 4)),
        "Phone number": Phone(("213", "310", "415", "510", "619", "916")),
        "Anything else we should know?": One(NOTES, blank=0.75),
    }


SAMPLE = SampleProfile(
    mentee=_profile(mentee=True),
    mentor=_profile(mentee=False),
    unmatched=(
        Planted({WANTED_GENDER: "Trans man", GENDER: "Trans man", "Pronouns": "he/him"},
                "would like a mentor who is a trans man, and no approved mentor is"),
        Planted({"Languages you speak": "American Sign Language", "Availability":
                 "Weekday evenings, Saturday afternoons", "Time zone": "America/Los_Angeles"},
                "uses American Sign Language, which no approved mentor signs"),
    ),
    capacity={None: 1, 2: 3, 3: 6},
    check_in_notes=(
        "Coffee at the LGBTQ+ center; talked about finding community on campus.",
        "Went to the queer student union's open evening together.",
        "Talked about how to handle a class roster with the wrong name.",
        "Video call; shared some resources on housing.",
        "Short check-in during midterms; all fine.",
        "Talked through how they might come out to a close friend.",
    ),
    concern_note=("Was told to leave home after coming out and is sleeping on a friend's "
                  "couch; please contact them today about emergency housing."),
)

PROGRAM = Program(
    name="lgbtq",
    title="LGBTQ+ student mentoring program",
    description="LGBTQ+ students mentored by LGBTQ+ people or allies they are comfortable "
                "with; identity answers stay private.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/Los_Angeles",
        "escalate_after": 7,
        "first_meeting_within": 10,
    },
    start_here=(
        "This workbook runs a mentoring program for LGBTQ+ students. Each mentor is LGBTQ+ "
        "or an ally and has done (or booked) Safe Zone training; each student is only paired "
        "with someone they said they would be comfortable with (an LGBTQ+ mentor, or a "
        "mentor of a given gender identity). What they want to talk about, shared interests "
        "and time zones count next.",
        "Identity answers (pronouns, gender identity, sexual orientation, being out to family, "
        "the kind of mentor asked for and the topics a student wants to talk about) are "
        "private columns: sheets-sync reads them to match but never copies them to Pairings, "
        "Unmatched or any other tab it writes. Keep this workbook shared with coordinators "
        "only, and never contact a student's family.",
        "Pairs meet every two weeks and log each meeting on the check-in form. A Concern Yes "
        "(unsafe at home, a crisis) shows on the Follow-ups tab at once: act the same day. A "
        "check-in a week late is escalated to you.",
    ),
    sample=SAMPLE,
)
