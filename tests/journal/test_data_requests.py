"""A person's data requests at the journal: erase everything, or take a full copy."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis

from journal import Journal, keys, owner_key, store
from journal.crypto import Cipher
from tests.journal.test_crypto import A
from tests.support.storage import key_count

NY = ZoneInfo("America/New_York")
OWNER = owner_key(b"k" * 32, "amzn1.ask.person.ERASE-ME")
OTHER = owner_key(b"k" * 32, "amzn1.ask.person.KEEP-ME")


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=NY)


@pytest.fixture
def secret_journal(redis_client: redis.Redis) -> Journal:
    return Journal(redis_client, cipher=Cipher.from_keys([A]))


def _everything(journal: Journal, owner: str) -> None:
    """One of every kind of key the journal writes for a person."""
    journal.first_visit(owner, at(1))
    first = journal.record(owner, "went for a walk", at=at(1), request_id="req-a").win
    journal.add_detail(owner, first.id, helped="my dog", felt="lighter")
    journal.record(owner, "called my sponsor", at=at(2))
    journal.mark_heard(owner, first.id)


def test_erase_removes_every_key_of_the_owner_and_nothing_else(
    secret_journal: Journal, redis_client: redis.Redis
) -> None:
    _everything(secret_journal, OWNER)
    _everything(secret_journal, OTHER)
    # A key a later feature might add: found by the prefix rule, with no change to erase.
    redis_client.set(f"{keys.prefix(OWNER)}:share:42", "queued")
    mine = {k for k in redis_client.scan_iter() if OWNER.encode() in k}
    theirs = {k for k in redis_client.scan_iter() if OTHER.encode() in k}
    assert len(mine) >= 6

    assert secret_journal.erase(OWNER) == len(mine)

    remaining = list(redis_client.scan_iter(count=1000))
    assert not [k for k in remaining if OWNER.encode() in k]
    assert set(remaining) == theirs
    assert secret_journal.count(OTHER) == 2
    assert secret_journal.count(OWNER) == 0 and secret_journal.first_visit(OWNER, at(3))
    assert secret_journal.erase(OTHER) == len(theirs)
    assert secret_journal.erase(OTHER) == 0


def test_erase_handles_more_keys_than_one_batch(
    journal: Journal, redis_client: redis.Redis
) -> None:
    pipe = redis_client.pipeline()
    for n in range(1234):
        pipe.set(f"{keys.prefix(OWNER)}:req:{n}", "1")
    pipe.set(f"{keys.prefix(OTHER)}:req:0", "1")
    pipe.execute()
    assert journal.erase(OWNER) == 1234
    assert key_count(redis_client) == 1


def test_erase_pattern_is_not_fooled_by_glob_characters(redis_client: redis.Redis) -> None:
    redis_client.set("sw:{abc}:wins", "1")
    assert Journal(redis_client).erase("a*") == 0
    assert Journal(redis_client).erase("[a]bc") == 0
    assert redis_client.exists("sw:{abc}:wins")


def test_export_has_every_win_oldest_first_decrypted_with_counts(
    secret_journal: Journal,
) -> None:
    _everything(secret_journal, OWNER)
    secret_journal.record(OWNER, "late night, still counts", at=at(2, 23))
    secret_journal.record(OTHER, "not theirs to see", at=at(1))

    data = secret_journal.export(OWNER)

    assert json.loads(json.dumps(data)) == data  # plain JSON values only
    assert data["format"] == "smallwins-export/1" and "owner" not in data
    assert data["first_seen"] == at(1).isoformat()
    assert data["counts"] == {
        "wins": 3,
        "days_with_a_win": 2,
        "with_what_helped": 1,
        "with_how_it_felt": 1,
    }
    assert data["wins"] == [
        {
            "id": "1",
            "text": "went for a walk",
            "helped": "my dog",
            "felt": "lighter",
            "at": "2026-11-01T17:00:00+00:00",
            "day": "2026-11-01",
        },
        {
            "id": "2",
            "text": "called my sponsor",
            "helped": None,
            "felt": None,
            "at": "2026-11-02T17:00:00+00:00",
            "day": "2026-11-02",
        },
        {
            # 23:00 in New York is the next day in UTC; the local day is kept as said.
            "id": "3",
            "text": "late night, still counts",
            "helped": None,
            "felt": None,
            "at": "2026-11-03T04:00:00+00:00",
            "day": "2026-11-02",
        },
    ]


def test_export_text_is_readable(secret_journal: Journal) -> None:
    _everything(secret_journal, OWNER)
    assert secret_journal.export_text(OWNER) == (
        "Small Wins — your journal\n"
        "2 wins on 2 days.\n"
        "\n"
        "2026-11-01 — went for a walk\n"
        "  What helped: my dog\n"
        "  How it felt: lighter\n"
        "\n"
        "2026-11-02 — called my sponsor\n"
    )


def test_export_of_nobody_is_empty(journal: Journal) -> None:
    data = journal.export(OWNER)
    assert data["wins"] == [] and data["counts"]["wins"] == 0 and data["first_seen"] is None
    assert journal.export_text(OWNER) == "Small Wins — your journal\nNo wins recorded.\n"


def test_export_pages_through_a_long_history_in_order(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "_EXPORT_BATCH", 2)
    for n in range(7):
        journal.record(OWNER, f"win {n}", at=at(10 - n % 3, 9 + n))
    days_then_ids = [(w["day"], int(w["id"])) for w in journal.export(OWNER)["wins"]]
    assert len(days_then_ids) == 7 and days_then_ids == sorted(days_then_ids)
