"""The command line: parse arguments, call the library, print. The only module importing click."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import click

from sheets_sync import app, console, programs
from sheets_sync.errors import SheetsSyncError
from sheets_sync.messages.send import send_outbox
from sheets_sync.ops import runlog
from sheets_sync.ops.allocator import share_one_pool
from sheets_sync.ops.schedulers import FORMATS
from sheets_sync.words.problems import plural


def _friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into a clear message and their exit status (docs/sync.md)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SheetsSyncError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # whatever read the output closed it (`| head`): not a bug
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            click.echo("Error: the output was closed before sheets-sync had printed it all; "
                       "what the command did stands (a sync's is in the Sync Log tab).",
                       err=True)
            sys.exit(1)
        except Exception as error:  # a bug: say so briefly, details only on request
            if os.environ.get("SHEETS_SYNC_DEBUG"):
                traceback.print_exc()
            click.echo(f"Error: sheets-sync failed unexpectedly ({type(error).__name__}). "
                       "Nothing was written. Set SHEETS_SYNC_DEBUG=1 for details.", err=True)
            sys.exit(1)

    return wrapper


CREDENTIALS = click.option(
    "--credentials", type=click.Path(dir_okay=False), default=None,
    help="Google service-account key or OAuth client file (for a Google Sheets TARGET).")


class _Day(click.ParamType):
    """A YYYY-MM-DD day, with a message a person can act on when it isn't one."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.strptime(str(value).strip(), "%Y-%m-%d")
        except ValueError:
            self.fail(f"{value!r} is not a day written as year-month-day, like 2026-11-24.",
                      param, ctx)


TODAY = click.option("--today", type=_Day(), default=None,
                     help="Run as if it were this day (YYYY-MM-DD); default: today in the "
                          "program's time zone.")


def _echo(lines: list[str]) -> None:
    for line in lines:
        click.echo(line)


def _day(value: dt.datetime | None) -> dt.date | None:
    """The --today date; None lets the library use the program's own date."""
    return value.date() if value else None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sheets-sync")
def main() -> None:
    """Pair mentees with mentors, plan meetings and flag follow-ups in your program workbook."""


@main.command("programs")
@_friendly
def list_programs() -> None:
    """List the program types `new` can lay out."""
    width = max(len(name) for name in programs.PROGRAMS)
    for name, program in programs.PROGRAMS.items():
        click.echo(f"{name.ljust(width)}  {program.description}")


@main.command()
@click.argument("target")
@click.option("--program", "program_name", required=True, help="Program type (see `programs`).")
@click.option("--sample", type=click.IntRange(min=0), default=0,
              help="Fill the rosters with this many sample mentees (and some mentors).")
@TODAY
@CREDENTIALS
@_friendly
def new(target: str, program_name: str, sample: int, today: dt.datetime | None,
        credentials: str | None) -> None:
    """Create a new program workbook at TARGET (an .xlsx path, or an empty Google sheet)."""
    sheets = app.new_workbook(target, program_name, sample, _day(today), credentials)
    tabs = ", ".join(s.name for s in sheets)
    click.echo(f"Created {target} for a {program_name} program ({tabs}).")
    if sample:
        click.echo(f"Filled with {sample} sample mentees. Try: sheets-sync sync {target}")


@main.command()
@click.argument("target")
@TODAY
@CREDENTIALS
@_friendly
def check(target: str, today: dt.datetime | None, credentials: str | None) -> None:
    """Validate the rules, columns and data of TARGET; write nothing."""
    report = app.check_workbook(target, _day(today), credentials)
    click.echo(f"{target}: {report.rules} rules, {report.mentees} mentees and {report.mentors} "
               "mentors ready to match.")
    for problem in report.problems:
        where = f"{problem.tab} row {problem.row}" if problem.row else problem.tab
        column = f", {problem.column}" if problem.column else ""
        click.echo(f"  {where}{column}: {problem.problem}")
    if not report.problems:
        click.echo("No problems found.")


@main.command()
@click.argument("target")
@TODAY
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object about the run.")
@click.option("--quiet", is_flag=True, help="Print nothing unless something goes wrong.")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None,
              help="Append one line about this run (and any error) to this file.")
@click.option("--keep-backups", type=click.IntRange(min=0), default=5, show_default=True,
              help="Copies of an .xlsx kept in .sheets-sync-backups/ before each write.")
@CREDENTIALS
@_friendly
def sync(target: str, today: dt.datetime | None, dry_run: bool, as_json: bool,
         quiet: bool, log_file: str | None, keep_backups: int, credentials: str | None) -> None:
    """Match, follow up and plan, writing the results into TARGET's own tabs."""
    share_one_pool()  # this process's threads share one malloc pool (ops/allocator.py)
    try:
        with _logged("sync", target, log_file) as record, _progress(quiet or as_json) as lap:
            report = app.sync_workbook(target, _day(today), dry_run=dry_run,
                                       credentials=credentials, keep_backups=keep_backups,
                                       lap=lap)
            record.update(report.log_details())
    except SheetsSyncError as error:
        if as_json:  # one JSON object for every run, a stopped one too (the error: on stderr)
            click.echo(json.dumps({"target": target, "stopped": True,
                                   "exit_code": error.exit_code, "error": error.message},
                                  indent=2))
        raise
    if as_json:
        click.echo(json.dumps(report.summary(), indent=2, default=str))
    elif not quiet:
        _echo(console.sync_lines(report))


