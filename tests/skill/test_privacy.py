"""A person's control over their data: erase everything, or take a copy with them."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta

import pytest
import redis
from flask.testing import FlaskClient

from journal import Journal
from tests.skill.conftest import Clock
from tests.support.dialog import Dialog


def _seed(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win="went for a walk instead of drinking")
    dialog.intent("AnswerIntent", answer="my sponsor")
    dialog.intent("AnswerIntent", answer="lighter")
    dialog.intent("RecordWinIntent", win="made it to the meeting")
    dialog.intent("SkipIntent")


def test_delete_all_asks_twice_then_leaves_no_key(
    dialog: Dialog, redis_client: redis.Redis, owner: str, journal: Journal
) -> None:
    _seed(dialog)
    other = Dialog(dialog.client, user="amzn1.ask.account.TEST-OTHER", now=dialog.now)
    other.intent("RecordWinIntent", win="slept eight hours")
    dialog.launch()

    assert "can't be undone" in dialog.intent("DeleteAllDataIntent")
    assert "sure" in dialog.intent("AMAZON.YesIntent")
    assert journal.count(owner) == 2  # nothing yet
    assert "deleted" in dialog.intent("AMAZON.YesIntent")

    left = [k.decode() for k in redis_client.scan_iter(count=1000)]
    assert left and not [k for k in left if owner in k]
    assert "slept eight hours" in other.intent("ReadWinsIntent")  # only theirs went
    assert "first win" in dialog.intent("RecordWinIntent", win="started again")


def test_delete_all_declined_at_either_question_keeps_everything(
    dialog: Dialog, owner: str, journal: Journal
) -> None:
    _seed(dialog)
    dialog.intent("DeleteAllDataIntent")
    assert "nothing was deleted" in dialog.intent("AMAZON.NoIntent")
    dialog.intent("DeleteAllDataIntent")
    dialog.intent("AMAZON.YesIntent")
    dialog.intent("AMAZON.CancelIntent")
    assert journal.count(owner) == 2


def test_export_link_on_a_card_downloads_json_and_text(
    dialog: Dialog, client: FlaskClient, clock: Clock
) -> None:
    _seed(dialog)
    said = dialog.intent("ExportWinsIntent")
    assert "Alexa app" in said
    card = dialog.last["response"]["card"]["content"]
    link = re.search(r"https?://\S+/export/\S+", card)
    assert link
    path = "/export/" + link.group(0).split("/export/", 1)[1]

    page = client.get(path)
    assert page.status_code == 200 and b"Download as JSON" in page.data
    assert page.headers["Cache-Control"] == "no-store"

    data = client.get(f"{path}/wins.json")
    exported = json.loads(data.data)
    texts = [w["text"] for w in exported["wins"]]
    assert texts == ["I went for a walk instead of drinking", "I made it to the meeting"]
    assert exported["wins"][0]["helped"] == "my sponsor"
    text = client.get(f"{path}/wins.txt").data.decode()
    assert "I went for a walk instead of drinking" in text and "my sponsor" in text

    clock.now += timedelta(minutes=16)
    assert client.get(path).status_code == 410
    assert client.get(f"{path}/wins.json").status_code == 410


def test_forged_export_links_are_refused(client: FlaskClient) -> None:
    assert client.get("/export/not-a-real-token").status_code == 410
    assert client.get("/export/not-a-real-token/wins.json").status_code == 410


def test_export_with_nothing_yet(dialog: Dialog) -> None:
    assert "nothing to export" in dialog.intent("ExportWinsIntent")


def _link_path(dialog: Dialog) -> str:
    dialog.intent("ExportWinsIntent")
    card = dialog.last["response"]["card"]["content"]
    return "/export/" + card.split("/export/", 1)[1].split()[0]


def test_export_link_hides_the_owner_is_replaced_and_dies_with_erase(
    dialog: Dialog, client: FlaskClient, owner: str
) -> None:
    _seed(dialog)
    first = _link_path(dialog)
    assert owner not in first and owner not in base64_all(first)
    second = _link_path(dialog)
    assert client.get(first).status_code == 410  # asking again withdraws the older link
    assert client.get(second).status_code == 200
    dialog.intent("DeleteAllDataIntent")
    dialog.intent("AMAZON.YesIntent")
    dialog.intent("AMAZON.YesIntent")
    assert client.get(second).status_code == 410
    assert client.get(f"{second}/wins.json").status_code == 410


def base64_all(path: str) -> str:
    """Every way the token's text could decode, to show the owner key is not inside."""
    token = path.rsplit("/", 1)[1]
    out = []
    for part in token.split("."):
        padded = part + "=" * (-len(part) % 4)
        try:
            out.append(base64.urlsafe_b64decode(padded).decode("latin-1"))
        except ValueError:
            continue
    return " ".join(out)


def test_delete_all_says_when_the_reminder_could_not_be_removed(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    _seed(dialog)
    journal.update_profile(owner, reminder_token="token-9", reminder_time="21:00")
    dialog.api_endpoint = "http://127.0.0.1:9"  # Alexa unreachable
    dialog.intent("DeleteAllDataIntent")
    dialog.intent("AMAZON.YesIntent")
    said = dialog.intent("AMAZON.YesIntent")
    assert "couldn't remove your daily reminder" in said and "Alexa app" in said
    assert journal.count(owner) == 0


@pytest.mark.parametrize("yes", ["yes delete it", "ok yes delete it", "yep do it", "yeah go ahead"])
def test_a_yes_in_other_words_deletes_the_last_win(
    dialog: Dialog, journal: Journal, owner: str, yes: str
) -> None:
    # "Yes delete it" was answered about privacy and "yep do it" closed the session: the win
    # stayed.
    _seed(dialog)
    dialog.intent("DeleteLastWinIntent")
    dialog.intent("AnswerIntent", answer=yes)
    assert journal.count(owner) == 1


@pytest.mark.parametrize(
    ("locale", "yes", "unsure"),
    [
        ("en-US", "yes delete it all", "wait what does that delete"),
        ("es-US", "que sí", "espera qué borra eso"),
    ],
)
def test_erasing_everything_takes_a_clear_yes_in_any_words_and_a_question_asks_again(
    client: FlaskClient,
    clock: Clock,
    journal: Journal,
    owner: str,
    locale: str,
    yes: str,
    unsure: str,
) -> None:
    dialog = Dialog(client, now=clock(), locale=locale)
    for win in (("went for a walk", "made it to the meeting") if locale == "en-US"
                else ("salí a caminar", "fui a la junta")):  # fmt: skip
        dialog.intent("RecordWinIntent", win=win)
        dialog.intent("SkipIntent")
        dialog.intent("SkipIntent")
    dialog.intent("DeleteAllDataIntent")
    said = dialog.intent("AnswerIntent", answer=unsure)
    assert not dialog.ended and journal.count(owner) == 2, said
    dialog.intent("AnswerIntent", answer=yes)
    dialog.intent("AnswerIntent", answer=yes)
    assert journal.count(owner) == 0
