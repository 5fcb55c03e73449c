"""Scheduler entries read the way each scheduler reads them: a path or URL full of spaces,
parentheses, quotes, `&`, `%`, `$` and `#` reaches sheets-sync as one argument, unchanged."""

from __future__ import annotations

import dataclasses
import os
import plistlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import scheduler_rules as rules
import yaml
from click.testing import CliRunner
from scheduled_jobs import FILE, HARD, URL, WINDOWS_ENV, Recorder, expected, job_for

from sheets_sync.cli import main
from sheets_sync.errors import UsageError
from sheets_sync.schedulers.job import Job
from sheets_sync.schedulers.render import RENDERERS, windows

LOCAL_FORMATS = ("crontab", "systemd", "launchd", "windows")
SYSTEMD_SPECIFIERS = {"h": "/home/ana", "u": "ana", "U": "1000", "n": "x.service", "N": "x",
                      "t": "/run/user/1000", "H": "host"}


@pytest.fixture
def recorder(tmp_path: Path) -> Recorder:
    return Recorder(tmp_path)


# --- each scheduler's reading -----------------------------------------------------------------


def crontab_runs(text: str, recorder: Recorder) -> list[list[str]]:
    """cron's reading, for real: the `%` rule, then /bin/sh -c with cron's bare environment."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) == 1
    fields, command = rules.cron_fields(lines[0])
    shell_command, stdin = rules.cron_percent(command)
    assert stdin == "", "part of the command would go to standard input"
    cron_env = {"HOME": "/tmp", "LOGNAME": "ana", "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh"}
    done = subprocess.run(["/bin/sh", "-c", shell_command], env=cron_env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    return [run["argv"] for run in recorder.runs()]


def systemd_runs(text: str, recorder: Recorder) -> list[list[str]]:
    service = text.split("# ======== file 2 of 2")[0]
    values = [value for section, key, value in rules.unit_settings(service)
              if section == "Service" and key == "ExecStart"]
    argvs = [rules.systemd_exec_argv(value, SYSTEMD_SPECIFIERS, {"HOME": "/home/ana"})
             for value in values]
    assert all(argv[0] == str(recorder.program) for argv in argvs)
    return [argv[1:] for argv in argvs]


def launchd_runs(text: str, recorder: Recorder) -> list[list[str]]:
    agent = plistlib.loads(text.encode("utf-8"))
    assert agent["ProgramArguments"][0] == str(recorder.program)
    return [agent["ProgramArguments"][1:]]


def windows_runs(text: str, recorder: Recorder) -> list[list[str]]:
    """Task Scheduler's reading: the XML, `%NAME%` expansion, then the C runtime's split."""
    assert text.isascii()  # survives cmd's code page and PowerShell's UTF-16 `>` alike
    task = ET.fromstring(text.encode("utf-16"))  # as Windows PowerShell's `>` saves it
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    argvs = []
    for action in task.iterfind("t:Actions/t:Exec", ns):
        command = rules.expand_environment_strings(action.findtext("t:Command", "", ns),
                                                   WINDOWS_ENV)
        arguments = rules.expand_environment_strings(action.findtext("t:Arguments", "", ns),
                                                     WINDOWS_ENV)
        argv = rules.command_line_to_argv(f"{command} {arguments}")
        assert argv[0] == str(recorder.program)
        argvs.append(argv[1:])
    return argvs


READERS = {"crontab": crontab_runs, "systemd": systemd_runs, "launchd": launchd_runs,
           "windows": windows_runs}


def render(kind: str, job: Job) -> str:
    return windows(job, WINDOWS_ENV) if kind == "windows" else RENDERERS[kind](job)


@pytest.mark.parametrize("target", [FILE, URL, HARD], ids=["path", "url", "every-quote"])
@pytest.mark.parametrize("kind", LOCAL_FORMATS)
def test_target_arrives_as_one_argument_unchanged(kind: str, target: str, recorder: Recorder):
    job = job_for(target, str(recorder.program), kind)
    argvs = READERS[kind](render(kind, job), recorder)
    assert argvs == [expected(job)]
    assert argvs[0][1] == target


@pytest.mark.parametrize("kind", LOCAL_FORMATS)
def test_several_commands_run_in_order(kind: str, recorder: Recorder):
    """A later command (sending the due messages) is one more argv list in the job."""
    job = job_for(FILE, str(recorder.program), kind)
    second = (str(recorder.program), "send", FILE)
    job = dataclasses.replace(job, commands=(*job.commands, second))
    text = render(kind, job)
    if kind == "launchd":  # one program: /bin/sh runs the commands in turn
        agent = plistlib.loads(text.encode("utf-8"))
        assert agent["ProgramArguments"][:2] == ["/bin/sh", "-c"]
        subprocess.run(agent["ProgramArguments"], check=True)
        argvs = [run["argv"] for run in recorder.runs()]
    else:
        argvs = READERS[kind](text, recorder)
    assert argvs == [expected(job), ["send", FILE]]


# --- systemd's own reading, where it is installed ---------------------------------------------


def systemd_analyze(unit: Path) -> dict[str, list[str]]:
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", "--generators=no",
                           str(unit)], env={**os.environ, "SYSTEMD_LOG_LEVEL": "debug"},
                          capture_output=True, text=True, check=False, timeout=60)
    found: dict[str, list[str]] = {"Command Line": [], "Description": []}
    for line in (done.stdout + done.stderr).splitlines():
        key, _, value = line.strip().partition(": ")
        if key in found:
            found[key].append(value)
    return found


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
@pytest.mark.parametrize("target", [FILE, URL, HARD], ids=["path", "url", "every-quote"])
def test_systemd_itself_reads_the_service_the_same(target: str, recorder: Recorder,
                                                   tmp_path: Path):
    job = job_for(target, str(recorder.program), "systemd")
    text = RENDERERS["systemd"](job)
    service, timer = text.split("# ======== file 2 of 2")
    (tmp_path / f"{job.name}.service").write_text(service)
    (tmp_path / f"{job.name}.timer").write_text("#" + timer)
    found = systemd_analyze(tmp_path / f"{job.name}.service")
    assert found["Description"] == [f"sheets-sync: sync {job.target_name}"]
    [line] = found["Command Line"]
    # systemd prints the command quoted for sh; `$$` becomes `$` only when it starts the program
    printed = subprocess.run(["/bin/sh", "-c", f"printf '%s\\0' {line}"], capture_output=True,
                             text=True, check=True).stdout.split("\0")[:-1]
    argv = rules.systemd_environment(printed, {})
    assert argv == [str(recorder.program), *expected(job)]
    assert systemd_analyze(tmp_path / f"{job.name}.timer")["Description"] == [
        f"sheets-sync: sync {job.target_name} every 30 minutes"]


# --- GitHub Actions ---------------------------------------------------------------------------


def test_github_actions_pins_the_version_and_gives_the_key_to_the_sync_step_only(
        recorder: Recorder, tmp_path: Path):
    from importlib.metadata import version
    job = job_for(URL, "sheets-sync", "github-actions")
    workflow = yaml.safe_load(RENDERERS["github-actions"](job))
    assert "env" not in workflow and "env" not in workflow["jobs"]["sync"]
    assert workflow["permissions"] == {}
    install, sync = workflow["jobs"]["sync"]["steps"][1:]
    assert "env" not in install
    assert f'"sheets-sync=={version("sheets-sync")}"' in install["run"]
    assert list(sync["env"]) == ["GOOGLE_SERVICE_ACCOUNT_KEY"]
    secret = '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----x"}'
    runner_temp = tmp_path / "runner temp"
    runner_temp.mkdir()
    done = subprocess.run(  # as GitHub runs a `run:` step with `shell: bash`
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", sync["run"]],
        env={"PATH": f"{recorder.program.parent}:/usr/bin:/bin", "RUNNER_TEMP": str(runner_temp),
             "GOOGLE_SERVICE_ACCOUNT_KEY": secret}, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert secret not in done.stdout + done.stderr
    [run] = recorder.runs()
    assert run["argv"] == ["sync", URL, "--quiet"]
    assert run["key"] == secret and run["key_mode"] == "0o600"
    assert not run["secret_in_env"]
    assert not Path(run["key_path"]).exists()  # deleted when the step ends


def test_github_actions_refuses_a_file_and_an_expression(tmp_path: Path):
    with pytest.raises(UsageError):
        RENDERERS["github-actions"](job_for(FILE, "sheets-sync", "github-actions"))
    with pytest.raises(UsageError):
        RENDERERS["github-actions"](job_for(URL + "${{ x }}", "sheets-sync", "github-actions"))


# --- through the command line -----------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("kind", LOCAL_FORMATS)
def test_every_format_tells_a_coordinator_what_to_expect(kind: str, tmp_path: Path):
    book = tmp_path / "My Programs (2026)" / "peer & friends 100% #1.xlsx"
    text = run("cron", book, "--every", "30m", "--format", kind).output
    flat = " ".join(line.strip("#- ") for line in text.splitlines())
    assert "must be on and awake" in flat
    assert "look in the log file" in flat and "not mail" in flat or "Nothing is mailed" in flat
    assert "Close the workbook in Excel" in flat and "exit status 4" in flat
    assert "tries again next time" in flat
    assert str(book.with_name("peer & friends 100% #1.sheets-sync.log")) in text
    assert "1." in flat and "2." in flat and "3." in flat


def test_a_real_sync_runs_from_the_crontab_line(tmp_path: Path):
    """The installed sheets-sync, started the way cron starts it, on a workbook in an awkward
    folder: the sync runs and logs where the entry says."""
    if not Path(sys.executable).with_name("sheets-sync").exists():
        pytest.skip("the package is not installed as a command here")
    book = tmp_path / "My Programs (2026)" / "peer & friends 100% #1.xlsx"
    book.parent.mkdir()
    assert run("new", book, "--program", "general", "--sample", 10).exit_code == 0
    text = run("cron", book, "--every", "30m").output
    line = [x for x in text.splitlines() if x and not x.startswith("#")][0]
    shell_command, stdin = rules.cron_percent(rules.cron_fields(line)[1])
    assert stdin == ""
    done = subprocess.run(["/bin/sh", "-c", shell_command], env={
        "HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh"},
        capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    log = book.with_name("peer & friends 100% #1.sheets-sync.log").read_text()
    assert "outcome=written" in log
