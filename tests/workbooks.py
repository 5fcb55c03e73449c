"""Small in-memory workbooks for tests of the core, built from plain dicts."""

from __future__ import annotations

from typing import Any

import numpy as np

from sheets_sync.model import Snapshot, Table
from sheets_sync.scoring.scores import Scores

RULES_HEADER = ["Rule", "Mentee column", "Test", "Mentor column", "Value", "Weight", "Note"]
CHECK_IN_HEADER = ["Timestamp", "Your Email", "Pair ID", "Mentee Email", "Mentor Email", "Handled",
                   "Meeting Date", "Concern", "Notes"]


def table(name: str, records: list[dict[str, Any]], header: list[str] | None = None) -> Table:
    header = header or list(dict.fromkeys(k for r in records for k in r))
    return Table(name, header, [[r.get(h) for h in header] for r in records])


def rule(kind: str, mentee: str | None, test: str, mentor: str, value: Any = None,
         weight: Any = None) -> dict[str, Any]:
    return {"Rule": kind, "Mentee column": mentee, "Test": test, "Mentor column": mentor,
            "Value": value, "Weight": weight, "Note": ""}


def workbook(mentees: list[dict], mentors: list[dict], rules: list[dict],
             settings: dict[str, Any] | None = None, pairings: list[dict] | None = None,
             check_ins: list[dict] | None = None) -> Snapshot:
    settings_rows = [{"Setting": k, "Value": v, "Help": ""} for k, v in (settings or {}).items()]
    tabs = {
        "Settings": table("Settings", settings_rows, ["Setting", "Value", "Help"]),
        "Rules": table("Rules", rules, RULES_HEADER),
        "Mentees": table("Mentees", mentees),
        "Mentors": table("Mentors", mentors),
        "Check-ins": table("Check-ins", check_ins or [], CHECK_IN_HEADER),
    }
    if pairings is not None:
        from sheets_sync.outputs.layout import HEADERS

        header = list(dict.fromkeys([*HEADERS["Pairings"], *(k for r in pairings for k in r)]))
        tabs["Pairings"] = table("Pairings", pairings, header)
    return Snapshot(tabs)


def dense(scores: Scores) -> tuple[np.ndarray, np.ndarray]:
    """(allowed, tenths) of every mentee × every mentor: small test programs only."""
    return scores.block(slice(None))


def allowed(scores: Scores, mentee: int, mentor: int) -> bool:
    """Whether this mentee and mentor pass every Must rule."""
    return bool(scores.pair_scores(np.array([mentee]), np.array([mentor]))[0][0])
