"""The toolkit in Spanish: strategies and people in the person's words, named back in Spanish,
with the same care as in English for what was not done and who never helped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from journal.toolkit import describe_helped, own_phrase, toolkit, tools_in
from journal.wins import Win

START = datetime(2026, 10, 1, 19, 30, tzinfo=UTC)


def win(text: str, helped: str | None = None, *, n: int = 0) -> Win:
    at = START + timedelta(days=n)
    return Win(id=str(n), text=text, at=at, day=at.date(), helped=helped)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("salí a caminar", {"walk"}),
        ("llamé a mi madrina", {"call", "person:sponsor:madrina"}),
        ("fui a una junta de AA", {"meeting"}),
        ("fui a una reunión de Alcohólicos Anónimos", {"meeting"}),
        ("medité", {"prayer"}),
        ("hablé con mi hermana", {"call", "person:family:sister"}),
        ("le escribí a Rosa", {"call", "person:named:rosa"}),
        ("salí a caminar con mi hermana", {"walk", "person:family:sister"}),
        ("me fui temprano de la fiesta", {"leaving"}),
        ("fui al gimnasio", {"exercise"}),
        ("casi no fui a la junta", {"meeting"}),
        ("en vez de ir al bar, salí a caminar", {"walk"}),
        # What was not done, and who never helped, are no tools.
        ("no le marqué al díler", set()),
        ("no llamé a mi compa de la peda", set()),
        ("dejé de llamar a mi ex", set()),
        ("me llamo Ana y hoy no bebí", set()),
    ],
)
def test_strategies_and_people_are_recognised_in_spanish(text: str, keys: set[str]) -> None:
    assert tools_in(win(text), "es-US") == keys
    assert tools_in(win(text), "es-MX") == keys


@pytest.mark.parametrize(
    ("text", "helped", "said"),
    [
        ("no tomé", "llamé a mi madrina", "llamar a tu madrina"),
        ("llamé a mi madrina", None, "llamar a tu madrina"),
        ("no tomé", "hablar con mi hermana", "hablar con tu hermana"),
        ("salí a caminar con mi hermana", None, "salir a caminar con tu hermana"),
        ("no tomé", "me mantuve ocupada", "mantenerte ocupada"),
        ("no tomé", "pensar en mis hijos", "pensar en tus hijos"),
        ("no tomé", "mis hijos", "tus hijos"),
        ("no tomé", "mi amiga", "tu amiga"),
        ("no tomé", "una amiga", "una amiga"),
        ("no tomé", "mis amigos", "tus amigos"),
        ("no tomé", "respirar hondo", "respirar despacio"),
        ("fui al gimnasio", None, "ir al gimnasio"),
        ("medité", None, "meditar"),
        # An answer that names nothing to reach for again is no help said back.
        ("no tomé", "nada, la verdad", None),
        ("no tomé", "estaba muy triste", None),
        # A person merely mentioned in the win is not said to have helped.
        ("sin mi madrina no lo habría logrado", None, None),
    ],
)
def test_what_helped_is_said_back_in_spanish(text: str, helped: str | None, said: str) -> None:
    assert describe_helped(win(text, helped), "es-US") == said


def test_what_works_is_named_in_spanish_and_spain_goes_to_a_reunion() -> None:
    wins = [
        win("salí a caminar", n=1),
        win("fui a una junta", "llamé a mi madrina", n=2),
        win("llamé a mi madrina", n=3),
        win("fui a una reunión de AA", n=4),
    ]
    assert [(t.phrase, t.count) for t in toolkit(wins, limit=3, locale="es-MX")] == [
        ("ir a una junta", 2),
        ("llamar a alguien", 2),
        ("tu madrina", 2),
    ]
    assert toolkit(wins, limit=3, locale="es-ES")[0].phrase == "ir a una reunión"


def test_own_words_become_a_phrase_for_you() -> None:
    assert own_phrase("me puse a leer un libro", "es-US") == "ponerte a leer un libro"
    assert own_phrase("no rendirme", "es-US") == "no rendirte"
    assert own_phrase("no fui al bar", "es-US") is None
    assert own_phrase("no sé", "es-US") is None
    assert own_phrase("recordar por qué empecé", "es-US") == "recordar por qué empezaste"
    # A verb the table cannot turn stays the person's, quoted rather than half turned.
    assert own_phrase("me distraje con una serie", "es-US") == '"me distraje con una serie"'
