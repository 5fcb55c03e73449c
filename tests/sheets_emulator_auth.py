"""Google's token endpoints for the Sheets API emulator (test equipment), enough for google-auth:
a saved login's refresh token, a service account's signed JWT (the signature is not checked) and
a workload identity's token exchange (STS). Tokens it issues are accepted as Bearer tokens by the
emulator's API; a revoked login or key gets Google's own refusal."""

from __future__ import annotations

import base64
import json
import secrets
import threading
from typing import Any

TOKEN_PATH = "/token"  # point a credentials file's token_uri / token_url here
UNAUTHENTICATED = ("Request had invalid authentication credentials. Expected OAuth 2 access "
                   "token, login cookie or other valid authentication credential.")


class TokenDesk:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, str] = {}  # access token -> account
        self._revoked: set[str] = set()  # refresh tokens and service-account emails
        self.issued = 0

    def revoke(self, login: str) -> None:
        """Withdraw a refresh token or a service account's key: Google answers invalid_grant."""
        with self._lock:
            self._revoked.add(login)
            self._tokens = {t: a for t, a in self._tokens.items() if a != login}

    def account(self, authorization: str | None) -> str | None:
        """The account behind an Authorization header: "" when there is none, None when the
        token is not one this desk issued."""
        if not authorization:
            return ""
        token = authorization.removeprefix("Bearer ").strip()
        with self._lock:
            return self._tokens.get(token)

    def answer(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        grant = form.get("grant_type", "")
        if grant == "refresh_token":
            login, refused = form.get("refresh_token", ""), "Token has been expired or revoked."
        elif grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            login, refused = _issuer(form.get("assertion", "")), "Invalid JWT Signature."
        elif grant == "urn:ietf:params:oauth:grant-type:token-exchange":
            login, refused = "workload:" + form.get("audience", ""), "Invalid subject token."
            if not form.get("subject_token"):
                return 400, {"error": "invalid_request", "error_description": refused}
        else:
            return 400, {"error": "unsupported_grant_type",
                         "error_description": f"Invalid grant_type: {grant}"}
        with self._lock:
            if not login or login in self._revoked:
                return 400, {"error": "invalid_grant", "error_description": refused}
            token = "emu-" + secrets.token_hex(12)
            self._tokens[token] = login
            self.issued += 1
        answer: dict[str, Any] = {"access_token": token, "expires_in": 3599,
                                  "token_type": "Bearer"}
        if grant.endswith("token-exchange"):
            answer["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token"
        return 200, answer


def _issuer(assertion: str) -> str:
    try:
        payload = assertion.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return ""
    return str(claims.get("iss", ""))
