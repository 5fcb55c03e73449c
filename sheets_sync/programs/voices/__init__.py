"""The Messages tab a new workbook starts with: one row per kind of message, in the program's
own voice. A mental-health program's escalation reads differently from a reverse-mentoring one.

The shared wording is here, once; each program's own lines (in ``youth`` and ``adults``) replace
it kind by kind, by program name. Placeholders in braces are filled per pair when the message is
queued (see the README's Messages section).
"""

from __future__ import annotations

from collections.abc import Mapping

from sheets_sync.messages.kinds import KINDS
from sheets_sync.model import Cell
from sheets_sync.programs.voices.adults import ADULTS
from sheets_sync.programs.voices.youth import YOUTH

Text = tuple[str, str]  # subject, body

DEFAULTS: dict[str, Text] = {
    "Introduction": (
        "Meet your mentoring partner: {Mentee} and {Mentor}",
        "Hello {Mentee} and {Mentor},\n\n"
        "I'm delighted to introduce you to each other: you are now a mentoring pair "
        "({Pair ID}). Please reply to each other to say hello and agree how you will meet.\n\n"
        "Your first session is planned for {Next session}; the attached calendar file holds "
        "the sessions we have planned, so you can add them to your calendar in one go. Move "
        "them if they don't suit you both.\n\n"
        "After each meeting, one of you please fill in the check-in form (it takes a "
        "minute): {Check-in link}\n\n"
        "Any questions, just reply to this email.\n\n{Coordinator name}"),
    "First meeting nudge": (
        "Your first mentoring meeting is due by {Due date}",
        "Hello {Mentee} and {Mentor},\n\n"
        "A friendly nudge: your first meeting is due by {Due date}, and we haven't had a "
        "check-in from you yet. If you haven't booked it, please do so now; the session we "
        "planned is {Next session}.\n\n"
        "After you meet, please fill in the check-in form: {Check-in link}\n\n"
        "If something is in the way, reply and tell me.\n\n{Coordinator name}"),
    "Check-in reminder": (
        "Mentoring check-in due {Due date}",
        "Hello {Mentee} and {Mentor},\n\n"
        "Your next mentoring check-in is due on {Due date}; the session we planned is "
        "{Next session}.\n\n"
        "After you meet, please fill in the check-in form: {Check-in link}\n\n"
        "Thank you!\n\n{Coordinator name}"),
    "Overdue reminder": (
        "Your mentoring check-in is overdue",
        "Hello {Mentee} and {Mentor},\n\n"
        "We haven't had a check-in from you since it was due on {Due date}. If you have met, "
        "please fill in the form now: {Check-in link}\n\n"
        "If you haven't been able to meet, please book a time this week (we planned "
        "{Next session}), or reply and tell me what is getting in the way.\n\n"
        "{Coordinator name}"),
    "Escalation": (
        "Needs your attention: pair {Pair ID} ({Mentee} and {Mentor})",
        "Pair {Pair ID}, {Mentee} with {Mentor}, needs your attention: {Reason}.\n\n"
        "Open the Follow-ups tab of the workbook for what to do, contact the pair, and write "
        "what you did in Coordinator Notes on the Pairings tab."),
    "Closing thank-you": (
        "Thank you for mentoring together, {Mentee} and {Mentor}",
        "Hello {Mentee} and {Mentor},\n\n"
        "Your mentoring partnership has now come to an end. Thank you both for the time and "
        "care you gave it.\n\n"
        "Would you each take five minutes to tell us how it went? It helps us make the next "
        "pairs better: {Survey link}\n\n"
        "With warm thanks,\n{Coordinator name}"),
}

VOICES: dict[str, Mapping[str, Text]] = {**YOUTH, **ADULTS}


def message_rows(program: str) -> list[list[Cell]]:
    """``Message | Send to | Subject | Body | Send`` rows for program ``program``."""
    own = VOICES.get(program, {})
    unknown = set(own) - {kind.name for kind in KINDS}
    if unknown:
        raise ValueError(f"Program '{program}' words unknown messages: {sorted(unknown)}")
    return [[kind.name, kind.send_to, *own.get(kind.name, DEFAULTS[kind.name]), "Yes"]
            for kind in KINDS]


__all__ = ["DEFAULTS", "VOICES", "message_rows"]
