"""Google Sheets: the backend (``backend``), requests and retries (``client``), logins
(``auth``), cells and dates (``cells``, ``dates``), looks (``looks``), what a write sends
(``plan``), re-reads (``checks``) and messages (``problems``)."""

from sheets_sync.backends.google.backend import GoogleBackend, spreadsheet_id

__all__ = ["GoogleBackend", "spreadsheet_id"]
