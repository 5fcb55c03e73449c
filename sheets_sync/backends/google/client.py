"""The one place requests leave for Google: gspread's HTTP client with a timeout on every
request, capped exponential backoff with jitter for about two minutes, and a write whose answer
never came checked before it is sent again."""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Callable
from typing import Any

import requests
from google.auth.exceptions import RefreshError, TransportError
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from tenacity import RetryCallState, Retrying, retry_if_exception, wait_random_exponential

GOOGLE_BASE = "https://sheets.googleapis.com"
TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504}


class RetryPolicy:
    """How hard to try: waits growing from ``first_wait`` to at most ``longest_wait`` seconds
    (each a random fraction of that: "full jitter"), for ``budget`` seconds in all. ``sleep``
    and ``clock`` are injectable so that tests need not wait."""

    def __init__(self, budget: float = 120.0, first_wait: float = 1.0,
                 longest_wait: float = 32.0, timeout: tuple[float, float] | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = budget
        self.first_wait = first_wait
        self.longest_wait = longest_wait
        read_timeout = float(os.environ.get("SHEETS_SYNC_TIMEOUT", "60"))
        self.timeout = timeout or (min(10.0, read_timeout), read_timeout)
        self.sleep = sleep
        self.clock = clock


class NotAnswered(Exception):
    """A write was sent but its answer never came, and it was not applied."""


def status_of(error: BaseException) -> int | None:
    """The HTTP status of an API error, also when Google answered with an HTML page (gspread
    then reports code -1)."""
    if isinstance(error, APIError):
        response = getattr(error, "response", None)
        return response.status_code if response is not None else error.code
    return None


def was_not_sent(error: BaseException) -> bool:
    """True for failures before the request reached Google: it is safe to send it again."""
    if isinstance(error, requests.ConnectTimeout | TransportError):
        return True
    if isinstance(error, RefreshError):
        return bool(getattr(error, "retryable", False))
    if isinstance(error, requests.ConnectionError) and not isinstance(error, requests.Timeout):
        text = repr(error)
        return "NewConnectionError" in text or "NameResolutionError" in text
    return False


def is_ambiguous(error: BaseException) -> bool:
    """The request may or may not have been applied: the connection broke after sending."""
    return isinstance(error, requests.ConnectionError | requests.Timeout) and \
        not was_not_sent(error)


class RetryingHTTPClient(HTTPClient):
    """gspread's client, pointed at ``base_url``, never waiting forever and never giving up on
    the first hiccup (gspread's own BackOffHTTPClient retries a permanent 429 for ever and not
    dropped connections at all)."""

    def __init__(self, auth: Any, session: requests.Session | None = None,
                 base_url: str = GOOGLE_BASE, policy: RetryPolicy | None = None) -> None:
        super().__init__(auth, session)
        self.base_url = base_url.rstrip("/")
        self.policy = policy or RetryPolicy()
        self.timeout = self.policy.timeout
        self._deadline: float | None = None

    def request(  # type: ignore[override]  # returns None for a write found applied
            self, method: str, endpoint: str, *args: Any,
            applied: Callable[[], bool] | None = None, **kwargs: Any) -> requests.Response | None:
        """Send, retrying what is safe to retry. A non-GET whose answer never came is sent
        again only if ``applied()`` says it did not land; if it did, None is returned."""
        if endpoint.startswith(GOOGLE_BASE):
            endpoint = self.base_url + endpoint[len(GOOGLE_BASE):]
        policy = self.policy
        idempotent = kwargs.pop("idempotent", False) or method.upper() == "GET"
        outer = self._deadline is not None  # a check made inside another request's retries
        if not outer:
            self._deadline = policy.clock() + policy.budget

        unsure = [False]  # the last attempt may have landed: look before sending again

        def attempt() -> requests.Response | None:
            if unsure[0] and applied is not None:
                unsure[0] = False
                if applied():
                    return None
            self.timeout = self._attempt_timeout()
            try:
                return super(RetryingHTTPClient, self).request(method, endpoint, *args, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as error:
                if not is_ambiguous(error) or idempotent or applied is None:
                    raise
                unsure[0] = True
                raise NotAnswered() from error

        try:
            retrying = Retrying(stop=self._out_of_time, wait=self._wait,
                                retry=retry_if_exception(self._worth_retrying),
                                sleep=policy.sleep, reraise=True)
            return retrying(attempt)
        except NotAnswered as error:
            if applied is not None and applied():
                return None
            raise error.__cause__ from None  # type: ignore[misc]
        finally:
            if not outer:
                self._deadline = None

    def _attempt_timeout(self) -> tuple[float, float]:
        connect, read = self.policy.timeout
        left = (self._deadline or 0) - self.policy.clock()
        return connect, max(1.0, min(read, left))

    def _out_of_time(self, state: RetryCallState) -> bool:
        return self._deadline is None or self.policy.clock() >= self._deadline

    def _wait(self, state: RetryCallState) -> float:
        """Retry-After when Google gives one, else backoff; never past the time budget."""
        policy = self.policy
        error = state.outcome.exception() if state.outcome else None
        asked = _retry_after(error)
        backoff = wait_random_exponential(multiplier=policy.first_wait, max=policy.longest_wait)
        wanted = min(asked, policy.longest_wait) if asked is not None else backoff(state)
        if isinstance(error, NotAnswered):  # give a slow write time to land before looking
            wanted = max(wanted, policy.first_wait)
        return max(0.0, min(wanted, (self._deadline or 0) - policy.clock()))

    @staticmethod
    def _worth_retrying(error: BaseException) -> bool:
        if isinstance(error, NotAnswered):
            return True
        status = status_of(error)
        if status is not None:
            return status in TRANSIENT_STATUSES
        return was_not_sent(error) or isinstance(error, requests.ConnectionError |
                                                 requests.Timeout)

    def post(self, endpoint: str, data: bytes, applied: Callable[[], bool] | None = None,
             idempotent: bool = False) -> dict[str, Any] | None:
        """POST a JSON body; None when an answer that never came proved applied."""
        kwargs: dict[str, Any] = {"idempotent": True} if idempotent else {}
        response = self.request("post", endpoint, data=data,
                                headers={"Content-Type": "application/json; charset=UTF-8"},
                                applied=applied, **kwargs)
        return None if response is None else response.json()


def compact(value: Any) -> bytes:
    """A request body as compact JSON: every byte counts against Google's size limits."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _retry_after(error: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After: seconds or an HTTP date)."""
    if not isinstance(error, APIError) or getattr(error, "response", None) is None:
        return None
    value = error.response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None
