"""Spanish through the real webhook: a win with its follow-ups, read-back in the second person,
encouragement with what helped, the toolkit in Spanish, each country's crisis
lines, and an invite that keeps the person's language for their buddy's pages and notes."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from alexa.simulator.apis import SIMULATED_TOKEN, SimulatedAlexaApi
from journal import Journal
from tests.skill.conftest import NOON
from tests.support.dialog import Dialog

DIGITS = '<say-as interpret-as="digits">{}</say-as>'
REMINDERS = "alexa::alerts:reminders:skill:readwrite"
WIN = "salí a caminar en vez de beber"
HELPED = "llamar a mi padrino en el camino"
ENGLISH = ("you", "your", "win", "What helped", "Yesterday", "today")


def _ssml(dialog: Dialog) -> str:
    return dialog.last["response"]["outputSpeech"]["ssml"]


def test_a_win_its_follow_ups_and_its_read_back_in_spanish(
    client: FlaskClient, wins_of, owner: str
) -> None:
    dialog = Dialog(client, now=NOON, locale="es-US")
    said = dialog.intent("RecordWinIntent", win=WIN)
    assert "primer logro" in said and ("Puedes decir salta" in said or "O di salta" in said)
    said = dialog.intent("AnswerIntent", answer=HELPED)
    assert "sentiste" in said
    dialog.intent("AnswerIntent", answer="orgullosa")
    # Kept in the person's own words: Spanish drops the subject, and nothing is prefixed.
    assert wins_of(owner) == [WIN]

    said = Dialog(client, now=NOON, locale="es-US").intent("ReadWinsIntent")
    assert (
        "Hoy saliste a caminar en vez de beber. Te ayudó: llamar a tu padrino en el camino."
    ) in said
    said = Dialog(client, now=NOON, locale="es-US").intent("EncourageIntent")
    assert "Hoy saliste a caminar en vez de beber." in said
    assert "te ayudó esto: llamar a tu padrino." in said or "entonces: llamar a tu padrino." in said
    said = Dialog(client, now=NOON, locale="es-US").intent("ToolkitIntent")
    assert "Llamar a alguien, una vez." in said and "Tu padrino, una vez." in said
    assert "Salir a caminar, una vez." in said
    said = Dialog(client, now=NOON, locale="es-US").intent("ProgressIntent")
    assert "1 logro" in said or "un logro" in said.lower()
    for english in ENGLISH:
        assert f" {english} " not in f" {said} "


@pytest.mark.parametrize(
    ("locale", "lines", "foreign"),
    [
        ("es-US", (DIGITS.format(988), DIGITS.format(2), DIGITS.format(911), "1-800-662-4357"),
         ("024", "112", "Línea de la Vida")),
        ("es-MX", (" ".join(DIGITS.format(n) for n in ("800", "911", "2000")), DIGITS.format(911)),
         ("988", "SAMHSA", "024", "112")),
        ("es-ES", (DIGITS.format("024"), DIGITS.format(112)),
         ("988", "911", "SAMHSA", "Línea de la Vida")),
    ],
)  # fmt: skip
def test_each_country_hears_its_own_lines_in_spanish(
    client: FlaskClient, locale: str, lines: tuple[str, ...], foreign: tuple[str, ...]
) -> None:
    dialog = Dialog(client, now=NOON, locale=locale)
    dialog.intent("CrisisIntent")
    ssml = _ssml(dialog)
    card = dialog.last["response"]["card"]["content"]
    for line in lines:
        assert line in ssml, f"{locale}: {line} not in {ssml}"
    for other in foreign:
        assert other not in ssml and other not in card, f"{locale} names {other}"
    assert dialog.last["response"]["card"]["title"] == "Hay ayuda disponible ahora"


@pytest.mark.parametrize(
    ("locale", "emergency", "foreign"),
    [("es-US", DIGITS.format(911), "112"), ("es-ES", DIGITS.format(112), "911")],
)
def test_signs_of_an_overdose_say_the_emergency_number_before_the_question(
    client: FlaskClient, wins_of, owner: str, locale: str, emergency: str, foreign: str
) -> None:
    # In Spain the 112 was only on the card, which a speaker without a screen never shows.
    dialog = Dialog(client, now=NOON, locale=locale)
    dialog.intent("AnswerIntent", answer="creo que me tomé demasiadas pastillas")
    ssml = _ssml(dialog)
    assert emergency in ssml and "a salvo ahora mismo" in ssml and foreign not in ssml
    assert ssml.index(emergency) < ssml.index("a salvo") and wins_of(owner) == []


def test_the_988_in_spanish_is_called_with_2_or_texted_with_ayuda(client: FlaskClient) -> None:
    # "Llama o escribe al 988 y marca el 2": a text message has no 2 to press.
    dialog = Dialog(client, now=NOON, locale="es-US")
    dialog.intent("CrisisIntent")
    ssml = _ssml(dialog)
    assert "escribe AYUDA al " + DIGITS.format(988) in ssml and "o escribe al" not in ssml
    assert ssml.startswith("<speak>Gracias por contármelo.")


def test_a_cancelled_reminder_is_named_once_in_spanish(client: FlaskClient) -> None:
    # "Cancelé tu recordatorio diario de las a las 9 de la noche."
    api = SimulatedAlexaApi("America/Mexico_City").start()
    try:
        dialog = Dialog(client, now=NOON, locale="es-US")
        dialog.api_endpoint, dialog.api_token = api.url, SIMULATED_TOKEN
        dialog.permissions = {REMINDERS: "GRANTED"}
        assert "9 de la noche" in dialog.intent("SetReminderIntent", time="21:00")
        for _ in range(4):  # each phrasing
            said = dialog.intent("CancelReminderIntent")
            assert "a las 9 de la noche" in said and "las a las" not in said
            dialog.intent("AnswerIntent", answer="consérvalo")
    finally:
        api.stop()


def test_an_invite_keeps_the_persons_language_for_their_buddy(
    app: Flask, client: FlaskClient, owner: str
) -> None:
    dialog = Dialog(client, now=NOON, locale="es-MX")
    said = dialog.intent("InviteBuddyIntent", role="madrina")
    assert "nombre" in said
    said = dialog.intent("AnswerIntent", answer="Sam")
    assert "padrino o madrina" in said or "persona de confianza" in said
    sharing = app.extensions["sharing-pages"].sharing
    assert sharing.recipients.me(owner).locale == "es-MX"


def test_the_export_page_is_in_the_language_it_was_asked_in(
    client: FlaskClient, wins_of, owner: str
) -> None:
    Dialog(client, now=NOON, locale="es-US").intent("RecordWinIntent", win=WIN)
    dialog = Dialog(client, now=NOON, locale="es-US")
    dialog.intent("ExportWinsIntent")
    link = dialog.last["response"]["card"]["content"].split()[-1]
    assert link.endswith("?locale=es-US")
    parts = urlsplit(link)
    page = client.get(f"{parts.path}?{parts.query}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Descargar en JSON" in text and "1 logro" in text
    # The plain-text download is in Spanish too: its link keeps the page's language.
    txt = next(h for h in (x.split('"')[0] for x in text.split('href="')) if "wins.txt" in h)
    assert txt.endswith("wins.txt?locale=es-US")
    body = client.get(txt).get_data(as_text=True)
    assert body.startswith("Pequeños Logros — tu diario\n1 logro en 1 día.")
    assert WIN in body and "Lo que compartes" in body


def test_the_weekly_time_is_heard_in_spanish(app: Flask, client: FlaskClient, owner: str) -> None:
    """ "¿Qué día y a qué hora?" answered the Spanish way: "los viernes a las seis y media de
    la tarde" is Friday at 18:30, and a day said without Alexa's id is heard too."""
    dialog = Dialog(client, now=NOON, locale="es-US")
    dialog.intent("DigestTimeIntent")
    dialog.intent("AnswerIntent", answer="los viernes a las seis y media de la tarde")
    me = app.extensions["sharing-pages"].sharing.recipients.me(owner)
    assert (me.day, me.time) == (4, "18:30")
    Dialog(client, now=NOON, locale="es-MX").intent(
        "DigestTimeIntent", day="miércoles", time="19:00"
    )
    me = app.extensions["sharing-pages"].sharing.recipients.me(owner)
    assert (me.day, me.time) == (2, "19:00")


