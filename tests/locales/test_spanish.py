"""Spanish is a folder: every phrase English has, in Spanish, never English in its place."""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pytest

import locales
from sharing.schedule import spoken_when
from skill.dates import period_from_slot, spoken_day
from skill.reminders import ReminderTime
from skill.speech import Phrasebook
from skill.wording import first_person, plural, reflect, times

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
        ("es-US", ("911", "988", 'interpret-as="digits">2<', "1-800-662-4357")),
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


TODAY = date(2026, 12, 4)  # a Friday


@pytest.mark.parametrize(
    ("locale", "day", "spoken"),
    [
        ("es-US", TODAY, "hoy"),
        ("es-US", date(2026, 12, 3), "ayer"),
        ("es-US", date(2026, 12, 1), "el martes"),
        ("es-US", date(2026, 11, 3), "el 3 de noviembre"),
        ("es-MX", date(2026, 11, 1), "el primero de noviembre"),
        ("es-ES", date(2026, 11, 1), "el 1 de noviembre"),
        ("es-US", date(2025, 9, 15), "el 15 de septiembre de 2025"),
        ("en-US", date(2026, 11, 1), "on November 1st"),
    ],
)
def test_days_are_read_the_local_way(locale: str, day: date, spoken: str) -> None:
    assert spoken_day(day, TODAY, locale) == spoken


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("2026-W48", "la semana pasada"),
        ("2026-W49-WE", "este fin de semana"),
        ("2026-W45", "la semana del 2 de noviembre"),
        ("2026-12", "este mes"),
        ("2026-10", "en octubre"),
        ("2025", "en 2025"),
    ],
)
def test_periods_are_named_in_spanish(value: str, name: str) -> None:
    period = period_from_slot(value, TODAY, "es-US")
    assert period is not None and period.name == name


@pytest.mark.parametrize(
    ("hour", "minute", "spoken"),
    [
        (21, 0, "a las 9 de la noche"),
        (13, 0, "a la una de la tarde"),
        (7, 30, "a las 7 y media de la mañana"),
        (12, 0, "a las 12 del mediodía"),
        (0, 0, "a las 12 de la noche"),
        (3, 15, "a las 3 y cuarto de la madrugada"),
    ],
)
def test_clock_times_are_said_in_spanish(hour: int, minute: int, spoken: str) -> None:
    assert ReminderTime(hour, minute).spoken("es-US") == spoken


def test_weekly_notes_name_their_day_in_spanish() -> None:
    assert spoken_when(6, "18:00", locale="es-US") == "domingo a las 6 de la tarde"
    assert spoken_when(4, "19:30", every=True, locale="es-MX") == (
        "los viernes a las 7 y media de la tarde"
    )
    assert spoken_when(6, "18:00", every=True) == "Sundays at 6 PM"


def test_counts_and_words_are_kept_as_said() -> None:
    assert plural(1, "win", "es-US") == "un logro"
    assert plural(3, "win", "es-US") == "3 logros"
    assert times(1, "es-US") == "una vez" and times(2, "es-US") == "2 veces"
    # Spanish drops the subject: a win is kept in the person's own words...
    assert first_person("me levanté temprano", "es-US") == "me levanté temprano"
    # ... and read back to them in the second person.
    assert reflect("me levanté y llamé a mi padrino", "es-US") == (
        "te levantaste y llamaste a tu padrino"
    )
    assert reflect("I called my sponsor") == "you called your sponsor"
    # Alexa hears "AA" as "aa", which speech would say as a sound: read back spelled.
    assert reflect("fui a una junta de aa", "es-US") == "fuiste a una junta de AA"
    assert reflect("I went to an aa meeting and an na one") == (
        "you went to an AA meeting and an NA one"
    )


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("llamé a mi madrina", "llamaste a tu madrina"),
        ("salí a caminar en vez de beber", "saliste a caminar en vez de beber"),
        ("fui a una junta de AA", "fuiste a una junta de AA"),
        ("medité", "meditaste"),
        ("hablé con mi hermana", "hablaste con tu hermana"),
        ("Mi hermana me ayudó", "tu hermana te ayudó"),
        ("busqué a mi madrina y le conté todo", "buscaste a tu madrina y le contaste todo"),
        ("estoy orgulloso de mí", "estás orgulloso de ti"),
        ("no tomé nada en la fiesta", "no tomaste nada en la fiesta"),
        ("ya llevo un mes sin tomar", "ya llevas un mes sin tomar"),
        ("me sentí mejor después de rezar", "te sentiste mejor después de rezar"),
        ("fui con René al café", "fuiste con René al café"),
        # Where a word cannot be turned safely, or nothing would be, the words stay theirs.
        ("un día sin tomar", 'dijiste: "un día sin tomar"'),
        ("hoy caminaba con mi perro", 'dijiste: "hoy caminaba con mi perro"'),
        ("fuimos a la playa", 'dijiste: "fuimos a la playa"'),
        ("hoy como sano", 'dijiste: "hoy como sano"'),
        ("le dije a mi hijo te quiero", 'dijiste: "le dije a mi hijo te quiero"'),
        ("me distraje viendo una serie", 'dijiste: "me distraje viendo una serie"'),
        ("mi madrina me dijo que siguiera", 'dijiste: "mi madrina me dijo que siguiera"'),
    ],
)
def test_a_win_is_read_back_in_the_second_person_or_as_the_persons_words(
    said: str, read: str
) -> None:
    assert reflect(said, "es-US", read_back=True) == read
    assert reflect(said, "es-ES", read_back=True) == read
    # Inside a sentence ("¿Borro tu último logro: ...?") they are only quoted, and only
    # where a word could not be turned.
    if read.startswith("dijiste"):
        assert reflect(said, "es-MX") == (said if said == "un día sin tomar" else f'"{said}"')
