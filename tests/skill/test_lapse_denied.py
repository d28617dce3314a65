"""A drink said only to deny it is a win, not a slip.

"Last night I went out and didn't have one drink" got "A setback doesn't erase your progress":
the models learnt "went out last night" from lapses. With no act rule affirming a lapse, the
locale's `[lapse_denied]` patterns make the models' setback the win it is; a sentence that
goes on to undo the denial ("but then I did") is not turned.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from skill.understanding import Meaning, understand
from skill.understanding.rules import rules_for
from tests.skill.test_user_test_slips import say, speech, talk

DENIED = [
    ("en-US", "last night I went out and didn't have one drink"),
    ("en-US", "went out with the crew last night and never touched a drop"),
    ("es-ES", "anoche no me tomé ni una caña con los compañeros del curro"),
    ("es-US", "anoche salí con mis amigos y no tomé nada"),
]
LAPSES = [
    ("en-US", "went out last night and got drunk"),
    ("es-US", "anoche salí y me puse bien pedo"),
]
UNDONE = [
    ("en-US", "went out last night and didn't drink but then I did at home"),
    ("es-US", "anoche salí y no tomé pero luego sí en casa"),
]


@pytest.mark.parametrize(("locale", "text"), DENIED)
def test_a_drink_denied_is_a_win(locale: str, text: str) -> None:
    assert understand(text, locale).meaning is Meaning.WIN


@pytest.mark.parametrize(("locale", "text"), LAPSES)
def test_a_lapse_said_outright_is_still_a_setback(locale: str, text: str) -> None:
    assert understand(text, locale).meaning is Meaning.SETBACK


@pytest.mark.parametrize(("locale", "text"), UNDONE)
def test_a_denial_undone_later_in_the_sentence_is_no_denial(locale: str, text: str) -> None:
    rules = rules_for(locale)
    assert not rules.denies_a_lapse(rules.parse(text))


def test_said_to_the_skill_the_refusal_is_kept_not_consoled(
    client: FlaskClient, wins_of, owner: str
) -> None:
    dialog = talk(client, "en-US")
    say(dialog, "last night I went out and didn't have one drink")
    said = speech(dialog)
    assert "setback" not in said.lower(), said
    # Saved at once, or offered first ("Should I keep ... one drink?") and kept on yes.
    if not wins_of(owner):
        assert "one drink" in said, said
        say(dialog, "yes")
    assert ["one drink" in win for win in wins_of(owner)] == [True]
