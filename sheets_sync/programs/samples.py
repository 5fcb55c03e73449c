"""Made-up, deterministic sample people for a new workbook (``sheets-sync new --sample N``).

The same (program, N, today) always gives the same workbook: one ``random.Random`` seeded from
the text ``"program:N"`` draws everything, and every date is counted back from ``today``.

Besides N mentees and their mentors, a sample plants cases worth looking at after a first sync:
six pairs "from an earlier sync" whose check-ins put one pair under each follow-up flag, mentees
the rules leave unmatched for a clear reason, a withdrawn mentee, unapproved mentors and a mentor
on hold; and earlier pairs, now Ended, for the Reports tab (past.py).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sheets_sync.inputs.settings import Settings
from sheets_sync.model import Cell, normalise_header
from sheets_sync.outputs.layout import FLAGS
from sheets_sync.programs.base import MENTEE, MENTOR, MUST, Column, Program, RuleRow, SampleProfile
from sheets_sync.programs.draws import Many, One, weighted
from sheets_sync.programs.names import make_email, pick_name
from sheets_sync.programs.past import plant_past

Person = dict[str, Any]  # header -> answer, plus "_role" and "_culture"
PAIRS = 6  # pre-existing pairs, one per follow-up flag
SIGN_UP_DAYS = 60  # sample people signed up within this many days before today
MATCHED_AGO = 70  # planted pairs with check-ins were matched about this many days ago
CHECK_IN_HEADERS = ["Timestamp", "Your Email", "Pair ID", "Mentee Email", "Mentor Email",
                    "Meeting Date", "Concern", "Notes", "Handled"]
APPROVED_AFTER = 2  # planted pairs were approved (made Active) about this many days after


@dataclass
class Sample:
    mentees: list[Person] = field(default_factory=list)
    mentors: list[Person] = field(default_factory=list)
    pairings: list[dict[str, Cell]] = field(default_factory=list)  # Pairings header -> cell
    check_ins: list[dict[str, Cell]] = field(default_factory=list)  # CHECK_IN_HEADERS -> cell
    story: list[str] = field(default_factory=list)  # what was planted, for Start Here


def generate(program: Program, n: int, today: dt.date, settings: Settings) -> Sample:
    """N mentees, max(4, round(0.4 N)) mentors, planted pairs, check-ins and edge cases."""
    rng = random.Random(f"{program.name}:{n}")
    maker = _Maker(program, rng, today)
    sample = Sample()
    mentors = [maker.person(MENTOR) for _ in range(max(4, round(n * 0.4)))]
    eligible = _set_mentor_roles(rng, mentors, sample.story)

    pair_count = min(PAIRS, n)
    planted = program.sample.unmatched[: n - pair_count]
    pairs: list[tuple[Person, Person]] = []
    load: dict[str, int] = {}
    for index in range(pair_count):
        mentor = eligible[index % len(eligible)]
        load[mentor["Email Address"]] = load.get(mentor["Email Address"], 0) + 1
        _make_room(mentor, load[mentor["Email Address"]], settings.default_capacity)
        mentee = maker.person(MENTEE)
        maker.satisfy(mentee, mentor)
        pairs.append((mentee, mentor))
    mentees = [mentee for mentee, _mentor in pairs]
    for case in planted:
        mentee = maker.person(MENTEE, culture=case.culture)
        mentee.update(case.answers)
        mentees.append(mentee)
        sample.story.append(f"{mentee['Full name']} ({mentee['Email Address']}) "
                            f"{case.reason}, so stays unmatched.")
    others = [maker.person(MENTEE) for _ in range(n - len(mentees))]
    withdrawn = rng.choice(others) if others else None
    if withdrawn is not None:
        withdrawn["Status"] = "Withdrawn"
        sample.story.append(f"{withdrawn['Full name']} ({withdrawn['Email Address']}) has "
                            "withdrawn (Status Withdrawn), so is never matched.")
    mentees += others

    _plant_history(rng, today, settings, pairs, sample, program.sample)
    past = plant_past(random.Random(f"{program.name}:{n}:past"), today, settings,
                      [m for m in others if m is not withdrawn], eligible, program.sample)
    pairings, check_ins, story = past
    sample.pairings += pairings
    sample.check_ins += check_ins
    sample.story += story
    by_time = itemgetter("Timestamp")
    sample.mentees = sorted(mentees, key=by_time)  # as a form response tab fills up
    sample.mentors = sorted(mentors, key=by_time)
    sample.check_ins.sort(key=lambda row: row["Timestamp"])
    return sample


class _Maker:
    """Draws people for one program from one random stream."""

    def __init__(self, program: Program, rng: random.Random, today: dt.date) -> None:
        self.program, self.rng, self.today = program, rng, today
        self.taken: set[str] = set()  # emails
        self.names: set[str] = set()  # full names, kept distinct so the story reads clearly
        self.columns = {side: {normalise_header(c.header): c for c in program.columns(side)}
                        for side in (MENTEE, MENTOR)}

    def person(self, side: str, culture: str | None = None) -> Person:
        rng, profile = self.rng, self.program.sample
        culture, first, last = pick_name(rng, culture)
        for _attempt in range(20):
            if f"{first} {last}" not in self.names:
                break
            culture, first, last = pick_name(rng, culture)
        self.names.add(f"{first} {last}")
        signed_up = self.today - dt.timedelta(days=rng.randint(1, SIGN_UP_DAYS))
        person: Person = {
            "_role": side,
            "_culture": culture,
            "Timestamp": dt.datetime.combine(signed_up, dt.time(
                rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59))),
            "Email Address": make_email(rng, first, last, self.taken),
            "Full name": f"{first} {last}",
        }
        own = self.program.mentee_columns if side == MENTEE else self.program.mentor_columns
        draws = profile.mentee if side == MENTEE else profile.mentor
        for column in own:
            person[column.header] = self.answer(column, draws.get(column.header), person)
        if side == MENTOR:
            amounts, weights = weighted({str(k): w for k, w in profile.capacity.items()})
            amount = rng.choices(amounts, weights)[0]
            person["Capacity"] = None if amount == "None" else int(amount)
        person["Approved"], person["Status"] = "Yes", "Active"
        return person

    def answer(self, column: Column, draw: Any, person: Person) -> Cell:
        if draw is None and column.options:
            top = min(3, len(column.options))
            draw = Many(column.options, (1, top)) if column.multi else One(column.options)
        return None if draw is None else draw.draw(self.rng, person)

    def satisfy(self, mentee: Person, mentor: Person) -> None:
        """Make a planted pair's mentee (rarely its mentor) pass every Must rule."""
        for rule in self.program.rules:
            if rule.rule == MUST:
                self._satisfy(rule, mentee, mentor)
        if self.program.sample.pair_fixup is not None:
            self.program.sample.pair_fixup(self.rng, mentee, mentor)

    def _header(self, side: str, name: str | None) -> str | None:
        column = self.columns[side].get(normalise_header(name))
        return None if column is None else column.header

    def _satisfy(self, rule: RuleRow, mentee: Person, mentor: Person) -> None:
        rng, test = self.rng, rule.test
        a, b = self._header(MENTEE, rule.mentee_column), self._header(MENTOR, rule.mentor_column)
        if b is None or (a is None and test != "mentor is"):
            return
        theirs = split(mentor.get(b))
        if test == "mentor is":
            allowed = split(rule.value)
            if normalise_header(mentor.get(b)) not in map(normalise_header, allowed):
                mentor[b] = allowed[0]
            return
        assert a is not None  # every other test names a mentee column
        mine = split(mentee.get(a))
        if test == "same" or (test == "within" and _number(mentee.get(a)) is None):
            mentee[a] = mentor.get(b)
        elif test == "differs":
            column = self.columns[MENTEE][normalise_header(a)]
            others = [o for o in column.options if normalise_header(o) != normalise_header(
                mentor.get(b))]
            if normalise_header(mentee.get(a)) == normalise_header(mentor.get(b)) and others:
                mentee[a] = rng.choice(others)
        elif test == "overlaps" and theirs and not _shares(mine, theirs):
            mentee[a] = join([*mine, rng.choice(theirs)])
        elif test == "covers" and theirs:
            kept = [item for item in mine if _shares([item], theirs)]
            mentee[a] = join(kept or rng.sample(theirs, min(2, len(theirs))))
        elif test == "mentee accepts":
            if mine and not _shares(mine, theirs) and normalise_header(mentee.get(a)) not in (
                    "any", "no preference"):
                mentee[a] = mentor.get(b)
        elif test == "time overlap" and theirs:
            mentee[a] = join([rng.choice(theirs), *mine[:1]])
            zone = self.program.sample.time_zone_column
            if zone in mentee and zone in mentor:
                mentee[zone] = mentor[zone]
        elif test in ("mentor older by", "mentor younger by", "age gap", "within"):
            self._numbers(rule, a, b, mentee, mentor)

    def _numbers(self, rule: RuleRow, a: str, b: str, mentee: Person, mentor: Person) -> None:
        x, y, gap = _number(mentee.get(a)), _number(mentor.get(b)), _number(rule.value)
        if x is None or y is None or gap is None:
            return  # words or dates: the program's pair_fixup handles them
        spare = self.rng.randint(0, 3)
        if rule.test == "within":
            if abs(x - y) > gap:
                mentee[a] = mentor[b]
        elif rule.test == "mentor younger by":
            if x - y < gap:
                mentee[a] = int(y + gap + spare)
        elif (y - x < gap) if rule.test == "mentor older by" else (abs(x - y) < gap):
            low = getattr(self.program.sample.mentee.get(a), "low", 0)
            if y - gap - spare >= low:
                mentee[a] = int(y - gap - spare)
            else:
                mentee[a], mentor[b] = int(low), int(low + gap + spare)


