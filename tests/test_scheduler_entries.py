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
from sheets_sync.ops.schedulers.job import Job
from sheets_sync.ops.schedulers.render import RENDERERS, windows

LOCAL_FORMATS = ("crontab", "systemd", "launchd", "windows")
SYSTEMD_SPECIFIERS = {"h": "/home/ana", "u": "ana", "U": "1000", "n": "x.service", "N": "x",
                      "t": "/run/user/1000", "H": "host"}


@pytest.fixture
def recorder(tmp_path: Path) -> Recorder:
    return Recorder(tmp_path)


# --- each scheduler's reading -----------------------------------------------------------------


def scheduled_commands(kind: str, text: str) -> list[list[str]]:
    """The programs (argv lists) the scheduler starts for this entry, read as it reads them."""
    if kind == "crontab":  # the `%` rule, then /bin/sh -c
        [line] = [x for x in text.splitlines() if x.strip() and not x.startswith("#")]
        shell_command, stdin = rules.cron_percent(rules.cron_fields(line)[1])
        assert stdin == "", "part of the command would go to standard input"
        return [["/bin/sh", "-c", shell_command]]
    if kind == "systemd":
        service = text.split("# ======== file 2 of 2")[0]
        return [rules.systemd_exec_argv(value, SYSTEMD_SPECIFIERS, {"HOME": "/home/ana"})
                for section, key, value in rules.unit_settings(service)
                if section == "Service" and key == "ExecStart"]
    if kind == "launchd":
        return [plistlib.loads(text.encode("utf-8"))["ProgramArguments"]]
    # Task Scheduler: the XML, `%NAME%` expansion, then the C runtime's split of the command line
    assert text.isascii()  # survives cmd's code page and PowerShell's UTF-16 `>` alike
    task = ET.fromstring(text.encode("utf-16"))  # as Windows PowerShell's `>` saves it
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    return [rules.command_line_to_argv(rules.expand_environment_strings(
        action.findtext("t:Command", "", ns) + " " + action.findtext("t:Arguments", "", ns),
        WINDOWS_ENV)) for action in task.iterfind("t:Actions/t:Exec", ns)]


def start(commands: list[list[str]], home: str = "/tmp") -> None:
    """Start them one after the other, in a scheduler's bare environment."""
    bare = {"HOME": home, "LOGNAME": "ana", "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh"}
    for argv in commands:
        done = subprocess.run(argv, env=bare, capture_output=True, text=True, check=False,
                              timeout=300)
        assert done.returncode == 0 and done.stdout == "", done.stderr


def render(kind: str, job: Job) -> str:
    return windows(job, WINDOWS_ENV) if kind == "windows" else RENDERERS[kind](job)


@pytest.mark.parametrize("target", [FILE, URL, HARD], ids=["path", "url", "every-quote"])
@pytest.mark.parametrize("kind", LOCAL_FORMATS)
def test_target_arrives_as_one_argument_unchanged(kind: str, target: str, recorder: Recorder):
    job = job_for(target, str(recorder.program), kind)
    start(scheduled_commands(kind, render(kind, job)))
    argvs = [run["argv"] for run in recorder.runs()]
    assert argvs == expected(job)
    assert [argv[:2] for argv in argvs] == [["sync", target], ["send", target]]


