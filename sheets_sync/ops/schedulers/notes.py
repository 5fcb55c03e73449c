"""The "good to know" sentences every scheduler entry carries, for a coordinator who is not a
programmer: when it runs, where to look, and why the workbook must be closed."""

from __future__ import annotations

import textwrap

from sheets_sync.ops.schedulers.job import Job

MISSED = {
    "crontab": "The computer must be on and awake at those times. cron skips a time when it was "
               "off or asleep; the next one runs as usual.",
    "systemd": "The computer must be on and awake at those times. A sync missed while it was off "
               "or asleep runs once as soon as it is back.",
    "launchd": "The Mac must be on and awake at those times. A sync missed while it was asleep "
               "runs once when it wakes; one missed while it was off is skipped.",
    "windows": "The computer must be on and awake, and you must be signed in. A sync missed while "
               "it was off or asleep runs once as soon as it can.",
}
NO_MAIL = {
    "crontab": "A laptop does not mail cron's output to you: look in the log file, which gets "
               "one line per sync. (On a server, cron mails you only when something needs "
               "attention: --quiet prints nothing when all went well.)",
    "systemd": "Nothing is mailed to you: look in the log file, which gets one line per sync, "
               "or run  journalctl --user -u {name}.service",
    "launchd": "Nothing is mailed or shown to you: look in the log file, which gets one line per "
               "sync.",
    "windows": "Nothing is mailed or shown on screen: look in the log file, which gets one line "
               "per sync. Task Scheduler's Last Run Result says 0x0 when a sync went well and 0x4 "
               "when it found the workbook open.",
}
CLOSED = ("Close the workbook in Excel or LibreOffice before a sync is due. While it is open the "
          "sync stops with exit status 4, changes nothing, and tries again next time.")
SHEET_OPEN = ("The spreadsheet may stay open in a browser while a sync runs; edits made "
              "meanwhile are kept.")
SENDS = ("After each sync, send mails the messages the sync put in the Outbox tab, once the "
         "Settings tab names an SMTP server; until then it does nothing.")
PASSWORD = {
    "crontab": "If Settings has an SMTP user, cron must know its password: put it on a line "
               "of its own above the entry, like  SHEETS_SYNC_SMTP_PASSWORD=your-app-password  "
               "(only you can read your crontab).",
    "systemd": "If Settings has an SMTP user, add its password under [Service] in the .service "
               "file, as a line  Environment=SHEETS_SYNC_SMTP_PASSWORD=your-app-password  and "
               "make the file readable by you only:  chmod 600 ~/.config/systemd/user/{name}"
               ".service",
    "launchd": "If Settings has an SMTP user, add its password to the file before the "
               "ProgramArguments key, as <key>EnvironmentVariables</key><dict><key>"
               "SHEETS_SYNC_SMTP_PASSWORD</key><string>your-app-password</string></dict>, and "
               "make the file readable by you only:  chmod 600 ~/Library/LaunchAgents/local."
               "{name}.plist",
    "windows": "If Settings has an SMTP user, give the task its password once, in PowerShell: "
               "[Environment]::SetEnvironmentVariable('SHEETS_SYNC_SMTP_PASSWORD', "
               "'your-app-password', 'User')  then sign out and in again.",
}
EXTRA = {
    "systemd": ["A user timer runs only while you are logged in. To let it run when you are not, "
                "run once:  loginctl enable-linger"],
    "launchd": ['If macOS asks whether python may use your Documents folder, click Allow. If the '
                'log file says "Operation not permitted", macOS is keeping background jobs out of '
                "Documents, Desktop, Downloads or iCloud Drive: keep the workbook in a folder of "
                "its own in your home folder instead."],
}


def good_to_know(job: Job, kind: str) -> list[str]:
    """The notes for one entry, as paragraphs."""
    notes = [MISSED[kind], NO_MAIL[kind].format(name=job.name),
             CLOSED if job.is_file else SHEET_OPEN]
    if any("send" in command for command in job.commands):
        notes += [SENDS, PASSWORD[kind].format(name=job.name)]
    return notes + EXTRA.get(kind, [])


def bullets(paragraphs: list[str], indent: str, width: int = 96) -> str:
    """Paragraphs as "- " bullets wrapped under ``indent`` (a comment prefix such as "#   ")."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, width, initial_indent=indent + "- ",
                               subsequent_indent=indent + "  ", break_long_words=False,
                               break_on_hyphens=False)
    return "\n".join(lines)
