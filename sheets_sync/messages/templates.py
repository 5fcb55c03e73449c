"""The Messages tab as templates: one row per kind, `Message | Send to | Subject | Body | Send`.

A template that can't be filled safely is a Problems row and its kind is not queued: a
placeholder naming a private column (its value must never leave its tab), one that names
nothing known, or one whose setting is blank (nothing goes out with a hole in it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sheets_sync.inputs import values
from sheets_sync.inputs.mail import is_address
from sheets_sync.inputs.roster import Person, Roster
from sheets_sync.inputs.settings import SETTING_FIELDS, Settings
from sheets_sync.messages.kinds import (
    BY_NAME,
    ESCALATION,
    NEEDS_SETTING,
    PLACEHOLDERS,
    ROLES,
    Kind,
)
from sheets_sync.model import MESSAGES, Cell, Problem, Table, cell_key, is_blank
from sheets_sync.words import messages as say

PLACEHOLDER = re.compile(r"\{([^{}\r\n]{1,80})\}")
BUILT_IN = {values.normalise_text(p) for p in (*PLACEHOLDERS, "Mentee email", "Mentor email")}
SIDES = (("mentee's ", "mentee"), ("mentor's ", "mentor"), ("mentee ", "mentee"),
         ("mentor ", "mentor"))
HEADER = ("Message", "Send to", "Subject", "Body", "Send")


@dataclass(frozen=True)
class Recipient:
    who: str  # "Mentee", "Mentor", "Coordinator", or an address
    cc: bool = False


@dataclass(frozen=True)
class Column:
    """A roster column a template names: whose, and where it sits in that roster."""

    side: str  # "mentee" or "mentor"
    index: int


@dataclass
class Template:
    kind: Kind
    row: int
    recipients: list[Recipient]
    subject: str
    body: str
    columns: dict[str, Column] = field(default_factory=dict)  # placeholder -> roster column

    def fill(self, known: dict[str, str], people: dict[str, Person | None]) -> tuple[str, str]:
        """Subject and body with every placeholder replaced (the subject on one line)."""

        def value(found: re.Match[str]) -> str:
            key = values.normalise_text(found.group(1))
            if key in known:
                return known[key]
            column = self.columns.get(key)
            person = people.get(column.side) if column else None
            if column is None or person is None or column.index >= len(person.cells):
                return ""
            return cell_key(person.cells[column.index])

        subject = " ".join(PLACEHOLDER.sub(value, self.subject).split())
        return subject, PLACEHOLDER.sub(value, self.body).strip()


def read_templates(table: Table | None, settings: Settings, mentees: Roster,
                   mentors: Roster) -> tuple[dict[Kind, Template], list[Problem]]:
    """The templates switched on (Send not No), by kind, and the rows that can't be used."""
    if table is None or table.column("Message") is None:
        return {}, []
    read = table.reader(*HEADER)
    found: dict[Kind, Template] = {}
    seen: dict[Kind, int] = {}
    problems: list[Problem] = []
    rosters = {"mentee": mentees.table, "mentor": mentors.table}
    for row_number, row in table.records():
        def cell(name: str, row: list[Cell] = row) -> Cell:
            return read(row, name)

        kind = BY_NAME.get(values.normalise_text(cell("Message")))
        if kind is None:
            problems.append(say.unknown_kind(row_number, cell("Message")))
            continue
        if kind in seen:
            problems.append(say.repeated_kind(row_number, kind.name, seen[kind]))
            continue
        seen[kind] = row_number
        if not _switched_on(cell("Send"), row_number, problems):
            continue
        template = _template(kind, row_number, cell, settings, rosters, problems)
        if template is not None:
            found[kind] = template
    return found, problems


def _switched_on(value: Cell, row: int, problems: list[Problem]) -> bool:
    if is_blank(value):
        return True
    switch = values.parse_bool(value)
    if switch is None:
        problems.append(say.unclear_send(row, value))
    return bool(switch)


def _template(kind: Kind, row: int, cell: Callable[[str], Cell], settings: Settings,
              rosters: dict[str, Table],
              problems: list[Problem]) -> Template | None:
    """One kind's template, or None (with Problems rows saying why) when it can't be sent."""
    blocking: list[Problem] = []
    recipients = _recipients(kind, row, cell("Send to"), blocking, problems)
    subject, body = values.cell_text(cell("Subject")), values.cell_text(cell("Body"))
    if not subject or not body:
        blocking.append(say.empty_template(row, "Subject" if not subject else "Body", kind.name))
    columns: dict[str, Column] = {}
    for column_name, text in (("Subject", subject), ("Body", body)):
        for found in PLACEHOLDER.finditer(text):
            _placeholder(found.group(1), row, column_name, settings, rosters, columns, blocking)
    problems += blocking
    return None if blocking else Template(kind, row, recipients, subject, body, columns)


def _recipients(kind: Kind, row: int, value: Cell, blocking: list[Problem],
                notes: list[Problem]) -> list[Recipient]:
    """Who gets this kind: roles and addresses, ``cc`` before the ones copied in."""
    text = values.cell_text(value) or kind.send_to
    recipients: list[Recipient] = []
    for part in re.split(r"[,;\n]", text):
        words = part.strip()
        cc = words[:3].casefold() in ("cc ", "cc:")
        words = words[3:].strip() if cc else words
        if not words:
            continue
        role = next((r for r in ROLES if r.casefold() == words.casefold()), None)
        if role is None and not is_address(words):
            blocking.append(say.unknown_recipient(row, value, words))
            return []
        recipients.append(Recipient(role or words.lower(), cc))
    if kind is ESCALATION:  # escalations are about a pair, for the coordinator's eyes only
        if any(r.who != "Coordinator" for r in recipients):
            notes.append(say.escalation_to_others(row, value))
        return [Recipient("Coordinator")]
    if all(r.cc for r in recipients):
        blocking.append(say.no_recipient(row, value))
    return recipients


def _placeholder(name: str, row: int, column_name: str, settings: Settings,
                 rosters: dict[str, Table], columns: dict[str, Column],
                 problems: list[Problem]) -> None:
    key = values.normalise_text(name)
    if key in BUILT_IN:
        label = NEEDS_SETTING.get(key)
        if label and not getattr(settings, SETTING_FIELDS[label].name):
            problems.append(say.blank_setting(row, column_name, name, label))
        return
    side, header = None, key
    for prefix, whose in SIDES:
        if key.startswith(prefix):
            side, header = whose, key[len(prefix):]
            break
    if settings.is_private(header) or settings.is_private(key):
        problems.append(say.private_placeholder(row, column_name, name))
        return
    for whose in (side,) if side else ("mentee", "mentor"):
        index = rosters[whose].column(header)
        if index is not None:
            if settings.is_private(rosters[whose].header[index]):
                problems.append(say.private_placeholder(row, column_name, name))
            else:
                columns[key] = Column(whose, index)
            return
    problems.append(say.unknown_placeholder(row, column_name, name))


def template_table(rows: list[list[Cell]]) -> Table:
    """The Messages tab of a new workbook."""
    return Table(MESSAGES, list(HEADER), rows)
