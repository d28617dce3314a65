"""The operator's digest commands, run as the `smallwins` command line they are.

`smallwins digest run --at` sends what was due at an instant, once however often it is run;
`smallwins digest failures` lists what failed after every retry (ids only) and `--retry`
queues it again.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import redis

from journal import Journal, owner_key
from sharing import Sharing
from sharing.tokens import Tokens
from tests.support.commands import QUEUE, command_env, run_command
from tests.support.smtp import MailSink
from worker.context import rq_connection

SECRET = "test-secret-key-for-small-wins-0123456789"
OWNER = owner_key(SECRET.encode(), "amzn1.ask.account.TEST-DIGEST-COMMANDS")
TUESDAY = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("queue_server")


def _env(redis_url: str, smtp_url: str) -> dict[str, str]:
    return command_env(
        redis_url,
        SMALLWINS_SECRET_KEY=SECRET,
        SMALLWINS_SMTP_URL=smtp_url,
        SMALLWINS_DEFAULT_TZ="America/New_York",
        SMALLWINS_PUBLIC_URL="https://wins.example.org",
    )


smallwins = run_command


def _buddy_with_a_win(redis_client: redis.Redis) -> Sharing:
    sharing = Sharing(redis_client, tokens=Tokens(SECRET.encode(), lambda: TUESDAY),
                      clock=lambda: TUESDAY)  # fmt: skip
    sharing.recipients.update_me(OWNER, name="Sam")
    invite = sharing.invites.open(OWNER, "buddy")
    _, maria, _ = sharing.invites.accept(invite.token, "Maria", "maria@example.org")
    sharing.recipients.confirm(OWNER, maria.id, maria.nonce)
    sharing.recipients.answer_weekly(OWNER, maria.id, yes=True, tz="America/New_York")
    Journal(redis_client).record(
        OWNER, "I made it to the Wednesday meeting",
        at=datetime(2026, 11, 25, 19, 0, tzinfo=UTC),
    )  # fmt: skip
    return sharing


def test_digest_run_sends_what_was_due_once_however_often_it_runs(
    redis_url: str, redis_client: redis.Redis
) -> None:
    _buddy_with_a_win(redis_client)
    with MailSink() as sink:
        env = _env(redis_url, sink.url)
        before = smallwins(env, "digest", "run", "--at", "2026-11-29T17:59:00-05:00")
        assert before.returncode == 0, before.stderr
        assert before.stdout.startswith("0 weekly digests were due")
        first = smallwins(env, "digest", "run", "--at", "2026-11-29T18:05:00-05:00")
        assert first.returncode == 0, first.stderr
        assert first.stdout.startswith("1 weekly digests were due")
        again = smallwins(env, "digest", "run", "--at", "2026-11-29T18:05:00-05:00")
        assert again.stdout.startswith("0 weekly digests were due")
        (digest,) = sink.wait_for(1)
        assert digest["Subject"] == "Sam's week: 1 small win"
        assert "I made it to the Wednesday meeting" in digest.get_body(("plain",)).get_content()
        for result in (before, first, again):
            assert "maria@example.org" not in result.stdout + result.stderr


def test_digest_run_refuses_a_time_that_is_not_one(redis_url: str) -> None:
    result = smallwins(_env(redis_url, "smtp://127.0.0.1:1"), "digest", "run", "--at", "sunday")
    assert result.returncode == 1 and "--at must be an ISO 8601 time" in result.stderr


def test_failures_are_listed_by_id_and_retried_on_request(
    redis_url: str, redis_client: redis.Redis
) -> None:
    sharing = _buddy_with_a_win(redis_client)
    (maria,) = sharing.recipients.all(OWNER)
    due = sharing.ledger.due_at("d", OWNER, maria.id)
    assert due is not None
    sharing.ledger.record_failure(OWNER, "send_weekly", ["d", OWNER, maria.id, due], "MailError")
    with MailSink() as sink:
        env = _env(redis_url, sink.url)
        listed = smallwins(env, "digest", "failures")
        assert listed.returncode == 0, listed.stderr
        assert "send_weekly" in listed.stdout and OWNER[:12] in listed.stdout
        assert OWNER not in listed.stdout  # a short prefix is enough to tell them apart
        assert "maria" not in listed.stdout.lower()

        retried = smallwins(env, "digest", "failures", "--retry")
        assert "queued 1 deliveries again" in retried.stdout
        assert sharing.ledger.failures() == []
        rq_client = rq_connection(QUEUE.get("SMALLWINS_QUEUE_URL", redis_url))
        try:
            assert len(rq_client.lrange("rq:queue:smallwins", 0, -1)) == 1
        finally:
            rq_client.close()
        worked = smallwins(env, "worker", "--burst")
        assert worked.returncode == 0, worked.stderr
        (digest,) = sink.wait_for(1)
        assert "I made it to the Wednesday meeting" in digest.get_body(("plain",)).get_content()
        assert smallwins(env, "digest", "failures").stdout == "no failed deliveries\n"
