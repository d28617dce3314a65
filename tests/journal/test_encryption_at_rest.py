"""With a key, a person's words never reach the server's files in plaintext; without one they do.

Each test runs its own server, so nothing another test wrote (in plaintext, on purpose) can be
left in a shared append-only file. Snapshot compression is switched off: LZF could hide
plaintext from a byte search and make the "absent" assertion pass for the wrong reason.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import redis

from journal import Journal, keys, owner_key
from journal.connection import connect
from journal.crypto import Cipher, is_encrypted
from journal.wins import stored_values
from smallwins.embedded_redis import EmbeddedRedis
from tests.journal.test_crypto import A

SENTINEL = "SENTINEL-walk-instead-of-drinking-4242"
HELPED = "SENTINEL-helped-called-my-sponsor-4242"
FELT = "SENTINEL-felt-proud-and-steady-4242"
OWNER = owner_key(b"k" * 32, "amzn1.ask.account.AT-REST")
AT = datetime(2026, 11, 24, 20, 15, tzinfo=ZoneInfo("America/New_York"))


def _write_and_persist(server: EmbeddedRedis, cipher: Cipher) -> dict[str, bytes]:
    """Record the sentinel win, make the server write every file it has, return the files.

    The win goes into the rewritten append-only base (an RDB image) and the details into the
    incremental log after it, so both kinds of append-only file are searched, then a snapshot.
    """
    client = connect(server.url)
    try:
        client.config_set("rdbcompression", "no")
        journal = Journal(client, cipher=cipher)
        win = journal.record(OWNER, SENTINEL, at=AT).win
        client.bgrewriteaof()
        _wait_for_rewrite(client)
        assert journal.add_detail(OWNER, win.id, helped=HELPED, felt=FELT)
        client.save()
        stored = journal.get(OWNER, win.id)
        assert stored is not None and (stored.text, stored.helped, stored.felt) == (
            SENTINEL,
            HELPED,
            FELT,
        )
    finally:
        client.close()
    files = {
        str(path.relative_to(server.data_dir)): path.read_bytes()
        for path in server.data_dir.rglob("*")
        if path.is_file() and not path.is_socket()
    }
    assert "dump.rdb" in files
    assert any(n.startswith("appendonlydir/") and n.endswith(".base.rdb") for n in files)
    assert any(n.startswith("appendonlydir/") and n.endswith(".incr.aof") for n in files)
    return files


def _wait_for_rewrite(client: redis.Redis) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        info = client.info("persistence")
        if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
            return
        time.sleep(0.02)
    raise AssertionError("the append-only file was not rewritten in time")


def _holding(files: dict[str, bytes], needle: str) -> set[str]:
    return {name for name, data in files.items() if needle.encode() in data}


def test_with_a_key_no_plaintext_reaches_the_aof_or_the_snapshot(
    own_server: EmbeddedRedis,
) -> None:
    files = _write_and_persist(own_server, Cipher.from_keys([A]))
    for needle in (SENTINEL, HELPED, FELT, "SENTINEL"):
        assert _holding(files, needle) == set(), needle


def test_without_a_key_the_same_search_finds_the_plaintext(own_server: EmbeddedRedis) -> None:
    # The control: proves the search above can fail, in every file it claims to cover.
    files = _write_and_persist(own_server, Cipher.none())
    base = next(n for n in files if n.endswith(".base.rdb"))
    incr = next(n for n in files if n.endswith(".incr.aof"))
    assert {base, "dump.rdb"} <= _holding(files, SENTINEL)
    assert {incr, "dump.rdb"} <= _holding(files, FELT)
    assert {incr, "dump.rdb"} <= _holding(files, HELPED)


def test_every_sensitive_field_is_encrypted_on_its_own(
    redis_client: redis.Redis,
) -> None:
    journal = Journal(redis_client, cipher=Cipher.from_keys([A]))
    win = journal.record(OWNER, "went for a walk", at=AT).win
    journal.add_detail(OWNER, win.id, felt="lighter")
    raw = redis_client.hget(keys.win_data(OWNER), win.id)
    stored = dict(stored_values(raw))
    assert is_encrypted(stored["text"]) and is_encrypted(stored["felt"])
    assert "helped" not in stored
    assert b"went for a walk" not in raw and b"lighter" not in raw
    # Dates stay readable: the server orders and pages without seeing the words.
    assert date.fromordinal(int.from_bytes(raw[9:12])) == date(2026, 11, 24)
    journal.add_detail(OWNER, win.id, helped="my dog")
    again = journal.get(OWNER, win.id)
    assert again is not None and (again.helped, again.felt) == ("my dog", "lighter")


def test_plaintext_written_before_a_key_is_still_read(redis_client: redis.Redis) -> None:
    before = Journal(redis_client).record(OWNER, "called my sister", at=AT).win
    after = Journal(redis_client, cipher=Cipher.from_keys([A]))
    assert [w.text for w in after.recent(OWNER, 5)] == ["called my sister"]
    assert after.add_detail(OWNER, before.id, helped="her voice")
    win = after.get(OWNER, before.id)
    assert win is not None and (win.text, win.helped) == ("called my sister", "her voice")
