"""`peer`: students mentoring students a grade or more below them, e.g. seniors and freshmen."""

from __future__ import annotations

import random
from typing import Any

from sheets_sync.programs.base import Column, Program, SampleProfile, free_together, must, prefer
from sheets_sync.programs.draws import Draw, Many, One, Phone, Planted

GRADE = "Grade this school year"
GRADES = ("Freshman", "Sophomore", "Junior", "Senior")
SCHOOLS = ("Lincoln High School", "Roosevelt High School", "Washington High School")
PATHWAYS = ("General", "Honors / AP", "IB Diploma", "STEM Academy", "Arts Academy",
            "Career and Technical Education")
ACTIVITIES = ("Soccer", "Basketball", "Track and cross country", "Volleyball",
              "Band or orchestra", "Choir", "Theatre", "Art club", "Robotics", "Coding club",
              "Debate", "Student council", "Gaming", "Volunteering", "Dance", "Yearbook")
HELP_AREAS = ("Finding my way around school", "Making friends", "Choosing classes",
              "Homework and study habits", "Joining clubs and teams", "Talking to teachers",
              "Managing stress", "Balancing school with a job or family")
LANGUAGES = ("English", "Spanish", "Vietnamese", "Arabic", "Somali", "Hmong", "Mandarin")
AVAILABILITY = ("Monday lunch", "Tuesday lunch", "Wednesday lunch", "Thursday lunch",
                "Friday lunch", "Mon 15:30-16:30", "Wed 15:30-16:30", "Thu 15:30-16:30",
                "Saturday mornings")
TRAINING = ("Yes", "Scheduled", "Not yet")

TIME_ZONE_HELP = ("your school's time zone, America/Chicago; change it only if you study online "
                  "from somewhere else")
AVAILABILITY_HELP = "tick every lunch period or after-school slot you could usually meet"
PRIVATE_HELP = "only the program coordinator sees this"


def _columns(mentee: bool) -> tuple[Column, ...]:
    return (
        Column(GRADE, GRADES if mentee else GRADES[1:], width=16,
               help="incoming 9th graders choose Freshman" if mentee else ""),
        Column("School", SCHOOLS, width=24),
        Column("Program or pathway", PATHWAYS, width=24),
        Column("Time zone", width=20, help=TIME_ZONE_HELP),
        Column("Languages you speak", LANGUAGES, multi=True),
        Column("Activities you're into or want to try" if mentee
               else "Activities you're involved in", ACTIVITIES, multi=True),
        Column("What would you like help with?" if mentee else "I'm happy to help with",
               HELP_AREAS, multi=True,
               help="tick up to three" if mentee else "tick everything you could help with"),
        Column("Availability", AVAILABILITY, multi=True, help=AVAILABILITY_HELP),
        *(() if mentee else (
            Column("Teacher or counselor who recommended you", width=28),
            Column("Completed peer mentor training?", TRAINING, width=16,
                   help="Coordinator: Scheduled is fine if the session is before school starts"),
        )),
        Column("Parent or guardian phone", private=True, width=18, help=PRIVATE_HELP),
        Column("Anything else we should know?", private=True, width=50,
               help="e.g. an IEP or 504 plan, health needs, something at home; " + PRIVATE_HELP),
    )


MENTEE_COLUMNS = _columns(mentee=True)
MENTOR_COLUMNS = _columns(mentee=False)

RULES = (
    must(GRADE, "mentor older by", GRADE, 1, note=(
        "A peer mentor is at least one grade ahead: they have already been through the year "
        "the mentee is starting. Grades are read as Freshman 9 ... Senior 12.")),
    must(GRADE, "within", GRADE, 3, note=(
        "...and at most three grades ahead (a senior with a freshman is the widest gap), so "
        "they still remember what it was like.")),
    must(None, "mentor is", "Completed peer mentor training?", "Yes, Scheduled", note=(
        "Mentors take the peer mentor training before they meet anyone; Not yet means wait.")),
    free_together(0.5, note=(
        "At least half an hour a week when both are free, e.g. the same lunch period.")),
    prefer("School", "same", "School", weight=4, note=(
        "Mentors show mentees around their own building and its people, so the same school "
        "matters most. In a one-school program this always holds.")),
    prefer("What would you like help with?", "covers", "I'm happy to help with",
            weight=3, note="The mentor is happy to help with what the mentee asked for."),
    prefer("Program or pathway", "same", "Program or pathway", weight=2, note=(
        "Someone from the same pathway (IB, STEM Academy ...) knows its classes and workload.")),
    prefer("Activities you're into or want to try", "overlaps",
            "Activities you're involved in", weight=2, note=(
                "A shared club or team gives them something to talk about and a way in.")),
    prefer("Languages you speak", "overlaps", "Languages you speak", weight=1, note=(
        "A newcomer still learning English settles faster with a mentor who speaks their "
        "home language.")),
)

# --- sample people -----------------------------------------------------------------------------

SCHOOL_SHARE = {"Lincoln High School": 5, "Roosevelt High School": 3,
                "Washington High School": 2}
PATHWAY_SHARE = {"General": 6, "Honors / AP": 3, "IB Diploma": 1, "STEM Academy": 2,
                 "Arts Academy": 1, "Career and Technical Education": 2}
