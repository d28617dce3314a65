"""Operators' figures at `GET /metrics`, in Prometheus text format.

Counted in each process (gunicorn's workers are processes: `smallwins serve` points
PROMETHEUS_MULTIPROC_DIR at a folder of its own before the fork, and the scrape adds the
workers up): turns by intent and outcome, refused requests by reason, request latency by
route, Redis errors. Read from Redis at scrape time, so every web process answers the same and
the worker need not be scraped: the queue's depth, deliveries sent and failed (digests among
them), failures kept for the operator.

Labels come from small fixed sets (intent names from the interaction model, route rules,
reasons in our code); never anything a person said, an id, or an address.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import cache
from time import perf_counter

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from redis import RedisError

import locales
from journal import StorageUnavailable

log = logging.getLogger(__name__)

OTHER = "other"
# What a turn can come to: answered (the session stays open), ended, or an apology.
OUTCOMES = ("answered", "ended", "storage_unavailable", "error")
_REQUEST_TYPES = (
    "LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest",
    "Connections.Response", "System.ExceptionEncountered",
)  # fmt: skip

TURNS = Counter(
    "smallwins_turns", "Alexa turns answered, by intent and outcome", ["intent", "outcome"]
)
REFUSALS = Counter(
    "smallwins_refused_requests", "Requests to /alexa refused before the skill, by reason",
    ["reason"],
)  # fmt: skip
LATENCY = Histogram(
    "smallwins_request_duration_seconds", "Time to answer an HTTP request, by route",
    ["route"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)  # fmt: skip
REDIS_ERRORS = Counter(
    "smallwins_redis_errors", "Requests that met a Redis outage, by where", ["where"]
)


@cache
def known_intents() -> frozenset[str]:
    """Every intent name of every model we publish: the only intent label values."""
    names: set[str] = set()
    for locale in locales.available():
        model = locales.model(locale)
        if model:
            names.update(i["name"] for i in model["interactionModel"]["languageModel"]["intents"])
    return frozenset(names)


def intent_label(request_type: object, intent: object) -> str:
    """The intent for an IntentRequest, the request type otherwise; OTHER for anything else."""
    if request_type == "IntentRequest":
        return intent if isinstance(intent, str) and intent in known_intents() else OTHER
    return request_type if request_type in _REQUEST_TYPES else OTHER


def count_turn(intent: str, outcome: str) -> None:
    TURNS.labels(intent, outcome if outcome in OUTCOMES else OTHER).inc()


def count_refusal(reason: str) -> None:
    REFUSALS.labels(reason).inc()


def count_redis_error(where: str) -> None:
    REDIS_ERRORS.labels(where).inc()


class SharedFigures(Collector):
    """Figures kept in Redis, read at scrape time: any web process reports the same."""

    def __init__(
        self, queue_depth: Callable[[], int], deliveries: Callable[[], dict[tuple[str, str], int]],
        failures_kept: Callable[[], int],
    ) -> None:  # fmt: skip
        self._queue_depth = queue_depth
        self._deliveries = deliveries
        self._failures_kept = failures_kept

    def collect(self) -> Iterable[GaugeMetricFamily | CounterMetricFamily]:
        try:
            depth, sent, kept = self._queue_depth(), self._deliveries(), self._failures_kept()
        except (StorageUnavailable, RedisError) as exc:  # a scrape in an outage says so
            count_redis_error("metrics")
            log.warning("metrics: shared figures unavailable (%s)", type(exc).__name__)
            return
        yield GaugeMetricFamily(
            "smallwins_queue_depth", "Jobs waiting in the delivery queue", value=depth
        )
        deliveries = CounterMetricFamily(
            "smallwins_deliveries",
            "Messages the worker sent or gave up on, by purpose (digest and group are the "
            "weekly digests)",
            labels=["purpose", "outcome"],
        )
        for (purpose, outcome), value in sorted(sent.items()):
            deliveries.add_metric([purpose, outcome], value)
        yield deliveries
        yield GaugeMetricFamily(
            "smallwins_failed_deliveries_kept",
            "Deliveries that failed after every retry, kept for `smallwins digest failures`",
            value=kept,
        )


def install(app: Flask, shared: SharedFigures, *, multiprocess: bool) -> None:
    """Time every request, and serve `/metrics` (adding up gunicorn's workers' figures when
    `multiprocess`, i.e. PROMETHEUS_MULTIPROC_DIR was set before they started)."""
    figures = Blueprint("metrics", __name__)

    @figures.get("/metrics")
    def metrics() -> Response:
        registry = CollectorRegistry()
        if multiprocess:
            MultiProcessCollector(registry)
        else:  # one process (tests, a plain Flask run): this process's own figures
            for metric in (TURNS, REFUSALS, LATENCY, REDIS_ERRORS):
                registry.register(metric)
        registry.register(shared)
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)

    @app.before_request
    def start_clock() -> None:
        g.metrics_started = perf_counter()

    @app.after_request
    def stop_clock(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            route = request.url_rule.rule if request.url_rule is not None else "unmatched"
            LATENCY.labels(route).observe(perf_counter() - started)
            if response.status_code == 503:  # a page or /readyz that couldn't reach Redis
                count_redis_error("pages")
        return response

    app.register_blueprint(figures)