@contextlib.contextmanager
def _logged(command: str, target: str, log_file: str | None) -> Iterator[dict[str, Any]]:
    """Write one run-log line when the block ends, however it ends."""
    started, clock = dt.datetime.now(), time.perf_counter()
    record: dict[str, Any] = {}
    outcome, message = "failed", ""
    try:
        yield record
        outcome = record.pop("outcome", "done")
    except SheetsSyncError as error:
        outcome, message = f"failed(exit {error.exit_code})", error.message
        raise
    except Exception as error:
        message = f"unexpected {type(error).__name__}"
        raise
    finally:
        if log_file:
            runlog.append(log_file, runlog.line(command, target, started,
                                                time.perf_counter() - clock, outcome, record,
                                                message))


STAGES = ("read", "scoring", "matching", "follow-ups", "write")


@contextlib.contextmanager
def _progress(silent: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar on the terminal (never in --quiet/--json, nor when piped to a log)."""
    if silent or not sys.stderr.isatty():
        yield lambda _stage: None
        return
    with click.progressbar(length=len(STAGES), label="Syncing", file=sys.stderr,
                           show_eta=False, item_show_func=lambda s: s) as bar:
        yield lambda stage: bar.update(1, stage)


@main.command("explain")
@click.argument("target")
@click.argument("email")
@TODAY
@click.option("--limit", type=click.IntRange(min=1), default=8, help="Candidates to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@CREDENTIALS
@_friendly
def explain_command(target: str, email: str, today: dt.datetime | None, limit: int,
                    as_json: bool, credentials: str | None) -> None:
    """Why EMAIL has their pair, or none: candidates, scores and failed rules."""
    result = app.explain_person(target, email, _day(today), limit, credentials)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(result), indent=2, default=str))
    else:
        _echo(console.explanation_lines(result))


@main.command()
@click.argument("target")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The .html file to write (open it in a browser to read or print it).")
@click.option("--year", type=click.IntRange(min=1900, max=2200), default=None,
              help="The program year starting in this year, e.g. 2026 for 2026-27 (default: "
                   "the year under way).")
@TODAY
@CREDENTIALS
@_friendly
def report(target: str, out: str, year: int | None, today: dt.datetime | None,
           credentials: str | None) -> None:
    """Write a printable report of TARGET's program year: figures, charts, closures."""
    page = app.report_workbook(target, out, year, _day(today), credentials)
    click.echo(f"Wrote {out}: program year {page.year}, {page.period}. Open it in a browser "
               "to read or print it.")


@main.command()
@click.argument("target")
@click.option("--every", default="30m", show_default=True,
              help="How often to sync: 15m, 30m, 1h, 6h, 1d ...")
@click.option("--format", "kind", type=click.Choice(FORMATS), default="crontab",
              show_default=True,
              help="crontab or systemd (Linux), launchd (Mac), windows (Task Scheduler), "
                   "github-actions (a Google spreadsheet, no computer of yours needed).")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None,
              help="Where runs are logged (default: beside the workbook).")
@CREDENTIALS
@_friendly
def cron(target: str, every: str, kind: str, log_file: str | None,
         credentials: str | None) -> None:
    """Print a scheduler entry that runs sync on its own, with step-by-step instructions.

    Save or paste what it prints as its first lines say, e.g.
    sheets-sync cron "/path/to/program.xlsx" --every 30m --format launchd
    """
    from sheets_sync.ops import scheduling  # its renderers are only needed here

    click.echo(scheduling.scheduler_entry(target, every, kind, log_file, credentials), nl=False)


@main.command()
@click.argument("target")
@click.option("--dry-run", is_flag=True,
              help="Show every message that would go, exactly; send and write nothing.")
@click.option("--quiet", is_flag=True, help="Print nothing unless something goes wrong.")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None,
              help="Append one line about this run (and any error) to this file.")
@CREDENTIALS
@_friendly
def send(target: str, dry_run: bool, quiet: bool, log_file: str | None,
         credentials: str | None) -> None:
    """Email the messages waiting in TARGET's Outbox tab, each once.

    The SMTP server and addresses come from the Settings tab, the password from the
    SHEETS_SYNC_SMTP_PASSWORD environment variable. Without an SMTP server in Settings it
    sends nothing and exits 0.
    """
    with _logged("send", target, log_file) as record:
        report = send_outbox(target, dry_run=dry_run, credentials=credentials)
        record.update(report.log_details())
    if dry_run:
        _echo(console.preview_lines(report))
    elif not quiet:
        _echo(console.sent_lines(report))


@main.command()
@click.argument("target")
@click.option("--out", "out", type=click.Path(file_okay=False), required=True,
              help="The folder to write the .ics files into (made if missing).")
@CREDENTIALS
@_friendly
def calendar(target: str, out: str, credentials: str | None) -> None:
    """Write each Active pair's planned sessions as an .ics calendar file in --out.

    Importing a newer file updates the events instead of adding them twice.
    """
    files = app.calendar_files(target, out, credentials)
    click.echo(f"Wrote {plural(len(files), 'calendar file')} to {out}.")