TIME_ZONES = {"America/Chicago": 16, "Central": 2, "CST": 1, "UTC-6": 1}
HOME_LANGUAGES = {"Spanish": 6, "Vietnamese": 1, "Arabic": 1, "Somali": 1, "Hmong": 1,
                  "Mandarin": 1}
NOTES = {
    "Has a 504 plan for extra time on tests.": 1,
    "Moved here over the summer and doesn't know anyone yet.": 1,
    "Looks after younger siblings after school on Tuesdays.": 1,
    "Asthma: carries an inhaler.": 1,
    "Works weekends at the family restaurant.": 1,
}


def _profile(mentee: bool) -> dict[str, Draw]:
    return {
        GRADE: One({"Freshman": 14, "Sophomore": 4, "Junior": 2} if mentee
                   else {"Sophomore": 1, "Junior": 4, "Senior": 5}),
        "School": One(SCHOOL_SHARE),
        "Program or pathway": One(PATHWAY_SHARE),
        "Time zone": One(TIME_ZONES),
        "Languages you speak": Many(HOME_LANGUAGES, (0, 1), usually={"English": 0.93}),
        ("Activities you're into or want to try" if mentee
         else "Activities you're involved in"): Many(ACTIVITIES, (1, 3)),
        ("What would you like help with?" if mentee else "I'm happy to help with"): (
            Many(HELP_AREAS, (1, 3)) if mentee else Many(HELP_AREAS, (3, 6))),
        "Availability": Many(AVAILABILITY, (2, 3) if mentee else (2, 5)),
        "Teacher or counselor who recommended you": One(
            ("Ms. Alvarez (counselor)", "Mr. Okafor (math)", "Mrs. Chen (English)",
             "Coach Reed", "Dr. Patel (science)", "Ms. Novak (art)")),
        "Completed peer mentor training?": One({"Yes": 16, "Scheduled": 3, "Not yet": 1}),
        "Parent or guardian phone": Phone(("312", "773", "630", "847")),
        "Anything else we should know?": One(NOTES, blank=0.7),
    }


def _planted_pair(rng: random.Random, mentee: dict[str, Any], mentor: dict[str, Any]) -> None:
    """A planted pair's grades are words, so put the mentee one to three grades below; and
    pairs from an earlier sync were made within one school."""
    mentee["School"] = mentor["School"]
    if mentor[GRADE] not in GRADES[1:]:
        mentor[GRADE] = "Senior"
    top = GRADES.index(mentor[GRADE])
    mentee[GRADE] = rng.choice(GRADES[max(0, top - 3):top])


SAMPLE = SampleProfile(
    mentee=_profile(mentee=True),
    mentor=_profile(mentee=False),
    unmatched=(
        Planted({GRADE: "Senior", "School": "Lincoln High School"},
                "is a Senior, and no mentor is in a higher grade (peer mentors are one to "
                "three grades ahead)"),
        Planted({"Availability": "Sunday afternoons", "Time zone": "America/Chicago"},
                "works after school and is free only on Sunday afternoons, when no mentor is"),
    ),
    capacity={None: 5, 2: 2, 3: 3},
    check_in_notes=(
        "Showed them where the library and the counselor's office are.",
        "Ate lunch together; talked about trying out for the soccer team.",
        "Went over next semester's class choices.",
        "Helped make a plan for the first big biology test.",
        "Quick check-in between classes; all good.",
        "Introduced them to a couple of people from robotics club.",
    ),
    concern_note=("Seems very down and has skipped lunch with me twice; said things are hard "
                  "at home. Please ask their counselor to check in."),
    pair_fixup=_planted_pair,
)

PROGRAM = Program(
    name="peer",
    title="Peer mentoring program",
    description="Students mentoring students one to three grades below them, e.g. seniors "
                "guiding incoming freshmen, ideally in the same school and pathway.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "time_zone": "America/Chicago",
        "default_capacity": 3,
        "escalate_after": 10,
        "first_meeting_within": 7,
        "sessions_to_schedule": 4,
        "session_length": 30,
    },
    start_here=(
        "This workbook runs a peer mentoring program: sophomores, juniors and seniors each "
        "look after up to three students from lower grades, usually incoming freshmen, through "
        "their first year. A mentor is always one to three grades ahead of their mentee, has "
        "done (or booked) the peer mentor training, and shares at least half an hour a week "
        "with them, often a lunch period. The same school, pathway and clubs count next.",
        "Before school starts, mentors fill in the mentor form after training and a teacher or "
        "counselor recommends them; freshmen fill in the mentee form at orientation. Screen "
        "both lists, approve the pairs you are happy with, and let mentors know who their "
        "mentees are. Grades are written Freshman, Sophomore, Junior, Senior (or 9 to 12) so "
        "the rules can compare them.",
        "Pairs meet every two weeks for about half an hour and log each meeting on the "
        "check-in form. A Concern Yes shows on the Follow-ups tab at once: pass it to the "
        "student's counselor. Parent or guardian phone numbers and anything shared in "
        "confidence stay private to this workbook. At the end of the year set pairs to Ended; "
        "next year's juniors and seniors can sign up as mentors.",
    ),
    sample=SAMPLE,
)
