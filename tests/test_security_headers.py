"""Every page the served app answers carries the buddy pages' security headers: the export
page, and the error pages of Flask (404, 405), the webhook and gunicorn itself (414)."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from smallwins.embedded_redis import EmbeddedRedis
from tests.support.served import served
from web import security


def _get(base: str, method: str, path: str, body: bytes | None = None) -> http.client.HTTPResponse:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(method, path, body=body)
    reply = connection.getresponse()
    reply.read()
    connection.close()
    return reply


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("headers")
    with (
        EmbeddedRedis(folder / "valkey") as server,
        served(server.url, Path(folder / "serve.log")) as client,
    ):
        yield client.base


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/export/not-a-real-token", 410),
        ("GET", "/no-such-page", 404),
        ("POST", "/healthz", 405),
        ("GET", "/alexa", 405),
        ("POST", "/alexa", 400),  # too large: the webhook answers 400, as Alexa expects
        ("GET", "/" + "x" * 6000, 414),
        ("GET", "/invite", 200),
    ],
)
def test_every_page_carries_the_security_headers(
    base: str, method: str, path: str, status: int
) -> None:
    body = b"{" + b" " * 200_000 + b"}" if path == "/alexa" and method == "POST" else None
    reply = _get(base, method, path, body)
    assert reply.status == status
    assert reply.getheader("X-Content-Type-Options") == "nosniff"
    policy = reply.getheader("Content-Security-Policy") or ""
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    if path != "/invite":  # the buddy pages keep their own, equally strict, headers
        assert reply.getheader("X-Frame-Options") == "DENY"


def test_an_inline_style_is_allowed_by_its_hash_and_nothing_else() -> None:
    policy = security.policy("<html><style>p{color:red}</style></html>")
    assert "style-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in policy
