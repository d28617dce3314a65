"""Withdrawing consent and switching things off in the words people use, through the real
webhook: stopping sharing, the weekly note, the group and the reminder.

A user test found such requests answered as a crisis ("I don't want to share anymore" got 988),
a craving, a goal, a win to save or how to invite a sponsor. Each turn here is routed the way
Alexa would route it (the locale's interaction model, see `test_user_test_slips.say`); free
speech the model has no sample for reaches the understanding engine, which reads a request
after the crisis rules and before its models.
"""

from __future__ import annotations

import pytest

from skill.understanding import Meaning, understand

# -- the engine: a request, never a crisis, a goal, a craving or a win --------------------------


@pytest.mark.parametrize(
    ("locale", "text", "wanted"),
    [
        # Free speech with no sample in the model: the engine's families, not single lines.
        ("en-US", "honestly I don't want to share anything anymore", "sharing_off"),
        ("en-US", "I no longer want my buddy getting my wins", "sharing_off"),
        ("en-US", "please keep my wins private from now on", "sharing_off"),
        ("en-US", "could you stop emailing my wins to my sister", "sharing_off"),
        ("en-US", "I really don't want to be part of the group anymore", "group_leave"),
        ("en-US", "ok I want out of that circle", "group_leave"),
        ("en-US", "I'd rather not be in this group any longer", "group_leave"),
        ("en-US", "I don't want the group reading my wins", "group_sharing_off"),
        ("en-US", "can you unsubscribe me from the weekly digest", "weekly_off"),
        ("en-US", "no more weekly emails to anyone please", "weekly_off"),
        ("en-US", "please switch the weekly note back on", "weekly_on"),
        ("en-US", "I don't need those daily reminders anymore", "reminder_off"),
        ("en-US", "please don't remind me anymore", "reminder_off"),
        ("en-US", "shut off the nightly notifications", "reminder_off"),
        ("en-GB", "get rid of the reminder please", "reminder_off"),
        ("es-US", "ya no quiero que mi hermana vea mis logros", "sharing_off"),
        ("es-US", "ya no quiero seguir compartiendo", "sharing_off"),
        ("es-US", "ya no quiero formar parte del grupo", "group_leave"),
        ("es-US", "dame de baja de mi grupo por favor", "group_leave"),
        ("es-US", "ya no quiero mandar nada al grupo", "group_sharing_off"),
        ("es-MX", "ya no me mandes el correo semanal", "weekly_off"),
        ("es-US", "vuelve a mandar la nota semanal", "weekly_on"),
        ("es-ES", "quítame las alarmas, por favor", "reminder_off"),
        ("es-MX", "no me avises más", "reminder_off"),
    ],
)
def test_a_request_to_switch_off_is_read_as_one(locale: str, text: str, wanted: str | None) -> None:
    reading = understand(text, locale)
    assert not reading.caught, (text, reading)
    if wanted is None:  # not written as a family: at least never an alarm
        return
    assert reading.meaning is Meaning.QUESTION and reading.request == wanted, (text, reading)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "I don't want to be here anymore"),
        ("en-US", "I don't want to share anymore I just want to die"),
        ("en-US", "cancel my reminder I won't be here tomorrow"),
        ("en-US", "leave the group, I'm going to end it tonight"),
        ("es-US", "ya no quiero estar aquí"),
        ("es-US", "ya no quiero compartir, ya no quiero vivir"),
        ("es-MX", "quita el recordatorio, ya no voy a estar aquí mañana"),
    ],
)
def test_danger_said_with_a_request_is_still_a_crisis(locale: str, text: str) -> None:
    assert understand(text, locale).caught, text


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "I don't want to leave the group"),
        ("en-US", "please don't cancel my reminder"),
        ("en-US", "I don't want to share"),  # declines a question: a skip
        ("es-US", "no quiero salir del grupo"),
    ],
)
def test_keeping_something_is_no_request_to_end_it(locale: str, text: str) -> None:
    assert understand(text, locale).request is None, text
