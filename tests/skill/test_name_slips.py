"""Names said in the sharing dialogue, through the real webhook: said with "his name is" or
"se llama", and spoken back capitalised as a person writes them (Alexa sends them lowercase).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sharing import Sharing
from tests.skill.test_user_test_slips import say, talk

INVITE = {"en-US": "add my sister as a buddy", "es-US": "agrega a mi hermana como compañera"}


@pytest.fixture
def sharing(app: Flask) -> Sharing:
    return app.extensions["sharing-pages"].sharing


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en-US", "his name is Dave"),
        ("en-US", "her name's Dave"),
        ("es-US", "se llama Dave"),
        ("es-US", "su nombre es Dave"),
    ],
)
def test_a_name_said_with_his_name_is_is_the_name(
    client: FlaskClient, sharing: Sharing, owner: str, locale: str, said: str
) -> None:
    dialog = talk(client, locale)
    say(dialog, INVITE[locale])
    reply = say(dialog, said)
    assert sharing.recipients.me(owner).name == "Dave", reply
    assert dialog.attributes["await"]["kind"] == "invite_code"


@pytest.mark.parametrize(
    ("locale", "said", "spoken"),
    [
        ("en-US", "stop sharing with my friend ana", "friend Ana"),
        ("es-US", "deja de compartir con mi amiga ana", "amiga Ana"),
    ],
)
def test_a_name_is_spoken_capitalised(
    client: FlaskClient, locale: str, said: str, spoken: str
) -> None:
    dialog = talk(client, locale)
    assert spoken in say(dialog, said)
