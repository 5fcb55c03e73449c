"""Running unattended: the one-sync-at-a-time lock, the run log, and scheduler entries
(crontab, systemd, launchd, Windows Task Scheduler, GitHub Actions)."""
