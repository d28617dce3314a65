"""Calls from the skill to the Alexa APIs named in the request envelope.

Every request from Alexa carries `context.System.apiEndpoint` (the regional API host) and
`context.System.apiAccessToken` (a short-lived bearer token for this person and skill). With them
the skill can read the device's time zone (Settings API) and keep one recurring daily reminder
(Reminders API) for someone who asked to be nudged each evening to note a win.

`AlexaApi` is a deliberately small client over urllib: no SDK service clients, no new
dependencies. It is built for being called in the middle of a voice turn, so every call is
bounded by a short timeout, redirects are refused (they would carry the bearer token elsewhere),
and every failure surfaces as one exception type, `AlexaApiError`, whose `reason` is a fixed
string that never contains the token, a device id, a user id or the reminder text, so callers
can log it as is.

The Reminders API's body is built by `alexa.reminder_body`; the ask-sdk objects the voice
handlers return to ask for the reminders permission are in `alexa.permissions`.

Longer than 300 lines because both APIs share one bounded transport and one failure type;
splitting the Settings and Reminders halves would duplicate the safety rules that matter most.
"""

from __future__ import annotations

import functools
import http.client
import json
import logging
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final
from urllib.parse import quote, urlsplit

import certifi

from alexa.reminder_body import daily_reminder_body, is_zone

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT: Final = 2.0
# Alexa's answers here are a few hundred bytes; anything far larger is not a real answer.
MAX_RESPONSE_BYTES: Final = 64 * 1024
_READ_CHUNK: Final = 8 * 1024

REASONS: Final = frozenset(
    {
        "timeout",  # no answer within the timeout (connect, headers or body)
        "unreachable",  # connection refused, reset, DNS failure, TLS failure
        "forbidden",  # 401/403: token refused or permission not granted
        "bad-response",  # an answer that is not what the API documents (JSON, fields, zone)
        "bad-endpoint",  # the envelope's apiEndpoint is not an http(s) URL we may call
        "bad-token",  # the envelope's apiAccessToken is empty or cannot be sent as a header
        # ...and "http-<code>" for any other status outside 2xx, redirects included.
    }
)


class AlexaApiError(Exception):
    """A call to an Alexa API failed; `reason` is a fixed string, `status` the HTTP status if any.

    Nothing taken from the request or the person (token, device id, reminder text) is ever part
    of the message, so it is safe to log.
    """

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason if status is None else f"{reason} (HTTP {status})")
        self.reason = reason
        self.status = status


class PermissionMissing(AlexaApiError):
    """The Reminders API answered 401/403: the person has not granted the reminders permission."""

    def __init__(self, reason: str = "forbidden", status: int | None = None) -> None:
        super().__init__(reason, status)


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        # Returning None turns any 3xx into an HTTPError. Following one would send the bearer
        # token (and the reminder text) to wherever the redirect points.
        return None


