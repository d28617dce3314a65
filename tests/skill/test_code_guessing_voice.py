"""Guessing group codes by voice, through the real webhook on a real Valkey: a flood of wrong
codes from many people slows guessing but never shuts out someone with the right code; one
person is limited; a person whose invite code was guessed at too often hears so at launch."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from journal import owner_key
from sharing import Sharing
from sharing.codes import (
    ALL_WRONG_TRIES,
    GROUP_TRIES,
    GROUP_UNDER_ATTACK_TRIES,
    INVITE_WRONG_TRIES,
    bucket_of,
)
from tests.skill.conftest import SECRET, Clock
from tests.skill.test_sharing_voice import group_of, in_words
from tests.support.dialog import Dialog

TOO_MANY = "few wrong codes"
NO_MATCH = "doesn't match a group"
NO_PAIR = "code and name don't match a group"
ASK_NAME = "What's the group called?"


@pytest.fixture
def sharing(app: Flask) -> Sharing:
    return app.extensions["sharing-pages"].sharing


def wrong_code(code: str, n: int) -> str:
    return f"{(int(code) + 1 + n) % 10**6:06d}"


def person(client: FlaskClient, clock: Clock, name: str) -> Dialog:
    return Dialog(client, user=f"amzn1.ask.account.TEST-GUESS-{name}", now=clock())


def test_a_flood_from_many_people_then_the_right_code_and_name_from_a_fresh_one_joins(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = group_of(sharing, owner).code
    guess = 0
    for n in range(ALL_WRONG_TRIES // GROUP_TRIES):  # each uses up their tries, one window
        guesser = person(client, clock, f"FLOOD-{n}")
        for _ in range(GROUP_TRIES):
            assert NO_MATCH in guesser.intent("JoinGroupIntent", code=wrong_code(code, guess))
            guess += 1
        assert TOO_MANY in guesser.intent("JoinGroupIntent", code=code)

    # Under attack a code alone is not enough: the group's name is asked too, and neither
    # answer says which part was wrong; a new guesser gets fewer tries at the pair.
    late = person(client, clock, "LATE")
    for guess_name in ("Tuesday circle", "Recovery group")[:GROUP_UNDER_ATTACK_TRIES]:
        assert ASK_NAME in late.intent("JoinGroupIntent", code=wrong_code(code, guess))
        assert NO_PAIR in late.intent("AnswerIntent", answer=guess_name)
        guess += 1
    assert TOO_MANY in late.intent("JoinGroupIntent", code=code) and late.ended
    wrong_name = person(client, clock, "WRONG-NAME")
    assert ASK_NAME in wrong_name.intent("JoinGroupIntent", code=code)
    assert NO_PAIR in wrong_name.intent("AnswerIntent", answer="Recovery group")

    # The person with the right code, never heard before, gets in at once with the name.
    jo = person(client, clock, "JO")
    assert ASK_NAME in jo.intent("JoinGroupIntent", code=in_words(code))
    assert "Tuesday circle" in jo.intent("AnswerIntent", answer="tuesday Circle.")
    seat = sharing.groups.membership(owner_key(SECRET, "amzn1.ask.account.TEST-GUESS-JO"))
    assert seat is not None and seat.group == group_of(sharing, owner).id


def test_one_person_is_limited_but_not_the_next(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = group_of(sharing, owner).code
    guesser = person(client, clock, "ONE")
    for n in range(GROUP_TRIES):
        assert NO_MATCH in guesser.intent("JoinGroupIntent", code=wrong_code(code, n))
    assert TOO_MANY in guesser.intent("JoinGroupIntent", code=code)
    assert "Tuesday circle" in person(client, clock, "NEXT").intent("JoinGroupIntent", code=code)


def test_an_invite_code_guessed_at_too_often_is_closed_and_the_person_hears_so(
    dialog: Dialog, client: FlaskClient, sharing: Sharing, owner: str
) -> None:
    sharing.recipients.update_me(owner, name="Sam")
    invite = sharing.invites.open(owner, "buddy")
    near = [f"{bucket_of(invite.code)}{n:04d}" for n in range(INVITE_WRONG_TRIES + 1)]
    for n, guess in enumerate([c for c in near if c != invite.code][:INVITE_WRONG_TRIES]):
        response = client.post(
            "/invite", data={"code": guess}, environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"}
        )
        assert response.status_code == 400
    said = dialog.launch()
    assert "closed your invite code" in said and "link" in said
