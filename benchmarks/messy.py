"""Roster answers as real form responses look, for the benchmarks.

Tidy sample people tick a few boxes from a short list: every column has a handful of distinct
answers. Real intake forms do not: interests are typed as free text, in any case, with commas,
semicolons or line breaks between them, with typos and stray spaces; cities are many and
spelled many ways; optional questions are left blank by half the people; a few people type
their own availability instead of ticking the form's boxes; and places are short, so many
mentees stay unmatched. ``make_messy`` rewrites the two roster tabs of a generated workbook
that way, the same every time, and adds a City question with a Prefer rule on it.

The people in planted pairs keep their answers (so those pairs stay valid), and every answer
keeps its meaning apart from the typos: the mess changes how answers are written, not who
could mentor whom (except where a typo breaks a match, as it does on real forms).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sheets_sync.model import Table

CITY_RULE = ["Prefer", "City", "same", "City", None, 1, "same city: could meet in person"]
HOBBIES = (
    "rock climbing", "hiking", "photography", "baking", "sourdough", "chess", "board games",
    "video games", "anime", "k-pop", "jazz", "piano", "guitar", "singing in a choir", "dance",
    "salsa", "yoga", "running", "marathons", "cycling", "swimming", "football", "soccer",
    "basketball", "cricket", "tennis", "volunteering", "gardening", "cooking", "vegan cooking",
    "reading", "sci-fi", "poetry", "creative writing", "journaling", "podcasts", "film",
    "documentaries", "theatre", "painting", "drawing", "pottery", "knitting", "sewing",
    "woodworking", "3d printing", "robotics", "coding", "open source", "ai", "data science",
    "startups", "investing", "personal finance", "crypto", "languages", "learning french",
    "travel", "camping", "fishing", "birdwatching", "astronomy", "history", "philosophy",
    "politics", "social justice", "climate", "sustainability", "public speaking", "debate",
    "mentoring", "parenting", "pets", "dogs", "cats", "fashion", "makeup", "interior design",
    "architecture", "cars", "motorbikes", "diy", "meditation", "mental health", "fitness",
    "weightlifting", "martial arts", "boxing", "skateboarding", "surfing", "skiing", "church",
    "community organizing", "nonprofits", "entrepreneurship", "marketing", "ux design",
)
CITY_PARTS = (
    ("North", "South", "East", "West", "New", "Port", "Lake", "Fort", "Mount", "Glen", "Spring",
     "River", "Oak", "Cedar", "Maple", "Pine", "Green", "Fair", "Bright", "Stone", "Clear",
     "Silver", "Red", "Blue", "High", "Long", "Elm", "Ash", "Rock", "Sun"),
    ("wood", "field", "ford", "ton", "ville", "burg", "dale", "port", "haven", "view", "brook",
     "ridge", "mouth", "minster", "stead", "borough", "wick", "ham", "chester", "bury"),
)
SEPARATORS = (", ", ", ", ", ", ",", "; ", ";", "\n", " , ", ";  ")
ZONES = {
    "America/New_York": ("America/New_York", " america/new_york", "EST", "Eastern Time",
                         "UTC-5", "utc -5", "GMT-5", "(GMT-05:00) Eastern Time (US & Canada)",
                         "-5"),
    "UTC-5": ("UTC-5", "utc-5", "-5", "EST"),
    "-5": ("-5", "UTC-5", "-05:00"),
    "America/Chicago": ("America/Chicago", "Central", "CST", "UTC-6", "-6", "central time"),
    "UTC-6": ("UTC-6", "-6", "GMT-6"),
    "America/Los_Angeles": ("America/Los_Angeles", "Pacific", "PST", "UTC-8", "-8",
                            "Pacific Time (US & Canada)"),
    "-8": ("-8", "UTC-8", "-08:00"),
    "UTC-8": ("UTC-8", "utc-8", "PST"),
    "America/Sao_Paulo": ("America/Sao_Paulo", "UTC-3", "-3", "BRT"),
    "UTC-3": ("UTC-3", "-3", "GMT-3"),
    "Europe/London": ("Europe/London", "UK", "GMT", "london"),
    "GMT+1": ("GMT+1", "UTC+1", "+1", "CET"),
    "Europe/Berlin": ("Europe/Berlin", "europe/berlin", "Central European", "CET"),
    "Africa/Lagos": ("Africa/Lagos", "WAT", "UTC+1", "+1"),
    "Asia/Kolkata": ("Asia/Kolkata", "IST", "India", "UTC+5:30", "+5.5"),
}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
UNREADABLE = ("depends on my shifts", "ask me", "flexible-ish, will confirm", "TBC")


class Mess:
    """One random stream that writes answers the way people type them."""

    def __init__(self, seed: str, people: int) -> None:
        self.rng = random.Random(seed)
        cities = [a + b for a in CITY_PARTS[0] for b in CITY_PARTS[1]]
        self.rng.shuffle(cities)
        # Thousands of places, a few big ones: weights fall off as a power of the rank.
        self.cities = cities[:max(40, min(len(cities), people // 8))]
        self.city_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.cities))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def case(self, text: str) -> str:
        """The same words in the case people type them, sometimes with stray spaces."""
        roll = self.rng.random()
        text = (text.lower() if roll < 0.3 else text.upper() if roll < 0.36
                else text.title() if roll < 0.5 else text.capitalize() if roll < 0.6 else text)
        if self.chance(0.15):
            text = text.replace(" ", "  ", 1) if " " in text else f" {text}"
        if self.chance(0.15):
            text += " "
        return text

    def typo(self, text: str, p: float) -> str:
        """A dropped, doubled or swapped letter, with chance ``p``."""
        if len(text) < 4 or not self.chance(p):
            return text
        at = self.rng.randrange(1, len(text) - 2)
        kind = self.rng.randrange(3)
        if kind == 0:
            return text[:at] + text[at + 1:]
        if kind == 1:
            return text[:at] + text[at] + text[at:]
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]

    def join(self, items: list[str]) -> str | None:
        if not items:
            return None
        sep = self.rng.choice(SEPARATORS)
        return sep.join(items)

    def items(self, cell: object, typos: float) -> list[str]:
        text = "" if cell is None else str(cell)
        return [self.case(self.typo(item.strip(), typos)) for item in text.split(",")
                if item.strip()]

    # -- columns ---------------------------------------------------------------------------
    def interests(self, cell: object) -> str | None:
        if self.chance(0.2):
            return None
        items = self.items(cell, 0.06)[:self.rng.randint(0, 3)]
        for _ in range(self.rng.choice((0, 1, 1, 2, 2, 3))):
            hobby = HOBBIES[min(int(self.rng.paretovariate(0.7)) - 1, len(HOBBIES) - 1)]
            items.append(self.case(self.typo(hobby, 0.08)))
        return self.join(items)

    def help_areas(self, cell: object, mentee: bool) -> str | None:
        if mentee and self.chance(0.5):
            return None  # optional on the form, and half leave it
        return self.join(self.items(cell, 0.03))

    def languages(self, cell: object) -> str | None:
        return self.join(self.items(cell, 0.01))

    def availability(self, cell: object) -> str | None:
        """The form's checkboxes, written every which way; a few people type their own."""
        if self.chance(0.01):
            return self.rng.choice(UNREADABLE)
        items = [self.case(item) for item in str(cell or "").split(",") if item.strip()]
        if self.chance(0.05):
            items.append(self.slot())
        return self.join(items)

    def slot(self) -> str:
        """A weekly time typed in one of the ways people do."""
        day = self.rng.choice(DAYS)
        start = self.rng.randint(7, 20)
        half = self.rng.choice((0, 0, 0, 30))
        length = self.rng.choice((1, 1.5, 2, 2, 3))
        end_minutes = start * 60 + half + int(length * 60)
        end, end_half = divmod(end_minutes, 60)
        style = self.rng.randrange(4)
        if style == 0:
            return f"{day[:3]} {start:02d}:{half:02d}-{end:02d}:{end_half:02d}"
        if style == 1:
            return f"{day}s {start:02d}:{half:02d} - {end:02d}:{end_half:02d}"
        if style == 2 and end <= 12 or start > 12:
            clock = f"{_twelve(start, half)}-{_twelve(end, end_half)}"
            return f"{day.lower()[:3]} {clock}{'pm' if start >= 12 else 'am'}"
        return f"{day} {start:02d}:{half:02d} to {end:02d}:{end_half:02d}"

    def time_zone(self, cell: object) -> str | None:
        if self.chance(0.1):
            return None
        return self.rng.choice(ZONES.get(str(cell), (str(cell),)))

    def age(self, cell: object) -> object:
        roll = self.rng.random()
        if roll < 0.08 or cell is None:
            return None
        if roll < 0.13:
            return f"{cell} years old"
        if roll < 0.18:
            return 2026 - int(cell)  # a birth year
        if roll < 0.19:
            return "prefer not to say"
        return cell

    def choice(self, cell: object, blank: float) -> str | None:
        if cell is None or self.chance(blank):
            return None
        return self.case(str(cell))

    def city(self) -> str | None:
        if self.chance(0.4):
            return None
        city = self.rng.choices(self.cities, self.city_weights)[0]
        return self.case(self.typo(city, 0.04))

    def email(self, cell: object) -> object:
        if isinstance(cell, str) and self.chance(0.05):
            return f" {cell[0].upper()}{cell[1:]}"
        return cell

    def capacity(self, cell: object) -> object:
        return None if self.chance(0.15) else self.rng.randint(1, 3)


