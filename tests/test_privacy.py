"""Private columns never leave their tab: not into an engine-owned tab, --json, --dry-run,
explain, the run log or an error message — on either backend."""

from __future__ import annotations

import re

import pytest
from conftest import ENGINE_TABS, cli

TODAY = "2026-11-24"
PLANTED = "Secret-Birth-Year-1971x"  # an unreadable private cell, so a Problems row is made


def private_values(workbook) -> set[str]:
    settings = {r["Setting"]: r["Value"] for r in workbook.records("Settings")}
    private = [c.strip() for c in str(settings["Private columns"]).split(",") if c.strip()]
    found = set()
    # Words the coordinator's own tabs already show (rules, pick lists) are not secrets.
    config = " ".join(str(v) for tab in ("Rules", "Lists", "Start Here", "How it works", "Settings")
                      for row in workbook.grid(tab) for v in row if v is not None)
    for tab in ("Mentees", "Mentors"):
        rows = workbook.records(tab)
        public = {str(v) for r in rows for k, v in r.items() if k not in private}
        public |= {str(r.get(c)) for r in rows for c in private if str(r.get(c)) in config}
        found |= {str(r[c]) for r in rows for c in private
                  if r.get(c) not in (None, "") and len(str(r[c])) >= 4
                  and str(r[c]) not in public}
    return found


@pytest.mark.parametrize("program", ["reverse", "mental-health", "lgbtq"])
def test_private_values_appear_nowhere(workbook, program, tmp_path):
    workbook.new(program, sample=40)
    year = workbook.column_letter("Mentees", "Year of birth") if program == "reverse" else None
    if year:
        workbook.edit("Mentees", {f"{year}3": PLANTED})
    secrets = private_values(workbook)
    assert len(secrets) > 20, "the sample should hold private answers to look for"
    log = tmp_path / "runs.log"
    outputs = [
        workbook.sync("--today", TODAY, "--dry-run").output,
        workbook.sync("--today", TODAY, "--json", "--log-file", log).output,
        cli("check", workbook.target, "--today", TODAY).output,
    ]
    people = [r["Email Address"] for r in workbook.records("Mentees")[:4]]
    people += [r["Email Address"] for r in workbook.records("Mentors")[:2]]
    for email in people:
        outputs.append(cli("explain", workbook.target, email, "--today", TODAY).output)
        outputs.append(cli("explain", workbook.target, email, "--today", TODAY,
                           "--json").output)
    if year:  # the unreadable private cell is a Problems row that does not show it
        problems = workbook.records("Problems")
        planted = [p for p in problems if p["Column"] == "Year of birth"]
        assert planted and all(p["Value"] == "(private)" for p in planted)
    workbook.edit("Rules", {"C2": "nonsense test"})  # an error run must not leak either
    failed = workbook.sync("--today", TODAY, "--log-file", log)
    assert failed.exit_code == 2
    outputs += [failed.output, log.read_text()]
    owned = [str(v) for tab in ENGINE_TABS for row in workbook.grid(tab) for v in row
             if v is not None]
    for secret in secrets:
        pattern = re.compile(rf"(?<![\w-]){re.escape(secret)}(?![\w-])")
        for text in outputs:
            assert not pattern.search(text), (secret, text[:300])
        assert secret not in owned, secret


def test_private_column_headers_never_head_an_engine_tab(workbook):
    workbook.new("lgbtq", sample=30)
    workbook.sync("--today", TODAY)
    settings = {r["Setting"]: r["Value"] for r in workbook.records("Settings")}
    private = {c.strip() for c in str(settings["Private columns"]).split(",")}
    for tab in ENGINE_TABS:
        assert not private & set(workbook.grid(tab)[0]), tab
