"""Recovery told as good news, in the words hard times also use.

"My hands don't shake anymore", "I feel alive again", "my life feels worth living": the models
learnt those words mostly from crisis lines, and alone they raised the alarm (911 and 988 for
"I feel alive again"). The `[good_news]` table of each locale's rules takes such an alarm back,
but only when the words left once the good news is cut out raise none, so a crisis said beside
good news ("ninety days sober and I can't see the point of going on anymore") keeps it.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from skill.understanding import Meaning, understand
from skill.understanding.rules import rules_for
from tests.skill.test_user_test_slips import say, speech, talk

GOOD_NEWS = {
    "en-US": [
        "woke up with no hangover",
        "I feel alive again",
        "my life feels worth living",
        "done with vodka for good",
        "heart isn't racing anymore",
        "the shakes are finally gone",
        "feel like myself again",
        "feeling human again after a real night's sleep",
        "slept through the night for the first time in months",
        "my hands don't shake anymore when I pour my coffee",
    ],
    "es-US": [
        "ya no me tiemblan las manos",
        "mi vida vale la pena",
        "dormí toda la noche de corrido",
        "me siento yo otra vez",
        "llevo sesenta días sin tomar",
    ],
}
# Good news beside a crisis, or a wish for it: the alarm stays.
STILL_CRISIS = {
    "en-US": [
        "ninety days clean and I still want to die",
        "thirty days sober and I can't see the point of going on anymore",
        "I feel at peace now that I've decided to end it",
        "gave away my bottles and my guitar and said my goodbyes",
        "I'd finally sleep through the night if I never woke up",
        "slept like a baby after taking the whole bottle of sleeping pills",
        "my friend feels like herself again but she took a bunch of pills and won't wake up",
    ],
    "es-US": [
        "llevo noventa días limpio y aun así me quiero morir",
        "ya no me tiemblan las manos pero ya tengo todo listo para irme para siempre",
        "dormí toda la noche después de tomarme el frasco entero de pastillas",
    ],
}
# A wish, a doubt or a negation before the words makes them no good news.
NOT_GOOD_NEWS = {
    "en-US": [
        "wish I could sleep through the night",
        "I don't feel like myself anymore",
        "I'm not worth it",
        "if I could just feel normal again",
        "I used to sleep through the night",
    ],
    "es-US": ["ojalá pudiera dormir toda la noche", "ya no me siento yo", "no valgo la pena"],
}


def _cases(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(locale, text) for locale, texts in table.items() for text in texts]


@pytest.mark.parametrize(("locale", "text"), _cases(GOOD_NEWS))
def test_good_news_is_a_win_not_an_alarm(locale: str, text: str) -> None:
    reading = understand(text, locale)
    assert reading.meaning is Meaning.WIN, reading


@pytest.mark.parametrize(("locale", "text"), _cases(STILL_CRISIS))
def test_a_crisis_beside_good_news_keeps_the_alarm(locale: str, text: str) -> None:
    assert understand(text, locale).caught


@pytest.mark.parametrize(("locale", "text"), _cases(NOT_GOOD_NEWS))
def test_a_wish_or_a_negation_is_no_good_news(locale: str, text: str) -> None:
    rules = rules_for(locale)
    assert rules.without_good_news(rules.parse(text)) is None


def test_good_news_is_cut_out_and_the_rest_kept() -> None:
    rules = rules_for("en-US")
    parsed = rules.parse("thirty days sober and I can't see the point of going on anymore")
    assert rules.without_good_news(parsed) == "and i can not see the point of going on anymore"


def test_hard_news_beside_good_news_stays_hard() -> None:
    # The rest is a clause of its own and reads as hard: not turned into a win.
    reading = understand("90 days sober and i still feel awful inside every single day")
    assert reading.meaning is not Meaning.WIN


@pytest.mark.parametrize(
    ("locale", "text", "offered"),
    [
        ("en-US", "I feel alive again", "alive again"),
        ("en-US", "my hands don't shake anymore when I pour my coffee", "shake anymore"),
        ("es-US", "ya no me tiemblan las manos", "tiemblan las manos"),
    ],
)
def test_said_to_the_skill_good_news_is_kept_as_a_win_without_crisis_lines(
    client: FlaskClient, locale: str, text: str, offered: str
) -> None:
    dialog = talk(client, locale)
    say(dialog, text)
    said = speech(dialog)
    assert "911" not in said and "988" not in said, said
    assert offered in said, said
