"""One exchange at a time against a running webhook, continuing the session the way Alexa would:
a new session when it lapsed or ended, the SessionEndedRequest Alexa sends, permission answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import locales
from alexa.simulator.matching import Matcher
from alexa.simulator.state import SimulatorState
from alexa.simulator.wire import (
    DEFAULT_SKILL_ID,
    DEFAULT_TIMEOUT,
    Card,
    SimulatorError,
    build_envelope,
    intent_request,
    launch_request,
    new_session_id,
    parse_response,
    person_id_for,
    post_json,
    session_ended_request,
    timestamp,
)

DEFAULT_URL = "http://127.0.0.1:8080/alexa"
# Alexa closes a silent session after about sixteen seconds; people typing commands are
# slower than that, so the simulator is generous but still lets yesterday's session lapse.
DEFAULT_IDLE_LIMIT = timedelta(minutes=10)

# -- turns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """One exchange: what was heard, what was sent, and what the skill said back.

    (Not a `skill.turn.Turn`, which is the skill's own view of a request.)
    """

    utterance: str
    request_type: str
    intent: str | None
    slots: dict[str, str]
    speech: str
    reprompt: str | None
    card: Card | None
    session_ended: bool
    session_id: str
    new_session: bool
    one_shot: bool
    request: dict[str, Any]
    response: dict[str, Any]
    directives: tuple[str, ...] = ()
    # True when an open session had to be closed first (EXCEEDED_MAX_REPROMPTS was sent).
    closed_previous_session: bool = False


def utc_now() -> datetime:
    return datetime.now(UTC)


def _today(now: datetime, tz: str | None) -> date:
    return (now.astimezone(ZoneInfo(tz)) if tz else now.astimezone()).date()


def say(
    text: str,
    *,
    url: str = DEFAULT_URL,
    state_file: Path,
    new_session: bool = False,
    person: str | None = None,
    skill_id: str = DEFAULT_SKILL_ID,
    today: date | None = None,
    clock: Callable[[], datetime] = utc_now,
    tz: str | None = None,
    matcher: Matcher | None = None,
    idle_limit: timedelta | None = DEFAULT_IDLE_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
    api_endpoint: str | None = None,
    locale: str | None = None,
) -> Exchange:
    """Say `text` to the skill at `url` as one turn, continuing the session in `state_file`.

    A new session starts when asked (`new_session`), for a launch or one-shot phrase, when
    the last response ended the session, or when the session has been idle past
    `idle_limit`. An open session that is abandoned that way first gets the
    SessionEndedRequest Alexa would have sent when the person went quiet
    (reason EXCEEDED_MAX_REPROMPTS). `today` anchors date phrases (default: the clock's
    date in `tz`, or in the machine's zone); `clock` stamps the requests.

    `tz` and `locale` are the device's settings: once given they stay with the device (in
    `state_file`) until given again. A changed setting starts a new session, because the
    skill reads the device's settings once per session, as it does on a real Echo.

    Raises `SimulatorError` when the webhook is unreachable, fails or answers something
    that is not a response envelope; the session is then closed, as Alexa closes it.
    """
    if not text.strip():
        raise ValueError("say something: the utterance is empty")
    now = clock()
    timestamp(now)  # refuse a naive clock before anything is sent
    state = SimulatorState.load(state_file)
    changed = set_device(state, tz=tz, locale=locale)
    matcher = matcher or matcher_for(state.locale)
    match = matcher.match(text, today=today or _today(now, state.tz))
    person_id = person_id_for(person) if person else None

    idle = (
        idle_limit is not None
        and state.last_turn_at is not None
        and now - state.last_turn_at > idle_limit
    )
    fresh = (
        new_session or match.is_launch or match.one_shot or not state.session_open or idle
        or changed
    )  # fmt: skip
    closed_previous = False
    if fresh and state.session_open and state.session_id:
        closed_previous = True
        old_session, old_attributes = state.session_id, state.attributes
        state.session_open, state.attributes = False, {}
        state.save(state_file)
        post_envelope(
            url,
            session_ended_request(now=now, reason="EXCEEDED_MAX_REPROMPTS"),
            state=state,
            session_id=old_session,
            new=False,
            attributes=old_attributes,
            skill_id=skill_id,
            person_id=person_id,
            timeout=timeout,
            api_endpoint=api_endpoint,
        )
    if fresh or not state.session_id:
        state.session_id, state.attributes = new_session_id(), {}
    session_id = state.session_id
    assert session_id is not None

    if match.is_launch:
        request = launch_request(now=now)
    else:
        request = intent_request(
            match.intent, matcher.slot_payload(match, skill_id=skill_id), now=now
        )
    try:
        envelope, body = post_envelope(
            url,
            request,
            state=state,
            session_id=session_id,
            new=fresh,
            attributes=state.attributes,
            skill_id=skill_id,
            person_id=person_id,
            timeout=timeout,
            api_endpoint=api_endpoint,
        )
        reply = parse_response(body)
    except SimulatorError:
        # Alexa ends the session when a skill fails to answer; so does the simulator.
        state.session_open, state.attributes, state.last_turn_at = False, {}, now
        state.save(state_file)
        raise
    state.session_open = not reply.session_ended
    state.attributes = reply.attributes if state.session_open else {}
    state.last_turn_at = now
    state.save(state_file)
    return Exchange(
        utterance=text,
        request_type=request["type"],
        intent=None if match.is_launch else match.intent,
        slots=dict(match.slots),
        speech=reply.speech,
        reprompt=reply.reprompt,
        card=reply.card,
        session_ended=reply.session_ended,
        session_id=session_id,
        new_session=fresh,
        one_shot=match.one_shot,
        request=envelope,
        response=body,
        directives=reply.directives,
        closed_previous_session=closed_previous,
    )


def set_device(state: SimulatorState, *, tz: str | None, locale: str | None) -> bool:
    """Apply `--tz` / `--locale` to the simulated device; True when a setting changed."""
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ValueError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
            raise SimulatorError(f"unknown time zone {tz!r} (try e.g. Europe/London)") from exc
    if locale is not None and locale not in locales.available():
        known = ", ".join(locales.available())
        raise SimulatorError(f"no locale {locale!r} here (known: {known})")
    changed = (tz is not None and tz != state.tz) or (locale is not None and locale != state.locale)
    state.tz = tz or state.tz
    state.locale = locale or state.locale
    return changed


def matcher_for(locale: str | None) -> Matcher:
    """Alexa's understanding for the device's locale: that locale's own deployed model."""
    return Matcher.from_file(locale=locale or locales.DEFAULT)


def end_session(
    *,
    url: str = DEFAULT_URL,
    state_file: Path,
    reason: str = "USER_INITIATED",
    person: str | None = None,
    skill_id: str = DEFAULT_SKILL_ID,
    clock: Callable[[], datetime] = utc_now,
    timeout: float = DEFAULT_TIMEOUT,
) -> Exchange | None:
    """Send the SessionEndedRequest for the open session, if there is one; None otherwise.

    The session counts as closed even if the skill fails to answer: Alexa ignores the
    response to a SessionEndedRequest and never retries it.
    """
    state = SimulatorState.load(state_file)
    if not state.session_open or not state.session_id:
        return None
    now = clock()
    session_id, attributes = state.session_id, state.attributes
    state.session_open, state.attributes, state.last_turn_at = False, {}, now
    state.save(state_file)
    request = session_ended_request(now=now, reason=reason)
    envelope, body = post_envelope(
        url,
        request,
        state=state,
        session_id=session_id,
        new=False,
        attributes=attributes,
        skill_id=skill_id,
        person_id=person_id_for(person) if person else None,
        timeout=timeout,
    )
    reply = parse_response(body) if body else None
    return Exchange(
        utterance="",
        request_type=request["type"],
        intent=None,
        slots={},
        speech=reply.speech if reply else "",
        reprompt=None,
        card=None,
        session_ended=True,
        session_id=session_id,
        new_session=False,
        one_shot=False,
        request=envelope,
        response=body,
    )


def post_envelope(
    url: str,
    request: Mapping[str, Any],
    *,
    state: SimulatorState,
    session_id: str,
    new: bool,
    attributes: Mapping[str, Any],
    skill_id: str,
    person_id: str | None,
    timeout: float,
    api_endpoint: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    envelope = build_envelope(
        request,
        skill_id=skill_id,
        user_id=state.user_id,
        device_id=state.device_id,
        session_id=session_id,
        new_session=new,
        attributes=attributes,
        person_id=person_id,
        api_endpoint=api_endpoint,
        granted=state.granted,
        locale=state.locale,
    )
    return envelope, post_json(url, envelope, timeout=timeout)
