"""`GET /metrics`: turns by intent and outcome, refusals by reason, latency by route, Redis
errors, queue depth and deliveries, in Prometheus text format, with nothing a person said and
no id in any label. (Across gunicorn's worker processes: tests/test_local_run.py.)"""

from __future__ import annotations

import json
import logging

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from sharing import keys as sharing_keys
from smallwins import metrics
from smallwins.logs import JsonFormatter, configure
from smallwins.settings import Settings, SettingsError
from tests.support.dialog import Dialog


def scrape(client: FlaskClient) -> tuple[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    reply = client.get("/metrics")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/plain; version=")
    text = reply.get_data(as_text=True)
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    return text, samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_turns_are_counted_by_intent_and_outcome(client: FlaskClient, dialog: Dialog) -> None:
    _, before = scrape(client)
    dialog.launch()
    dialog.intent("RecordWinIntent", win="I made soup for my neighbour Priya")
    dialog.intent("SkipIntent")
    dialog.intent("AMAZON.StopIntent")
    dialog.intent("MadeUpIntent")
    text, after = scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("smallwins_turns_total", intent="LaunchRequest", outcome="answered") == 1
    assert delta("smallwins_turns_total", intent="RecordWinIntent", outcome="answered") == 1
    assert delta("smallwins_turns_total", intent="AMAZON.StopIntent", outcome="ended") == 1
    # An intent no model has is counted, but never under its own (caller-chosen) name.
    assert "MadeUpIntent" not in text
    assert delta("smallwins_request_duration_seconds_count", route="/alexa") == 5
    assert delta("smallwins_request_duration_seconds_bucket", route="/alexa", le="+Inf") == 5
    # Nothing a person said, and no id, is anywhere in the figures.
    for secret in ("soup", "Priya", "TEST-DIALOG", "amzn1", "TEST"):
        assert secret not in text


def test_refusals_are_counted_by_reason(client: FlaskClient) -> None:
    _, before = scrape(client)
    bad = client.post("/alexa", data=b"not json", content_type="application/json")
    assert bad.status_code == 400
    _, after = scrape(client)
    name = "smallwins_refused_requests_total"
    assert value(after, name, reason="malformed") - value(before, name, reason="malformed") == 1


def test_queue_and_deliveries_come_from_redis(
    client: FlaskClient, redis_client: redis.Redis, app: Flask
) -> None:
    redis_client.hset(sharing_keys.DELIVERIES, mapping={"digest:sent": 3, "group:failed": 1})
    _, samples = scrape(client)
    assert value(samples, "smallwins_deliveries_total", purpose="digest", outcome="sent") == 3
    assert value(samples, "smallwins_deliveries_total", purpose="group", outcome="failed") == 1
    assert value(samples, "smallwins_queue_depth") == 0
    assert value(samples, "smallwins_failed_deliveries_kept") == 0


def test_a_redis_outage_is_counted_and_the_turn_still_apologises(
    settings: Settings, clock, client: FlaskClient
) -> None:
    from skill.app import create_app

    down = redis.Redis(unix_socket_path="/nonexistent/valkey.sock", socket_connect_timeout=0.2)
    broken = create_app(settings, redis_client=down, clock=clock).test_client()
    _, before = scrape(client)
    said = Dialog(broken, now=clock()).intent("RecordWinIntent", win="I walked")
    assert "nothing was saved" in said
    text, after = scrape(broken)  # the scrape itself can't read Redis, and says so
    name = "smallwins_redis_errors_total"
    assert value(after, name, where="webhook") - value(before, name, where="webhook") == 1
    assert (
        value(
            after, "smallwins_turns_total", intent="RecordWinIntent", outcome="storage_unavailable"
        )
        >= 1
    )
    assert "smallwins_queue_depth" not in text


def test_json_logs_are_one_object_per_line_with_the_message_only() -> None:
    record = logging.LogRecord(
        "skill.app", logging.WARNING, __file__, 1, "refused: %s", ("x",), None
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "skill.app"
    assert line["message"] == "refused: x" and line["time"].endswith("+00:00")
    try:
        raise ValueError("what someone said")
    except ValueError:
        import sys

        failed = logging.LogRecord("w", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    out = json.loads(JsonFormatter().format(failed))
    assert out["exception"] == "ValueError" and "what someone said" not in json.dumps(out)


def test_log_format_is_a_setting() -> None:
    base = {"SMALLWINS_ENV": "development", "SMALLWINS_SECRET_KEY": "x" * 40}
    assert Settings.from_env({**base, "SMALLWINS_LOG_FORMAT": "json"}).log_format == "json"
    assert Settings.from_env(base).log_format == "text"
    with pytest.raises(SettingsError, match="SMALLWINS_LOG_FORMAT"):
        Settings.from_env({**base, "SMALLWINS_LOG_FORMAT": "xml"})


def test_intent_labels_come_only_from_the_models() -> None:
    assert metrics.intent_label("IntentRequest", "RecordWinIntent") == "RecordWinIntent"
    assert metrics.intent_label("IntentRequest", "I want to die") == "other"
    assert metrics.intent_label("LaunchRequest", None) == "LaunchRequest"
    assert metrics.intent_label("Anything.Else", None) == "other"


def test_configure_writes_json_lines(capfd: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    kept = (list(root.handlers), root.level)
    try:
        configure("INFO", "json")
        logging.getLogger("smallwins.test").info("hello %s", "operator")
        line = json.loads(capfd.readouterr().err.strip().splitlines()[-1])
        assert line["message"] == "hello operator" and line["logger"] == "smallwins.test"
    finally:
        root.handlers[:] = kept[0]
        root.setLevel(kept[1])
