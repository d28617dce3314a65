"""`smallwins chat --locale es-US` against the real webhook: Spanish understanding reads a
win, a wish not to live and a setback as a Spanish speaker means them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from alexa.simulator.chat import chat
from journal import Journal
from skill.understanding import Meaning, understand
from tests.skill.conftest import NOON


def _chat(url: str, tmp_path: Path, typed: str, locale: str = "es-US") -> str:
    out = io.StringIO()
    chat(url=url, state_file=tmp_path / "sim.json", input=io.StringIO(typed), output=out,
         clock=lambda: NOON, locale=locale)  # fmt: skip
    return out.getvalue()


def test_a_spanish_win_is_saved_and_a_wish_not_to_live_hears_988_press_2(
    url: str, tmp_path: Path, journal: Journal
) -> None:
    """The phrase said with "hoy" in front, as the simulator hears a win, is no win."""
    transcript = _chat(
        url, tmp_path,
        "hoy salí a caminar en vez de beber\nsalta\nsalta\nhoy ya no quiero vivir\nsalir\n",
    )  # fmt: skip
    assert "primer logro" in transcript
    crisis = transcript.split("hoy ya no quiero vivir", 1)[1]
    assert "988" in crisis and "marca el 2" in crisis


def test_a_setback_in_spanish_is_met_without_judgement(
    url: str, tmp_path: Path, journal: Journal
) -> None:
    typed = "hoy llamé a mi madrina\nsalta\nsalta\nrecaí anoche\nno\nsalir\n"
    transcript = _chat(url, tmp_path, typed)
    setback = transcript.split("recaí anoche", 1)[1]
    assert "no borra tu progreso" in setback or "no deshace" in setback
    assert "logro" in setback  # the win said before still counts
    for judged in ("fallaste", "culpa", "reinici", "desde cero"):
        assert judged not in setback.lower()


def test_an_invite_for_a_madrina_names_her_and_no_te_entendi_repeats_the_code(
    url: str, tmp_path: Path, journal: Journal
) -> None:
    """The word said for a sponsor is the one spoken back ("tu madrina", not "tu padrino o
    madrina"), and "no te entendí" after the code says the code again."""
    transcript = _chat(url, tmp_path, "invita a mi madrina\nSam\nno te entendí\nno\n")
    made = transcript.split("Sam", 1)[1]
    assert "tu madrina" in made and "padrino o madrina" not in made
    code = re.search(r"(\d{3}) (\d{3})", made)
    assert code and made.count(code.group(0)) >= 2


def test_a_daily_reminder_asked_for_in_spanish_asks_for_a_time(
    url: str, tmp_path: Path, journal: Journal
) -> None:
    transcript = _chat(url, tmp_path, "recuérdame todos los días\nsalir\n")
    asked = transcript.split("recuérdame todos los días", 1)[1]
    assert "hora" in asked and "Aún no tienes" not in asked


def test_a_filler_is_not_saved_and_ya_no_aguanto_gets_the_lines(
    url: str, tmp_path: Path, journal: Journal
) -> None:
    """ "Eh" at "¿cuál es un logro de hoy?" was saved as a win; "ya no aguanto" ended the
    session with "cuídate mucho"."""
    transcript = _chat(url, tmp_path, "abre pequeños logros\neh\nya no aguanto\nsalir\n")
    assert "logro está guardado" not in transcript and "primer logro" not in transcript
    crisis = transcript.split("ya no aguanto", 1)[1]
    assert "988" in crisis


@pytest.mark.parametrize(
    ("locale", "said", "heard"),
    [
        ("es-US", "tengo ganas de ir a una junta hoy", "meta"),
        # Longing to see one's children is a hope, not a win done (nor, for all its "muero",
        # a crisis).
        ("es-US", "me muero de ganas de ver a mis hijos", "meta"),
        ("es-US", "tengo ganas de tomar", "cuéntame una cosa que hiciste hoy"),
        ("es-US", "tengo ganas de morirme", "988"),
        ("en-US", "I really want to go to a meeting tonight", "goal"),
        ("en-US", "I really want to drink", "tell me one thing you did today"),
    ],
)
def test_a_wish_is_heard_by_what_is_wished_for(
    url: str, tmp_path: Path, journal: Journal, locale: str, said: str, heard: str
) -> None:
    """ "Tengo ganas de ir a una junta" got breathing tips for a craving: Alexa handed only
    "ir a una junta" to encouragement. Wishes are no encouragement samples now, so the whole
    sentence is read: a goal is a goal, a drink is still a craving, dying still gets 988."""
    transcript = _chat(url, tmp_path, f"{said}\nsalir\n", locale=locale)
    answer = transcript.split(said, 1)[1]
    assert heard in answer
    if heard in ("meta", "goal", "logro"):
        assert "inhala" not in answer and "breathe" not in answer


@pytest.mark.parametrize(
    ("said", "meaning"),
    [
        ("hoy ya no quiero vivir", Meaning.CRISIS),
        ("q ya no kiero vivir", Meaning.CRISIS),
        ("me quiero quitar la vida", Meaning.CRISIS),
        ("estoy en el puente", Meaning.CHECK_SAFE),
        ("dejé de tomar y estoy temblando sin parar", Meaning.CHECK_SAFE),
        ("mi hermano no respira", Meaning.EMERGENCY),
        ("recaí anoche", Meaning.SETBACK),
        ("volví a tomar el fin de semana", Meaning.SETBACK),
        ("nada", Meaning.NO_IDEA),
        ("sáltalo", Meaning.SKIP),
        ("me muero de ganas de ver a mis hijos", Meaning.INTENTION),
        ("lo maté en el trabajo hoy", Meaning.WIN),
        ("salí a caminar en vez de beber", Meaning.WIN),
        # Said alone, run together, or in the perfect of Spain.
        ("ya no aguanto", Meaning.CRISIS),
        ("yanoquiero vivir", Meaning.CRISIS),
        ("me he tomado todas las pastillas", Meaning.CRISIS),
        ("anoche he bebido demasiado", Meaning.SETBACK),
        ("me estoy muriendo por un trago", Meaning.ENCOURAGE),
        ("recuérdame a las nueve", Meaning.QUESTION),
        # A good feeling is kept, not comforted; who is listening is a question; a bare
        # name is asked about.
        ("me siento muy bien", Meaning.WIN),
        ("hoy estoy de buen humor", Meaning.WIN),
        ("me siento muy mal", Meaning.DISTRESS),
        ("eres una persona real", Meaning.QUESTION),
        ("hablo con un humano", Meaning.QUESTION),
        ("Carlos", Meaning.UNCLEAR),
    ],
)
def test_spanish_is_read_with_spanish_rules(said: str, meaning: Meaning) -> None:
    assert understand(said, "es-US").meaning is meaning
    # Mexico and Spain read Spanish along their chain, with the same rules.
    assert understand(said, "es-MX").meaning is meaning
    assert understand(said, "es-ES").meaning is meaning


@pytest.mark.parametrize(
    "said",
    [
        "tengo ganas de despedirme de todo el mundo",
        "con ganas de decirles adiós a todos de una vez",
        "quisiera despedirme de mi familia para siempre",
        "voy a despedirme de todos para no volver",
        "necesito decirle adiós a todo el mundo de una vez por todas",
    ],
)
def test_wanting_to_say_goodbye_to_everyone_is_a_crisis_not_a_craving(said: str) -> None:
    """ "Ganas de" frames a craving; said of a goodbye to everyone, it is a warning sign."""
    assert understand(said, "es-US").meaning is Meaning.CRISIS


@pytest.mark.parametrize(
    "said",
    [
        "quiero despedirme de todos en la fiesta del trabajo",
        "voy a despedirme de todos antes de irme de vacaciones",
        "quiero despedirme del alcohol para siempre",
        "voy a despedirme de todos hasta mañana",
    ],
)
def test_an_everyday_goodbye_or_one_to_the_drink_is_no_alarm(said: str) -> None:
    assert understand(said, "es-US").meaning is not Meaning.CRISIS
