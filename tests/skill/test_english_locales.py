"""English beyond the US: each country hears its own crisis lines, through the real webhook,
and its folder holds only what differs from en-US."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

import locales
from skill.dates import period_from_slot, spoken_day
from skill.speech import Phrasebook
from tests.skill.conftest import NOON
from tests.support.dialog import Dialog

DIGITS = '<say-as interpret-as="digits">{}</say-as>'
# What each country's crisis reply must say (as SSML, so the numbers are read digit by digit)
# and what its card must print; and numbers that belong to other countries only.
LINES = {
    "en-US": (
        (DIGITS.format(988), DIGITS.format(911), "1-800-662-4357"),
        ("988", "911", "1-800-662-4357"),
    ),
    "en-GB": ((DIGITS.format(116) + " " + DIGITS.format(123), DIGITS.format(999)),
              ("116 123", "999", "Samaritans")),
    "en-CA": ((DIGITS.format(988), DIGITS.format(911)), ("9-8-8", "911")),
    "en-AU": ((" ".join(DIGITS.format(n) for n in (13, 11, 14)), DIGITS.format("000")),
              ("13 11 14", "000", "Lifeline")),
    "en-IN": ((DIGITS.format(14416), DIGITS.format(112)), ("14416", "112", "Tele-MANAS")),
}  # fmt: skip
FOREIGN = {
    "en-US": ("116", "999", "14416", "Samaritans", "Tele-MANAS"),
    "en-GB": ("988", "911", "1-800", "SAMHSA", "14416"),
    "en-CA": ("1-800", "SAMHSA", "116", "999", "000"),
    "en-AU": ("988", "911", "1-800", "SAMHSA", "116 123", "999"),
    "en-IN": ("988", "911", "1-800", "SAMHSA", "116 123", "999"),
}
ABROAD = ("en-GB", "en-CA", "en-AU", "en-IN")


def _dialog(client: FlaskClient, locale: str) -> Dialog:
    return Dialog(client, now=NOON, locale=locale)


def _spoken_and_card(dialog: Dialog) -> tuple[str, str]:
    response = dialog.last["response"]
    return response["outputSpeech"]["ssml"], (response.get("card") or {}).get("content", "")


@pytest.mark.parametrize("locale", sorted(LINES))
def test_a_crisis_said_as_a_win_gets_that_countrys_lines_and_is_not_saved(
    client: FlaskClient, locale: str, wins_of, owner: str
) -> None:
    dialog = _dialog(client, locale)
    dialog.intent("RecordWinIntent", win="want to end my life")
    ssml, card = _spoken_and_card(dialog)
    spoken, printed = LINES[locale]
    for line in spoken:
        assert line in ssml, f"{locale}: {line} not spoken in {ssml}"
    for line in printed:
        assert line in card, f"{locale}: {line} not on the card {card}"
    for other in FOREIGN[locale]:
        assert other not in ssml and other not in card, f"{locale} names {other}"
    assert wins_of(owner) == []
    # Whatever comes next in the crisis, the same country's line is repeated.
    dialog.intent("AMAZON.YesIntent")
    again = dialog.last["response"]["outputSpeech"]["ssml"]
    assert spoken[0] in again and not any(other in again for other in FOREIGN[locale])
    assert wins_of(owner) == []


@pytest.mark.parametrize("locale", sorted(LINES))
def test_the_crisis_intent_and_a_crisis_inside_encouragement_get_that_countrys_lines(
    client: FlaskClient, locale: str
) -> None:
    dialog = _dialog(client, locale)
    for intent, slots in (
        ("CrisisIntent", {}),
        ("EncourageIntent", {"topic": "I took too many pills"}),
    ):
        dialog.intent(intent, **slots)
        ssml, _ = _spoken_and_card(dialog)
        assert LINES[locale][0][0] in ssml, f"{locale} {intent}: {ssml}"
        dialog.intent("AMAZON.StopIntent")


@pytest.mark.parametrize("locale", sorted(LINES))
def test_help_names_that_countrys_crisis_line(client: FlaskClient, locale: str) -> None:
    dialog = _dialog(client, locale)
    dialog.intent("AMAZON.HelpIntent")
    ssml, _ = _spoken_and_card(dialog)
    assert LINES[locale][0][0] in ssml
    assert not any(other in ssml for other in FOREIGN[locale])


@pytest.mark.parametrize("locale", ABROAD)
def test_each_folder_holds_only_what_differs_and_no_us_spelling(locale: str) -> None:
    assert locales.chain(locale) == (locale, "en-US")
    book, us = Phrasebook.load(locale), Phrasebook.load("en-US")
    assert book.names() == us.names()
    own = {key for key in book.names() if book.variants(key) != us.variants(key)}
    local = ("safety.", "help.", "launch.", "treatment.", "meetings.")  # a country's own
    assert own and own <= {k for k in us.names() if k.startswith(local)}
    for key in book.names():
        for variant in book.variants(key):
            assert "counselor" not in variant, f"{locale} {key}"
            # Every number is inside a say-as, so it is read the way it is dialled.
            plain = re.sub(r"<say-as[^>]*>[^<]*</say-as>", "", variant)
            if not key.endswith(".card_text"):
                assert not re.search(r"\b(?:988|911|999|000|112|116|123|14416)\b", plain), key


@pytest.mark.parametrize(
    ("locale", "day", "week"),
    [("en-US", "on November 3rd", "the week of November 2nd"),
     ("en-CA", "on November 3rd", "the week of November 2nd"),
     ("en-GB", "on 3 November", "the week of 2 November"),
     ("en-AU", "on 3 November", "the week of 2 November"),
     ("en-IN", "on 3 November", "the week of 2 November")],
)  # fmt: skip
def test_dates_are_said_the_local_way(locale: str, day: str, week: str) -> None:
    today = date(2026, 12, 4)
    assert spoken_day(date(2026, 11, 3), today, locale) == day
    period = period_from_slot("2026-W45", today, locale)
    assert period is not None and period.name == week


def test_reading_wins_in_the_uk_says_the_date_day_first(
    client: FlaskClient, journal, owner
) -> None:
    at = datetime(2026, 11, 3, 9, tzinfo=ZoneInfo("America/New_York"))
    journal.record(owner, "I went for a run", at=at)
    said = _dialog(client, "en-GB").intent("ReadWinsIntent")
    assert "On 3 November, you went for a run" in said, said


@pytest.mark.parametrize("locale", ABROAD)
def test_models_add_local_phrasing_to_the_shared_model(locale: str) -> None:
    us, model = locales.model("en-US"), locales.model(locale)
    theirs = model["interactionModel"]["languageModel"]
    ours = us["interactionModel"]["languageModel"]
    assert theirs["invocationName"] == ours["invocationName"] == "small wins"
    assert [i["name"] for i in theirs["intents"]] == [i["name"] for i in ours["intents"]]
    samples = {i["name"]: i.get("samples", []) for i in theirs["intents"]}
    extra = json.loads((locales.folder(locale) / "model.json").read_text())
    for intent in extra["interactionModel"]["languageModel"]["intents"]:
        assert set(intent["samples"]) <= set(samples[intent["name"]])
    # Alexa refuses a model whose sample sits in two intents.
    owners: dict[str, str] = {}
    for name, items in samples.items():
        for sample in items:
            assert owners.setdefault(sample, name) == name, f"{locale}: {sample!r}"


def test_a_model_merges_only_within_its_language() -> None:
    """es-MX finds es-US's model along the chain, and never gains en-US's English samples."""
    spanish = json.loads((locales.folder("es-US") / "model.json").read_text(encoding="utf-8"))
    assert locales.model("es-MX") == spanish


def _crisis_corpus() -> list[str]:
    path = locales.folder("en-US") / "understanding" / "corpus" / "heldout.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [row[2] for row in rows if len(row) >= 3 and row[0].startswith("crisis")]


def _answered_as_crisis(client: FlaskClient, locale: str, corpus: list[str]) -> set[str]:
    found = set()
    for text in corpus:
        dialog = _dialog(client, locale)
        dialog.intent("RecordWinIntent", win=text)
        ssml = dialog.last["response"]["outputSpeech"]["ssml"]
        if LINES[locale][0][0] in ssml:
            found.add(text)
            assert not any(other in ssml for other in FOREIGN[locale]), (locale, text)
    return found


@pytest.mark.parametrize("locale", ABROAD)
def test_the_crisis_corpus_is_heard_in_every_locale_as_in_the_us_with_local_lines(
    client: FlaskClient, locale: str
) -> None:
    """The held-out crisis corpus, said as a win: whatever the understanding catches in en-US
    it catches in every English locale (the rules are shared along the chain), answered with
    that country's lines. How much it catches is the understanding's own test."""
    corpus = _crisis_corpus()
    assert len(corpus) > 100
    us = _answered_as_crisis(client, "en-US", corpus)
    assert us, "the understanding caught nothing of the crisis corpus"
    assert _answered_as_crisis(client, locale, corpus) == us


@pytest.mark.parametrize(
    ("locale", "said"),
    [("en-GB", "i'm going to top myself"), ("en-AU", "i'm going to do myself in"),
     ("en-CA", "i want to off myself"), ("en-IN", "i want to finish myself")],
)  # fmt: skip
def test_local_ways_of_saying_a_crisis_are_crisis_samples_in_that_locales_model(
    locale: str, said: str
) -> None:
    """Alexa hears these as the CrisisIntent in that country, whatever a win's words would
    have made of them."""
    intents = locales.model(locale)["interactionModel"]["languageModel"]["intents"]
    crisis = next(i for i in intents if i["name"] == "CrisisIntent")
    assert said in crisis["samples"]


def test_british_people_words_resolve_to_a_person() -> None:
    """ "Invite my mate" names who they are ("give it to your mate"), as "my sister" does."""
    language = locales.model("en-GB")["interactionModel"]["languageModel"]
    [role] = [t for t in language["types"] if t["name"] == "ROLE"]
    ids = {v["name"]["value"]: v["id"] for v in role["values"]}
    assert ids["mate"] == ids["mum"] == ids["sister"] == "PERSON"
    assert "mate" not in {v["name"]["value"] for v in _us_roles()}


def _us_roles() -> list[dict]:
    language = locales.model("en-US")["interactionModel"]["languageModel"]
    return next(t for t in language["types"] if t["name"] == "ROLE")["values"]


@pytest.mark.parametrize(
    ("locale", "number"),
    [
        ("en-US", "1-800-662-4357"),
        ("en-GB", "0300 123 6600"),
        ("en-CA", "2-1-1"),
        ("en-AU", "1800 250 015"),
        ("en-IN", "14416"),
        ("es-US", "1-800-662-4357"),
        ("es-MX", "800 911 2000"),
        ("es-ES", "112"),
    ],
)
def test_asking_for_help_to_quit_gets_that_countrys_addiction_line(
    client: FlaskClient, locale: str, number: str
) -> None:
    """ "I need help to quit drinking" got a breathing tip; it gets where treatment starts."""
    dialog = Dialog(client, now=NOON, locale=locale)
    said = dialog.intent("TreatmentIntent")
    assert number in dialog.last["response"]["card"]["content"] and not dialog.ended
    assert "Alexa app" in said or "app de Alexa" in said


@pytest.mark.parametrize(
    ("locale", "said"),
    [("en-US", "I need help to quit drinking"), ("en-GB", "where can I get help for my drinking"),
     ("es-US", "necesito ayuda para dejar de tomar"), ("es-MX", "cómo encuentro un anexo"),
     # The README's own example got the help menu.
     ("en-US", "where can I find a rehab"),
     ("es-US", "dónde puedo encontrar un centro de rehabilitación")],
)  # fmt: skip
def test_help_to_quit_reaches_the_treatment_intent(locale: str, said: str) -> None:
    from alexa.simulator.matching import Matcher

    heard = Matcher(locales.model(locale), locale).match(said, today=date(2026, 12, 5))
    assert heard.intent == "TreatmentIntent"
