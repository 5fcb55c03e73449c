"""Quoting one argument for each scheduler, so that spaces, quotes, `&`, `%`, `$` and `#` in a
path or URL reach sheets-sync as one argument, unchanged.

Words made only of letters, digits, `_` and `-` (sync, --quiet) are left bare for readability;
everything else, every path and URL included, is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

from sheets_sync.errors import UsageError

BARE = re.compile(r"[A-Za-z0-9_-]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SYSTEMD_ESCAPES = {"\\": "\\\\", '"': '\\"', "%": "%%", "$": "$$"}


def refuse_control_characters(values: Iterable[str]) -> None:
    """A line break (or another control character) can't be written into any scheduler entry."""
    for value in values:
        if CONTROL.search(value):
            raise UsageError(f"{value!r} contains a line break or another control character, "
                             "which no scheduler entry can hold.",
                             fix="Rename the file or folder without it.")


def sh_word(arg: str) -> str:
    """POSIX sh: single quotes keep everything literal; a quote itself is written '\\''."""
    if BARE.fullmatch(arg):
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"


def sh_line(command: Iterable[str]) -> str:
    return " ".join(sh_word(arg) for arg in command)


def cron_word(arg: str) -> str:
    """cron hands the line to /bin/sh after turning an unescaped `%` into a line break and `\\%`
    into `%`. A backslash right before a `%` would be eaten as that escape, so the quotes are
    closed and reopened between the two (`''` is nothing to sh)."""
    return sh_word(arg).replace("\\%", "\\''%").replace("%", "\\%")


def cron_line(command: Iterable[str]) -> str:
    return " ".join(cron_word(arg) for arg in command)


def systemd_word(arg: str) -> str:
    """An ExecStart= word: double quotes with C escapes, `%%` for a `%` (else a specifier) and
    `$$` for a `$` (else an environment variable)."""
    if BARE.fullmatch(arg):
        return arg
    return '"' + "".join(SYSTEMD_ESCAPES.get(char, char) for char in arg) + '"'


def systemd_line(command: Iterable[str]) -> str:
    return " ".join(systemd_word(arg) for arg in command)


def systemd_text(text: str) -> str:
    """A free-text setting such as Description=, where specifiers are expanded too."""
    return text.replace("%", "%%")


def windows_word(arg: str) -> str:
    """One argument as the Microsoft C runtime (and CommandLineToArgvW) splits a command line:
    backslashes are literal except before a `"`, where they are doubled and the quote escaped."""
    if BARE.fullmatch(arg):
        return arg
    quoted, backslashes = ['"'], 0
    for char in arg:
        if char == "\\":
            backslashes += 1
            continue
        quoted.append("\\" * (backslashes * 2 + 1) + '"' if char == '"' else "\\" * backslashes
                      + char)
        backslashes = 0
    quoted.append("\\" * (backslashes * 2) + '"')
    return "".join(quoted)


def windows_arguments(args: Iterable[str]) -> str:
    return " ".join(windows_word(arg) for arg in args)


def windows_variables_in(text: str, environ: Mapping[str, str]) -> list[str]:
    """Task Scheduler expands `%NAME%` in a task's command and arguments when NAME is a defined
    environment variable, and there is no way to escape a `%`. These are the names in ``text``
    that it would expand with ``environ`` (names are case-insensitive on Windows)."""
    defined = {name.upper() for name in environ}
    parts = text.split("%")
    return [name for name in parts[1:-1] if name and name.upper() in defined]


def xml_text(text: str) -> str:
    """Element text (`&`, `<` and `>` escaped)."""
    return escape(text)


def xml_comment(text: str) -> str:
    """Comment text: `--` may not appear inside an XML comment."""
    while "--" in text:
        text = text.replace("--", "- -")
    return text
