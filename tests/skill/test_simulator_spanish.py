"""`smallwins chat --locale es-US`: the simulator matches Spanish against the Spanish model,
plays Alexa's own Spanish (launch, one-shots, built-in intents) and sends es-US requests."""

from __future__ import annotations

from datetime import date

import pytest

from alexa.simulator.matching import Matcher
from alexa.simulator.wire import LAUNCH

TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def spanish() -> Matcher:
    return Matcher.from_file(locale="es-US")


@pytest.mark.parametrize(
    ("said", "intent", "slots", "one_shot"),
    [
        ("Alexa, abre pequeños logros", LAUNCH, {}, False),
        ("abre", LAUNCH, {}, False),
        ("hoy salí a caminar en vez de beber", "RecordWinIntent",
         {"win": "salí a caminar en vez de beber"}, False),
        ("dile a pequeños logros que hoy llamé a mi padrino", "RecordWinIntent",
         {"win": "llamé a mi padrino"}, True),
        ("pregúntale a pequeños logros cómo voy", "ProgressIntent", {}, True),
        ("¡Sí!", "AMAZON.YesIntent", {}, False),
        ("no gracias", "SkipIntent", {}, False),
        ("lee mis logros", "ReadWinsIntent", {}, False),
        ("necesito ánimo", "EncourageIntent", {}, False),
        ("recaí anoche", "SetbackIntent", {}, False),
        ("quiero quitarme la vida", "CrisisIntent", {}, False),
        ("invita a mi padrino", "InviteBuddyIntent", {"role": "padrino"}, False),
        ("para", "AMAZON.StopIntent", {}, False),
    ],
)  # fmt: skip
def test_spanish_is_matched_against_the_spanish_model(
    spanish: Matcher, said: str, intent: str, slots: dict[str, str], one_shot: bool
) -> None:
    match = spanish.match(said, today=TODAY)
    assert (match.intent, match.slots, match.one_shot) == (intent, slots, one_shot)


def test_slot_values_resolve_to_the_same_ids_as_in_english(spanish: Matcher) -> None:
    match = spanish.match("invita a mi madrina", today=TODAY)
    role = spanish.slot_payload(match)["role"]
    (authority,) = role["resolutions"]["resolutionsPerAuthority"]
    assert authority["values"][0]["value"]["id"] == "SPONSOR"


def test_english_is_not_heard_by_the_spanish_matcher_nor_spanish_by_the_english() -> None:
    english = Matcher.from_file()
    assert english.locale == "en-US"
    assert english.match("open small wins", today=TODAY).intent == LAUNCH
    assert english.match("abre pequeños logros", today=TODAY).intent != LAUNCH
    spanish = Matcher.from_file(locale="es-US")
    assert spanish.locale == "es-US"
    assert spanish.match("open small wins", today=TODAY).intent != LAUNCH
    assert spanish.match("yes", today=TODAY).intent != "AMAZON.YesIntent"


def test_mexico_and_spain_use_the_spanish_model_and_send_their_own_locale() -> None:
    for locale in ("es-MX", "es-ES"):
        matcher = Matcher.from_file(locale=locale)
        assert matcher.locale == locale
        assert matcher.invocation_name == "pequeños logros"
        assert matcher.match("sí", today=TODAY).intent == "AMAZON.YesIntent"