@pytest.mark.parametrize("kind", LOCAL_FORMATS)
def test_several_commands_run_in_order(kind: str, recorder: Recorder):
    """Any number of commands run in order: the sync, the send, and one more."""
    job = job_for(FILE, str(recorder.program), kind)
    job = dataclasses.replace(job, commands=(*job.commands, (str(recorder.program), "send",
                                                             FILE)))
    start(scheduled_commands(kind, render(kind, job)))
    runs = [run["argv"] for run in recorder.runs()]
    assert runs == expected(job) and runs[-1] == ["send", FILE] and len(runs) == 3


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
    argvs = []
    for line in found["Command Line"]:
        # systemd prints the command quoted for sh; `$$` becomes `$` only when it starts it
        printed = subprocess.run(["/bin/sh", "-c", f"printf '%s\\0' {line}"],
                                 capture_output=True, text=True, check=True).stdout.split("\0")
        argvs.append(rules.systemd_environment(printed[:-1], {}))
    assert argvs == [[str(recorder.program), *args] for args in expected(job)]
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
    assert list(sync["env"]) == ["GOOGLE_SERVICE_ACCOUNT_KEY", "SHEETS_SYNC_SMTP_PASSWORD"]
    secret = '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----x"}'
    runner_temp = tmp_path / "runner temp"
    runner_temp.mkdir()
    done = subprocess.run(  # as GitHub runs a `run:` step with `shell: bash`
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", sync["run"]],
        env={"PATH": f"{recorder.program.parent}:/usr/bin:/bin", "RUNNER_TEMP": str(runner_temp),
             "GOOGLE_SERVICE_ACCOUNT_KEY": secret}, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert secret not in done.stdout + done.stderr
    run, sent = recorder.runs()
    assert run["argv"] == ["sync", URL, "--quiet"]
    assert sent["argv"] == ["send", URL, "--quiet"] and sent["key"] == secret
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
    assert "look in the log file" in flat
    assert "does not mail cron's output" in flat or "Nothing is mailed" in flat
    assert "Close the workbook in Excel" in flat and "exit status 4" in flat
    assert "tries again next time" in flat
    assert str(book.with_name("peer & friends 100% #1.sheets-sync.log")) in text
    assert "1." in flat and "2." in flat and "3." in flat


@pytest.mark.parametrize("kind", LOCAL_FORMATS)
def test_a_real_sync_runs_from_the_entry(kind: str, tmp_path: Path):
    """This installation of sheets-sync, started the way each scheduler starts it, on a workbook
    in an awkward folder: the sync runs, prints nothing, and logs where the entry says."""
    book = tmp_path / "My Programs (2026)" / "peer & friends 100% #1.xlsx"
    book.parent.mkdir()
    assert run("new", book, "--program", "general", "--sample", 10).exit_code == 0
    text = run("cron", book, "--every", "30m", "--format", kind).output
    start(scheduled_commands(kind, text), home=str(tmp_path))
    log = book.with_name("peer & friends 100% #1.sheets-sync.log").read_text()
    assert log.count("outcome=written") == 1, log


def test_the_examples_in_templates_are_what_the_script_prints_now(tmp_path: Path):
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "scripts" / "build_templates.py"), "--out",
                    str(tmp_path), "--schedulers-only"], check=True, capture_output=True)
    fresh = {p.name: p.read_text() for p in (tmp_path / "schedulers").iterdir()}
    committed = {p.name: p.read_text() for p in (root / "templates" / "schedulers").iterdir()}
    assert sorted(fresh) == sorted(committed) == sorted([
        "crontab.txt", "systemd-units.txt", "local.sheets-sync-program.plist",
        "sheets-sync-program.xml", "github-actions.yml"])
    assert fresh == committed, "run: python scripts/build_templates.py --schedulers-only"


def test_the_readme_walks_each_kind_of_computer_through_it():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("### Run it on a schedule")[1].split("\n### ")[0]
    for walk in ("**On Windows**", "**On a Mac**", "**On Linux**"):
        assert walk in section
    for kind in ("windows", "launchd", "systemd", "github-actions"):
        assert f"--format {kind}" in section or f"--format\n{kind}" in section
    assert "must be on and awake" in section and "Close the workbook" in section
    help_text = run("cron", "--help").output
    assert all(kind in help_text for kind in
               ("crontab", "systemd", "launchd", "windows", "github-actions"))


def test_a_google_spreadsheet_gets_its_own_entry_name(recorder: Recorder):
    text = run("cron", URL, "--format", "windows").output
    assert "schtasks /Create /TN sheets-sync-google-1abcdefg /XML" in text