def _set_mentor_roles(rng: random.Random, mentors: list[Person], story: list[str]) -> list[Person]:
    """Leave a few mentors unapproved and one on hold; the rest may take planted pairs."""
    order = list(range(len(mentors)))
    rng.shuffle(order)
    unapproved = max(1, round(len(mentors) * 0.2))
    for rank, index in enumerate(order[:unapproved]):
        mentor = mentors[index]
        mentor["Approved"] = "No" if rank % 2 == 0 else None
        how = "Approved No" if rank % 2 == 0 else "Approved left blank"
        story.append(f"Mentor {mentor['Full name']} ({mentor['Email Address']}) is not approved "
                     f"yet ({how}), so is not matched.")
    on_hold = mentors[order[unapproved]]
    on_hold["Status"] = "On hold"
    story.append(f"Mentor {on_hold['Full name']} ({on_hold['Email Address']}) is On hold, so "
                 "takes no new mentees.")
    return [mentors[i] for i in order[unapproved + 1:]]


def _make_room(mentor: Person, needed: int, default: int) -> None:
    capacity = mentor.get("Capacity")
    if (default if capacity is None else capacity) < needed:
        mentor["Capacity"] = needed


def flag_plan(settings: Settings) -> list[tuple[str, int, list[int]]]:
    """For each follow-up flag, in order: (flag, days since matched, days since each check-in).

    The days sit mid-way in each flag's window, so the flags hold when the first sync runs a
    day or two after the workbook was made (Due soon's window is only ``due soon + 1`` days
    wide: it holds from one day before to ``due soon - 1`` days after).
    """
    c, s, e = settings.check_in_every, settings.due_soon_within, settings.escalate_after
    latest = {
        "Concern raised": min(5, max(1, c // 2)),
        "Escalate": c + e + 17,
        "Overdue": c + min(5, max(1, e // 2)),
        "Due soon": c - max(s - 1, 0),
        "On track": max(1, (c - s - 3) // 2),
    }
    plan: list[tuple[str, int, list[int]]] = []
    for flag in FLAGS:
        if flag == "Awaiting first meeting":
            plan.append((flag, max(0, min(3, settings.first_meeting_within - s - 3)), []))
            continue
        days = [latest[flag] + c * step for step in (2, 1, 0)]
        days = [ago for ago in days[:2] if ago <= MATCHED_AGO - 4] + days[2:]
        if len(days) == 1:
            days.insert(0, latest[flag] + c)
        plan.append((flag, max(MATCHED_AGO, days[0] + 4), days))
    return plan


def _plant_history(rng: random.Random, today: dt.date, settings: Settings,
                   pairs: list[tuple[Person, Person]], sample: Sample,
                   profile: SampleProfile) -> None:
    """The planted pairs' Pairings rows and check-ins (oldest check-in dropped at random)."""
    notes = list(profile.check_in_notes)
    for number, ((mentee, mentor), (flag, matched, days)) in enumerate(
            zip(pairs, flag_plan(settings), strict=False), 1):
        pair_id = f"P-{number:04d}"
        if days:  # about ten weeks ago, and before the first check-in
            matched = max(matched + rng.randint(-2, 2), days[0] + 4)
        matched_on = today - dt.timedelta(days=matched)
        approval = min(APPROVED_AFTER, max(0, matched - days[0] - 1)) if days else 0
        for person in (mentee, mentor):
            joined = matched_on - dt.timedelta(days=rng.randint(4, 20))
            person["Timestamp"] = min(person["Timestamp"], dt.datetime.combine(
                joined, person["Timestamp"].time()))
        sample.pairings.append({
            "Pair ID": pair_id, "Mentee": mentee["Full name"],
            "Mentee Email": mentee["Email Address"], "Mentor": mentor["Full name"],
            "Mentor Email": mentor["Email Address"], "Status": "Active", "Matched On": matched_on,
            "Active Since": matched_on + dt.timedelta(days=approval),
        })
        if len(days) > 2 and rng.random() < 0.5:
            days = days[1:]  # one or two check-ins before the latest
        for position, ago in enumerate(days):
            last = position == len(days) - 1
            concern = last and flag == "Concern raised"
            naming = "id" if concern else rng.choice(("id", "emails", "both"))
            if last and flag == "Overdue":
                naming = "swapped"
            elif last and flag == "On track":
                naming = "emails"
            met = today - dt.timedelta(days=ago)
            row = _check_in(rng, pair_id, mentee, mentor, met, naming,
                            profile.concern_note if concern else rng.choice(notes), concern)
            if flag == "On track" and position == 0 and not last:
                # a concern the coordinator has dealt with: it no longer flags the pair
                row.update(Concern="Yes", Handled=f"Called {mentee['Full name'].split()[0]} "
                           f"on {met + dt.timedelta(days=1):%d %b}; all fine now.")
            sample.check_ins.append(row)
        sample.story.append(f"{pair_id} ({mentee['Full name']} with {mentor['Full name']}) "
                            f"is planted to show the follow-up flag '{flag}'.")


def _check_in(rng: random.Random, pair_id: str, mentee: Person, mentor: Person, met: dt.date,
              naming: str, note: str, concern: bool) -> dict[str, Cell]:
    mentee_email, mentor_email = mentee["Email Address"], mentor["Email Address"]
    if naming == "swapped":  # the form filled in with the two emails the wrong way round
        mentee_email, mentor_email = mentor_email, mentee_email
    by_email = naming != "id"
    return {
        "Timestamp": dt.datetime.combine(met + dt.timedelta(days=1),
                                         dt.time(rng.randint(8, 21), rng.randint(0, 59))),
        "Your Email": rng.choice((mentee["Email Address"], mentor["Email Address"])),
        "Pair ID": pair_id if naming in ("id", "both") else None,
        "Mentee Email": mentee_email if by_email else None,
        "Mentor Email": mentor_email if by_email else None,
        "Meeting Date": met,
        "Concern": "Yes" if concern else "No",
        "Notes": note,
    }


def split(value: Cell) -> list[str]:
    """Items of a multi-value cell (", ", ";" or newline separated)."""
    if value is None:
        return []
    text = str(value).replace(";", ",").replace("\n", ",")
    return [item.strip() for item in text.split(",") if item.strip()]


def join(items: list[str]) -> str:
    unique: dict[str, str] = {}
    for item in items:
        unique.setdefault(normalise_header(item), item)
    return ", ".join(unique.values())


def _shares(mine: list[str], theirs: list[str]) -> bool:
    return bool({normalise_header(i) for i in mine} & {normalise_header(i) for i in theirs})


def _number(value: Cell) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None
