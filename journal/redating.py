"""Wins dated by a guessed zone, moved to the day of the zone that turned out to be true.

No turn waits on Alexa's Settings API (see `skill.timezones`), so a person's very first win,
said in one go ("tell Small Wins I stayed in tonight") on a new device, is dated by the
default zone: at 10 pm in Los Angeles that is tomorrow in New York. When the person's first
zone is learnt, off the request path, the recent wins still on a day only the guessed zone
gives are moved to the day the learnt one gives. A win's day is otherwise kept as said: a
later change of zone must not move yesterday's win to today (`journal.wins.Win`).

A win's day lives in two places, the sorted set's score ("<day ordinal><id as 9 digits>")
and the stored value's header (bytes 10-12, see `Win.to_stored`); the script moves both, and
only when the score is still the one read, so a win deleted or moved meanwhile is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import redis

from journal import keys
from journal.wins import when_said

# The guess covers a new device's first session; two days is room for it and any clock skew.
RECENT_DAYS = 2

_MOVE = """
local moved = 0
for i = 1, #ARGV, 4 do
  local id, old, new, day = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local score = redis.call('ZSCORE', KEYS[1], id)
  local raw = redis.call('HGET', KEYS[2], id)
  if score and tonumber(score) == tonumber(old) and raw and string.byte(raw, 1) == 2 then
    redis.call('ZADD', KEYS[1], new, id)
    redis.call('HSET', KEYS[2], id, string.sub(raw, 1, 9) .. day .. string.sub(raw, 13))
    moved = moved + 1
  end
end
return moved
"""


def redate_recent(
    client: redis.Redis, owner: str, *, guessed: ZoneInfo, learnt: ZoneInfo, now: datetime
) -> int:
    """Move the wins of the last `RECENT_DAYS` whose day is the one `guessed` gives, and not
    the one `learnt` gives, to `learnt`'s day; return how many moved. Two reads and one
    script, off the request path."""
    if guessed.key == learnt.key:
        return 0
    first = now.astimezone(guessed).date() - timedelta(days=RECENT_DAYS)
    rows = client.zrangebyscore(
        keys.wins(owner), keys.win_score(first, 0), "+inf", withscores=True, score_cast_func=int
    )
    if not rows:
        return 0
    ids = [member.decode() if isinstance(member, bytes) else str(member) for member, _ in rows]
    raws = client.hmget(keys.win_data(owner), ids)
    moves: list[str | bytes] = []
    for win_id, (_, score), raw in zip(ids, rows, raws, strict=True):
        header = when_said(raw) if raw else None
        if header is None:
            continue  # gone, or the earlier JSON form, which no new device can have
        said, stored = header
        true_day = said.astimezone(learnt).date()
        if stored != said.astimezone(guessed).date() or stored == true_day:
            continue
        new_score = keys.win_score(true_day, keys.score_id(score))
        moves += [win_id, str(score), str(new_score), true_day.toordinal().to_bytes(3)]
    if not moves:
        return 0
    script = client.register_script(_MOVE)
    return int(script(keys=[keys.wins(owner), keys.win_data(owner)], args=moves))
