"""What travels between the simulated Alexa and the webhook: request envelopes out,
response envelopes back, read as a voice-only device would.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from alexa.simulator.apis import SIMULATED_TOKEN

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"
DEFAULT_TIMEOUT = 10.0
LAUNCH = "LaunchRequest"
FALLBACK = "AMAZON.FallbackIntent"
LOCALE = "en-US"

_TAG = re.compile(r"<[^>]*>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,!?;:])")
_SUB = re.compile(r"<sub\b[^>]*\balias\s*=\s*(['\"])(.*?)\1[^>]*>.*?</sub>", re.S | re.I)


class SimulatorError(RuntimeError):
    """The turn could not be completed: the webhook is unreachable, failed or answered nonsense."""


# -- envelopes ---------------------------------------------------------------------------------


def timestamp(now: datetime) -> str:
    if now.tzinfo is None:
        raise ValueError("the clock must return an aware datetime")
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"


def new_request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


def person_id_for(name: str) -> str:
    """A stable fake personId for a recognized voice: the same name gives the same id."""
    digest = hashlib.sha256(" ".join(name.lower().split()).encode()).hexdigest()
    return f"amzn1.ask.person.SIMULATED-{digest[:40].upper()}"


def launch_request(*, now: datetime) -> dict[str, Any]:
    return {
        "type": LAUNCH,
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": LOCALE,
        "shouldLinkResultBeReturned": False,
    }


def intent_request(name: str, slots: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    return {
        "type": "IntentRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": LOCALE,
        "intent": {"name": name, "confirmationStatus": "NONE", "slots": dict(slots)},
    }


def session_ended_request(*, now: datetime, reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {
        "type": "SessionEndedRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": LOCALE,
        "reason": reason,
    }


def build_envelope(
    request: Mapping[str, Any],
    *,
    skill_id: str,
    user_id: str,
    device_id: str,
    session_id: str,
    new_session: bool,
    attributes: Mapping[str, Any],
    person_id: str | None = None,
    api_endpoint: str | None = None,
    granted: Sequence[str] = (),
    locale: str | None = None,
) -> dict[str, Any]:
    """The full request body Alexa POSTs to a skill, around one `request` object.

    `api_endpoint` is where the skill may call Alexa's APIs: `chat` points it at its own
    loopback stand-in; without one no endpoint is named, so nothing is sent to Amazon.
    `locale` is the device's (default en-US), which picks the skill's language and country.
    """
    user: dict[str, Any] = {"userId": user_id}
    if granted:
        user["permissions"] = {"scopes": {scope: {"status": "GRANTED"} for scope in granted}}
    system: dict[str, Any] = {
        "application": {"applicationId": skill_id},
        "user": user,
        "device": {"deviceId": device_id, "supportedInterfaces": {}},
    }
    if api_endpoint:
        system["apiEndpoint"] = api_endpoint
        system["apiAccessToken"] = SIMULATED_TOKEN
    if person_id:
        system["person"] = {"personId": person_id}
    return {
        "version": "1.0",
        "session": {
            "new": new_session,
            "sessionId": session_id,
            "application": {"applicationId": skill_id},
            "attributes": dict(attributes),
            "user": {"userId": user_id},
        },
        "context": {"System": system},
        "request": {**request, "locale": locale} if locale else dict(request),
    }


# -- responses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A card as the Alexa app would show it."""

    title: str
    text: str
    type: str = "Simple"


@dataclass(frozen=True)
class Reply:
    """What a skill's response means to the person: words, card, and whether it is over."""

    speech: str
    reprompt: str | None
    card: Card | None
    session_ended: bool
    attributes: dict[str, Any]
    directives: tuple[str, ...] = ()


def ssml_to_text(ssml: str) -> str:
    """The words Alexa would speak: tags stripped (a <sub> says its alias), entities decoded."""
    spoken = _SUB.sub(lambda found: f" {found[2]} ", ssml)
    spoken = " ".join(html.unescape(_TAG.sub(" ", spoken)).split())
    # A tag closed right before punctuation ("<say-as>911</say-as>.") leaves a stray space.
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", spoken)


def speech_text(output_speech: Mapping[str, Any] | None) -> str:
    """Plain text of an outputSpeech object, PlainText or SSML."""
    if not output_speech:
        return ""
    if output_speech.get("type") == "PlainText" or "ssml" not in output_speech:
        return " ".join(str(output_speech.get("text") or "").split())
    return ssml_to_text(str(output_speech.get("ssml") or ""))


def parse_response(body: Mapping[str, Any]) -> Reply:
    """Read a response envelope as a voice-only device would.

    A missing `shouldEndSession` ends the session: that is what an Echo without a screen
    does, so a handler that forgets `.ask()` is caught here rather than on a device.
    """
    response = body.get("response") or {}
    if not isinstance(response, Mapping):
        raise SimulatorError("the response envelope has no response object")
    reprompt_speech = (response.get("reprompt") or {}).get("outputSpeech")
    card_body = response.get("card")
    card = None
    if isinstance(card_body, Mapping):
        card_type = str(card_body.get("type") or "Simple")
        text = card_body.get("content") or card_body.get("text") or ""
        if not text and card_type != "Simple":
            text = f"({card_type})"
        card = Card(str(card_body.get("title") or ""), str(text), card_type)
    attributes = body.get("sessionAttributes") or {}
    directives = tuple(
        str(d.get("type")) for d in response.get("directives") or [] if isinstance(d, Mapping)
    )
    return Reply(
        speech=speech_text(response.get("outputSpeech")),
        reprompt=speech_text(reprompt_speech) if reprompt_speech else None,
        card=card,
        session_ended=response.get("shouldEndSession") is not False,
        attributes=dict(attributes) if isinstance(attributes, Mapping) else {},
        directives=directives,
    )


def post_json(
    url: str, payload: Mapping[str, Any], *, timeout: float = DEFAULT_TIMEOUT
) -> dict[str, Any]:
    """POST a JSON body as Alexa does and return the JSON answer ({} for an empty body)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SimulatorError(f"the webhook URL must be http or https: {url!r}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "smallwins-simulator"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            raw = answer.read()
    except urllib.error.HTTPError as exc:
        with exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
        raise SimulatorError(f"the skill answered HTTP {exc.code}: {detail or exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SimulatorError(f"cannot reach the skill at {url}: {reason}") from exc
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise SimulatorError(f"the skill did not answer JSON: {raw[:200]!r}") from exc
    if not isinstance(body, dict):
        raise SimulatorError("the skill's answer is not a JSON object")
    return body
