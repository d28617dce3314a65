"""`smallwins say` on a simulated device: one turn per call, so Alexa's own APIs (the device's
time zone, the Reminders API) stand on loopback for that turn only, and what Alexa remembers
between turns (the Alexa app's reminders, a permission question waiting for its answer) is
kept in the state file. `chat` holds the same APIs for its whole run instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import locales
from alexa.simulator.apis import SimulatedAlexaApi
from alexa.simulator.chat import allows, answer_permission, permission_question
from alexa.simulator.session import DEFAULT_URL, Exchange, matcher_for, say, utc_now
from alexa.simulator.state import SimulatorState


def say_on_device(
    text: str,
    *,
    url: str = DEFAULT_URL,
    state_file: Path,
    new_session: bool = False,
    person: str | None = None,
    tz: str | None = None,
    locale: str | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> tuple[list[str], Exchange, list[str]]:
    """One turn as `say` does it, with the device's APIs up for it. Returns what the Alexa app
    showed during the turn (a reminder set or deleted), the exchange, and what Alexa itself
    says after the skill (its permission question).

    When the last turn ended with Alexa asking for the reminders permission, `text` is the
    person's answer to Alexa ("yes" allows it), as it is in `chat`.
    """
    notes: list[str] = []
    state = SimulatorState.load(state_file)
    api = SimulatedAlexaApi(tz or state.tz or "UTC", notes.append)
    api.reminders.update(state.reminders)
    api.start()
    try:
        if state.asking_permission:
            state.asking_permission = False
            state.save(state_file)
            matcher = matcher_for(locale or state.locale)  # "sí" allows it too
            exchange = answer_permission(
                allows(text, matcher), url=url, state_file=state_file, person=person,
                clock=clock, api_endpoint=api.url,
            )  # fmt: skip
        else:
            exchange = say(
                text, url=url, state_file=state_file, new_session=new_session, person=person,
                tz=tz, locale=locale, clock=clock, api_endpoint=api.url,
            )  # fmt: skip
        _settle(api)
    finally:
        api.stop()
        state = SimulatorState.load(state_file)
        state.reminders = dict(api.reminders)
        state.save(state_file)
    if "Connections.SendRequest" not in exchange.directives:
        return notes, exchange, []
    state.asking_permission = True
    state.save(state_file)
    return notes, exchange, [permission_question(locale or state.locale or locales.DEFAULT)]


def _settle(api: SimulatedAlexaApi, *, quiet: float = 0.3, most: float = 2.0) -> None:
    """Keep Alexa's APIs up until the skill has stopped calling them: it checks a device's
    time zone in the background just after answering, and a check that found nobody would
    count for the whole day."""
    deadline = time.monotonic() + most
    seen, last = len(api.calls), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - last < quiet:
        time.sleep(0.05)
        if len(api.calls) != seen:
            seen, last = len(api.calls), time.monotonic()