def test_codes_names_and_parts_of_the_day_are_heard_in_spanish() -> None:
    from skill.reminders import ReminderTime
    from skill.sharing_words import clean_name, clock_in, day_in, digits_in

    assert digits_in("cuatro ocho dos, 9 1 cinco", "es-US") == "482915"
    assert clean_name("me llamo sam", "es-MX") == "Sam"
    assert day_in("el sábado", "es-ES") == 5
    assert clock_in("a las ocho de la noche", "es-US") == "20:00"
    assert clock_in("a las siete", "es-US") == "19:00"  # an hour alone is the evening
    at = ReminderTime.from_slots("09:00", "antes de dormir", "es-US")
    assert at is not None and at.spoken("es-US") == "a las 9 de la noche"


def test_help_at_a_follow_up_is_about_that_question_in_spanish(
    client: FlaskClient, wins_of, owner: str
) -> None:
    dialog = Dialog(client, now=NOON, locale="es-US")
    dialog.intent("RecordWinIntent", win=WIN)
    said = dialog.intent("AMAZON.HelpIntent")
    assert "salta" in said and ("ayud" in said or "posible" in said)
    assert not dialog.ended and not any(word in said for word in ENGLISH)
    assert "sentiste" in dialog.intent("AnswerIntent", answer=HELPED)
    assert "sentiste" in dialog.intent("AMAZON.HelpIntent") and not dialog.ended


