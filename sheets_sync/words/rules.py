"""The rules in words: what a mentor must be or do, and what each test means.

Used by the Why of a pair, the Reason of an unmatched mentee, the Problems of a pair that breaks
a requirement, `explain`, and the Rule tests reference tab. A rule on a private column is never
named: its column names alone could say too much.
"""

from __future__ import annotations

from functools import lru_cache

from sheets_sync.inputs.rules import MUST, Rule
from sheets_sync.model import normalise_header

PRIVATE_REQUIREMENT = "meets a requirement that uses private answers"
PRIVATE_PREFERENCE = "fits a preference that uses private answers"


def number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:g}"


def _unit(column: str, count: float | None) -> str:
    """What a difference in this column counts: grades, hours of time zone, or years."""
    header = normalise_header(column)
    one = count == 1
    if any(word in header for word in ("grade", "year of study", "class", "school year",
                                       "year level", "form")):
        return "grade" if one else "grades"
    if "time zone" in header or "timezone" in header:
        return "hour" if one else "hours"
    return "year" if one else "years"


def same_name(rule: Rule) -> bool:
    return normalise_header(rule.mentee_column) == normalise_header(rule.mentor_column)


@lru_cache(maxsize=1024)
def quoted(column: str | None) -> str:
    """A column as a sentence names it: a question is quoted, a short label is not."""
    text = column or ""
    return f"“{text}”" if text.rstrip().endswith("?") or len(text.split()) > 4 else text


@lru_cache(maxsize=1024)
def requirement(rule: Rule, whose: str = "the mentee's", private: bool = False) -> str:
    """What the mentor must be or do, to follow the words 'the mentor ...' or 'no mentor ...'.

    ``whose`` names the mentee's side ("the mentee's", "their")."""
    if private:
        return PRIVATE_REQUIREMENT if rule.kind == MUST else PRIVATE_PREFERENCE
    mentee, mentor = quoted(rule.mentee_column), quoted(rule.mentor_column)
    n, value = rule.threshold, number(rule.threshold)
    unit = _unit(rule.mentor_column, n)
    hours = "hour" if n == 1 else "hours"
    return {
        "same": f"has the same {mentee}" if same_name(rule)
        else f"has a {mentor} that matches {whose} {mentee}",
        "differs": f"has a different {mentee}" if same_name(rule)
        else f"has a {mentor} different from {whose} {mentee}",
        "overlaps": f"shares at least one of {whose} {mentee}" if same_name(rule)
        else f"offers at least one of {whose} {mentee} (in {mentor})",
        "covers": f"offers everything in {whose} {mentee} (in {mentor})",
        "mentor is": f"has {mentor}: {' or '.join(rule.shown_options)}",
        "mentee accepts": f"is what {'they' if whose == 'their' else 'the mentee'} asked for "
                          f"in {mentee} (by {mentor})",
        "mentor older by": f"is at least {value} {unit} older" if "grade" not in unit
        else f"is at least {value} {unit} above",
        "mentor younger by": f"is at least {value} {unit} younger" if "grade" not in unit
        else f"is at least {value} {unit} below",
        "age gap": f"is at least {value} {unit} older or younger",
        "within": f"has a {mentor} within {value} {unit} of {whose} {mentee}",
        "time overlap": f"is free at the same time for at least {value} {hours} a week",
    }[rule.test]


# The Rule tests reference: each test, what Value means, and an example row.
TEST_GUIDE: list[tuple[str, str, str, str]] = [
    ("same", "The two answers are the same (capital letters and spaces don't matter).",
     "Not used.", "Prefer | School | same | School | | 2"),
    ("differs", "The two answers are different.", "Not used.",
     "Prefer | Department | differs | Department | | 1"),
    ("overlaps", "The two lists (checkbox answers) share at least one item. As a Prefer rule, "
     "the more of the mentee's items the mentor shares, the higher the score.", "Not used.",
     "Must | Languages | overlaps | Languages | |"),
    ("covers", "The mentor's list holds every item of the mentee's list. As a Prefer rule, "
     "the share of the mentee's items covered counts.", "Not used.",
     "Prefer | Support needed | covers | Support offered | | 3"),
    ("mentor is", "The mentor's answer is one of the answers listed in Value (the mentee's "
     "column is left blank).", "The accepted answers, comma separated.",
     "Must | | mentor is | Background check | Cleared |"),
    ("mentee accepts", "The mentee's preference is blank, 'Any' or 'No preference', or names "
     "the mentor's answer.", "Not used.",
     "Must | Preferred mentor gender | mentee accepts | Gender | |"),
    ("mentor older by", "The mentor is at least Value older (ages, years of birth, dates of "
     "birth) or higher (grades, including words such as Freshman…Senior).",
     "Years, or grades for a grade column.", "Must | Grade | mentor older by | Grade | 1 |"),
    ("mentor younger by", "The mentor is at least Value younger, or lower in grade.",
     "Years, or grades for a grade column.", "Must | Age | mentor younger by | Age | 5 |"),
    ("age gap", "The two differ by at least Value, either way.",
     "Years (or grades).", "Must | Age | age gap | Age | 20 |"),
    ("within", "The two differ by at most Value.", "Hours for time zones; years or grades "
     "otherwise.", "Prefer | Time zone | within | Time zone | 3 | 1"),
    ("time overlap", "Both are free at the same time, once each person's time zone is "
     "applied. Availability is written like 'Mon 18:00-20:00' or 'Tuesday evenings'.",
     "Hours a week both must be free (blank means 1). As a Prefer rule, more shared hours "
     "score higher, up to Value.", "Must | Availability | time overlap | Availability | 1 |"),
]
