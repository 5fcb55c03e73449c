"""The one place requests leave for Google: gspread's HTTP client with timeouts, bounded retries
and errors a coordinator can act on."""

from __future__ import annotations

import email.utils
import os
import time
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

GOOGLE_BASE = "https://sheets.googleapis.com"
TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504}


class RetryPolicy:
    """How hard to try: capped exponential backoff with jitter inside a total time budget."""

    def __init__(self, attempts: int = 5, budget: float = 110.0, first_wait: float = 1.0,
                 longest_wait: float = 30.0, timeout: tuple[float, float] | None = None) -> None:
        self.attempts = attempts
        self.budget = budget
        self.first_wait = first_wait
        self.longest_wait = longest_wait
        read_timeout = float(os.environ.get("SHEETS_SYNC_TIMEOUT", "60"))
        self.timeout = timeout or (min(10.0, read_timeout), read_timeout)


def is_transient(error: BaseException) -> bool:
    """429s, server errors, dropped connections and timeouts are worth another try."""
    if isinstance(error, APIError):
        return error.code in TRANSIENT_STATUSES
    return isinstance(error, requests.ConnectionError | requests.Timeout)


class RetryingHTTPClient(HTTPClient):
    """gspread's client, pointed at ``base_url``, never waiting forever and never giving up
    on the first hiccup (gspread's own BackOffHTTPClient retries a permanent 429 for ever and
    not dropped connections at all)."""

    def __init__(self, auth: Any, session: requests.Session | None = None,
                 base_url: str = GOOGLE_BASE, policy: RetryPolicy | None = None) -> None:
        super().__init__(auth, session)
        self.base_url = base_url.rstrip("/")
        self.policy = policy or RetryPolicy()
        self.timeout = self.policy.timeout

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any
                ) -> requests.Response:
        if endpoint.startswith(GOOGLE_BASE):
            endpoint = self.base_url + endpoint[len(GOOGLE_BASE):]
        policy = self.policy
        retrying = Retrying(
            stop=stop_after_attempt(policy.attempts) | stop_after_delay(policy.budget),
            wait=_wait(policy),
            retry=retry_if_exception(is_transient),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                return super().request(method, endpoint, *args, **kwargs)
        raise AssertionError("unreachable: tenacity re-raises the last error")


def _wait(policy: RetryPolicy):
    backoff = wait_random_exponential(multiplier=policy.first_wait, max=policy.longest_wait)

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        asked = _retry_after(error)
        if asked is not None:
            return min(asked, policy.longest_wait)
        return backoff(state)

    return wait


def _retry_after(error: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After: seconds or an HTTP date)."""
    if not isinstance(error, APIError) or error.response is None:
        return None
    value = error.response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None
