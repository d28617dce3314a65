"""Days clean, counted only when asked, from the date the person gave, through the webhook.

A user test asked "how many days sober am I?" and heard "I don't count days clean", though the
product counts them when asked. Turns are routed the way Alexa would route them.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient

from journal import Journal
from skill.handlers.sober_days import FIELD, sober_since
from tests.skill.conftest import NOON
from tests.skill.test_user_test_slips import say, talk

TODAY = NOON.date()  # 2026-11-24, as the dialogs' device sees it


@pytest.mark.parametrize(
    ("value", "since"),
    [
        ("2025-06-01", date(2025, 6, 1)),
        # Alexa sends "March third" as the next one: a sober date is behind the person.
        ("2027-03-03", date(2026, 3, 3)),
        ("2026-12-20", date(2025, 12, 20)),
        ("2028-02-29", None),  # ahead even a year before
        ("2025-03", date(2025, 3, 1)),  # "since March 2025"
        ("PRESENT_REF", TODAY),
        ("2026-W10", None),
        ("2026", None),
        ("", None),
        ("2026-02-31", None),
    ],
)
def test_a_sober_date_is_a_day_behind_the_person(value: str, since: date | None) -> None:
    assert sober_since(value, TODAY) == since


def test_days_are_counted_only_when_asked_from_the_date_given(
    client: FlaskClient, journal: Journal, owner: str
) -> None:
    dialog = talk(client, "en-US")
    said = say(dialog, "how many days sober am i")
    assert "sober date" in said and "days clean" in said and "That's" not in said
    said = say(dialog, "my sober date is june first twenty twenty five")
    assert "June 1st, 2025" in said and "541" not in said  # kept, not counted unasked
    assert journal.profile(owner)[FIELD] == "2025-06-01"
    said = say(dialog, "how many days sober am i")
    assert "541 days" in said and "June 1st, 2025" in said
    # A setback never moves the date.
    say(dialog, "i relapsed last night")
    assert "541 days" in say(dialog, "how long have i been sober")
    # Said again, the new date is kept; forgotten, nothing is counted.
    assert "today is day one" in say(dialog, "sober since today").lower()
    assert "day one" in say(dialog, "how many days sober am i")
    assert "forgotten" in say(dialog, "forget my sober date")
    assert FIELD not in journal.profile(owner)
    assert "sober date" in say(dialog, "how many days sober am i")


def test_a_date_still_ahead_is_asked_again(
    client: FlaskClient, journal: Journal, owner: str
) -> None:
    dialog = talk(client, "en-US")
    assert "hasn't come yet" in dialog.intent("SoberDateIntent", date="2030-01-01")
    assert "What day" in dialog.intent("SoberDateIntent")
    assert FIELD not in journal.profile(owner)


def test_days_clean_in_spanish(client: FlaskClient, journal: Journal, owner: str) -> None:
    dialog = talk(client, "es-US")
    assert "fecha de sobriedad" in say(dialog, "cuántos días llevo sobrio")
    said = say(dialog, "estoy limpio desde el 1 de junio de 2025")
    assert "el primero de junio de 2025" in said and "541" not in said
    assert "541 días" in say(dialog, "cuántos días llevo sobrio")
    assert "olvidé" in say(dialog, "olvida mi fecha de sobriedad")
    assert FIELD not in journal.profile(owner)


def test_the_sober_date_is_in_the_export_and_goes_with_everything(
    client: FlaskClient, journal: Journal, owner: str
) -> None:
    from journal.export import build

    dialog = talk(client, "en-US")
    say(dialog, "my sober date is june first twenty twenty five")
    assert build([], profile=journal.profile(owner))["settings"]["sober_date"] == "2025-06-01"
    dialog.intent("DeleteAllDataIntent")
    dialog.intent("AMAZON.YesIntent")
    dialog.intent("AMAZON.YesIntent")
    assert journal.profile(owner) == {}


def test_a_date_said_alone_to_the_question_is_asked_again_whole_never_a_win(
    client: FlaskClient, journal: Journal, owner: str
) -> None:
    # "October third" alone was kept as a win, and read back as "Today, you october third".
    dialog = talk(client, "en-US")
    assert "What day" in say(dialog, "set my sober date")
    said = say(dialog, "october third")
    assert "my sober date is" in said and journal.count(owner) == 0 and not dialog.ended
    said = say(dialog, "my sober date is october third twenty twenty five")
    assert "October 3rd, 2025" in said and "417" not in said  # kept, not counted unasked
    assert journal.profile(owner)[FIELD] == "2025-10-03"
