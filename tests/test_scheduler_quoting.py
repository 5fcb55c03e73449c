"""The quoting of one argument for each scheduler, and the test's own readers of those
schedulers, checked against their documentation and against each other."""

from __future__ import annotations

import subprocess

import pytest
import scheduler_rules as rules
from hypothesis import given, settings
from hypothesis import strategies as st
from scheduled_jobs import FILE, WINDOWS_ENV, Recorder, job_for

from sheets_sync.errors import UsageError
from sheets_sync.ops.schedulers import quoting
from sheets_sync.ops.schedulers.render import windows

# any text a file name or URL may hold: every printable character, none of the control ones
ARGUMENTS = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)


@pytest.fixture
def recorder(tmp_path) -> Recorder:
    return Recorder(tmp_path)


def test_the_readers_follow_the_documented_rules():
    """The test's own readers, checked on the examples their documentation gives."""
    assert rules.cron_percent(r"echo a\%b%line 1%line 2") == ("echo a%b", "line 1\nline 2")
    assert rules.cron_percent("date '+%Y'")[0] == "date '+"
    msvc = {'"a b c" d e': ["a b c", "d", "e"], r'"ab\"c" "\\" d': ['ab"c', "\\", "d"],
            r'a\\\b d"e f"g h': [r"a\\\b", "de fg", "h"], r'a\\\"b c d': [r"a\"b", "c", "d"],
            r'a\\\\"b c" d e': [r"a\\b c", "d", "e"], 'a"b"" c d': ['ab" c d']}
    for line, argv in msvc.items():
        assert rules.command_line_to_argv("prog " + line)[1:] == argv, line
    assert rules.command_line_to_argv('"C:\\Program Files\\x.exe" a') == [
        "C:\\Program Files\\x.exe", "a"]
    assert rules.expand_environment_strings("%USERNAME% 100% %nope% %TEMP%", WINDOWS_ENV) == \
        r"ana 100% %nope% C:\Users\ana\AppData\Local\Temp"
    assert rules.systemd_exec_argv(r'"a b" c\x20d \'e\" %% %h $$ ${HOME} $HOME',
                                   {"h": "/home/ana"}, {"HOME": "/root"}) == \
        ["a b", "c d", "'e\"", "%", "/home/ana", "$", "/root", "/root"]
    with pytest.raises(ValueError):
        rules.systemd_exec_argv("a 100% #1", {}, {})
    with pytest.raises(ValueError):
        rules.typed_command_argv('sheets-sync sync "a & b.xlsx"')


def test_unquoted_entries_would_break():
    """The damage quoting prevents, shown with the same readers."""
    naive = f"*/30 * * * * sheets-sync sync {FILE} --quiet"
    shell_command, stdin = rules.cron_percent(rules.cron_fields(naive)[1])
    assert stdin and "#1.xlsx" not in shell_command
    assert rules.systemd_split(f"sheets-sync sync {FILE}")[2] == "/home/ana/My"
    assert rules.command_line_to_argv(f"pythonw.exe sync {FILE}")[2] == "/home/ana/My"


@settings(max_examples=150, deadline=None)
@given(ARGUMENTS)
def test_any_argument_survives_cron_and_sh(arg: str):
    entry = r"printf '\%s\0' " + quoting.cron_word(arg)  # the format's own % escaped for cron
    shell_command, stdin = rules.cron_percent(entry)
    assert stdin == ""
    done = subprocess.run(["/bin/sh", "-c", shell_command], capture_output=True, check=True)
    assert done.stdout.decode("utf-8", "surrogateescape").split("\0")[:-1] == [arg]


@given(ARGUMENTS)
def test_any_argument_survives_systemd(arg: str):
    line = quoting.systemd_line(["/bin/x", arg])
    assert rules.systemd_exec_argv(line, {"h": "/home/ana"}, {"HOME": "/root"}) == ["/bin/x", arg]


@given(ARGUMENTS)
def test_any_argument_survives_the_windows_command_line(arg: str):
    line = quoting.windows_word("C:\\Program Files\\x.exe") + " " + quoting.windows_arguments(
        [arg, "next"])
    assert rules.command_line_to_argv(line) == ["C:\\Program Files\\x.exe", arg, "next"]


# --- Windows: what the person types, and what Task Scheduler must not expand ------------------


def test_windows_steps_are_safe_to_type_in_cmd_and_powershell(recorder: Recorder):
    text = windows(job_for(FILE, str(recorder.program), "windows"), WINDOWS_ENV)
    typed = [line.strip().strip("()").replace("or run this:", "").strip()
             for line in text.splitlines() if "schtasks /" in line]
    typed = [line[line.index("schtasks"):].rstrip(" ).") for line in typed]
    argvs = [rules.typed_command_argv(line) for line in typed]
    assert ["schtasks", "/Create", "/TN", "sheets-sync-test", "/XML",
            "sheets-sync-test.xml"] in argvs
    assert ["schtasks", "/Run", "/TN", "sheets-sync-test"] in argvs
    assert ["schtasks", "/Delete", "/TN", "sheets-sync-test", "/F"] in argvs


def test_windows_refuses_a_path_task_scheduler_would_expand(recorder: Recorder):
    job = job_for("/home/ana/%USERNAME% notes.xlsx", str(recorder.program), "windows")
    with pytest.raises(UsageError, match="USERNAME"):
        windows(job, WINDOWS_ENV)
    assert "%USERNAME%" in windows(job, {"PATH": "x"})
