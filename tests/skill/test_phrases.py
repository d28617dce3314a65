"""Phrase files: every phrasing is valid SSML, prompts have several phrasings, turns are short."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

import locales
from skill.speech import Phrasebook, Speaker

BOOK = Phrasebook.load()
# Every locale's own book, as its requests hear it (its folder and its chain).
ENTRIES = [(name, key) for name in locales.available() for key in Phrasebook.load(name).names()]
FIELD = re.compile(r"\{(\w+)\}")
# Crisis replies, a helpline to stop and first-time welcomes may run longer: safety and
# orientation come first.
LONG_ALLOWED = {
    "safety.crisis", "safety.card_text", "treatment.reply", "encourage.no_wins",
    "encourage.offline",
}  # fmt: skip


@pytest.mark.parametrize(("locale", "key"), ENTRIES)
def test_every_phrasing_is_valid_ssml_with_the_same_fields(locale: str, key: str) -> None:
    variants = Phrasebook.load(locale).variants(key)
    fields = {frozenset(FIELD.findall(v)) for v in variants}
    assert len(fields) == 1, f"{key}: phrasings use different fields {fields}"
    if ".card_" in key:
        return  # cards are plain text shown in the Alexa app, not speech
    for variant in variants:
        filled = FIELD.sub("x", variant)
        ElementTree.fromstring(f"<speak>{filled}</speak>")
        if key not in LONG_ALLOWED:
            plain = re.sub(r"<[^>]+>", "", filled)
            assert len(plain.split()) <= 40, f"{key} is long: {plain}"


@pytest.mark.parametrize("locale", locales.available())
def test_questions_have_several_phrasings(locale: str) -> None:
    book = Phrasebook.load(locale)
    asked = [k for k in book.names() if any("?" in v for v in book.variants(k))]
    varied = [k for k in asked if len(book.variants(k)) > 1]
    assert len(varied) >= len(asked) * 0.6, sorted(set(asked) - set(varied))


def test_the_same_phrasing_is_not_used_twice_in_a_row() -> None:
    speaker = Speaker(BOOK)
    first = speaker("record.saved", total=2)
    for _ in range(20):
        again = Speaker(BOOK, speaker.said)("record.saved", total=2)
        assert again != first


@pytest.mark.parametrize("words", ["see you Friday!", "proud of you.", "did you eat?", "ok…"])
def test_words_that_end_their_own_sentence_take_no_second_stop(words: str) -> None:
    # A buddy's cheer read back used to end "…otra vez.." in Spanish.
    book = Phrasebook({"cheer": ["{name} sent: {text}. Nice."]})
    said = Speaker(book)("cheer", name="Pat", text=words)
    assert said == f"Pat sent: {words} Nice."


def test_words_without_a_stop_get_the_phrasings_own() -> None:
    book = Phrasebook({"cheer": ["{name} sent: {text}. Nice."]})
    assert Speaker(book)("cheer", name="Pat", text="keep going") == "Pat sent: keep going. Nice."


def test_the_us_spanish_help_says_to_press_2_at_988() -> None:
    # 988 answers in Spanish after pressing 2; es-MX and es-ES name their own lines.
    for variant in Phrasebook.load("es-US").variants("help.text"):
        assert "988" in variant and "marca el" in variant and ">2<" in variant
