"""What the commands print, as lines of text: the command line echoes them, and nothing here
knows click."""

from __future__ import annotations

from typing import Any

from sheets_sync.app import SyncReport
from sheets_sync.messages.send import SendReport
from sheets_sync.outputs.explain import Explanation
from sheets_sync.words import sending
from sheets_sync.words.problems import plural

NEW_PAIRS_SHOWN = 20


def sync_lines(report: SyncReport) -> list[str]:
    """What `sync` prints about a run: each tab's changes, the new pairs, the flags."""
    summary = report.summary()
    lines = [f"{report.target}: sync for {report.today.isoformat()} "
             f"({summary['seconds']:.2f} s)"]
    lines += [f"  {name:<11} {change.describe()}"
              for name, change in report.outcome.changes.items()]
    lines.append(f"New pairs: {summary['new_pairs']}  Unmatched mentees: {summary['unmatched']}"
                 f"  Problems: {summary['problems']}")
    lines += new_pair_lines(summary["new_pair_list"])
    flags = ", ".join(f"{flag} {n}" for flag, n in summary["follow_ups"].items()) or "none"
    lines.append(f"Follow-ups: {flags}")
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    elif report.written:
        lines.append("Written.")
    else:
        lines.append("Nothing changed; the workbook was not touched.")
    return lines


def new_pair_lines(pairs: list[dict[str, Any]]) -> list[str]:
    lines = [f"  {p['pair_id']}  {p['mentee']} with {p['mentor']} ({p['status']})"
             for p in pairs[:NEW_PAIRS_SHOWN]]
    if len(pairs) > NEW_PAIRS_SHOWN:
        lines.append(f"  ... and {len(pairs) - NEW_PAIRS_SHOWN} more (see the Pairings tab)")
    return lines


def explanation_lines(result: Explanation) -> list[str]:
    """What `explain` prints about one person: pairs, why they wait, candidates rule by rule."""
    lines = [f"{result.name} <{result.email}>, {result.role}"]
    if result.status:
        lines.append(f"  {result.status}")
    lines += [f"  Pair {pair['pair_id']} with {pair['with']} ({pair['status']}), "
              f"score {pair['score']}: {pair['why']}" for pair in result.pairs]
    if result.unmatched_reason:
        lines.append(f"  Unmatched: {result.unmatched_reason}")
    if result.candidates:
        lines.append("Candidates, best first:")
    for rank, candidate in enumerate(result.candidates, 1):
        fits = "meets every requirement" if candidate.fits else "misses a requirement"
        places = candidate.free_places
        extra = ("" if places is None else "; full" if places == 0
                 else f"; {plural(places, 'place')} free")
        barred = "; paired with them before (Rejected or Ended)" if candidate.barred else ""
        lines.append(f"  {rank}. {candidate.name} <{candidate.email}>  score "
                     f"{candidate.score:.1f}: {fits}{extra}{barred}")
        lines += [f"       not met:  {rule}" for rule in candidate.failed]
        lines += [f"       {_verdict(similarity):<9} {rule}: {points:.1f} of {full:.1f} points"
                  for rule, similarity, points, full in candidate.breakdown]
    return lines


def _verdict(similarity: float) -> str:
    """How far a preference holds for a candidate, in a word."""
    return "yes:" if similarity >= 0.995 else "partly:" if similarity > 0.005 else "no:"



def sent_lines(report: SendReport) -> list[str]:
    """What `send` prints after sending."""
    if not report.configured:
        return [sending.not_configured(report.waiting)]
    lines = []
    if report.settled:
        lines.append(f"Recorded {plural(report.settled, 'message')} an interrupted send had "
                     "sent.")
    lines.append(sending.summary(report.sent, report.failed, report.waiting,
                                 report.out_of_date))
    return lines


def preview_lines(report: SendReport) -> list[str]:
    """What `send --dry-run` prints: each message as it would go."""
    lines = []
    if not report.configured:
        lines.append("Settings has no SMTP server yet: a send would send nothing. With one, it "
                     "would send:")
    lines.append(f"{plural(len(report.previews), 'message')} would be sent (dry run: nothing is "
                 "sent or written).")
    if report.out_of_date:
        lines.append(f"{report.out_of_date} more are out of date and would not be sent.")
    for preview in report.previews:
        row = preview.row
        lines.append(f"\n--- {row.message_id} ({row.kind}, Outbox row {row.number})")
        if preview.mail is None:
            lines.append(f"Would fail: {preview.error}")
            continue
        message = preview.mail.message
        lines += [f"{header}: {message[header]}" for header in
                  ("From", "To", "Cc", "Reply-To", "Subject", "Message-ID") if message[header]]
        lines += [f"Attachment: {name}" for name in preview.mail.attachments]
        lines += ["", row.body]
    return lines
