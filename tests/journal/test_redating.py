"""A new person's first wins, dated by the guessed zone, move to the learnt zone's day: score
and stored header both, words and details untouched, and nothing else moves."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import redis

from journal import Journal
from journal.crypto import Cipher
from tests.journal.test_crypto import A

NEW_YORK, LOS_ANGELES = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
OWNER = "owner-redating"
# 06:00 UTC on the 25th: the 25th in New York, still the 24th in Los Angeles.
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def days(journal: Journal) -> dict[str, date]:
    return {win.text: win.day for win in journal.recent(OWNER, 10)}


def test_wins_on_the_guessed_day_move_to_the_learnt_day(redis_client: redis.Redis) -> None:
    journal = Journal(redis_client, cipher=Cipher.from_keys([A]))
    journal.record(OWNER, "stayed in tonight", at=NOW.astimezone(NEW_YORK))
    win = journal.recent(OWNER, 1)[0]
    journal.add_detail(OWNER, win.id, helped="my sponsor", felt="proud")
    # Said in Los Angeles and dated there already: not the guess's day, so not moved.
    journal.record(OWNER, "made tea", at=datetime(2026, 11, 24, 21, 0, tzinfo=LOS_ANGELES))
    # Older than the first session could be.
    journal.record(OWNER, "went to a meeting", at=datetime(2026, 11, 20, 23, 30, tzinfo=NEW_YORK))

    moved = journal.redate_recent(OWNER, guessed=NEW_YORK, learnt=LOS_ANGELES, now=NOW)

    assert moved == 1
    assert days(journal) == {
        "stayed in tonight": date(2026, 11, 24),
        "made tea": date(2026, 11, 24),
        "went to a meeting": date(2026, 11, 20),
    }
    [again] = [w for w in journal.recent(OWNER, 10) if w.id == win.id]
    assert (again.helped, again.felt, again.at) == ("my sponsor", "proud", win.at)
    # The score moved too: the day's wins are found by day, and in order.
    assert journal.win_days(OWNER, first_day=date(2026, 11, 25), last_day=date(2026, 11, 25)) == []
    assert (
        journal.win_days(OWNER, first_day=date(2026, 11, 24), last_day=date(2026, 11, 24))
        == [date(2026, 11, 24)] * 2
    )
    assert journal.redate_recent(OWNER, guessed=NEW_YORK, learnt=LOS_ANGELES, now=NOW) == 0


def test_the_same_zone_or_no_wins_moves_nothing(redis_client: redis.Redis) -> None:
    journal = Journal(redis_client)
    assert journal.redate_recent(OWNER, guessed=NEW_YORK, learnt=LOS_ANGELES, now=NOW) == 0
    journal.record(OWNER, "stayed in tonight", at=NOW.astimezone(NEW_YORK))
    assert journal.redate_recent(OWNER, guessed=NEW_YORK, learnt=NEW_YORK, now=NOW) == 0
    assert days(journal) == {"stayed in tonight": date(2026, 11, 25)}
