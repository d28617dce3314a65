"""Fixtures shared by every room's tests: a real Redis-compatible server, cleared per test.

The storage rooms' tests (journal, sharing, worker, and the operator's erase and export) run
twice: on one server and on a real 3-primary Valkey Cluster, whose queues then live on the
one server (`--storage` picks one of the two).

Also a privacy audit over the whole run: every log line, at DEBUG, from every test, is kept,
and the session fails if any holds an Alexa id, an email address or words a test person said.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from journal import Journal
from journal.connection import connect
from smallwins.embedded_cluster import EmbeddedCluster
from smallwins.embedded_redis import EmbeddedRedis
from tests.support.commands import QUEUE
from tests.support.dialog import SPOKEN
from tests.support.smtp import MailSink

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ALEXA_FIXTURES = SHARED / "fixtures" / "alexa"
TESTS = Path(__file__).resolve().parent
# Where storage is the subject: these tests run on one server and on a cluster.
ON_BOTH = ("journal", "sharing", "worker", "test_operator.py", "test_sharing_end_to_end.py")
# Browsers and web page rendering only repeat the store's tests at many times their cost.
SINGLE_ONLY = ("test_pages_browser.py",)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--storage",
        choices=("both", "single", "cluster"),
        default="both",
        help="run the storage rooms' tests on one server, a 3-primary cluster, or both",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "storage" not in metafunc.fixturenames:
        return
    parts = metafunc.definition.path.relative_to(TESTS).parts
    if parts[0] not in ON_BOTH or parts[-1] in SINGLE_ONLY:
        return
    chosen = metafunc.config.getoption("storage")
    kinds = ["single", "cluster"] if chosen == "both" else [chosen]
    metafunc.parametrize("storage", kinds, indirect=True)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """One embedded server for the whole session; tests clear the data around themselves."""
    server = EmbeddedRedis(tmp_path_factory.mktemp("valkey"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_sink() -> Iterator[MailSink]:
    """A real SMTP server on loopback that keeps what it accepts."""
    with MailSink() as sink:
        yield sink


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A server of this test's own, for tests that stop, kill or read the files of one."""
    with EmbeddedRedis(tmp_path / "valkey") as server:
        yield server


@pytest.fixture(scope="session")
def valkey_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedCluster]:
    """Three primaries, started the first time a test asks for the cluster."""
    with EmbeddedCluster(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


@pytest.fixture
def storage(request: pytest.FixtureRequest) -> str:
    """ "single" or "cluster": where this test's data lives (see `pytest_generate_tests`)."""
    return getattr(request, "param", "single")


@pytest.fixture
def redis_url(
    storage: str, redis_server: EmbeddedRedis, request: pytest.FixtureRequest
) -> Iterator[str]:
    client = redis.Redis.from_url(redis_server.url)
    cluster = request.getfixturevalue("valkey_cluster") if storage == "cluster" else None

    def clear() -> None:
        client.flushall()
        if cluster is not None:
            cluster.flush()

    clear()
    yield cluster.url if cluster is not None else redis_server.url
    clear()
    client.close()


@pytest.fixture
def queue_url(storage: str, redis_url: str, redis_server: EmbeddedRedis) -> str | None:
    """The queue server when the data is on a cluster; None when they share one server."""
    return redis_server.url if storage == "cluster" else None


@pytest.fixture
def queue_server(queue_url: str | None) -> Iterator[None]:
    """With the data on a cluster, `smallwins` commands get the queue server as production
    would (`tests.support.commands`)."""
    if queue_url:
        QUEUE["SMALLWINS_QUEUE_URL"] = queue_url
    yield
    QUEUE.clear()


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = connect(redis_url)
    yield client
    client.close()


@pytest.fixture
def journal(redis_client: redis.Redis) -> Journal:
    return Journal(redis_client)


@pytest.fixture
def alexa_fixtures() -> Path:
    """The real Amazon-signed requests beside the checkout; skip cleanly when absent."""
    if not ALEXA_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures/alexa is not beside this checkout")
    return ALEXA_FIXTURES


class _KeepEverything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


_LOG = _KeepEverything()
_ALEXA_ID = re.compile(r"amzn1\.ask\.(?:account|person|device)\.[\w.-]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def pytest_configure(config: pytest.Config) -> None:
    root = logging.getLogger()
    root.addHandler(_LOG)
    root.setLevel(logging.DEBUG)


def _appears(said: str, text: str) -> bool:
    """Whether `said` is in the log text. A spoken code of digits counts only as a number of
    its own: the fraction of a second in a timestamp or a job's duration ("0:00:00.454854s")
    and a run of digits inside a hex job id ("weekly-486b9cc5349570e1") are not a code, and
    matching inside those made the audit fail at random."""
    if not said.isdigit():
        return said in text
    return re.search(rf"(?<![\w.]){said}(?!\w)", text) is not None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any log line leaked what a person said or who they are."""
    text = "\n".join(_LOG.lines)
    said = sorted(s for s in SPOKEN if len(s) >= 6 and _appears(s, text))
    leaks = _ALEXA_ID.findall(text) + _EMAIL.findall(text) + said
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"privacy audit: {len(_LOG.lines)} log lines at DEBUG, "
            f"{len(SPOKEN)} things said, {len(leaks)} leaks"
        )
        for leak in leaks[:20]:
            reporter.write_line(f"  leaked into a log line: {leak!r}")
    if leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
