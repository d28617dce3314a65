"""The journal against a real Redis-compatible server."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis

from journal import Journal, StorageUnavailable, StoredZoneDiffers, ZoneCheck, keys, owner_key
from tests.support.storage import all_keys

NY = ZoneInfo("America/New_York")
OWNER = owner_key(b"k" * 32, "amzn1.ask.account.TEST-ONE")
OTHER = owner_key(b"k" * 32, "amzn1.ask.account.TEST-TWO")


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=NY)


def test_record_keeps_text_time_and_local_day(journal: Journal) -> None:
    # 23:30 in New York is already the next day in UTC; the local day is what counts.
    recorded = journal.record(OWNER, "  went for a walk instead of drinking ", at=at(20, 23))
    assert recorded.total == 1 and not recorded.duplicate
    win = journal.get(OWNER, recorded.win.id)
    assert win is not None
    assert win.text == "went for a walk instead of drinking"
    assert win.day == date(2026, 11, 20)
    assert win.at.utcoffset() == timedelta(0) and win.at.day == 21


def test_same_request_id_records_once(journal: Journal) -> None:
    first = journal.record(OWNER, "called my sponsor", at=at(20), request_id="req-1")
    again = journal.record(OWNER, "called my sponsor", at=at(20), request_id="req-1")
    assert again.duplicate and again.win.id == first.win.id and again.total == 1
    assert journal.count(OWNER) == 1


def test_a_zone_assumed_wrongly_writes_nothing_and_names_the_stored_one(
    journal: Journal, redis_client: redis.Redis
) -> None:
    journal.update_profile(OWNER, tz="America/Los_Angeles")
    with pytest.raises(StoredZoneDiffers) as raised:
        journal.record(OWNER, "I cooked", at=at(24), request_id="r1", zone=ZoneCheck.assumed(None))
    assert raised.value.stored == "America/Los_Angeles"
    assert journal.count(OWNER) == 0
    assert not redis_client.exists(keys.seq(OWNER), keys.request_marker(OWNER, "r1"))
    with pytest.raises(StoredZoneDiffers):
        journal.record(OWNER, "I cooked", at=at(24), zone=ZoneCheck.assumed("Europe/Paris"))
    right = ZoneCheck.assumed("America/Los_Angeles")
    assert journal.record(OWNER, "I cooked", at=at(24), request_id="r1", zone=right).total == 1
    # An Alexa retry is answered as the first time, whatever the zone now looks like.
    again = journal.record(
        OWNER, "I cooked", at=at(24), request_id="r1", zone=ZoneCheck.assumed(None)
    )
    assert again.duplicate and again.total == 1


def test_an_assumed_zone_may_be_one_of_several(journal: Journal) -> None:
    either = ZoneCheck.assumed(None, "America/New_York")
    first = journal.record(OWNER, "I cooked", at=at(24), zone=either)
    assert first.zone is None and "tz" not in journal.profile(OWNER)
    journal.update_profile(OWNER, tz="America/New_York")
    assert journal.record(OWNER, "I walked", at=at(24), zone=either).zone == "America/New_York"
    assert journal.count(OWNER) == 2


def test_the_devices_zone_is_kept_by_the_record_itself(journal: Journal) -> None:
    journal.update_profile(OWNER, tz="America/Los_Angeles", reminder="21:00")
    kept = journal.record(OWNER, "I cooked", at=at(24), zone=ZoneCheck.device("Asia/Tokyo"))
    assert kept.zone == "Asia/Tokyo"
    assert journal.profile(OWNER) == {"tz": "Asia/Tokyo", "reminder": "21:00"}
    journal.record(OWNER, "I walked", at=at(24), zone=ZoneCheck.device("Asia/Tokyo"))
    assert journal.count(OWNER) == 2


def test_details_attach_and_survive_reads(journal: Journal) -> None:
    win = journal.record(OWNER, "skipped the bar", at=at(20)).win
    assert journal.add_detail(OWNER, win.id, helped="texting a friend", felt="proud")
    stored = journal.get(OWNER, win.id)
    assert stored is not None and (stored.helped, stored.felt) == ("texting a friend", "proud")
    assert not journal.add_detail(OWNER, "999", helped="x")


def test_pages_newest_first_with_cursor_and_period(journal: Journal) -> None:
    for day in range(1, 11):
        journal.record(OWNER, f"win on day {day}", at=at(day))
    first = journal.page(OWNER)
    assert [w.text for w in first.wins] == ["win on day 10", "win on day 9", "win on day 8"]
    second = journal.page(OWNER, cursor=first.cursor)
    assert [w.text for w in second.wins] == ["win on day 7", "win on day 6", "win on day 5"]
    period = journal.page(OWNER, first_day=date(2026, 11, 2), last_day=date(2026, 11, 4))
    assert [w.text for w in period.wins] == ["win on day 4", "win on day 3", "win on day 2"]
    assert period.cursor is None
    assert journal.page(OWNER, first_day=date(2026, 12, 1)).wins == []


def test_delete_one_win_leaves_the_rest_and_never_reuses_ids(journal: Journal) -> None:
    a = journal.record(OWNER, "first", at=at(1)).win
    b = journal.record(OWNER, "second", at=at(2)).win
    assert journal.delete(OWNER, b.id)
    assert not journal.delete(OWNER, b.id)
    assert [w.id for w in journal.recent(OWNER, 5)] == [a.id]
    c = journal.record(OWNER, "third", at=at(3)).win
    assert c.id not in {a.id, b.id}


def test_owners_are_kept_apart_and_keys_share_a_hash_tag(
    journal: Journal, redis_client: redis.Redis
) -> None:
    journal.record(OWNER, "mine", at=at(1))
    journal.record(OTHER, "theirs", at=at(1))
    assert [w.text for w in journal.recent(OWNER, 5)] == ["mine"]
    assert [w.text for w in journal.recent(OTHER, 5)] == ["theirs"]
    mine = all_keys(redis_client, f"{keys.prefix(OWNER)}*")
    assert mine and all(k.decode().startswith(f"sw:{{{OWNER}}}:") for k in mine)
    # No raw identity anywhere in the key space.
    assert not [k for k in all_keys(redis_client, "*") if b"amzn1" in k]


def test_first_visit_and_last_heard(journal: Journal) -> None:
    assert journal.first_visit(OWNER, at(1)) is True
    assert journal.first_visit(OWNER, at(2)) is False
    assert journal.last_heard(OWNER) is None
    journal.mark_heard(OWNER, "7")
    assert journal.last_heard(OWNER) == "7"


def test_outage_is_a_typed_error() -> None:
    dead = Journal(redis.Redis(unix_socket_path="/nonexistent/valkey.sock"))
    with pytest.raises(StorageUnavailable):
        dead.record(OWNER, "anything", at=at(1))
