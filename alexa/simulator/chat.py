"""`smallwins chat`: talk to the skill line by line, with Alexa's own APIs simulated on loopback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import locales
from alexa.permissions import REMINDERS_SCOPE
from alexa.simulator.apis import SimulatedAlexaApi
from alexa.simulator.matching import Matcher
from alexa.simulator.session import (
    DEFAULT_URL,
    Exchange,
    end_session,
    matcher_for,
    post_envelope,
    say,
    set_device,
    utc_now,
)
from alexa.simulator.state import SimulatorState
from alexa.simulator.wire import (
    DEFAULT_SKILL_ID,
    DEFAULT_TIMEOUT,
    LOCALE,
    SimulatorError,
    new_request_id,
    new_session_id,
    parse_response,
    person_id_for,
    timestamp,
)
from alexa.simulator.words import normalize
from locales import speaking

# What the person may type in `chat` to leave (they are not sent to the skill).
CHAT_EXIT_WORDS = frozenset({"exit", "quit"})


def permission_question(locale: str = locales.DEFAULT) -> str:
    """What Alexa itself asks when the skill asks for the reminders permission by voice."""
    alexa = speaking.table(locale, "alexa")
    return alexa["permission"]["question"].format(skill=_skill_name(locale))


def allows(answer: str, matcher: Matcher) -> bool:
    """Whether the person's answer to Alexa's permission question is a yes."""
    alexa = speaking.table(matcher.locale, "alexa")
    yes = frozenset(normalize(word) for word in alexa["permission"]["yes"])
    return normalize(answer) in yes | matcher.yes_phrases


def _welcome(locale: str) -> str:
    invocation = locales.model(locale)["interactionModel"]["languageModel"]["invocationName"]
    welcome = speaking.table(locale, "alexa")["chat"]["welcome"]
    return welcome.format(skill=_skill_name(locale), invocation=invocation)


def _skill_name(locale: str) -> str:
    return speaking.table(locale, "skill")["name"]


PERMISSION_QUESTION = permission_question()


def answer_permission(
    accepted: bool,
    *,
    url: str,
    state_file: Path,
    skill_id: str = DEFAULT_SKILL_ID,
    person: str | None = None,
    clock: Callable[[], datetime] = utc_now,
    timeout: float = DEFAULT_TIMEOUT,
    api_endpoint: str | None = None,
) -> Exchange:
    """Alexa's side of a voice permission request: remember the answer, tell the skill.

    The skill asked with a Connections.SendRequest "AskFor" directive; Alexa asks the person
    itself, then sends the skill a Connections.Response in a new session.
    """
    now = clock()
    state = SimulatorState.load(state_file)
    if accepted and REMINDERS_SCOPE not in state.granted:
        state.granted.append(REMINDERS_SCOPE)
    session_id = new_session_id()
    request = {
        "type": "Connections.Response",
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": state.locale or LOCALE,
        "name": "AskFor",
        "status": {"code": "200", "message": "OK"},
        "payload": {
            "permissionScope": REMINDERS_SCOPE,
            "status": "ACCEPTED" if accepted else "DENIED",
        },
        "token": "daily-reminder",
    }
    envelope, body = post_envelope(
        url, request, state=state, session_id=session_id, new=True, attributes={},
        skill_id=skill_id, person_id=person_id_for(person) if person else None,
        timeout=timeout, api_endpoint=api_endpoint,
    )  # fmt: skip
    reply = parse_response(body)
    state.session_id, state.session_open = session_id, not reply.session_ended
    state.attributes = reply.attributes if state.session_open else {}
    state.last_turn_at = now
    state.save(state_file)
    return Exchange(
        utterance="", request_type="Connections.Response", intent=None, slots={},
        speech=reply.speech, reprompt=reply.reprompt, card=reply.card,
        session_ended=reply.session_ended, session_id=session_id, new_session=True,
        one_shot=False, request=envelope, response=body, directives=reply.directives,
    )  # fmt: skip


def render_exchange(exchange: Exchange) -> str:
    """The chat transcript lines for an exchange: speech, then any card, then a session end."""
    lines = [f"alexa> {exchange.speech or '(no speech)'}"]
    if exchange.card:
        card = exchange.card
        text = " | ".join(part.strip() for part in card.text.splitlines() if part.strip())
        lines.append(f"[card] {card.title}: {text}")
    if exchange.session_ended:
        lines.append("[session ended]")
    return "\n".join(lines)


def chat(
    *,
    url: str = DEFAULT_URL,
    state_file: Path,
    person: str | None = None,
    input: TextIO | None = None,
    output: TextIO | None = None,
    skill_id: str = DEFAULT_SKILL_ID,
    clock: Callable[[], datetime] = utc_now,
    tz: str | None = None,
    today: date | None = None,
    matcher: Matcher | None = None,
    locale: str | None = None,
) -> int:
    """Talk to the skill line by line until "exit", "quit", end of input or Ctrl-C.

    Each line is one `say` turn ("you> " prompt, "alexa> " answer). Leaving ends an open
    session with a SessionEndedRequest (USER_INITIATED). A failed turn is reported and the
    loop goes on, so a restarted server can be retried. Returns the exit status (0).
    """
    source = input if input is not None else sys.stdin
    sink = output if output is not None else sys.stdout
    # The device keeps its settings and the Alexa app its reminders between runs.
    device = SimulatorState.load(state_file)
    set_device(device, tz=tz, locale=locale)
    matcher = matcher or matcher_for(device.locale)
    # A piped transcript does not echo what was typed; write it so the output reads well.
    echo = not _is_tty(source)

    def emit(line: str) -> None:
        sink.write(line + "\n")
        sink.flush()

    emit(_welcome(device.locale or locales.DEFAULT))
    # Alexa's own APIs (time zone, reminders), simulated on loopback for this chat.
    alexa = SimulatedAlexaApi(device.tz or "UTC", emit)
    alexa.reminders.update(device.reminders)
    alexa.start()

    def ask_permission() -> None:
        emit(permission_question(matcher.locale))
        sink.write("you> ")
        sink.flush()
        answer = source.readline().strip()
        if echo:
            emit(answer)
        exchange = answer_permission(
            allows(answer, matcher), url=url, state_file=state_file,
            skill_id=skill_id, person=person, clock=clock, api_endpoint=alexa.url,
        )  # fmt: skip
        emit(render_exchange(exchange))

    try:
        while True:
            sink.write("you> ")
            sink.flush()
            line = source.readline()
            if not line:
                emit("")
                break
            text = line.strip()
            if echo:
                emit(text)
            if not text:
                continue
            if normalize(text) in CHAT_EXIT_WORDS:
                break
            try:
                exchange = say(
                    text,
                    url=url,
                    state_file=state_file,
                    person=person,
                    skill_id=skill_id,
                    today=today,
                    clock=clock,
                    tz=tz,
                    locale=locale,
                    matcher=matcher,
                    api_endpoint=alexa.url,
                )
                emit(render_exchange(exchange))
                if "Connections.SendRequest" in exchange.directives:
                    ask_permission()
            except SimulatorError as exc:
                emit(f"[error] {exc}")
                continue
    except KeyboardInterrupt:
        emit("")
    finally:
        alexa.stop()
        kept = SimulatorState.load(state_file)
        kept.reminders = dict(alexa.reminders)
        kept.save(state_file)
    try:
        if end_session(url=url, state_file=state_file, person=person, skill_id=skill_id,
                       clock=clock):  # fmt: skip
            emit("[session ended]")
    except SimulatorError as exc:
        emit(f"[error] {exc}")
    return 0


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
