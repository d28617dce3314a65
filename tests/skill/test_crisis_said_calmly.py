"""Crises said calmly, beside everyday words: a pet handed on and "ready now", guns kept in a
drawer, "my last day, period", "pronto se acaba todo", "hoy me voy" after holding on so long.
Each kind was missed in a set of lines written by someone who never saw the rules; each is
read by a crisis family now, and its everyday neighbour is not."""

from __future__ import annotations

import pytest

from skill.understanding import understand

CRISIS = [
    ("en-US", "made my bed gave the dog to my neighbor ready now"),
    ("en-US", "handed my cat to my sister and said goodbye"),
    ("en-US", "finally found peace the guns in the drawer"),
    ("en-US", "pistols under my pillow again tonight"),
    ("en-US", "my last day clean and my last day period"),
    ("en-US", "today is my last day alive"),
    ("es-US", "dormí rico sabiendo que pronto se acaba todo"),
    ("es-US", "todo se termina esta noche"),
    ("es-US", "ya terminé con todo con vivir también se siente bien decirlo"),
    ("es-US", "le dejé el perro a la vecina y tendí la cama ya estoy lista"),
    ("es-US", "orgulloso de aguantar tanto pero hoy me voy"),
]
EVERYDAY = [
    ("en-US", "gave the dog to my neighbor for the weekend"),
    ("en-US", "my last day at the old job"),
    ("en-US", "cleaned the rifles with my dad before hunting season"),
    ("es-US", "ya terminé con la tarea"),
    ("es-US", "hoy se acaba todo el descuento"),
    ("es-US", "le dejé el perro a la vecina porque me voy de viaje"),
    ("es-US", "aguanté las ganas toda la semana y hoy me voy al cine"),
]


@pytest.mark.parametrize(("locale", "text"), CRISIS)
def test_a_crisis_said_calmly_is_read_by_a_rule(locale: str, text: str) -> None:
    reading = understand(text, locale)
    assert reading.caught and reading.rule is not None, reading


@pytest.mark.parametrize(("locale", "text"), EVERYDAY)
def test_its_everyday_neighbour_is_no_crisis(locale: str, text: str) -> None:
    assert not understand(text, locale).caught
