"""Spanish is a folder: every phrase English has, in Spanish, never English in its place."""

from __future__ import annotations

import re
import tomllib

import pytest

import locales
from skill.speech import Phrasebook

SPANISH = ("es-US", "es-MX", "es-ES")
FIELD = re.compile(r"\{(\w+)\}")
# Words that only an English phrasing would hold; none may reach a Spanish book.
ENGLISH = re.compile(r"\b(?:the|you|your|what|and|win|wins)\b", re.I)


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("locale", SPANISH)
def test_every_english_phrase_key_has_spanish_phrasings_with_the_same_fields(locale: str) -> None:
    english, spanish = Phrasebook.load("en-US"), Phrasebook.load(locale)
    assert set(english.names()) - set(spanish.names()) == set()
    for key in english.names():
        want = set(FIELD.findall(english.variants(key)[0]))
        assert set(FIELD.findall(spanish.variants(key)[0])) == want, key


@pytest.mark.parametrize("locale", SPANISH)
def test_no_spanish_phrasing_is_english(locale: str) -> None:
    book = Phrasebook.load(locale)
    for key in book.names():
        for variant in book.variants(key):
            assert not ENGLISH.search(_plain(variant)), f"{locale} {key}: {variant}"


def test_a_missing_spanish_phrase_is_not_filled_from_english() -> None:
    """The chain still ends in en-US for things Spanish lacks, but phrases stop at the
    language border: a Spanish book holds exactly the keys its Spanish folders hold."""
    assert locales.chain("es-MX") == ("es-MX", "es-US", "en-US")
    assert Phrasebook.load("es-US").names() == sorted(_keys_in("es-US"))
    assert Phrasebook.load("es-MX").names() == sorted(_keys_in("es-US") | _keys_in("es-MX"))


def _keys_in(locale: str) -> set[str]:
    keys: set[str] = set()
    for path in (locales.folder(locale) / "phrases").glob("*.toml"):
        for table, values in tomllib.loads(path.read_text(encoding="utf-8")).items():
            keys |= {f"{table}.{key}" for key in values}
    return keys


@pytest.mark.parametrize(
    ("locale", "lines"),
    [
        ("es-US", ("911", "988", "interpret-as=\"digits\">2<", "1-800-662-4357")),
        ("es-MX", ("911", ">800<", ">2000<", "Línea de la Vida")),
        ("es-ES", ("112", "024")),
    ],
)
def test_each_country_hears_its_own_crisis_lines_said_so_they_can_be_dialled(
    locale: str, lines: tuple[str, ...]
) -> None:
    book = Phrasebook.load(locale)
    crisis = book.variants("safety.crisis")[0]
    for line in lines:
        assert line in crisis, f"{locale} crisis reply lacks {line}"
    # Numbers are read digit by digit (or as a telephone number), never as a quantity.
    assert not re.search(r"\d", re.sub(r"<say-as[^>]*>[^<]*</say-as>", "", crisis))
    if locale != "es-US":
        for key in ("safety.crisis", "safety.again", "safety.reprompt", "help.text"):
            for variant in book.variants(key):
                assert "988" not in variant, f"{locale} {key} names the US line"


def test_mexico_and_spain_hold_only_what_differs() -> None:
    for locale in ("es-MX", "es-ES"):
        assert set(_keys_in(locale)) < set(_keys_in("es-US"))
