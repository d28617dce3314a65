"""Nothing depends on a single process: two `smallwins serve` and two `smallwins worker` on one
3-primary cluster (each web server given a different node's URL) and one queue server.

Every person's turns alternate between the two web servers, as a load balancer would send
them. An Alexa retry of a win lands on the other server and records nothing twice; an invite
opened on one server is taken up and confirmed on the other; half the people stop sharing on
the server they did not consent on. Then two `smallwins digest run` processes race for the
same week while both workers also work the queue: each buddy who still has consent gets
exactly one weekly note, and the others none.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis

from journal import Journal, owner_key
from journal.connection import connect
from smallwins.embedded_cluster import EmbeddedCluster
from smallwins.embedded_redis import EmbeddedRedis
from tests.support.dialog import SPOKEN, Dialog
from tests.support.served import SECRET, HttpClient, served
from tests.support.smtp import MailSink, mail_text

PEOPLE = 6
TZ = "America/New_York"
PUBLIC_URL = "http://127.0.0.1"


class Alternating:
    """Each request goes to the next server in turn."""

    def __init__(self, *clients: HttpClient) -> None:
        self.clients = clients
        self.turn = 0

    def next(self) -> HttpClient:
        self.turn += 1
        return self.clients[self.turn % len(self.clients)]

    def post(self, path: str, json: dict[str, Any]) -> Any:
        return self.next().post(path, json=json)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def form(server: HttpClient, path: str, **fields: str) -> tuple[int, str, str]:
    """POST a web form as a browser would; (status, Location, page)."""
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(
        server.base + path, data=urllib.parse.urlencode(fields).encode(), method="POST"
    )
    try:
        with opener.open(request, timeout=10) as reply:
            return reply.status, reply.headers.get("Location", ""), reply.read().decode()
    except urllib.error.HTTPError as reply:
        return reply.code, reply.headers.get("Location", ""), reply.read().decode()


@contextlib.contextmanager
def workers(env: dict[str, str], log: Path, count: int) -> Iterator[None]:
    with log.open("ab") as out:
        command = [sys.executable, "-m", "smallwins.cli", "worker"]
        processes = [
            subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
            for _ in range(count)
        ]
    try:
        yield
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _path(message: Any, kind: str) -> str:
    found = re.search(rf"{re.escape(PUBLIC_URL)}/{kind}/\S+", mail_text(message))
    assert found, kind
    return urllib.parse.urlsplit(found[0]).path


@pytest.fixture
def stores(
    valkey_cluster: EmbeddedCluster, redis_server: EmbeddedRedis
) -> Iterator[tuple[EmbeddedCluster, str]]:
    queue = redis.Redis.from_url(redis_server.url)
    valkey_cluster.flush()
    queue.flushall()
    yield valkey_cluster, redis_server.url
    valkey_cluster.flush()
    queue.flushall()
    queue.close()


def test_two_webhooks_and_two_workers_share_one_cluster(
    stores: tuple[EmbeddedCluster, str], mail_sink: MailSink, tmp_path: Path
) -> None:
    cluster, queue_url = stores
    common = {
        "queue_url": queue_url,
        "smtp_url": mail_sink.url,
        "public_url": PUBLIC_URL,
        "default_tz": TZ,
        "web_workers": "1",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env.update({f"SMALLWINS_{k.upper()}": v for k, v in common.items()})
    env.update(
        SMALLWINS_ENV="development",
        SMALLWINS_SECRET_KEY=SECRET,
        SMALLWINS_REDIS_URL=cluster.urls[1],
    )
    with (
        served(cluster.urls[0], tmp_path / "a.log", **common) as a,
        served(cluster.urls[2], tmp_path / "b.log", **common) as b,
        workers(env, tmp_path / "workers.log", 2),
    ):
        both = Alternating(a, b)
        users = [f"amzn1.ask.account.SEVERAL{n:02d}" for n in range(PEOPLE)]
        buddies = {user: f"buddy{n}@example.org" for n, user in enumerate(users)}
        SPOKEN.update({"Maria", *buddies.values()})
        stopped = set(users[::2])
        for n, user in enumerate(users):
            dialog = Dialog(both, user=user)  # type: ignore[arg-type]
            # An Alexa retry of the same request reaches the other server: one win, not two.
            retried = dialog.envelope(
                Dialog.intent_request("RecordWinIntent", win=f"walked past the bar, day {n}")
            )
            for server in (a, b):
                assert server.post("/alexa", json=retried).status_code == 200
            dialog.session_id = None

            assert "name" in dialog.intent("InviteBuddyIntent", role="sponsor")
            said = dialog.intent("AnswerIntent", answer="Sam")
            code = re.search(r"\d{3} ?\d{3}", said)
            assert code, said
            status, there, _ = form(both.next(), "/invite", code=code[0].replace(" ", ""))
            assert status == 303, there
            status, sent, _ = form(both.next(), there, name="Maria", email=buddies[user])
            assert status == 303 and sent.endswith("/invite/sent")
            (confirmation,) = mail_sink.wait_for(n + 1, timeout=30)[n:]
            assert confirmation["To"].addresses[0].addr_spec == buddies[user]
            status, _, page = form(both.next(), _path(confirmation, "confirm"))
            assert status == 200 and "all set" in page
            dialog.session_id = None
            assert "Maria accepted your invite" in dialog.launch()
            assert "Sunday at 6 PM" in dialog.intent("AMAZON.YesIntent")
            dialog.intent("RecordWinIntent", win=f"called my sponsor, day {n}")
            dialog.intent("SkipIntent")
            if user in stopped:
                dialog.session_id = None
                assert "Maria" in dialog.intent("StopSharingIntent", name="Maria")

        data = connect(cluster.url)
        journal = Journal(data)
        counts = {user: journal.count(owner_key(SECRET.encode(), user)) for user in users}
        assert set(counts.values()) == {2}, counts  # the retried win once, and the later one

        # Two digest runs race for the same week while both workers also take jobs.
        # The first Sunday 18:05 to come: on a Sunday morning that is today, the slot the
        # consents above were first scheduled for. A week later, two slots would be due.
        now = datetime.now(ZoneInfo(TZ))
        sunday = now.date() + timedelta(days=(6 - now.weekday()) % 7)
        at = datetime.combine(sunday, datetime.min.time(), ZoneInfo(TZ)) + timedelta(
            hours=18, minutes=5
        )
        if at - timedelta(minutes=5) <= now:  # this Sunday's 6 PM slot has passed
            at += timedelta(days=7)
        command = [sys.executable, "-m", "smallwins.cli", "digest", "run",
                   "--at", at.astimezone(UTC).isoformat()]  # fmt: skip
        runs = [
            subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120) for run in runs]
        # A run counts a job it queued that a worker is still sending as not done (exit 1);
        # what counts here is what arrives.
        assert all(re.match(r"\d+ weekly digests were due", out) for out, _ in outputs), outputs
        expected = PEOPLE + (PEOPLE - len(stopped))
        mail = mail_sink.wait_for(expected, timeout=60)
        digests = Counter(
            m["To"].addresses[0].addr_spec for m in mail if "week" in str(m["Subject"])
        )
        assert digests == Counter(buddies[u] for u in users if u not in stopped), digests
        queued = sum(int(out.split()[0]) for out, _ in outputs)
        assert queued >= PEOPLE - len(stopped)
        # Once more, both: what was sent is not sent again.
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert again.stdout.startswith("0 weekly digests were due"), again.stdout
        assert len(mail_sink.messages) == expected
        data.close()
        print(
            f"\n2 webhooks, 2 workers, 2 racing digest runs, {PEOPLE} people: 2 wins each "
            f"(one retried on the other server), {sum(digests.values())} digests for "
            f"{len(digests)} consenting buddies, none for the {len(stopped)} who stopped"
        )
