"""The app on a real 3-primary Valkey Cluster: found from any node's URL, queues refused on it,
people's keys spread over every primary with each person's in one slot, and erasure that
leaves nothing of the person on any node (each primary scanned on its own)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import redis

from journal import owner_key
from journal.connection import connect, is_cluster
from sharing.erasure import erase_person
from smallwins import stores
from smallwins.embedded_cluster import EmbeddedCluster
from smallwins.embedded_redis import EmbeddedRedis
from smallwins.settings import Settings, SettingsError
from tests.support.smtp import MailSink
from tests.worker.conftest import SECRET, confirmed_buddy, say
from worker import context as worker_context
from worker.context import Context

AT = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
PEOPLE = [owner_key(SECRET, f"amzn1.ask.person.CLUSTERTEST{n:03d}") for n in range(24)]
SAM = PEOPLE[0]


@pytest.fixture
def cluster(
    valkey_cluster: EmbeddedCluster, redis_server: EmbeddedRedis
) -> Iterator[EmbeddedCluster]:
    valkey_cluster.flush()
    redis.Redis.from_url(redis_server.url).flushall()
    yield valkey_cluster
    valkey_cluster.flush()
    redis.Redis.from_url(redis_server.url).flushall()


@pytest.fixture
def ctx(
    cluster: EmbeddedCluster, redis_server: EmbeddedRedis, mail_sink: MailSink
) -> Iterator[Context]:
    settings = Settings(
        env="development",
        secret_key=SECRET,
        redis_url=cluster.urls[1],  # any node will do
        queue_url=redis_server.url,
        smtp_url=mail_sink.url,
        public_url="https://wins.example.org",
    )
    settings.validate()
    yield worker_context.build(settings)


def _node_keys(cluster: EmbeddedCluster) -> list[list[bytes]]:
    """Every key on each primary, asked of each node alone."""
    found = []
    for node in cluster.nodes():
        found.append(list(node.scan_iter(count=1000)))
        node.close()
    return found


def _node_values(cluster: EmbeddedCluster) -> bytes:
    """Every key and member on every primary, for looking for an owner key inside values."""
    out: list[bytes] = []
    for node in cluster.nodes():
        for key in node.scan_iter(count=1000):
            out.append(key)
            kind = node.type(key)
            if kind == b"zset":
                out.extend(node.zrange(key, 0, -1))
            elif kind == b"set":
                out.extend(node.smembers(key))
            elif kind == b"string":
                out.append(node.get(key) or b"")
        node.close()
    return b"\n".join(out)


def test_any_node_of_a_cluster_gives_a_cluster_client_and_one_server_a_plain_one(
    cluster: EmbeddedCluster, redis_server: EmbeddedRedis
) -> None:
    for url in cluster.urls:
        client = connect(url)
        assert is_cluster(client)
        client.set("sw:probe", "1")  # lands on whichever node owns its slot
        assert client.get("sw:probe") == b"1"
        client.close()
    single = connect(redis_server.url)
    assert not is_cluster(single) and isinstance(single, redis.Redis)
    single.close()


def test_a_cluster_needs_a_queue_server_of_its_own(
    cluster: EmbeddedCluster, redis_server: EmbeddedRedis
) -> None:
    on_cluster = Settings(env="development", secret_key=SECRET, redis_url=cluster.url)
    with pytest.raises(SettingsError, match="SMALLWINS_QUEUE_URL"):
        stores.check(on_cluster)
    queue_on_cluster = Settings(
        env="development", secret_key=SECRET, redis_url=redis_server.url, queue_url=cluster.url
    )
    with pytest.raises(SettingsError, match="queues need a single server"):
        stores.check(queue_on_cluster)
    stores.check(Settings(env="development", secret_key=SECRET, redis_url=redis_server.url))


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["worker", "--burst"]])
def test_serve_and_worker_refuse_a_cluster_without_a_queue_server_and_say_why(
    cluster: EmbeddedCluster, command: list[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env.update(
        SMALLWINS_ENV="development",
        SMALLWINS_SECRET_KEY=SECRET.decode(),
        SMALLWINS_REDIS_URL=cluster.url,
        SMALLWINS_SMTP_URL="smtp://127.0.0.1:1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "smallwins.cli", *command],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "SMALLWINS_QUEUE_URL" in result.stderr
    assert "can't live on a cluster" in result.stderr


def test_people_spread_over_every_primary_and_each_stays_in_one_slot(
    ctx: Context, cluster: EmbeddedCluster
) -> None:
    for owner in PEOPLE:
        say(ctx, owner, "went for a walk instead of drinking", AT)
    per_node = _node_keys(cluster)
    assert all(per_node), [len(k) for k in per_node]  # every primary holds someone
    for owner in PEOPLE:
        homes = [i for i, found in enumerate(per_node) if any(owner.encode() in k for k in found)]
        assert len(homes) == 1  # one person's keys share a hash slot, so a node


def test_erase_on_a_cluster_leaves_no_key_of_the_person_on_any_node(
    ctx: Context, cluster: EmbeddedCluster, redis_server: EmbeddedRedis
) -> None:
    for owner in PEOPLE:
        say(ctx, owner, "called my sponsor", AT)
    buddy = confirmed_buddy(ctx, SAM)
    win = say(ctx, SAM, "skipped the bar after work", AT, helped="my sister")
    ctx.outbox.share(SAM, buddy.id, win)  # a job queued on the queue server
    ctx.sharing.invites.open(SAM, "sponsor")  # a code: a global key, in a slot of its own
    group = ctx.sharing.groups.create(SAM, "Tuesday circle", "UTC")
    ctx.sharing.groups.join(PEOPLE[1], group.code)
    ctx.sharing.ledger.record_failure(SAM, "deliver_share", [SAM, buddy.id, win], "SMTPDataError")
    assert SAM.encode() in _node_values(cluster)
    queue = redis.Redis.from_url(redis_server.url)
    assert queue.llen("rq:queue:smallwins") == 1

    erase_person(ctx.journal, ctx.sharing, ctx.outbox, SAM)

    for found in _node_keys(cluster):
        assert not [k for k in found if SAM.encode() in k]
    assert SAM.encode() not in _node_values(cluster)  # schedule, group, failures, codes too
    assert queue.llen("rq:queue:smallwins") == 0
    assert ctx.journal.count(PEOPLE[1]) == 1 and ctx.sharing.groups.get(group.id) is not None
    assert ctx.sharing.groups.join(PEOPLE[2], group.code).id == group.id  # the group lives on
    queue.close()
