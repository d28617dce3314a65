"""Which Redis commands may change data, told from the bytes a connection sends.

When a connection dies after a command was sent and before its answer came, the client can't
know whether it ran: for a read that changes nothing, but after a write the person must not
hear that nothing was saved. `replies_at_stake` reads the names of the commands packed together
(a pipeline packs several) and counts any not known to only read as a write, unknown ones and
scripts included, except the scripts `reads_only` names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from redis.commands.core import Script

# Commands that change no data, and a transaction's brackets (what a transaction holds is
# read on its own). Connection set-up (HELLO, CLIENT SETINFO) and loading a script change none.
_READS = frozenset(
    b"GET MGET HGET HMGET HGETALL HKEYS HVALS HLEN HEXISTS HSCAN SMEMBERS SISMEMBER SMISMEMBER"
    b" SCARD SSCAN ZRANGE ZRANGEBYSCORE ZREVRANGE ZREVRANGEBYSCORE ZCARD ZSCORE ZCOUNT ZSCAN"
    b" LRANGE LLEN LINDEX EXISTS TTL PTTL TYPE SCAN PING ECHO INFO HELLO CLIENT AUTH SELECT"
    b" READONLY CLUSTER COMMAND SCRIPT MULTI EXEC DISCARD WATCH UNWATCH EVALSHA_RO EVAL_RO".split()
)
_read_only_scripts: set[bytes] = set()


def reads_only(script: Script) -> Script:
    """Count running `script` as a read: it changes no data."""
    _read_only_scripts.add(script.sha.encode())
    return script


def replies_at_stake(packed: bytes | str | Iterable[bytes | memoryview]) -> int:
    """How many answers a send of `packed` (as a redis-py connection sends it) gets when any
    of its commands may change data, else 0: until the last has come, a write may have run."""
    if isinstance(packed, str):
        packed = packed.encode()
    data = packed if isinstance(packed, bytes) else b"".join(packed)
    try:
        commands = list(_commands(data))
    except (ValueError, IndexError):  # not the RESP redis-py packs: at least its next answer
        return 1
    return 0 if all(_reads(name, first) for name, first in commands) else len(commands)


def _reads(name: bytes, first: bytes) -> bool:
    return name in _READS or (name == b"EVALSHA" and first in _read_only_scripts)


def _commands(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Each command's name (in capitals) and first argument, from RESP arrays of bulk strings."""
    at = 0
    while at < len(data):
        line = data.index(b"\r\n", at)
        count, at = int(data[at + 1 : line]), line + 2
        words: list[bytes] = []
        for index in range(count):
            line = data.index(b"\r\n", at)
            start = line + 2
            at = start + int(data[at + 1 : line]) + 2
            if index < 2:  # a value may be large, and only the name and the next matter
                words.append(data[start : at - 2])
        yield words[0].upper(), words[1] if count > 1 else b""
