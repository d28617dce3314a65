"""Talk to the real webhook in tests: envelopes shaped like Alexa's, session carried along."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from html import unescape
from typing import Any

from flask.testing import FlaskClient

SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-0000000000aa"

# Everything a test person said, for the end-of-session check that none of it was logged.
SPOKEN: set[str] = set()


def plain(ssml: str | None) -> str:
    return unescape(re.sub(r"<[^>]+>", "", ssml or "")).strip()


class Dialog:
    """One person's conversation: each call is a turn; the session continues until it ends."""

    def __init__(
        self,
        client: FlaskClient,
        user: str = "amzn1.ask.account.TEST-DIALOG",
        person: str | None = None,
        now: datetime | None = None,
        locale: str = "en-US",
    ) -> None:
        self.client = client
        self.locale = locale
        self.user = user
        self.person = person
        self.now = now or datetime.now(UTC)
        self.session_id: str | None = None
        # The Alexa API endpoint named in each envelope; tests point it at a local server.
        self.api_endpoint: str | None = None
        self.api_token: str | None = None
        self.permissions: dict[str, str] = {}
        self.attributes: dict[str, Any] = {}
        self.last: dict[str, Any] = {}

    def envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        system: dict[str, Any] = {
            "application": {"applicationId": SKILL_ID},
            "user": {"userId": self.user},
            "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
        }
        if self.api_endpoint:
            system["apiEndpoint"] = self.api_endpoint
            system["apiAccessToken"] = self.api_token or "test-token"
        if self.permissions:
            system["user"]["permissions"] = {
                "scopes": {scope: {"status": status} for scope, status in self.permissions.items()}
            }
        if self.person:
            system["person"] = {"personId": self.person}
        return {
            "version": "1.0",
            "session": {
                "new": new,
                "sessionId": self.session_id,
                "application": {"applicationId": SKILL_ID},
                "attributes": self.attributes,
                "user": {"userId": self.user},
            },
            "context": {"System": system},
            "request": {
                "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                "timestamp": self.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "locale": self.locale,
                **request,
            },
        }

    def send(self, envelope: dict[str, Any]) -> str:
        reply = self.client.post("/alexa", json=envelope)
        assert reply.status_code == 200, reply.data
        self.last = reply.get_json()
        response = self.last["response"]
        ended = response.get("shouldEndSession", True)
        if ended or envelope["request"]["type"] == "SessionEndedRequest":
            self.session_id = None
            self.attributes = {}
        else:
            # Every open question carries a reprompt, or Alexa would leave the person hanging.
            assert (response.get("reprompt") or {}).get("outputSpeech"), response
            self.attributes = self.last.get("sessionAttributes") or {}
        return plain((response.get("outputSpeech") or {}).get("ssml"))

    def launch(self) -> str:
        return self.send(self.envelope({"type": "LaunchRequest"}))

    def intent(self, name: str, /, **slots: str) -> str:
        return self.send(self.envelope(self.intent_request(name, **slots)))

    @staticmethod
    def intent_request(name: str, /, **slots: str) -> dict[str, Any]:
        SPOKEN.update(slots.values())
        return {
            "type": "IntentRequest",
            "intent": {
                "name": name,
                "confirmationStatus": "NONE",
                "slots": {
                    k: {"name": k, "value": v, "confirmationStatus": "NONE"}
                    for k, v in slots.items()
                },
            },
        }

    @property
    def ended(self) -> bool:
        return self.session_id is None

    @property
    def reprompt(self) -> str:
        reprompt = self.last["response"].get("reprompt") or {}
        return plain((reprompt.get("outputSpeech") or {}).get("ssml"))
