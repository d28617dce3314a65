"""Withdrawing consent and switching things off in the words people use, through the real
webhook: stopping sharing, the weekly note, the group and the reminder.

A user test found such requests answered as a crisis ("I don't want to share anymore" got 988),
a craving, a goal, a win to save or how to invite a sponsor. Each turn here is routed the way
Alexa would route it (the locale's interaction model, see `test_user_test_slips.say`); free
speech the model has no sample for reaches the understanding engine, which reads a request
after the crisis rules and before its models.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from alexa.simulator.apis import SIMULATED_TOKEN, SimulatedAlexaApi
from journal import Journal
from sharing import Sharing
from skill.understanding import Meaning, understand
from tests.skill.test_sharing_voice import buddy
from tests.skill.test_user_test_slips import say, talk
from tests.support.dialog import Dialog

REMINDERS = "alexa::alerts:reminders:skill:readwrite"
CRISIS_WORDS = ("988", "911", "SAMHSA", "4357")


@pytest.fixture
def sharing(app: Flask) -> Sharing:
    return app.extensions["sharing-pages"].sharing


def _no_alarm(reply: str) -> None:
    assert not any(word in reply for word in CRISIS_WORDS), reply


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
        # A second round, written after the first passed.
        ("en-US", "I don't feel like sharing anymore", "sharing_off"),
        ("en-US", "I don't want people seeing my stuff anymore", "sharing_off"),
        ("en-US", "don't let Pat see my wins anymore", "sharing_off"),
        ("en-US", "I'm out of the group", "group_leave"),
        ("en-US", "the reminder is annoying, turn it off", "reminder_off"),
        ("en-US", "I don't need reminding anymore", "reminder_off"),
        ("en-US", "stop bugging me every night", "reminder_off"),
        ("en-US", "I don't want to share weekly anymore", "weekly_off"),
        ("en-US", "turn on weekly sharing", "weekly_on"),
        ("es-US", "ya no tengo ganas de compartir", "sharing_off"),
        ("es-US", "ya no quiero que se compartan mis logros", "sharing_off"),
        ("es-US", "ya no quiero ser miembro del grupo", "group_leave"),
        ("es-US", "basta de recordatorios", "reminder_off"),
        ("es-US", "no quiero recordatorio diario", "reminder_off"),
        ("es-US", "no quiero la nota semanal", "weekly_off"),
        ("es-US", "quiero compartir mis logros cada semana", "weekly_on"),
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
        ("en-US", "turn off the reminder I'm not going to need it after tonight"),
        ("en-US", "no more reminders, I just want to sleep and not wake up"),
        ("es-US", "sácame del grupo, ya no quiero seguir viviendo"),
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
        ("en-US", "I quit the group chat that kept triggering me"),  # a win
        ("en-US", "I don't want to be reminded of my drinking days"),
        ("es-US", "me salí del grupo de whatsapp de la peda"),
        ("es-US", "mis logros son privados"),  # asks whether they are
        ("es-US", "no quiero salir del grupo"),
    ],
)
def test_keeping_something_is_no_request_to_end_it(locale: str, text: str) -> None:
    assert understand(text, locale).request is None, text


# -- the dialog: what the person hears, and what changes ---------------------------------------


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en-US", "I don't want to share anymore"),
        ("en-US", "honestly I don't want to share anything anymore"),  # free speech
        ("es-US", "no quiero compartir nada"),
        ("es-MX", "ya no quiero seguir compartiendo"),  # free speech
    ],
)
def test_not_wanting_to_share_asks_who_and_stops_them(
    client: FlaskClient, sharing: Sharing, owner: str, locale: str, words: str
) -> None:
    pat = buddy(sharing, owner, "Pat")
    sharing.recipients.answer_weekly(owner, pat.id, yes=True, tz="America/Chicago")
    dialog = talk(client, locale)
    _no_alarm(say(dialog, words))
    assert dialog.attributes["await"]["kind"] == "stop_who"
    assert "Pat" in say(dialog, "Pat")
    assert sharing.recipients.get(owner, pat.id) is None


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en-US", "I don't want to share anything anymore"), ("es-US", "no quiero compartir nada")],
)
def test_not_wanting_to_share_with_only_a_group_stops_the_group_sharing(
    client: FlaskClient, sharing: Sharing, owner: str, locale: str, words: str
) -> None:
    dialog = talk(client, locale)
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    say(dialog, "Sam")
    say(dialog, "yes" if locale.startswith("en") else "sí")
    dialog = talk(client, locale)
    _no_alarm(say(dialog, words))
    seat = sharing.groups.membership(owner)
    assert seat is not None and not seat.share


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en-US", "I don't want Pat to get my wins anymore"),
        ("en-US", "please make sure Pat stops getting my wins"),  # free speech
        ("es-US", "no quiero que Pat vea mis logros"),
    ],
)
def test_a_buddy_named_stops_only_that_buddy(
    client: FlaskClient, sharing: Sharing, owner: str, locale: str, words: str
) -> None:
    pat = buddy(sharing, owner, "Pat", email="pat@example.org")
    maria = buddy(sharing, owner)
    dialog = talk(client, locale)
    reply = say(dialog, words)
    _no_alarm(reply)
    assert "Pat" in reply, reply
    assert sharing.recipients.get(owner, pat.id) is None
    assert sharing.recipients.get(owner, maria.id) is not None


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en-US", "stop the weekly note"),
        ("en-US", "turn off my weekly email"),
        ("en-US", "can you unsubscribe me from the weekly digest"),  # free speech
        ("es-US", "ya no mandes la nota semanal"),
        ("es-MX", "ya no mandes la nota semanal"),
        ("es-ES", "cancela el correo semanal, por favor"),  # free speech
    ],
)
def test_stopping_the_weekly_note_keeps_the_buddies(
    client: FlaskClient, sharing: Sharing, owner: str, locale: str, words: str
) -> None:
    maria = buddy(sharing, owner)
    sam = buddy(sharing, owner, "Sam", email="sam@example.org")
    for one in (maria, sam):
        sharing.recipients.answer_weekly(owner, one.id, yes=True, tz="America/Chicago")
    dialog = talk(client, locale)
    reply = say(dialog, words)
    _no_alarm(reply)
    assert "Maria" in reply and "Sam" in reply, reply
    for one in (maria, sam):
        after = sharing.recipients.get(owner, one.id)
        assert after is not None and after.confirmed and not after.weekly


def test_stopping_a_weekly_note_nobody_gets_says_so(client: FlaskClient) -> None:
    dialog = talk(client, "en-US")
    reply = say(dialog, "stop the weekly note")
    assert "nothing to stop" in reply and "Yes. Say" not in reply, reply


@pytest.mark.parametrize(
    ("locale", "on", "yes"),
    [("en-US", "turn on the weekly note", "yes"), ("es-US", "activa la nota semanal", "sí")],
)
def test_turning_the_weekly_note_on_asks_about_each_buddy(
    client: FlaskClient, sharing: Sharing, owner: str, wins_of, locale: str, on: str, yes: str
) -> None:
    maria = buddy(sharing, owner)
    sharing.recipients.answer_weekly(owner, maria.id, yes=False, tz="America/Chicago")
    dialog = talk(client, locale)
    reply = say(dialog, on)
    assert "Maria" in reply and reply.endswith("?"), reply
    say(dialog, yes)
    after = sharing.recipients.get(owner, maria.id)
    assert after is not None and after.weekly
    assert wins_of(owner) == []


def test_turning_the_weekly_note_on_without_a_buddy_says_how_and_saves_no_win(
    client: FlaskClient, wins_of, owner: str
) -> None:
    dialog = talk(client, "en-US")
    reply = say(dialog, "turn on the weekly note")
    assert "add a buddy" in reply and "win?" not in reply, reply
    say(dialog, "yes")
    assert wins_of(owner) == []


@pytest.mark.parametrize(
    ("locale", "words", "said"),
    [
        ("en-US", "send my weekly note on Fridays at 7 PM", "none goes out|nobody gets one"),
        ("es-US", "manda mi nota semanal el viernes a las 7 pm", "nadie la recibe|no sale ninguna"),
    ],
)
def test_a_weekly_note_time_with_no_weekly_note_on_says_none_goes_out(
    client: FlaskClient, locale: str, words: str, said: str
) -> None:
    dialog = talk(client, locale)
    reply = say(dialog, words)
    assert any(one in reply for one in said.split("|")), reply


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en-US", "I don't want to be in the group anymore"),
        ("en-US", "I want out of the group"),
        ("en-US", "ok I want out of that circle"),  # free speech
        ("es-US", "me quiero salir del grupo"),
        ("es-US", "ya no quiero estar en el grupo"),
        ("es-MX", "ya no quiero formar parte del grupo"),  # free speech
    ],
)
def test_wanting_out_of_the_group_leaves_it(
    client: FlaskClient, sharing: Sharing, owner: str, locale: str, words: str
) -> None:
    dialog = talk(client, locale)
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    dialog = talk(client, locale)
    reply = say(dialog, words)
    _no_alarm(reply)
    assert "Tuesday circle" in reply, reply
    assert sharing.groups.membership(owner) is None


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("es-US", "ya no quiero compartir con el grupo"),
        ("en-US", "I don't want the group reading my wins"),  # free speech
    ],
)
def test_not_sharing_with_the_group_stops_only_that(
    client: FlaskClient, sharing: Sharing, owner: str, locale: str, words: str
) -> None:
    dialog = talk(client, locale)
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    say(dialog, "Sam")
    say(dialog, "yes" if locale.startswith("en") else "sí")
    seat = sharing.groups.membership(owner)
    assert seat is not None and seat.share
    dialog = talk(client, locale)
    _no_alarm(say(dialog, words))
    seat = sharing.groups.membership(owner)
    assert seat is not None and not seat.share


# -- the reminder -------------------------------------------------------------------------------


@pytest.fixture
def api() -> Iterator[SimulatedAlexaApi]:
    stand_in = SimulatedAlexaApi("America/Los_Angeles").start()
    yield stand_in
    stand_in.stop()


def _with_reminder(client: FlaskClient, api: SimulatedAlexaApi, locale: str) -> Dialog:
    dialog = talk(client, locale)
    dialog.api_endpoint = api.url
    dialog.api_token = SIMULATED_TOKEN
    dialog.permissions = {REMINDERS: "GRANTED"}
    dialog.intent("SetReminderIntent", time="21:00")
    assert api.reminders
    return dialog


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en-US", "turn off the reminder"),
        ("en-US", "get rid of my reminder"),
        ("en-US", "no more reminders please"),
        ("en-US", "remove the reminder"),
        ("en-US", "I don't need those daily reminders anymore"),  # free speech
        ("es-US", "quita el recordatorio"),
        ("es-US", "ya no me recuerdes"),
        ("es-MX", "no me avises más, gracias"),  # free speech
    ],
)
def test_cancelling_the_reminder_in_ones_own_words_cancels_it(
    client: FlaskClient,
    api: SimulatedAlexaApi,
    journal: Journal,
    owner: str,
    locale: str,
    words: str,
) -> None:
    dialog = _with_reminder(client, api, locale)
    reply = say(dialog, words)
    assert "9" in reply, reply
    assert api.reminders == {} and "reminder_token" not in journal.profile(owner)


def test_a_reminder_heard_as_a_name_to_stop_sharing_with_is_cancelled(
    client: FlaskClient, api: SimulatedAlexaApi
) -> None:
    dialog = _with_reminder(client, api, "en-US")
    reply = dialog.intent("StopSharingIntent", name="the reminder")
    assert "cancelled" in reply and "9 PM" in reply and "sharing" not in reply, reply
    assert api.reminders == {}


@pytest.mark.parametrize(
    ("locale", "cancel", "back"),
    [
        ("en-US", "turn off the reminder", "actually no keep it"),
        ("en-US", "cancel my reminder", "keep it"),
        ("en-US", "cancel my reminder", "undo that"),
        ("es-US", "quita el recordatorio", "no, mejor déjalo"),
        ("es-US", "quita el recordatorio", "consérvalo"),
    ],
)
def test_keep_it_right_after_a_cancel_brings_the_reminder_back(
    client: FlaskClient,
    api: SimulatedAlexaApi,
    wins_of,
    owner: str,
    locale: str,
    cancel: str,
    back: str,
) -> None:
    dialog = _with_reminder(client, api, locale)
    say(dialog, cancel)
    assert api.reminders == {}
    reply = say(dialog, back)
    assert "9" in reply, reply
    assert len(api.reminders) == 1
    assert wins_of(owner) == []
