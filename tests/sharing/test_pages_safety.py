"""Crisis language typed on a buddy page (a name, a cheer) gets the crisis lines first, calmly,
with what was typed kept; sending it anyway is one more press."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.sharing.conftest import MARIA, SAM, Pages, mail_link
from tests.sharing.test_pages import (
    buddy,
    invite_path,
    path_of,
    read,
    redirect_path,
    share_mail,
)
from tests.support.dialog import SPOKEN
from tests.support.storage import new_request_id

DANGER_CHEER = "I can't go on anymore, I want to kill myself"


@pytest.fixture
def client(pages: Pages) -> FlaskClient:
    pages.sharing.recipients.update_me(SAM, name="Sam")
    return pages.app.test_client()


def test_a_cheer_that_speaks_of_suicide_shows_the_crisis_lines_before_sending(
    pages: Pages, client: FlaskClient
) -> None:
    maria = buddy(pages, client)
    cheer = path_of(mail_link(share_mail(pages, maria), "cheer"))
    SPOKEN.add(DANGER_CHEER)  # the privacy audit looks for it in the logs

    page = read(client.post(cheer, data={"message": DANGER_CHEER}))
    assert page.status == 200 and page.title == "Send a cheer"
    assert "Help is available now" in page.alert()
    assert "988" in page.alert() and "911" in page.alert()
    assert page.html.index("help-first") < page.html.index("<form")  # help first
    assert DANGER_CHEER.replace("'", "&#39;") in page.html  # kept, nothing lost
    assert page.field("help_seen")["value"] == "1"
    assert pages.sharing.news.take(SAM, new_request_id()) == []  # nothing sent yet

    sent = read(client.post(cheer, data={"message": DANGER_CHEER, "help_seen": "1"}))
    assert sent.title == "Cheer sent"
    assert [n.text for n in pages.sharing.news.take(SAM, new_request_id())] == [DANGER_CHEER]


def test_an_ordinary_cheer_with_an_idiom_is_sent_at_once(pages: Pages, client: FlaskClient) -> None:
    maria = buddy(pages, client)
    cheer = path_of(mail_link(share_mail(pages, maria), "cheer"))
    words = "You killed it this month, so proud of you"
    SPOKEN.add(words)
    assert read(client.post(cheer, data={"message": words})).title == "Cheer sent"
    assert [n.text for n in pages.sharing.news.take(SAM, new_request_id())] == [words]


def test_a_name_that_speaks_of_danger_shows_the_crisis_lines_and_keeps_the_form(
    pages: Pages, client: FlaskClient
) -> None:
    path = invite_path(pages)
    typed = "want to die"
    page = read(client.post(path, data={"name": typed, "email": MARIA}))
    assert page.status == 200 and "988" in page.alert()
    assert page.field("name")["value"] == typed and page.field("email")["value"] == MARIA
    assert pages.sharing.recipients.all(SAM) == []  # nobody invited yet

    sent = client.post(path, data={"name": typed, "email": MARIA, "help_seen": "1"})
    assert redirect_path(sent) == "/invite/sent"
    assert [r.name for r in pages.sharing.recipients.all(SAM)] == [typed]