def test_the_reminder_time_is_told_the_spanish_way(
    client: FlaskClient, journal: Journal, owner: str
) -> None:
    """ "¿A qué hora es mi recordatorio?" was answered "a las 8:30 PM", the English way."""
    journal.update_profile(owner, reminder_token="token-9", reminder_time="20:30")
    said = Dialog(client, now=NOON, locale="es-US").intent("ReminderStatusIntent")
    assert "noche" in said and "PM" not in said
    assert "a las 8 y media de la noche" in said and "a las a las" not in said


def test_the_weekly_note_is_moved_with_los_viernes() -> None:
    """ "Manda mi nota semanal los viernes a las siete" is how it is said; only "el viernes"
    reached the weekly-note intent."""
    from datetime import date

    import locales
    from alexa.simulator.matching import Matcher

    heard = Matcher(locales.model("es-US"), "es-US").match(
        "manda mi nota semanal los viernes a las siete de la tarde", today=date(2026, 12, 5)
    )
    assert heard.intent == "DigestTimeIntent" and heard.slots == {"day": "viernes", "time": "19:00"}


@pytest.mark.parametrize("sound", ["uf", "ay", "pues", "este"])
def test_a_sound_alone_is_not_offered_as_a_win(
    client: FlaskClient, wins_of, owner: str, sound: str
) -> None:
    said = Dialog(client, now=NOON, locale="es-US").intent("AnswerIntent", answer=sound)
    assert "como logro" not in said and "Guardado" not in said
    assert "Qué hiciste" in said or "Cuéntame una cosa" in said
    assert wins_of(owner) == []


def test_a_person_named_alone_is_not_heard_as_a_goal(
    client: FlaskClient, wins_of, owner: str
) -> None:
    said = Dialog(client, now=NOON, locale="es-US").intent("AnswerIntent", answer="mi hermana")
    assert "meta" not in said.lower() and "tu hermana" in said
    assert wins_of(owner) == []


def test_la_verdad_que_genial_is_how_it_felt(
    client: FlaskClient, journal: Journal, owner: str
) -> None:
    # It was read as "no sé" and the answer lost: "No hay problema, tu logro queda guardado".
    dialog = Dialog(client, now=NOON, locale="es-US")
    dialog.intent("RecordWinIntent", win="fui a mi junta")
    dialog.intent("SkipIntent")
    dialog.intent("AnswerIntent", answer="pues la verdad que genial, tío")
    [win] = journal.recent(owner, 5)
    assert win.felt == "que genial"
