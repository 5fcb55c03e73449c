"""One renderer per scheduler format, each turning a ``Job`` into the text to save or paste.

Every command is written with that scheduler's own quoting (see quoting.py), so the path or URL
arrives as one argument, unchanged. A job may hold several commands; each format runs them in
order: one after the other on a crontab line, several ExecStart= lines, several Exec actions,
or one /bin/sh command for launchd.
"""

from __future__ import annotations

import os
import plistlib
from collections.abc import Callable, Mapping
from importlib import resources
from importlib.metadata import PackageNotFoundError, version

from sheets_sync.errors import UsageError
from sheets_sync.ops.schedulers import quoting
from sheets_sync.ops.schedulers.job import DAILY_AT, HOURLY_AT, Job
from sheets_sync.ops.schedulers.notes import bullets, good_to_know

PACKAGE = "sheets-sync"


def template(file: str, /, **context: object) -> str:
    text = (resources.files("sheets_sync.ops.schedulers").joinpath(f"{file}.tmpl")
            .read_text("utf-8"))
    return text.format(**context)


def crontab(job: Job) -> str:
    line = " ; ".join(quoting.cron_line(command) for command in job.commands)
    return template("crontab", target_name=job.target_name, every_words=job.interval.words,
                    log_file=job.log_file, notes=bullets(good_to_know(job, "crontab"), "#   "),
                    cron=job.interval.cron, commands=line)


def systemd(job: Job) -> str:
    description = quoting.systemd_text(f"sheets-sync: sync {job.target_name}")
    exec_start = "\n".join("ExecStart=" + quoting.systemd_line(command)
                           for command in job.commands)
    service = template("sheets-sync.service", name=job.name, target_name=job.target_name,
                       every_words=job.interval.words, log_file=job.log_file,
                       notes=bullets(good_to_know(job, "systemd"), "#   "),
                       description=description, exec_start=exec_start)
    timer = template("sheets-sync.timer", name=job.name, every_words=job.interval.words,
                     description=description, on_calendar=job.interval.on_calendar)
    return service + "\n" + timer


def launchd(job: Job) -> str:
    label = f"local.{job.name}"
    if len(job.commands) == 1:
        arguments = list(job.commands[0])
    else:  # launchd starts one program: let sh run the commands in turn
        arguments = ["/bin/sh", "-c", " ; ".join(quoting.sh_line(c) for c in job.commands)]
    agent = {"Label": label, "ProgramArguments": arguments,
             "StartCalendarInterval": launchd_calendar(job), "RunAtLoad": True,
             "ProcessType": "Background"}
    if job.log_file:  # anything printed before the log line is written lands in the log too
        agent["StandardOutPath"] = agent["StandardErrorPath"] = job.log_file
    comment = template("launchd.plist", target_name=quoting.xml_comment(job.target_name),
                       every_words=job.interval.words, label=label,
                       log_file=quoting.xml_comment(job.log_file or ""),
                       notes=quoting.xml_comment(bullets(good_to_know(job, "launchd"), "  ")))
    header, _, body = plistlib.dumps(agent, sort_keys=False).decode("utf-8").partition(
        "<plist")
    return header + comment + "<plist" + body


def launchd_calendar(job: Job) -> list[dict[str, int]]:
    """StartCalendarInterval entries for the cron times (launchd has no "every N minutes" that
    survives sleep; calendar times run once on wake if one was missed)."""
    interval = job.interval
    daily_hour, daily_minute = DAILY_AT
    if interval.days == 1:
        return [{"Hour": daily_hour, "Minute": daily_minute}]
    if interval.days:  # the days of the month cron's */N picks: 1, 1+N, ...
        return [{"Day": day, "Hour": daily_hour, "Minute": daily_minute}
                for day in range(1, 32, interval.days)]
    if interval.hours:
        return [{"Hour": hour, "Minute": HOURLY_AT} for hour in range(0, 24, interval.hours)]
    return [{"Minute": minute} for minute in range(0, 60, interval.minutes)]


def windows(job: Job, environ: Mapping[str, str] | None = None) -> str:
    """A Task Scheduler task: no shell is involved, the program gets its arguments through the
    C runtime's command-line rules. The text is ASCII so that any way of saving it keeps it."""
    interval = job.interval
    start, repetition = task_trigger(job)
    log = f" Log: {job.log_file}" if job.log_file else ""
    text = template("windows-task.xml", target_name=quoting.xml_comment(job.target_name),
                    every_words=interval.words, name=job.name,
                    log_file=quoting.xml_comment(job.log_file or ""),
                    notes=quoting.xml_comment(bullets(good_to_know(job, "windows"), "  ")),
                    description=quoting.xml_text(
                        f"sheets-sync: syncs {job.target_name} {interval.words}.{log}"),
                    start=start, repetition=repetition, days=max(interval.days, 1),
                    actions=task_actions(job, os.environ if environ is None else environ))
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def task_trigger(job: Job) -> tuple[str, str]:
    """The first start (a past day, so the next matching time counts) and the repetition within
    a day, at the times cron would use."""
    interval = job.interval
    if interval.days:
        return "2026-01-01T{:02d}:{:02d}:00".format(*DAILY_AT), ""
    every = f"PT{interval.hours}H" if interval.hours else f"PT{interval.minutes}M"
    first = f"00:{HOURLY_AT:02d}" if interval.hours else "00:00"
    return f"2026-01-01T{first}:00", ("      <Repetition>\n"
                                      f"        <Interval>{every}</Interval>\n"
                                      "        <Duration>P1D</Duration>\n"
                                      "        <StopAtDurationEnd>false</StopAtDurationEnd>\n"
                                      "      </Repetition>\n")


def task_actions(job: Job, environ: Mapping[str, str]) -> str:
    actions = ""
    for command in job.commands:
        program = quoting.windows_word(command[0])
        arguments = quoting.windows_arguments(command[1:])
        refuse_expansion(f"{program} {arguments}", environ)
        actions += ("    <Exec>\n"
                    f"      <Command>{quoting.xml_text(program)}</Command>\n"
                    f"      <Arguments>{quoting.xml_text(arguments)}</Arguments>\n"
                    "    </Exec>\n")
    return actions


def refuse_expansion(arguments: str, environ: Mapping[str, str]) -> None:
    names = quoting.windows_variables_in(arguments, environ)
    if names:
        raise UsageError(f"Task Scheduler would replace %{names[0]}% in the workbook's path "
                         "with the value of that Windows setting.",
                         fix="Rename the file or folder so that no % sign pairs up with another.")


def github_actions(job: Job) -> str:
    if job.is_file:
        raise UsageError("A GitHub Actions workflow can only reach a Google spreadsheet.",
                         fix="Use --format crontab, systemd, launchd or windows for an .xlsx on "
                             "this computer.")
    if "${{" in job.target:
        raise UsageError("The spreadsheet address contains '${{', which GitHub would read as an "
                         "expression.", fix="Give the spreadsheet's ID instead of its address.")
    commands = "".join(" " * 10 + quoting.sh_line(command) + "\n" for command in job.commands)
    return template("github-actions.yml", target_name=job.target_name,
                    every_words=job.interval.words, cron=job.interval.cron,
                    version=installed_version(), commands=commands)


def installed_version() -> str:
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # running from a checkout that was never installed
        raise UsageError("sheets-sync is not installed, so there is no version to pin.",
                         fix="Install it with pip, then print the workflow again.") from None


RENDERERS: dict[str, Callable[[Job], str]] = {
    "crontab": crontab, "systemd": systemd, "launchd": launchd, "windows": windows,
    "github-actions": github_actions,
}
