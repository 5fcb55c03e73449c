"""What a sync must not run over: states of a workbook in which writing would lose something
the coordinator typed, or drop a concern. Each is a blocker (the sync stops with exit 2 and
lists it in Problems) that says how to put the workbook right.

- cells typed under no header in a tab the sync rewrites (its columns are known by headers;
  what is typed into the sync's own columns is the sync's to rewrite);
- a Pairings tab renamed or deleted while the workbook shows it had pairs;
- a pair that Follow-ups listed last time gone from Pairings (a deleted row, a changed ID);
- no check-in tab while pairs are Active or Paused (every pair would look overdue).
"""

from __future__ import annotations

from sheets_sync.inputs.pairings import PairBook
from sheets_sync.model import (
    FOLLOW_UPS,
    OWNED_TABS,
    PAIRINGS,
    SCHEDULE,
    Problem,
    Snapshot,
    column_letter,
    is_blank,
    normalise_header,
)
from sheets_sync.words import problems as say

OWNED = {normalise_header(name) for name in OWNED_TABS}
# Headers that make a tab the pairs under another name (Check-ins have the first three).
PAIRINGS_MARKS = {normalise_header(h) for h in ("Pair ID", "Mentee Email", "Mentor Email",
                                                "Status", "Matched On")}


def typed_without_header(snapshot: Snapshot) -> list[Problem]:
    """The first cell of each headerless column, in a tab the sync rewrites, that holds
    something."""
    found: list[Problem] = []
    for name, table in snapshot.tabs.items():
        if normalise_header(name) not in OWNED:
            continue
        for index in (i for i, header in enumerate(table.header) if not header.strip()):
            row = next((r for r, cells in enumerate(table.rows, start=2)
                        if index < len(cells) and not is_blank(cells[index])), None)
            if row is not None:
                found.append(say.typed_without_header(name, row, column_letter(index + 1),
                                                      table.rows[row - 2][index]))
    return found


def pairings_gone(snapshot: Snapshot, own: list[str]) -> list[Problem]:
    """No Pairings tab, though another tab holds the pairs or Schedule and Follow-ups list
    them: a sync would start every pair afresh, their Status and history lost."""
    if snapshot.get(PAIRINGS) is not None:
        return []
    renamed = [name for name in own
               if {normalise_header(h) for h in snapshot.tabs[name].header} >= PAIRINGS_MARKS]
    planned = [t for t in (SCHEDULE, FOLLOW_UPS) if (found := snapshot.get(t)) and found.rows]
    if not renamed and not planned:
        return []
    return [say.pairings_gone(renamed[0] if renamed else None, planned)]


def pairs_gone(snapshot: Snapshot, book: PairBook) -> list[Problem]:
    """Pairs the last sync followed up (Follow-ups lists every Active pair) that Pairings no
    longer holds: a deleted row would lose the pair's Status and notes, and its people would
    be paired afresh."""
    followed = snapshot.get(FOLLOW_UPS)
    column = None if followed is None else followed.column("Pair ID")
    flag = None if followed is None else followed.column("Flag")
    if followed is None or column is None or flag is None:
        return []
    listed = [row[column] for row in followed.rows  # rows the sync wrote: they have a Flag
              if max(column, flag) < len(row) and not is_blank(row[flag])]
    if not listed:
        return []
    kept = {normalise_header(p.pair_id) for p in book.pairs if p.pair_id}
    gone = dict.fromkeys(str(pair_id).strip() for pair_id in listed
                         if not is_blank(pair_id) and normalise_header(pair_id) not in kept)
    return [say.pair_gone(pair_id) for pair_id in gone]


def check_ins_gone(snapshot: Snapshot, tab: str, book: PairBook, own: list[str]
                   ) -> list[Problem]:
    """No check-in tab while pairs are Active or Paused: every pair would look overdue and
    open concerns would vanish."""
    if snapshot.get(tab) is not None or not any(p.status in ("Active", "Paused")
                                                for p in book.pairs):
        return []
    return [say.missing_check_in_tab(tab, own)]
