"""`virtual`: online mentoring across countries and time zones."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np

from sheets_sync.inputs import values, zones
from sheets_sync.model import Cell
from sheets_sync.programs.base import (
    Column,
    Program,
    SampleProfile,
    free_together,
    prefer,
    shared_language,
)
from sheets_sync.programs.draws import Custom, Many, One, Planted

# country -> (its time zones as IANA names, languages widely spoken there, first = main)
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "United States": (("America/New_York", "America/Chicago", "America/Los_Angeles"),
                      ("English", "Spanish")),
    "Canada": (("America/Toronto", "America/Vancouver"), ("English", "French")),
    "Mexico": (("America/Mexico_City",), ("Spanish",)),
    "Colombia": (("America/Bogota",), ("Spanish",)),
    "Brazil": (("America/Sao_Paulo",), ("Portuguese",)),
    "United Kingdom": (("Europe/London",), ("English",)),
    "Spain": (("Europe/Madrid",), ("Spanish",)),
    "Germany": (("Europe/Berlin",), ("German",)),
    "Poland": (("Europe/Warsaw",), ("Polish",)),
    "Ukraine": (("Europe/Kyiv",), ("Ukrainian",)),
    "Nigeria": (("Africa/Lagos",), ("English", "Yoruba")),
    "Ghana": (("Africa/Accra",), ("English",)),
    "Kenya": (("Africa/Nairobi",), ("English", "Swahili")),
    "Egypt": (("Africa/Cairo",), ("Arabic",)),
    "Jordan": (("Asia/Amman",), ("Arabic",)),
    "United Arab Emirates": (("Asia/Dubai",), ("Arabic", "English")),
    "India": (("Asia/Kolkata",), ("Hindi", "English")),
    "Singapore": (("Asia/Singapore",), ("English", "Mandarin")),
    "Japan": (("Asia/Tokyo",), ("Japanese",)),
    "South Korea": (("Asia/Seoul",), ("Korean",)),
    "Philippines": (("Asia/Manila",), ("Tagalog", "English")),
    "Australia": (("Australia/Sydney",), ("English",)),
}
LANGUAGES = ("English", "Spanish", "Portuguese", "French", "German", "Polish", "Ukrainian",
             "Arabic", "Hindi", "Mandarin", "Japanese", "Korean", "Swahili", "Yoruba", "Tagalog")
FIELDS = ("Technology", "Business and finance", "Engineering", "Health", "Education",
          "Social impact and NGOs", "Creative industries", "Science and research")
TOPICS = ("Career direction", "Working in another country", "Remote work", "Leadership",
          "Starting a business", "Technical skills", "Studying abroad",
          "Networking across borders", "Confidence and communication")
PLATFORMS = ("Zoom", "Google Meet", "Microsoft Teams", "WhatsApp video", "Signal video")
# In the person's own time zone; the engine converts each side before comparing.
AVAILABILITY = ("Weekday mornings", "Weekday lunchtimes", "Weekday afternoons",
                "Weekday evenings", "Weekend mornings", "Weekend afternoons", "Weekend evenings")

COUNTRY = "Country"
FIELD = "Field of work or study"
PRIVATE_HELP = "only the program coordinator sees this"


def _sides(mentee: bool) -> tuple[Column, ...]:
    return (
        Column(COUNTRY, tuple(COUNTRIES), width=22, help="the country you live in now"),
        Column("Time zone", width=22,
               help="your zone's name, e.g. Asia/Kolkata or America/Sao_Paulo, or a UTC "
                    "offset such as UTC+5:30; the Schedule shows each session in your own time"),
        Column("Languages you speak", LANGUAGES, multi=True,
               help="only languages you could hold an hour's conversation in"),
        Column(FIELD, FIELDS),
        *((Column("Where would you like to study or work one day?", tuple(COUNTRIES),
                  multi=True, help="tick any countries you're curious about"),
           Column("What would you like to talk about?", TOPICS, multi=True,
                  help="tick up to three"))
          if mentee else
          (Column("Countries you have lived or worked in", tuple(COUNTRIES), multi=True),
           Column("Topics you can mentor on", TOPICS, multi=True),
           Column("Current role and organisation", width=32))),
        Column("Video platforms you can use", PLATFORMS, multi=True),
        Column("Availability", AVAILABILITY, multi=True,
               help="tick every time that suits you, in YOUR local time; we convert"),
        Column("Phone or WhatsApp number", private=True, width=20, help=PRIVATE_HELP),
        Column("Anything else we should know?", private=True, width=50, help=PRIVATE_HELP),
    )


MENTEE_COLUMNS = _sides(mentee=True)
MENTOR_COLUMNS = _sides(mentee=False)

RULES = (
    shared_language(note=(
        "All our meetings are calls: without a language in common there is no mentoring.")),
    free_together(1, note=(
        "At least an hour a week when both are free once each side's time zone is applied: "
        "a Lagos evening can meet a Sao Paulo afternoon, but not a Tokyo night.")),
    prefer("What would you like to talk about?", "covers", "Topics you can mentor on",
            weight=3, note="The mentor can speak to what the mentee wants to talk about."),
    prefer(COUNTRY, "differs", COUNTRY, weight=2, note=(
        "A mentor in another country gives the global perspective this program is for.")),
    prefer("Where would you like to study or work one day?", "overlaps",
            "Countries you have lived or worked in", weight=2, note=(
                "A mentor who has lived where the mentee hopes to go knows how it really is.")),
    prefer(FIELD, "same", FIELD, weight=1, note=(
        "Nice to have: they work (or want to work) in the same field.")),
    prefer("Video platforms you can use", "overlaps", "Video platforms you can use",
            weight=1, note="Nice to have: a video tool both already use."),
)

# --- sample people ---------------------------------------------------------------------------

WHERE = {  # name culture -> countries such people may live in, by weight
    "Anglo": {"United States": 4, "United Kingdom": 3, "Canada": 2, "Australia": 2},
    "West African": {"Nigeria": 4, "Ghana": 3, "Kenya": 1, "United Kingdom": 1,
                     "United States": 1},
    "South Asian": {"India": 5, "United Kingdom": 1, "United States": 1, "Singapore": 1,
                    "Canada": 1, "United Arab Emirates": 1},
    "East Asian": {"Japan": 2, "South Korea": 2, "Singapore": 2, "United States": 1,
                   "Australia": 1},
    "Latin American": {"Mexico": 3, "Brazil": 3, "Colombia": 2, "Spain": 1, "United States": 2},
    "Arabic": {"Egypt": 3, "Jordan": 2, "United Arab Emirates": 2, "Germany": 1},
    "Slavic": {"Poland": 3, "Ukraine": 3, "Germany": 1, "United Kingdom": 1},
}
ROLES = ("Product manager, fintech startup", "Civil engineer, infrastructure consultancy",
         "Data scientist, public health NGO", "Founder, e-commerce business",
         "Secondary school teacher", "Software engineer, remote-first company",
         "Researcher, university lab", "Programme officer, international development agency",
         "UX designer, design studio", "Finance manager, logistics group")
NOTES = {"I'm on mobile data, so audio-only calls are easier for me.": 1,
         "I travel a lot for work; my time zone changes some months.": 1,
         "I'd love a mentor who moved countries for work.": 1,
         "Ramadan may shift my availability in spring.": 1}
CALLING_CODES = {"United States": "+1", "Canada": "+1", "Mexico": "+52", "Colombia": "+57",
                 "Brazil": "+55", "United Kingdom": "+44", "Spain": "+34", "Germany": "+49",
                 "Poland": "+48", "Ukraine": "+380", "Nigeria": "+234", "Ghana": "+233",
                 "Kenya": "+254", "Egypt": "+20", "Jordan": "+962", "United Arab Emirates": "+971",
                 "India": "+91", "Singapore": "+65", "Japan": "+81", "South Korea": "+82",
                 "Philippines": "+63", "Australia": "+61"}


def _country(rng: random.Random, person: dict[str, Any]) -> Cell:
    countries = WHERE.get(person["_culture"], {"United States": 1, "United Kingdom": 1})
    return rng.choices(list(countries), list(countries.values()))[0]


def _zone(rng: random.Random, person: dict[str, Any]) -> Cell:
    zone = rng.choice(COUNTRIES[person[COUNTRY]][0])
    person["_home"] = (person[COUNTRY], zone)  # restored by _across_borders for planted pairs
    return zone


def _languages(rng: random.Random, person: dict[str, Any]) -> Cell:
    local = COUNTRIES[person[COUNTRY]][1]
    spoken = {local[0], *(lang for lang in local[1:] if rng.random() < 0.6)}
    if rng.random() < (0.9 if person["_role"] == "mentee" else 0.97):
        spoken.add("English")
    if rng.random() < 0.15:
        spoken.add(rng.choice(LANGUAGES[:6]))
    return ", ".join(lang for lang in LANGUAGES if lang in spoken)


def _phone(rng: random.Random, person: dict[str, Any]) -> Cell:
    """A made-up number: the country's calling code, then digits from ranges kept for fiction
    where the country has one (North America 555-01xx, UK 07700 900xxx)."""
    code = CALLING_CODES[person[COUNTRY]]
    if code == "+1":
        area = rng.choice(("212", "415", "416", "604", "713"))
        return f"+1 {area} 555 01{rng.randint(0, 99):02d}"
    if code == "+44":
        return f"+44 7700 900{rng.randint(0, 999):03d}"
    return f"{code} 555 01{rng.randint(0, 99):02d}"


def _week(availability: Cell, zone: Cell, day: dt.date, shift: float = 0.0) -> np.ndarray:
    grid, _unknown = values.parse_availability(availability)
    return values.to_utc(grid, (zones.parse_utc_offset(zone, day) or 0.0) + shift)


def _across_borders(rng: random.Random, mentee: dict[str, Any], mentor: dict[str, Any]) -> None:
    """Give a planted pair's mentee back their own country and zone (the generic step copied
    the mentor's), with availability that overlaps the mentor's once both zones are applied:
    so the Schedule shows the session at two different local times."""
    country, zone = mentee["_home"]
    day = mentee["Timestamp"].date()
    theirs = _week(mentor["Availability"], mentor["Time zone"], day)

    def hours(option: str) -> float:  # the worst case if either side's clocks changed
        return min(values.overlap_hours(_week(option, zone, day, shift), theirs)
                   for shift in (-1.0, 0.0, 1.0))

    best = max(AVAILABILITY, key=hours)
    if hours(best) >= 1:
        others = [o for o in AVAILABILITY if o != best]
        mentee.update({COUNTRY: country, "Time zone": zone,
                       "Availability": ", ".join(sorted([best, rng.choice(others)],
                                                        key=AVAILABILITY.index))})
        return
    # No shared time from home: keep the mentor's zone and say the mentee lives there too.
    mentee[COUNTRY] = next(c for c, (zones, _l) in COUNTRIES.items()
                           if mentor["Time zone"] in zones)


def _profile(mentee: bool) -> dict[str, Any]:
    return {
        COUNTRY: Custom(_country),
        "Time zone": Custom(_zone),
        "Languages you speak": Custom(_languages),
        FIELD: One(FIELDS),
        **({"Where would you like to study or work one day?": Many(
                {**{c: 1 for c in COUNTRIES}, "United Kingdom": 3, "Germany": 3, "Canada": 3,
                 "United States": 3, "Australia": 2}, (1, 3)),
            "What would you like to talk about?": Many(TOPICS, (1, 3))}
           if mentee else
           {"Countries you have lived or worked in": Many(
                {**{c: 1 for c in COUNTRIES}, "United Kingdom": 3, "United States": 3,
                 "Germany": 2}, (1, 3)),
            "Topics you can mentor on": Many(TOPICS, (3, 6)),
            "Current role and organisation": One(ROLES)}),
        "Video platforms you can use": Many({"Zoom": 5, "Google Meet": 4, "Microsoft Teams": 3,
                                             "WhatsApp video": 3, "Signal video": 1},
                                            (1, 3) if mentee else (2, 4)),
        "Availability": Many({"Weekday mornings": 2, "Weekday lunchtimes": 2,
                              "Weekday afternoons": 1, "Weekday evenings": 5,
                              "Weekend mornings": 4, "Weekend afternoons": 3,
                              "Weekend evenings": 2}, (2, 3) if mentee else (3, 5)),
        "Phone or WhatsApp number": Custom(_phone),
        "Anything else we should know?": One(NOTES, blank=0.75),
    }


SAMPLE = SampleProfile(
    mentee=_profile(mentee=True),
    mentor=_profile(mentee=False),
    capacity={None: 2, 2: 3, 3: 5},
    unmatched=(
        Planted({COUNTRY: "Philippines", "Time zone": "Asia/Manila",
                 "Languages you speak": "Tagalog",
                 "Availability": "Weekday evenings, Weekend mornings"},
                "speaks only Tagalog, which no approved mentor speaks", culture="Filipino"),
        Planted({"Availability": None},
                "left the Availability question blank, leaving no hour to share with a mentor"),
    ),
    check_in_notes=(
        "Good call despite the 7-hour difference; moved to Saturdays.",
        "Talked about applying for a visa-sponsored job abroad.",
        "Shared a list of remote-first companies to look at.",
        "Connection dropped twice; finished on WhatsApp audio.",
        "Went through the mentee's LinkedIn profile together.",
        "Compared how interviews work in our two countries.",
    ),
    concern_note=("Mentee has stopped replying since the power cuts in their area; please "
                  "check they are safe and able to connect."),
    pair_fixup=_across_borders,
)

PROGRAM = Program(
    name="virtual",
    title="Virtual mentoring across borders",
    description="Online mentoring across countries: a shared language and an hour a week once "
                "time zones are applied, a mentor abroad preferred.",
    mentee_columns=MENTEE_COLUMNS,
    mentor_columns=MENTOR_COLUMNS,
    rules=RULES,
    settings={
        "show_local_times": True,
    },
    start_here=(
        "This workbook runs a virtual mentoring program: mentees and mentors live in different "
        "countries and meet by video call. Everyone gives their country, their time zone (a "
        "name such as Africa/Lagos keeps up with daylight saving by itself) and the times they "
        "are free in their OWN local time.",
        "Each sync converts every availability to one clock before comparing, so a pair is "
        "proposed only when they share a language and at least an hour a week. Among those, "
        "it prefers mentors who can speak to the mentee's topics and who live in another "
        "country, ideally one the mentee hopes to study or work in.",
        "The Schedule's times are in the program's time zone (Settings, UTC to start with); its "
        "Note gives each session in the mentee's and the mentor's own local time, ready to "
        "paste into an invitation. Pairs meet every two weeks.",
        "When a mentee's time zone changes (travel, daylight saving in one country only), ask "
        "them to update their Time zone answer; the next sync uses it.",
    ),
    sample=SAMPLE,
)
