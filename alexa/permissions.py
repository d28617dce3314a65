"""The ask-sdk objects the voice handlers return when the person has not yet allowed the skill
to set reminders, and the reading of what the envelope says was allowed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.ui import AskForPermissionsConsentCard

REMINDERS_SCOPE: Final = "alexa::alerts:reminders:skill:readwrite"


# S107: this "token" is the Connections correlation string echoed back by Alexa, not a secret.
def ask_for_reminders_permission(token: str = "reminder") -> SendRequestDirective:  # noqa: S107
    """A voice permission request for reminders (Alexa asks, then sends Connections.Response).

    `token` comes back in the Connections.Response request, so the handler can tell what the
    person was asked about.
    """
    return SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [{"permissionScope": REMINDERS_SCOPE, "consentLevel": "ACCOUNT"}],
        },
        token=token,
    )


def reminders_permission_card() -> AskForPermissionsConsentCard:
    """The Alexa app card that lets the person grant reminders where voice consent is not used."""
    return AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE])


def has_reminders_permission(envelope_permissions: Mapping[str, Any] | None) -> bool:
    """Whether the envelope says the reminders scope is GRANTED.

    Accepts either `context.System.user.permissions` (with its "scopes") or the "scopes"
    mapping itself; a status may be the string or the SDK's enum. Anything missing means no.
    """
    if not isinstance(envelope_permissions, Mapping):
        return False
    scopes = envelope_permissions.get("scopes", envelope_permissions)
    if not isinstance(scopes, Mapping):
        return False
    scope = scopes.get(REMINDERS_SCOPE)
    if not isinstance(scope, Mapping):
        return False
    status = scope.get("status")
    return getattr(status, "value", status) == "GRANTED"
