"""`smallwins serve` keeps its workers' figures in a folder of its own, and leaves none behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from smallwins.embedded_redis import EmbeddedRedis
from tests.support.served import served


def test_the_metrics_folder_lives_as_long_as_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    with EmbeddedRedis(tmp_path / "valkey") as server:
        with served(server.url, tmp_path / "serve.log") as client:
            # Figures from both workers land there while it runs ...
            for _ in range(4):
                assert client.get("/metrics").status_code == 200
            folders = list(temporary.glob("smallwins-metrics-*"))
            assert len(folders) == 1 and any(folders[0].glob("*.db"))
        # ... and a restart of the service starts clean, with nothing left of the last run.
        assert list(temporary.glob("smallwins-metrics-*")) == []


def test_a_folder_the_operator_named_is_kept(tmp_path: Path) -> None:
    named = tmp_path / "figures"
    with (
        EmbeddedRedis(tmp_path / "valkey") as server,
        served(server.url, tmp_path / "serve.log", metrics_dir=str(named)) as client,
    ):
        assert client.get("/metrics").status_code == 200
    assert named.is_dir()