class AlexaApi:
    """A client for one request's Alexa API endpoint and access token.

    Construction never raises, because callers build it from the envelope before their
    `try`: an endpoint that is not plain http(s) or an unusable token is refused on the first
    call instead, as `AlexaApiError("bad-endpoint")` or `AlexaApiError("bad-token")`.
    """

    def __init__(self, endpoint: str, token: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._base, self._refusal = _check_endpoint(endpoint)
        if self._refusal is None and not _usable_token(token):
            self._refusal = "bad-token"
        self._token = token
        self._timeout = timeout

    def __repr__(self) -> str:
        # The token must not appear in tracebacks or debug output.
        return f"AlexaApi(endpoint={self._base!r}, timeout={self._timeout!r})"

    # -- Settings API ---------------------------------------------------------------------------

    def time_zone(self, device_id: str) -> str:
        """The IANA time zone set for this device, e.g. "America/Los_Angeles".

        The answer is checked against the zone database, so callers can hand it straight to
        `ZoneInfo`; anything else is `AlexaApiError("bad-response")`.
        """
        if not device_id:
            raise ValueError("device_id is empty")
        path = f"/v2/devices/{quote(device_id, safe='')}/settings/System.timeZone"
        status, raw = self._call("GET", path)
        name = _json(raw, status)
        if not isinstance(name, str) or not is_zone(name):
            raise AlexaApiError("bad-response", status)
        return name

    # -- Reminders API --------------------------------------------------------------------------

    def create_daily_reminder(
        self,
        *,
        hour: int,
        minute: int,
        text: str,
        locale: str,
        time_zone: str | None,
        now: datetime,
    ) -> str:
        """Create a reminder that speaks `text` every day at hour:minute; return its alertToken.

        `time_zone` should be the device's zone (see `time_zone`): Amazon warns that without
        it a reminder may go off at the wrong time. When it is None the field is left out and
        Alexa falls back to the device's own setting.

        Raises PermissionMissing on 401/403, AlexaApiError for any other failure, and
        ValueError for arguments that could never make a valid reminder.
        """
        body = daily_reminder_body(
            hour=hour, minute=minute, text=text, locale=locale, time_zone=time_zone, now=now
        )
        status, raw = self._call("POST", "/v1/alerts/reminders", body, reminders=True)
        answer = _json(raw, status)
        token = answer.get("alertToken") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise AlexaApiError("bad-response", status)
        return token

    def update_daily_reminder(
        self,
        alert_token: str,
        *,
        hour: int,
        minute: int,
        text: str,
        locale: str,
        time_zone: str | None,
        now: datetime,
    ) -> str:
        """Replace the reminder `alert_token` with a new daily time and text; return its token.

        Amazon's update takes the whole reminder, so the body is the same as for creation. The
        answer normally repeats the alertToken; when it has none the old one still stands.
        A reminder the person deleted in the Alexa app answers 404, raised as
        `AlexaApiError("http-404", 404)` so the caller can create a fresh one.
        """
        body = daily_reminder_body(
            hour=hour, minute=minute, text=text, locale=locale, time_zone=time_zone, now=now
        )
        status, raw = self._call("PUT", _reminder_path(alert_token), body, reminders=True)
        if not raw.strip():
            return alert_token
        answer = _json(raw, status)
        token = answer.get("alertToken") if isinstance(answer, dict) else None
        return token if isinstance(token, str) and token else alert_token

    def delete_reminder(self, alert_token: str) -> None:
        """Delete the reminder `alert_token`; one that is already gone (404) counts as deleted."""
        try:
            self._call("DELETE", _reminder_path(alert_token), reminders=True)
        except AlexaApiError as exc:
            if exc.status == 404 and not isinstance(exc, PermissionMissing):
                return
            raise

    # -- transport ------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        reminders: bool = False,
    ) -> tuple[int, bytes]:
        """Send one request and return (status, body) for a 2xx answer; raise AlexaApiError.

        `reminders` marks Reminders API calls, where 401/403 means the person has not granted
        the permission (PermissionMissing) rather than a generic refusal.
        """
        if self._refusal is not None:
            raise AlexaApiError(self._refusal)
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - the scheme was checked in __init__
            self._base + path,
            data=data,
            method=method,
            headers={"Accept": "application/json", "User-Agent": "smallwins-skill"},
        )
        if data is not None:
            request.add_header("Content-Type", "application/json")
        # Unredirected: even if a redirect were followed, this header would not go along.
        request.add_unredirected_header("Authorization", f"Bearer {self._token}")
        handlers: list[urllib.request.BaseHandler] = [_RefuseRedirects()]
        if self._base.startswith("https:"):
            handlers.append(urllib.request.HTTPSHandler(context=_tls_context()))
        opener = urllib.request.build_opener(*handlers)
        # The socket timeout bounds each wait; the deadline bounds the whole body read, so a
        # server that trickles bytes cannot hold the voice turn for long either.
        deadline = time.monotonic() + self._timeout
        # `from None` below: the chained urllib exceptions would carry the full URL, which holds
        # the device id or the alert token, into tracebacks and error reports.
        try:
            with opener.open(request, timeout=self._timeout) as response:
                status = response.status
                raw = _read_capped(response, deadline)
        except urllib.error.HTTPError as exc:
            # Error answers (and every refused redirect) keep the connection open until closed.
            exc.close()
            raise _status_error(exc.code, reminders=reminders) from None
        except urllib.error.URLError as exc:
            reason = "timeout" if isinstance(exc.reason, TimeoutError) else "unreachable"
            log.info("Alexa API %s failed: %s", method, reason)
            raise AlexaApiError(reason) from None
        except TimeoutError:
            log.info("Alexa API %s failed: timeout", method)
            raise AlexaApiError("timeout") from None
        except OSError:
            log.info("Alexa API %s failed: unreachable", method)
            raise AlexaApiError("unreachable") from None
        except http.client.HTTPException:
            # A broken status line or a truncated body: the server answered, but not sensibly.
            log.info("Alexa API %s failed: bad-response", method)
            raise AlexaApiError("bad-response") from None
        return status, raw


# -- helpers -------------------------------------------------------------------------------------


def _check_endpoint(endpoint: object) -> tuple[str, str | None]:
    """(base URL without trailing slash, None) for a usable endpoint, else ("", "bad-endpoint").

    Only plain http(s) URLs with a host and without credentials, query or fragment: the
    endpoint comes from the request, and urllib would otherwise also open file: and ftp: URLs.
    """
    if not isinstance(endpoint, str) or any(ch.isspace() or ord(ch) < 0x20 for ch in endpoint):
        return "", "bad-endpoint"
    try:
        parts = urlsplit(endpoint)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return "", "bad-endpoint"
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.query
        or parts.fragment
        or not port_ok
    ):
        return "", "bad-endpoint"
    return endpoint.rstrip("/"), None


def _usable_token(token: object) -> bool:
    # A bearer token is printable ASCII without spaces; anything else would be refused by
    # http.client (or worse, split the header) rather than sent.
    return isinstance(token, str) and bool(token) and all(0x21 <= ord(ch) <= 0x7E for ch in token)


def _reminder_path(alert_token: str) -> str:
    if not alert_token:
        raise ValueError("alert_token is empty")
    return f"/v1/alerts/reminders/{quote(alert_token, safe='')}"


def _status_error(code: int, *, reminders: bool) -> AlexaApiError:
    if code in (401, 403):
        log.info("Alexa API refused the call: forbidden (HTTP %d)", code)
        return (
            PermissionMissing("forbidden", code) if reminders else AlexaApiError("forbidden", code)
        )
    log.info("Alexa API answered HTTP %d", code)
    return AlexaApiError(f"http-{code}", code)


def _read_capped(response: http.client.HTTPResponse, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        raise AlexaApiError("bad-response", response.status)
    chunks: list[bytes] = []
    received = 0
    while chunk := response.read1(_READ_CHUNK):
        received += len(chunk)
        if received > MAX_RESPONSE_BYTES:
            raise AlexaApiError("bad-response", response.status)
        if time.monotonic() > deadline:
            raise AlexaApiError("timeout")
        chunks.append(chunk)
    return b"".join(chunks)


def _json(raw: bytes, status: int) -> Any:
    try:
        return json.loads(raw)
    except ValueError:  # includes UnicodeDecodeError and JSONDecodeError
        raise AlexaApiError("bad-response", status) from None


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # certifi's roots, as the rest of the project uses; built once because loading the bundle
    # costs milliseconds, too much to pay on every call in a voice turn.
    return ssl.create_default_context(cafile=certifi.where())
