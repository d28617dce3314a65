"""`smallwins chat --locale es-US`: the simulator matches Spanish against the Spanish model,
plays Alexa's own Spanish (launch, one-shots, built-in intents) and sends es-US requests."""

from __future__ import annotations

from datetime import date

import pytest

from alexa.simulator.chat import allows, permission_question
from alexa.simulator.matching import Matcher
from alexa.simulator.wire import LAUNCH
from alexa.simulator.words import resolve_date, resolve_time

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
        ("cómo voy este mes", "ProgressIntent", {"period": "2026-12"}, False),
        ("¡Sí!", "AMAZON.YesIntent", {}, False),
        ("no gracias", "SkipIntent", {}, False),
        ("lee mis logros", "ReadWinsIntent", {}, False),
        ("necesito ánimo", "EncourageIntent", {}, False),
        ("recaí anoche", "SetbackIntent", {}, False),
        ("quiero quitarme la vida", "CrisisIntent", {}, False),
        ("invita a mi padrino", "InviteBuddyIntent", {"role": "padrino"}, False),
        ("para", "AMAZON.StopIntent", {}, False),
        ("dilo otra vez", "AMAZON.RepeatIntent", {}, False),
        # "Puedes decirlo otra vez" reached free speech and got the setback reply.
        ("puedes decirlo otra vez", "AMAZON.RepeatIntent", {}, False),
        ("una vez más", "AMAZON.RepeatIntent", {}, False),
        ("cuál era el código", "AMAZON.RepeatIntent", {}, False),
        # Asked for a reminder, not whether there is one; "no te entendí" is not a win.
        ("recuérdame todos los días", "SetReminderIntent", {}, False),
        ("recuérdame a las nueve de la noche", "SetReminderIntent",
         {"time": "09:00", "part": "noche"}, False),
        ("no te entendí", "AMAZON.RepeatIntent", {}, False),
        ("me llamo ana", "ChangeNameIntent", {"name": "ana"}, False),
        # "¿Quieres otro?": "otra" was heard as a slip ("otra vez") and got the setback reply.
        ("otra", "AMAZON.NextIntent", {}, False),
        ("uno más", "AMAZON.NextIntent", {}, False),
        # "¿Mande?" asks to hear it again; fillers are not a win; "ya no aguanto" is a crisis
        # (it was read as "skip" and met with a goodbye).
        ("mande", "AMAZON.RepeatIntent", {}, False),
        ("pues", "NoIdeaIntent", {}, False),
        ("ya no aguanto", "CrisisIntent", {}, False),
        # "¿Qué quieres decir?" pregunta por la pregunta abierta: la ayuda la explica.
        ("¿qué quieres decir?", "AMAZON.HelpIntent", {}, False),
        ("explícame", "AMAZON.HelpIntent", {}, False),
        ("no entiendo", "AMAZON.HelpIntent", {}, False),
        # Cambiar de idea tras un "no" es pedirlo, no preguntar cómo se comparte.
        ("sí comparte mis logros con el grupo", "ShareWithGroupIntent", {}, False),
        ("mejor sí comparte mis logros con el grupo", "ShareWithGroupIntent", {}, False),
        # Pedir que la olviden es pedir que borre todo: "olvídame" se ofrecía como logro.
        ("olvídame", "DeleteAllDataIntent", {}, False),
        ("quiero que me olvides", "DeleteAllDataIntent", {}, False),
        ("borra todo lo que sabes de mí", "DeleteAllDataIntent", {}, False),
        # Una duda queda aparte de las palabras: "creo que sí" no es un sí claro.
        ("creo que sí", "AnswerIntent", {"hedged": "sí"}, False),
        ("supongo que estoy bien", "AnswerIntent", {"hedged": "estoy bien"}, False),
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


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("a las ocho y media de la noche", "20:30"),
        ("a las doce de la noche", "00:00"),
        ("a la una de la tarde", "13:00"),
        ("a las siete de la mañana", "07:00"),
        ("a las nueve menos cuarto", "08:45"),
        ("ocho y veinte", "08:20"),
        ("a las ocho y treinta y cinco", "08:35"),
        ("las diez", "10:00"),
        ("mediodía", "12:00"),
        ("por la noche", "NI"),
        ("21:30", "21:30"),
        ("ocho y azul", None),
        ("azul", None),
    ],
)
def test_spanish_times_resolve_like_alexa(said: str, value: str | None) -> None:
    assert resolve_time(said, "es-US") == value


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("mañana", "2026-12-05"),
        ("pasado mañana", "2026-12-06"),
        ("ayer", "2026-12-03"),
        ("anteayer", "2026-12-02"),
        ("la semana pasada", "2026-W48"),
        ("este fin de semana", "2026-W49-WE"),
        ("el mes pasado", "2026-11"),
        ("el lunes", "2026-12-07"),
        ("el lunes pasado", "2026-11-30"),
        ("el miercoles que viene", "2026-12-09"),
        ("el tres de noviembre", "2027-11-03"),
        ("el primero de diciembre de dos mil veintiséis", "2026-12-01"),
        ("3 de noviembre de 2025", "2025-11-03"),
        ("en el lago", None),
    ],
)
def test_spanish_dates_resolve_like_alexa(said: str, value: str | None) -> None:
    for locale in ("es-US", "es-MX", "es-ES"):
        assert resolve_date(said, TODAY, locale) == value


def test_a_spanish_reminder_time_reaches_the_skill_as_alexa_sends_it(spanish: Matcher) -> None:
    match = spanish.match("recuérdame todos los días a las ocho y media de la noche", today=TODAY)
    assert (match.intent, match.slots.get("time")) == ("SetReminderIntent", "20:30")


def test_alexa_asks_for_the_permission_in_the_device_language(spanish: Matcher) -> None:
    assert "¿Lo permites?" in permission_question("es-US")
    assert "Pequeños Logros" in permission_question("es-MX")
    assert allows("sí", spanish) and allows("Vale", spanish) and not allows("no", spanish)
    assert "Do you allow it?" in permission_question("en-US")
