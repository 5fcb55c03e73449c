"""The scheduler formats a sync can be run from; the entries are built by
:mod:`sheets_sync.ops.scheduling` (kept out of this package's import, which every command
pays)."""

FORMATS = ("crontab", "systemd", "launchd", "windows", "github-actions")
