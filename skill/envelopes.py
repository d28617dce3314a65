"""Turning verified JSON into ask-sdk model objects, quickly.

ask-sdk-core's `DefaultSerializer` resolves every nested type by importing it from its dotted
name and parses every timestamp with dateutil, on every request: most of a request's CPU time
went there. This subclass keeps the SDK's own walk over the models (so every model field is
filled exactly as the SDK would) and only memoises the class lookups and uses the standard
library's ISO 8601 parser. It also starts from the dict the verifier already parsed, instead
of parsing the body a second time.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

_load_class = functools.lru_cache(maxsize=1024)(
    DefaultSerializer._DefaultSerializer__load_class_from_name  # type: ignore[attr-defined]
)


class EnvelopeSerializer(DefaultSerializer):
    """`DefaultSerializer` with cached type resolution and stdlib timestamp parsing."""

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:
        # The SDK's method never reads `self`; caching it by name is safe.
        return _load_class(None, class_name)

    def _DefaultSerializer__deserialize_datetime(self, payload: str, obj_type: Any) -> Any:
        try:
            parsed = datetime.fromisoformat(payload)
        except (TypeError, ValueError) as exc:
            raise SerializationException(f"not an ISO 8601 time: {type(exc).__name__}") from exc
        return parsed.date() if obj_type is date else parsed

    def self_test(self) -> None:
        """Fail at start, not on every request, if the SDK's internals have moved."""
        probe = self.envelope(
            {
                "version": "1.0",
                "request": {"type": "LaunchRequest", "requestId": "probe",
                            "timestamp": "2026-01-01T00:00:00Z", "locale": "en-US"},
            }
        )  # fmt: skip
        if probe.request.object_type != "LaunchRequest" or probe.request.timestamp.year != 2026:
            raise RuntimeError("ask-sdk-core's serializer no longer works as this module expects")

    def envelope(self, document: dict[str, Any]) -> RequestEnvelope:
        """The model for an already parsed request document."""
        return self._DefaultSerializer__deserialize(document, RequestEnvelope)  # type: ignore[attr-defined]
