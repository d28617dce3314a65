"""Dialogue slips a user test found, through the real webhook.

Each turn is typed words routed the way Alexa would route them, by the locale's interaction
model (the simulator's matcher), so a gap in the model shows up here as it would on an Echo.
"""

from __future__ import annotations

from functools import cache

import pytest
from flask.testing import FlaskClient

from alexa.simulator.matching import Matcher
from tests.skill.conftest import NOON
from tests.support.dialog import Dialog

OVERDOSE = {
    "en-US": "I took more pills than usual and my heart won't slow down",
    "es-US": "me tomé más pastillas de las que debía y el corazón me late muy rápido",
}
ASKED_SAFE = {"en-US": "safe right now", "es-US": "a salvo"}


@cache
def _matcher(locale: str) -> Matcher:
    return Matcher.from_file(locale=locale)


def say(dialog: Dialog, words: str) -> str:
    """One turn: the words as Alexa would send them in the dialog's locale."""
    match = _matcher(dialog.locale).match(words, today=NOON.date())
    assert not match.is_launch, words
    return dialog.intent(match.intent, **match.slots)


def speech(dialog: Dialog) -> str:
    return dialog.last["response"]["outputSpeech"]["ssml"]


def talk(client: FlaskClient, locale: str) -> Dialog:
    return Dialog(client, now=NOON, locale=locale)


# -- 1. a hedged yes to "are you safe right now?" is not a clear yes ----------------------------


@pytest.mark.parametrize(
    ("locale", "answer"),
    [
        ("en-US", "yeah I think so"),
        ("en-US", "I think so"),
        ("en-US", "I guess so"),
        ("en-US", "I guess"),
        ("en-US", "probably"),
        ("en-US", "kind of"),
        ("en-US", "I think I'm okay"),
        ("en-US", "probably fine"),
        ("en-US", "kind of okay"),
        ("en-US", "I'm fine I guess"),
        ("es-US", "creo que sí"),
        ("es-US", "sí creo que sí"),
        ("es-US", "supongo"),
        ("es-US", "supongo que estoy bien"),
        ("es-US", "más o menos"),
        ("es-US", "tal vez sí"),
    ],
)
def test_a_hedged_yes_after_overdose_signs_gets_911(
    client: FlaskClient, locale: str, answer: str, wins_of, owner: str
) -> None:
    dialog = talk(client, locale)
    say(dialog, OVERDOSE[locale])
    assert ASKED_SAFE[locale] in speech(dialog)
    say(dialog, answer)
    assert "911" in speech(dialog), (answer, speech(dialog))
    assert "988" in speech(dialog)
    assert not dialog.ended
    assert wins_of(owner) == []


@pytest.mark.parametrize(
    ("locale", "answer"),
    [("en-US", "yes"), ("en-US", "yes I'm safe"), ("es-US", "sí"), ("es-US", "sí, estoy bien")],
)
def test_a_clear_yes_is_still_taken_as_safe(client: FlaskClient, locale: str, answer: str) -> None:
    dialog = talk(client, locale)
    say(dialog, OVERDOSE[locale])
    say(dialog, answer)
    assert "911" not in speech(dialog) and "988" in speech(dialog)
