"""The daily reminder to note a win: set, move and cancel it by voice."""

from __future__ import annotations

from ask_sdk_model import Response

from alexa.api import AlexaApiError, PermissionMissing
from alexa.context import permission_scopes
from alexa.permissions import (
    ask_for_reminders_permission,
    has_reminders_permission,
    reminders_permission_card,
)
from skill.awaiting import Awaiting
from skill.handlers.base import Handler
from skill.reminders import ReminderTime
from skill.sharing_words import clock_in
from skill.turn import Turn

PERMISSION_TOKEN = "daily-reminder"  # noqa: S105 - names the request, not a secret


class SetReminder(Handler):
    intents = ("SetReminderIntent",)

    def respond(self, turn: Turn) -> Response:
        at = ReminderTime.from_slots(
            turn.slot("time"), turn.slot_id("part") or turn.slot("part"), turn.locale
        )
        if at is None:
            turn.expect(Awaiting.REMINDER_TIME)
            return turn.ask(
                turn.say("reminder.ask_time"), reprompt=turn.say("reminder.ask_time_reprompt")
            )
        if turn.slot("part"):
            return set_at(turn, at)
        # "Eight thirty" after a 9 PM reminder means 8:30 PM: an hour said alone keeps the
        # half of the day the reminder already had. But Alexa sends "8 am" and "eight in the
        # morning" as 08:00 too, like a bare "eight" (the model's "{time} in the {part}" splits
        # them only sometimes), so the reply names words whose morning reaches us on its own,
        # "every morning at 8 AM": else a morning meant could never be set by saying it.
        current = turn.deps.reminders.current(turn.owner)
        kept = at.keeping_half_of(current)
        if current is None and 1 <= at.hour <= 11:
            # A first reminder at "nine": the morning Alexa sent, and the evening named.
            return set_at(turn, at, evening=ReminderTime(at.hour + 12, at.minute))
        return set_at(turn, kept, meant=at if kept != at else None)


class OneTimeReminder(Handler):
    """ "Remind me tomorrow at nine": one day, not every day. It moved the daily reminder to
    that hour; the skill keeps only the daily one, so it says where a one-time one is set."""

    intents = ("OneTimeReminderIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.expect(Awaiting.WIN)
        # "Yours stays as it was" only where there is one to stay.
        key = "reminder.once" if turn.deps.reminders.current(turn.owner) else "reminder.once_none"
        return turn.ask(turn.say(key), reprompt=turn.say("reminder.once_reprompt"))


def set_said(turn: Turn, text: str) -> Response:
    """A new time said in free words, as a correction: "no, make it 8 in the morning",
    "mejor a las siete y media". An hour said alone keeps the half of the day the reminder
    already had, else it is the evening (as the weekly note's is), and the morning is named."""
    said = ReminderTime.parse(clock_in(text, turn.locale, alone_in_evening=False))
    evening = ReminderTime.parse(clock_in(text, turn.locale))
    if said is None or evening is None:
        turn.expect(Awaiting.REMINDER_TIME)
        return turn.ask(
            turn.say("reminder.ask_time_again"), reprompt=turn.say("reminder.ask_time_reprompt")
        )
    if said == evening:  # a part of the day, "am" or "pm", or an hour past noon was said
        return set_at(turn, said)
    current = turn.deps.reminders.current(turn.owner)
    kept = evening if current is None else said.keeping_half_of(current)
    return set_at(turn, kept, meant=said if kept != said else None)


def set_at(
    turn: Turn,
    at: ReminderTime,
    *,
    meant: ReminderTime | None = None,
    evening: ReminderTime | None = None,
) -> Response:
    """The reminder set (or moved) to `at`, once Alexa's permission is there; `meant` is the
    morning time Alexa's words may have meant instead, `evening` the evening one, which the
    reply then names."""
    if not has_reminders_permission(permission_scopes(turn.input)):
        return ask_permission(turn, at)
    return create(turn, at, meant=meant, evening=evening)


def create(
    turn: Turn,
    at: ReminderTime,
    *,
    meant: ReminderTime | None = None,
    evening: ReminderTime | None = None,
) -> Response:
    reminders = turn.deps.reminders
    moved = reminders.current(turn.owner) is not None
    # The device's own zone when it is kept; else none at all, and Alexa goes by the device's
    # setting (the person's or the default zone could be another device's).
    kept = turn.journal.kept_zone(turn.owner, turn.deps.timezones.field(turn.input, turn.owner))
    turn.settle_zone(kept)
    try:
        reminders.set(
            turn.input, turn.owner, at,
            text=turn.say("reminder.text"), locale=turn.locale, time_zone=kept.device,
            now=turn.now,
        )  # fmt: skip
    except PermissionMissing:
        return ask_permission(turn, at)
    except AlexaApiError:
        return turn.tell(turn.say("reminder.unavailable"))
    if meant is not None:
        return turn.tell(
            turn.say(
                "reminder.moved_not_morning",
                time=at.spoken(turn.locale),
                morning=meant.spoken(turn.locale),
            )
        )
    if evening is not None and not moved:
        return turn.tell(
            turn.say(
                "reminder.set_not_evening",
                time=at.spoken(turn.locale),
                evening=evening.spoken(turn.locale),
            )
        )
    return turn.tell(
        turn.say("reminder.moved" if moved else "reminder.set", time=at.spoken(turn.locale))
    )


def ask_permission(turn: Turn, at: ReminderTime) -> Response:
    """Alexa asks for the permission by voice; the wanted time waits in the profile."""
    turn.deps.reminders.remember_wanted(turn.owner, at)
    turn.session.pop("await", None)
    builder = turn.input.response_builder.speak(turn.say("reminder.permission"))
    builder.add_directive(ask_for_reminders_permission(PERMISSION_TOKEN))
    turn.session["said"] = turn.say.said
    return builder.response


class PermissionAnswer(Handler):
    """Alexa's answer to the voice permission request."""

    requests = ("Connections.Response",)

    def respond(self, turn: Turn) -> Response:
        request = turn.input.request_envelope.request
        payload = getattr(request, "payload", None) or {}
        status = payload.get("status") if isinstance(payload, dict) else None
        wanted = turn.deps.reminders.wanted(turn.owner)
        if status == "ACCEPTED" and wanted is not None:
            return create(turn, wanted)
        turn.input.response_builder.set_card(reminders_permission_card())
        return turn.tell(turn.say("reminder.permission_denied"))


class CancelReminder(Handler):
    intents = ("CancelReminderIntent",)

    def respond(self, turn: Turn) -> Response:
        at = turn.deps.reminders.current(turn.owner)
        try:
            cancelled = turn.deps.reminders.cancel(turn.input, turn.owner)
        except AlexaApiError:
            return turn.tell(turn.say("reminder.unavailable"))
        if not cancelled:
            return turn.tell(turn.say("reminder.none"))
        if at is None:
            return turn.tell(turn.say("reminder.cancelled"))
        # "Actually no, keep it" said next brings it back (`undo_cancel`).
        turn.expect(Awaiting.REMINDER_UNDO, at=str(at))
        return turn.ask(
            turn.say("reminder.cancelled_at", time=at.spoken(turn.locale)),
            reprompt=turn.say("reminder.undo_reprompt"),
        )


def undo_cancel(turn: Turn) -> Response:
    """The reminder just cancelled, set again at its time."""
    at = ReminderTime.parse(str(turn.awaiting.get("at", "")))
    if at is None:
        return turn.tell(turn.say("reminder.none"))
    return set_at(turn, at)
