"""Key rotation against the real server: complete, idempotent, and never losing a live write."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis

from journal import Journal, keys, owner_key
from journal.crypto import CannotDecrypt, Cipher, is_encrypted
from journal.rotation import ENCRYPTED, KeyRotation
from journal.wins import SENSITIVE_FIELDS, VERSION, reseal, stored_values
from tests.journal.test_crypto import A, B, C

NY = ZoneInfo("America/New_York")
OWNERS = [owner_key(b"k" * 32, f"amzn1.ask.account.ROTATE-{n}") for n in range(3)]
WIN_DATA = ENCRYPTED[0]


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 12, 0, tzinfo=NY)


def _stored_values(client: redis.Redis) -> list[str | bytes]:
    """Every sensitive value in the keyspace, as stored (sealed bytes, or a JSON field)."""
    values: list[str | bytes] = []
    for key in client.scan_iter(match=keys.every_owner(keys.WIN_DATA)):
        for raw in client.hvals(key):
            if raw.startswith(VERSION):
                values += [value for _, value in stored_values(raw)]
            else:
                record = json.loads(raw)
                values += [record[f] for f in SENSITIVE_FIELDS if record.get(f)]
    return values


def _current_under(client: redis.Redis, cipher: Cipher) -> bool:
    """Whether every stored win is in the compact form with every value under `cipher`'s
    newest key."""
    return all(
        raw.startswith(VERSION) and not any(changed for _, changed in reseal(raw, cipher)[1])
        for key in client.scan_iter(match=keys.every_owner(keys.WIN_DATA))
        for raw in client.hvals(key)
    )


def _fill(client: redis.Redis, cipher: Cipher, wins_each: int) -> int:
    """Wins with both details for every owner; returns how many values that stored."""
    journal = Journal(client, cipher=cipher)
    for owner in OWNERS:
        for n in range(wins_each):
            win = journal.record(owner, f"win {n} of {owner[:6]}", at=at(1 + n % 28)).win
            journal.add_detail(owner, win.id, helped=f"helped {n}", felt=f"felt {n}")
    return len(OWNERS) * wins_each * 3


def test_rotation_moves_everything_to_the_newest_key_and_a_rerun_has_nothing_to_do(
    redis_client: redis.Redis,
) -> None:
    values = _fill(redis_client, Cipher.from_keys([A]), wins_each=7)
    # A win from before any key was configured is encrypted by the same run.
    Journal(redis_client).record(OWNERS[0], "plaintext from the early days", at=at(2))
    values += 1
    seen: list[int] = []

    first = KeyRotation(redis_client, Cipher.from_keys([B, A]), batch_size=4).run(seen.append)

    assert (first.reencrypted, first.was_plaintext, first.current) == (values, 1, 0)
    assert first.clean and first.records == len(OWNERS) * 7 + 1 == sum(seen)
    assert max(seen) <= 4  # it really went in batches
    only_b = Cipher.from_keys([B])
    stored = _stored_values(redis_client)
    assert len(stored) == values and all(is_encrypted(v) for v in stored)
    assert _current_under(redis_client, only_b)
    texts = {w.text for w in Journal(redis_client, cipher=only_b).recent(OWNERS[0], 50)}
    assert "plaintext from the early days" in texts and f"win 3 of {OWNERS[0][:6]}" in texts

    again = KeyRotation(redis_client, Cipher.from_keys([B, A])).run()
    assert (again.reencrypted, again.current, again.records) == (0, values, first.records)
    assert again.clean
    assert _stored_values(redis_client) == stored  # nothing was rewritten


def test_count_matches_the_records_a_run_looks_at(redis_client: redis.Redis) -> None:
    _fill(redis_client, Cipher.from_keys([A]), wins_each=3)
    redis_client.set(f"{keys.prefix(OWNERS[0])}:not-a-hash", "x")  # skipped by TYPE
    rotation = KeyRotation(redis_client, Cipher.from_keys([B, A]))
    assert rotation.count() == len(OWNERS) * 3 == rotation.run().records


def test_a_detail_added_after_the_batch_was_read_is_kept_and_rotated(
    redis_client: redis.Redis,
) -> None:
    owner = OWNERS[0]
    old = Journal(redis_client, cipher=Cipher.from_keys([A]))
    win = old.record(owner, "went to a meeting", at=at(3)).win
    stale_rows = list(redis_client.hgetall(keys.win_data(owner)).items())

    # The live app (already running with [B, A]) answers "how did it feel?" meanwhile.
    live = Journal(redis_client, cipher=Cipher.from_keys([B, A]))
    assert live.add_detail(owner, win.id, felt="calmer than I expected")

    rotation = KeyRotation(redis_client, Cipher.from_keys([B, A]))
    report = rotation.rotate_rows(WIN_DATA, keys.win_data(owner), stale_rows)
    assert report.clean and report.records == 1
    kept = Journal(redis_client, cipher=Cipher.from_keys([B])).get(owner, win.id)
    assert kept is not None and (kept.text, kept.felt) == (
        "went to a meeting",
        "calmer than I expected",
    )


def test_a_win_deleted_after_the_batch_was_read_stays_deleted(redis_client: redis.Redis) -> None:
    owner = OWNERS[0]
    journal = Journal(redis_client, cipher=Cipher.from_keys([A]))
    win = journal.record(owner, "short-lived", at=at(3)).win
    stale_rows = list(redis_client.hgetall(keys.win_data(owner)).items())
    assert journal.delete(owner, win.id)
    KeyRotation(redis_client, Cipher.from_keys([B, A])).rotate_rows(
        WIN_DATA, keys.win_data(owner), stale_rows
    )
    assert not redis_client.hexists(keys.win_data(owner), win.id)


def test_live_writes_during_a_rotation_are_never_lost(redis_client: redis.Redis) -> None:
    owner = OWNERS[1]
    old = Journal(redis_client, cipher=Cipher.from_keys([A]))
    ids = [old.record(owner, f"win {n}", at=at(1 + n % 28)).win.id for n in range(150)]
    live = Journal(redis_client, cipher=Cipher.from_keys([B, A]))
    rotation = KeyRotation(redis_client, Cipher.from_keys([B, A]), batch_size=3)
    new_ids: list[str] = []

    def app_traffic() -> None:
        for n, win_id in enumerate(ids):
            assert live.add_detail(owner, win_id, felt=f"felt {n}")
            if n % 10 == 0:
                new_ids.append(live.record(owner, f"new win {n}", at=at(27)).win.id)

    writer = threading.Thread(target=app_traffic)
    writer.start()
    report = rotation.run()
    writer.join()
    if not report.clean:  # a record that kept changing is finished by the next run
        assert KeyRotation(redis_client, Cipher.from_keys([B, A])).run().clean

    only_b = Journal(redis_client, cipher=Cipher.from_keys([B]))
    for n, win_id in enumerate(ids):
        win = only_b.get(owner, win_id)
        assert win is not None and (win.text, win.felt) == (f"win {n}", f"felt {n}")
    assert all(only_b.get(owner, i) is not None for i in new_ids)
    assert not KeyRotation(redis_client, Cipher.from_keys([B, A])).run().reencrypted


def test_values_no_key_reads_are_reported_and_left_alone(redis_client: redis.Redis) -> None:
    owner = OWNERS[2]
    win = Journal(redis_client, cipher=Cipher.from_keys([C])).record(owner, "lost", at=at(4)).win
    Journal(redis_client, cipher=Cipher.from_keys([A])).record(owner, "kept", at=at(5))
    redis_client.hset(keys.win_data(owner), "999", "{not json")
    before = redis_client.hget(keys.win_data(owner), win.id)

    report = KeyRotation(redis_client, Cipher.from_keys([B, A])).run()

    assert (report.undecryptable, report.unreadable, report.reencrypted) == (1, 1, 1)
    assert not report.clean
    assert redis_client.hget(keys.win_data(owner), win.id) == before
    with pytest.raises(CannotDecrypt):
        Journal(redis_client, cipher=Cipher.from_keys([B, A])).get(owner, win.id)


def test_rotation_needs_a_key() -> None:
    with pytest.raises(ValueError, match="at least one"):
        KeyRotation(redis.Redis(), Cipher.none())


def test_wins_in_the_earlier_fernet_json_form_still_read_and_rotation_makes_them_compact(
    redis_client: redis.Redis,
) -> None:
    owner = OWNERS[0]
    fernet = Cipher.from_keys([A])
    journal = Journal(redis_client, cipher=Cipher.from_keys([B, A]))
    win = journal.record(owner, "placeholder", at=at(6)).win
    legacy = json.dumps(
        {
            "text": fernet.encrypt("walked past the bar"),
            "at": win.at.isoformat(),
            "day": win.day.isoformat(),
            "helped": fernet.encrypt("my sister on the phone"),
            "felt": None,
        }
    )
    redis_client.hset(keys.win_data(owner), win.id, legacy)
    old = journal.get(owner, win.id)
    assert old is not None and (old.text, old.helped) == (
        "walked past the bar",
        "my sister on the phone",
    )
    # A follow-up on an old win rewrites it in the compact form, keeping what it held.
    assert journal.add_detail(owner, win.id, felt="steady")
    raw = redis_client.hget(keys.win_data(owner), win.id)
    assert raw.startswith(VERSION)
    redis_client.hset(keys.win_data(owner), win.id, legacy)

    report = KeyRotation(redis_client, Cipher.from_keys([B, A])).run()

    assert (report.reencrypted, report.was_plaintext, report.records) == (2, 0, 1)
    assert _current_under(redis_client, Cipher.from_keys([B]))
    moved = Journal(redis_client, cipher=Cipher.from_keys([B])).get(owner, win.id)
    assert moved == old
    assert len(redis_client.hget(keys.win_data(owner), win.id)) < len(legacy) / 2