def _twelve(hour: int, minute: int) -> str:
    shown = hour % 12 or 12
    return f"{shown}:{minute:02d}" if minute else str(shown)


def make_messy(mentees: Table, mentors: Table, planted: set[str], seed: str) -> None:
    """Rewrite both roster tables as messy form responses (in place), adding a City column.
    People whose email is in ``planted`` keep their answers."""
    mess = Mess(seed, len(mentees.rows))
    for table, mentee in ((mentees, True), (mentors, False)):
        help_header = "What would you like help with?" if mentee else "I can help with"
        columns: dict[str, Callable[[object], object]] = {
            "Interests": mess.interests,
            help_header: lambda cell, mentee=mentee: mess.help_areas(cell, mentee),
            "Languages you speak": mess.languages,
            "Availability": mess.availability,
            "Time zone": mess.time_zone,
            "Age": mess.age,
            "Preferred meeting format": lambda cell: mess.choice(cell, 0.3),
            "Email Address": mess.email,
        }
        if not mentee:
            columns["Capacity"] = mess.capacity
        at = {name: table.column(name) for name in columns}
        email = table.column("Email Address")
        table.header.insert(email + 3, "City")
        for row in table.rows:
            keep = row[email] in planted
            if not keep:
                for name, rewrite in columns.items():
                    row[at[name]] = rewrite(row[at[name]])
            row.insert(email + 3, None if keep else mess.city())
