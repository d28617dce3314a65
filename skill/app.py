"""The Flask app: `POST /alexa` (verified, then handed to the ask-sdk skill) and health checks."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import redis
from ask_sdk_core.exceptions import SerializationException
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from werkzeug.middleware.proxy_fix import ProxyFix

import locales
from alexa import shape
from alexa.envelopes import EnvelopeSerializer
from alexa.verification import MAX_BODY_BYTES, RequestVerifier, VerificationError
from journal import Journal, StorageUnavailable, owner_key
from journal.connection import connect
from journal.deadline import within
from sharing import Sharing
from sharing.outbox import Outbox, queue
from sharing.tokens import Tokens
from skill import understanding
from skill.handlers import build_skill
from skill.reminders import Reminders
from skill.timezones import TimeZones, ZoneRefresher
from skill.turn import Caller, Deps
from smallwins import metrics, stores
from smallwins.settings import Settings, SettingsError
from web import export as exports
from web import security
from web.buddy import PagesDeps
from web.buddy import pages as sharing_pages
from web.export import ExportLinks
from web.legal import pages as legal_pages
from web.pages import site

log = logging.getLogger(__name__)

# Alexa waits 8 seconds, but a person waits less: every Redis round trip of a turn together
# gets this long, which leaves time to speak an apology within 2 seconds of the request.
TURN_REDIS_SECONDS = 1.2
READY_REDIS_SECONDS = 0.8

webhook = Blueprint("webhook", __name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    redis_client: redis.Redis | redis.RedisCluster | None = None,
    queue_client: redis.Redis | None = None,
    clock: Callable[[], datetime] = _utcnow,
) -> Flask:
    """Build the app for `settings`; `clock` lets tests replay signed requests at their time."""
    if redis_client is None:
        if not settings.redis_url:
            raise SettingsError("SMALLWINS_REDIS_URL is required to serve the webhook")
        redis_client = connect(settings.redis_url)
    if queue_client is None:
        queue_client = stores.queue_for(settings, redis_client)

    app = Flask(__name__)
    if settings.proxy_hops:
        # Behind a TLS terminator every request comes from it; the pages' per-client limits
        # need the address it reports.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops
        )
    # Alexa's own limit is far below this; anything bigger is not Alexa.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    cipher = settings.cipher()
    journal = Journal(redis_client, cipher=cipher)
    export_links = ExportLinks(settings.secret_key, settings.public_url, clock, journal)
    sharing = Sharing(
        redis_client, cipher=cipher, tokens=Tokens(settings.secret_key, clock), clock=clock
    )
    # Understanding is loaded now, not on the first person's first words.
    understanding.engine_for(locales.DEFAULT)
    # Enqueueing is one short write: the app's fail-fast client suits it.
    outbox = Outbox(queue(queue_client), data=redis_client)
    refresher = ZoneRefresher(journal, clock)
    deps = Deps(
        journal=journal,
        timezones=TimeZones(journal, settings.zone_for, refresher),
        reminders=Reminders(journal),
        export_links=export_links,
        clock=clock,
        sharing=sharing,
        outbox=outbox,
        public_url=settings.public_url,
    )
    app.extensions["smallwins"] = _Webhook(
        settings=settings,
        journal=journal,
        verifier=RequestVerifier(
            skill_ids=settings.skill_ids,
            allow_sha1=settings.allow_sha1_signature,
            ca_file=settings.alexa_ca_file,
            cert_dir=settings.alexa_cert_dir,
            clock=clock,
            verify_signatures=settings.verify_signatures,
        ),
        skill=build_skill(deps),
        export_links=export_links,
        refresher=refresher,
    )
    app.extensions["sharing-pages"] = PagesDeps(sharing=sharing, outbox=outbox)
    # The privacy notice names where to write: the address the server's own mail comes from.
    app.extensions["legal-contact"] = settings.mail_from
    app.register_blueprint(webhook)
    app.register_blueprint(site)
    app.register_blueprint(exports.pages)
    app.register_blueprint(sharing_pages)
    app.register_blueprint(legal_pages)
    metrics.install(
        app,
        metrics.SharedFigures(
            queue_depth=lambda: len(outbox.jobs),
            deliveries=sharing.ledger.delivery_counts,
            failures_kept=sharing.ledger.failures_kept,
        ),
        multiprocess=settings.metrics_dir is not None,
    )
    security.install(app)
    return app


class _Webhook:
    """What the routes need, built once per app."""

    def __init__(
        self,
        *,
        settings: Settings,
        journal: Journal,
        verifier: RequestVerifier,
        skill: Any,
        export_links: ExportLinks,
        refresher: ZoneRefresher,
    ) -> None:
        self.settings = settings
        self.journal = journal
        self.verifier = verifier
        self.skill = skill
        self.export_links = export_links
        self.refresher = refresher
        self.serializer = EnvelopeSerializer()


def _state() -> _Webhook:
    return current_app.extensions["smallwins"]


def _refuse(reason: str) -> tuple[Response, int]:
    """HTTP 400 with no detail for the caller; the reason goes to the log, never user data."""
    log.warning("refused alexa request: %s", reason)
    metrics.count_refusal(reason)
    return jsonify({"error": "bad request"}), 400


@webhook.post("/alexa")
def alexa() -> Any:
    with within(TURN_REDIS_SECONDS):
        return _answer()


def _answer() -> Any:
    state = _state()
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _refuse("too-large")
    body = request.get_data(cache=False)
    try:
        envelope = state.verifier.verify(request.headers, body)
    except VerificationError as exc:
        return _refuse(exc.reason)
    if reason := shape.problem(envelope):
        return _refuse(reason)
    identity = _identity(envelope)
    if identity is None:
        return _refuse("no-identity")
    try:
        request_envelope = state.serializer.envelope(envelope)
    except SerializationException:
        return _refuse("unreadable-envelope")
    caller = Caller(owner=owner_key(state.settings.secret_key, identity))
    response = state.skill.invoke(request_envelope=request_envelope, context=caller)
    _count(envelope, caller, response)
    # Compact and unsorted: Alexa reads keys by name, and this is every request's last step.
    document = json.dumps(state.serializer.serialize(response), separators=(",", ":"))
    return current_app.response_class(document, mimetype="application/json")


def _count(envelope: dict[str, Any], caller: Caller, response: Any) -> None:
    """One turn for the operator's figures: which intent, and how it ended."""
    asked = envelope.get("request") or {}
    intent = metrics.intent_label(asked.get("type"), (asked.get("intent") or {}).get("name"))
    outcome = caller.notes.get("outcome")
    if outcome is None:
        ended = getattr(response.response, "should_end_session", True) is not False
        outcome = "ended" if ended else "answered"
    elif outcome == "storage_unavailable":
        metrics.count_redis_error("webhook")
    metrics.count_turn(intent, outcome)


@webhook.errorhandler(413)
def too_large(_: Exception) -> Any:
    return _refuse("too-large")


def _identity(envelope: dict[str, Any]) -> str | None:
    """The speaker when Alexa recognised one, else the account: housemates keep apart."""
    system = (envelope.get("context") or {}).get("System") or {}
    person = (system.get("person") or {}).get("personId")
    user = (system.get("user") or {}).get("userId") or (
        ((envelope.get("session") or {}).get("user") or {}).get("userId")
    )
    for candidate in (person, user):
        if isinstance(candidate, str) and candidate:
            return candidate
    return None


@webhook.get("/healthz")
def healthz() -> Any:
    return jsonify({"status": "ok"})


@webhook.get("/readyz")
def readyz() -> Any:
    try:
        with within(READY_REDIS_SECONDS):
            _state().journal.ping()
    except StorageUnavailable:
        return jsonify({"status": "redis unreachable"}), 503
    return jsonify({"status": "ready"})
