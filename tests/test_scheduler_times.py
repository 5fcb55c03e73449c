"""Every format starts a sync at the same times as the crontab line does."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import scheduler_rules as rules
from scheduled_jobs import FILE, WINDOWS_ENV, job_for

from sheets_sync.ops.schedulers.job import Job
from sheets_sync.ops.schedulers.render import RENDERERS, windows

EVERY = ["5m", "10m", "15m", "20m", "30m", "1h", "2h", "3h", "4h", "6h", "8h", "12h", "1d", "3d"]


def cron_times(job: Job) -> set[tuple[int, int, int]]:
    """(day of month, hour, minute) of every start in a 31-day month, as cron fires them."""
    minute, hour, day, _, _ = job.interval.cron.split()
    return {(d, h, m) for d in rules.cron_field_values(day, 1, 31)
            for h in rules.cron_field_values(hour, 0, 23)
            for m in rules.cron_field_values(minute, 0, 59)}


@pytest.mark.parametrize("every", EVERY)
def test_launchd_and_windows_start_when_cron_does(every: str):
    job = job_for(FILE, "/bin/true", "launchd", every)
    agent = plistlib.loads(RENDERERS["launchd"](job).encode("utf-8"))
    launchd = {(d, h, m) for entry in agent["StartCalendarInterval"]
               for d in ([entry["Day"]] if "Day" in entry else range(1, 32))
               for h in ([entry["Hour"]] if "Hour" in entry else range(24))
               for m in [entry["Minute"]]}
    assert launchd == cron_times(job)
    task = ET.fromstring(windows(job, WINDOWS_ENV))
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    start = task.findtext("t:Triggers/t:CalendarTrigger/t:StartBoundary", "", ns)
    step = task.findtext("t:Triggers/t:CalendarTrigger/t:Repetition/t:Interval", "PT24H", ns)
    minutes = int(step[2:-1]) * (60 if step.endswith("H") else 1)
    first = int(start[11:13]) * 60 + int(start[14:16])
    daily = {(t // 60, t % 60) for t in range(first, 1440, minutes)}
    assert daily == {(h, m) for _, h, m in cron_times(job)}
    days = int(task.findtext("t:Triggers/t:CalendarTrigger/t:ScheduleByDay/t:DaysInterval",
                             "", ns))
    assert days == max(job.interval.days, 1)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
@pytest.mark.parametrize("every", EVERY)
def test_systemd_timer_starts_when_cron_does(every: str):
    """systemd's own calendar arithmetic, from 1 January 2026 00:00 on, against cron's times."""
    job = job_for(FILE, "/bin/true", "systemd", every)
    expected_times = [t for t in sorted(cron_times(job)) if t != (1, 0, 0)][:300]
    done = subprocess.run(["systemd-analyze", "calendar", f"--iterations={len(expected_times)}",
                           "--base-time=2026-01-01 00:00:00 UTC", job.interval.on_calendar],
                          env={**os.environ, "TZ": "UTC"}, capture_output=True, text=True,
                          check=True, timeout=60)
    elapses = [line.split()[-3:-1] for line in done.stdout.splitlines()
               if line.strip().startswith(("Next elapse:", "Iter. #"))]
    times = [(int(date[-2:]), int(clock[:2]), int(clock[3:5])) for date, clock in elapses]
    assert times == expected_times
