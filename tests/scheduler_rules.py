"""How each scheduler reads an entry, written down from its documentation, so that a test can
read an entry the way the scheduler will (test equipment, not product):

- cron (Vixie cron and cronie): the five time fields, then the command; an unescaped `%` ends the
  command (the rest becomes standard input, `%` as line breaks) and `\\%` becomes `%`; the command
  then goes to /bin/sh -c.
- systemd.service(5) "Command lines" and systemd.syntax(7) "Quoting": words split at whitespace,
  single or double quotes, C-style escapes; `%` specifiers (systemd.unit(5)); at start-up `$$` is
  a dollar sign and `${NAME}` / a lone `$NAME` are environment variables.
- Windows: Task Scheduler expands `%NAME%` environment variables in a task's command and
  arguments (IExecAction); the program splits its command line by the Microsoft C runtime's
  rules ("Parsing C command-line arguments"), the same as CommandLineToArgvW.
- cmd.exe and PowerShell: the characters each gives a meaning to on a command line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# --- cron -------------------------------------------------------------------------------------


def cron_fields(line: str) -> tuple[list[str], str]:
    """The five time fields and the command of one crontab line."""
    parts = line.split(None, 5)
    return parts[:5], parts[5]


def cron_percent(command: str) -> tuple[str, str]:
    """(what /bin/sh -c gets, what goes to standard input), as cron's child_process does."""
    out: list[str] = []
    escaped = False
    for index, char in enumerate(command):
        if escaped:
            if char == "%":
                out[-1] = "%"  # the backslash is dropped
            else:
                out.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
            out.append(char)
            continue
        if char == "%":
            return "".join(out), command[index + 1:].replace("%", "\n")
        out.append(char)
    return "".join(out), ""


def cron_field_values(field: str, low: int, high: int) -> list[int]:
    """``*``, ``N`` or ``*/N`` → the values cron fires on."""
    if field == "*":
        return list(range(low, high + 1))
    if field.startswith("*/"):
        return list(range(low, high + 1, int(field[2:])))
    return [int(field)]


# --- systemd ----------------------------------------------------------------------------------

SYSTEMD_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                   "\\": "\\", '"': '"', "'": "'", "s": " "}


def unit_settings(text: str) -> list[tuple[str, str, str]]:
    """(section, key, raw value) for every setting of a unit file, comments skipped."""
    section, settings = "", []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        assert not stripped.endswith("\\"), "a continued line was not expected"
        if stripped.startswith("["):
            section = stripped.strip("[]")
            continue
        key, _, value = stripped.partition("=")
        settings.append((section, key.strip(), value.strip()))
    return settings


def systemd_split(value: str) -> list[str]:
    """Split an ExecStart= value into words: quotes removed, C escapes resolved."""
    words: list[str] = []
    index, size = 0, len(value)
    while True:
        while index < size and value[index] in " \t":
            index += 1
        if index >= size:
            return words
        word: list[str] = []
        quote = ""
        while index < size:
            char = value[index]
            if char == "\\":
                escape = value[index + 1]
                if escape == "x":
                    word.append(chr(int(value[index + 2:index + 4], 16)))
                    index += 4
                    continue
                if escape not in SYSTEMD_ESCAPES:
                    raise ValueError(f"invalid escape \\{escape} in {value!r}")
                word.append(SYSTEMD_ESCAPES[escape])
                index += 2
                continue
            if quote:
                if char == quote:
                    quote = ""
                else:
                    word.append(char)
            elif char in "\"'":
                quote = char
            elif char in " \t":
                break
            else:
                word.append(char)
            index += 1
        if quote:
            raise ValueError(f"unbalanced quotes in {value!r}")
        words.append("".join(word))


def systemd_specifiers(word: str, specifiers: Mapping[str, str]) -> str:
    """Resolve `%x` specifiers; `%%` is a percent sign, an unknown one is an error."""
    out, index = [], 0
    while index < len(word):
        char = word[index]
        if char != "%":
            out.append(char)
            index += 1
            continue
        letter = word[index + 1:index + 2]
        if letter == "%":
            out.append("%")
        elif letter in specifiers:
            out.append(specifiers[letter])
        else:
            raise ValueError(f"unknown specifier %{letter} in {word!r}")
        index += 2
    return "".join(out)


def systemd_environment(words: list[str], environ: Mapping[str, str]) -> list[str]:
    """What systemd does at start-up: `$$` → `$`, `${NAME}` → its value, a lone `$NAME` word →
    its value split at whitespace."""
    argv: list[str] = []
    for word in words:
        lone = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", word)
        if lone:
            argv += environ.get(lone.group(1), "").split()
            continue
        argv.append(re.sub(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}",
                           lambda m: "$" if m.group(0) == "$$" else environ.get(m.group(1), ""),
                           word))
    return argv


def systemd_exec_argv(value: str, specifiers: Mapping[str, str],
                      environ: Mapping[str, str]) -> list[str]:
    words = [systemd_specifiers(word, specifiers) for word in systemd_split(value)]
    return systemd_environment(words, environ)


# --- Windows ----------------------------------------------------------------------------------


def expand_environment_strings(text: str, environ: Mapping[str, str]) -> str:
    """`%NAME%` → its value when NAME is defined (names are case-insensitive); otherwise left as
    it is, and its closing `%` may open the next name."""
    values = {name.upper(): value for name, value in environ.items()}
    out, index = [], 0
    while True:
        start = text.find("%", index)
        end = text.find("%", start + 1) if start >= 0 else -1
        if end < 0:
            out.append(text[index:])
            return "".join(out)
        name = text[start + 1:end]
        out.append(text[index:start])
        if name and name.upper() in values:
            out.append(values[name.upper()])
            index = end + 1
        else:
            out.append("%" + name)
            index = end


def command_line_to_argv(line: str) -> list[str]:
    """The Microsoft C runtime's (and CommandLineToArgvW's) split of a command line."""
    size = len(line)
    if line.startswith('"'):  # the program name: up to the next quote, no escapes
        end = line.index('"', 1)
        argv, index = [line[1:end]], end + 1
    else:
        end = next((i for i, c in enumerate(line) if c in " \t"), size)
        argv, index = [line[:end]], end
    while True:
        while index < size and line[index] in " \t":
            index += 1
        if index >= size:
            return argv
        arg: list[str] = []
        quoted = False
        while index < size:
            char = line[index]
            if char == "\\":
                run_end = index
                while run_end < size and line[run_end] == "\\":
                    run_end += 1
                count = run_end - index
                if run_end < size and line[run_end] == '"':
                    arg.append("\\" * (count // 2))
                    if count % 2:  # an escaped quote
                        arg.append('"')
                        run_end += 1
                else:
                    arg.append("\\" * count)
                index = run_end
                continue
            if char == '"':
                if quoted and line[index + 1:index + 2] == '"':  # "" inside quotes
                    arg.append('"')
                    index += 2
                    continue
                quoted = not quoted
                index += 1
                continue
            if char in " \t" and not quoted:
                break
            arg.append(char)
            index += 1
        argv.append("".join(arg))


CMD_SPECIAL = set('&|<>^%"()!')
POWERSHELL_SPECIAL = set("`$@(){};&|<>'\",#")


def typed_command_argv(line: str) -> list[str]:
    """A command meant to be typed into cmd.exe or PowerShell: it must hold no character either
    gives a meaning to, and then both split it at spaces alike."""
    special = (CMD_SPECIAL | POWERSHELL_SPECIAL) & set(line)
    if special:
        raise ValueError(f"{line!r} holds {sorted(special)}, which cmd or PowerShell interpret")
    return line.split()
