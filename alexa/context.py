"""What the request envelope says about reaching the Alexa APIs for this person and device."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from alexa.api import DEFAULT_TIMEOUT, AlexaApi


def _system(handler_input: HandlerInput) -> Any:
    # Old requests (and some test tools) carry no context at all.
    return getattr(getattr(handler_input.request_envelope, "context", None), "system", None)


def api_for(handler_input: HandlerInput, *, timeout: float = DEFAULT_TIMEOUT) -> AlexaApi | None:
    """A client for the API endpoint named in this request, or None when it names none."""
    system = _system(handler_input)
    endpoint = getattr(system, "api_endpoint", None)
    token = getattr(system, "api_access_token", None)
    if not endpoint or not token:
        return None
    return AlexaApi(endpoint, token, timeout=timeout)


def device_id(handler_input: HandlerInput) -> str | None:
    device = getattr(_system(handler_input), "device", None)
    return getattr(device, "device_id", None)


def permission_scopes(handler_input: HandlerInput) -> dict[str, Any]:
    """`context.System.user.permissions.scopes` as plain data: {scope: {"status": ...}}."""
    user = getattr(_system(handler_input), "user", None)
    scopes = getattr(getattr(user, "permissions", None), "scopes", None) or {}
    return {
        name: {"status": getattr(getattr(scope, "status", None), "value", None)}
        for name, scope in scopes.items()
    }
