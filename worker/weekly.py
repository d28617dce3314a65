"""Weekly digests, sent in batches: one job carries several, over one SMTP connection.

A Sunday evening brings every note of a time zone due at the same minute. Per digest, the
queue's own work (a job to write, take, run and finish) and the mail server's greeting cost
more than the note itself, so the scheduler packs due digests into batches (`BATCH`) and a
batch is one job: its senders' settings are read in one round trip, a group's wins are read
once for all of its members in the batch, and every message goes over one connection.

Each digest still takes the one path every message takes (`worker.delivery.deliver`): its own
claim under its own idempotency key, consent read at the moment it is sent, its own mark once
the server took it. A batch cut short (the mail server went away, the worker died) leaves its
unsent digests unclaimed or with lapsing claims: the retry of the batch, or the scheduler's
next tick, sends those and finds the others already sent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import locales
from journal.zones import zone_named
from sharing.digests import Entry, group_entries, weekly_entries
from sharing.mail import MailError
from sharing.outbox import JobName
from sharing.records import Due, Group, Me, Recipient
from sharing.schedule import Week, next_due, week_of
from worker.context import Context, current
from worker.delivery import deliver, final_attempt

log = logging.getLogger(__name__)

# Digests a job carries: enough that the queue's and the connection's cost per digest fades,
# few enough that a batch is done in well under a second and a failure holds back few.
BATCH = 25


@dataclass(frozen=True)
class _Plan:
    """One digest of a batch, with what its sender's settings say about it."""

    due: Due
    me: Me
    week: Week
    following: datetime
    group: Group | None = None


def send_weekly(kind: str, owner: str, recipient_id: str, due: float) -> str:
    """A weekly digest alone (kind "d": to a buddy; "g": a group's, to one of its members):
    what `smallwins digest failures --retry` queues."""
    return send_digests([[kind, owner, recipient_id, due]])[0]


def send_digests(items: Sequence[Sequence[Any]]) -> list[str]:
    """A batch of weekly digests, each [kind, owner, recipient id, due]; returns each one's
    outcome, in order. Raises `MailError` when any could not be sent, after trying the others
    (unless the connection was lost), so the batch is retried: what was sent is then found
    sent, and only the rest goes."""
    ctx = current()
    dues = [Due(str(k), str(o), str(r), float(d)) for k, o, r, d in items]
    outcomes: list[str] = []
    failed: MailError | None = None
    untried: list[_Plan] = []
    groups: dict[tuple[str, str], list[Entry]] = {}
    with ctx.transport.session() as mail:
        for plan in _plans(ctx, dues):
            if isinstance(plan, str):
                outcomes.append(plan)
            elif failed is not None and failed.lost:
                # Not claimed: the batch's retry, or the scheduler, sends it.
                untried.append(plan)
                outcomes.append("not tried")
            else:
                try:
                    outcomes.append(_send(ctx, plan, groups, mail.send))
                except MailError as exc:
                    failed = exc
                    outcomes.append("failed")
    if failed is not None:
        if final_attempt():
            # The batch's last try: the digests it never reached are given up on with the one
            # that failed, kept for the operator (`digest failures --retry`), and moved on.
            for plan in untried:
                _give_up(ctx, plan, str(failed))
        raise failed
    ctx.outbox.carried(dues)
    return outcomes


def _plans(ctx: Context, dues: list[Due]) -> list[_Plan | str]:
    """Each digest's week and next due time; "no group" for a group's note whose group or
    seat is gone (it is unscheduled). The senders' settings in one round trip each."""
    owners = [due.owner for due in dues]
    mine = ctx.sharing.recipients.me_of(owners)
    zones = ctx.journal.profile_field_of(owners, "tz")
    plans: list[_Plan | str] = []
    for due in dues:
        due_at = datetime.fromtimestamp(due.at, UTC)
        me = mine[due.owner]
        group = None
        if due.kind == "g":
            recipient = ctx.sharing.recipients.get(due.owner, due.recipient)
            group = ctx.sharing.groups.get(recipient.group) if recipient else None
            if group is None:
                ctx.sharing.ledger.unschedule(due.owner, due.kind, due.recipient)
                plans.append("no group")
                continue
            tz, day, at = group.tz, group.day, group.time
        else:
            zone = zone_named(zones[due.owner])
            tz, day, at = (zone.key if zone else ctx.settings.zone_for(me.locale)), me.day, me.time
        week = week_of(due_at, tz, day=day, at=at)
        following = next_due(day, at, tz, max(due_at, ctx.clock()))
        plans.append(_Plan(due, me, week, following, group))
    return plans


def _send(
    ctx: Context,
    plan: _Plan,
    groups: dict[tuple[str, str], list[Entry]],
    send: Any,
) -> str:
    due, me, week, group = plan.due, plan.me, plan.week, plan.group
    locale = me.locale or locales.DEFAULT

    def compose(recipient: Recipient) -> EmailMessage | None:
        if group is not None:
            # A group's wins of the week are the same in every member's note: read once a
            # batch (the scheduler puts a group's members in the same batches).
            found = groups.get((group.id, week.label))
            if found is None:
                found = groups[(group.id, week.label)] = group_entries(
                    ctx.journal, ctx.sharing, group.id, week
                )
            if not found:
                return None
            return ctx.composer.group_digest(due.owner, recipient, group, week, found, locale)
        entries = weekly_entries(ctx.journal, due.owner, week, recipient.since)
        if not entries:  # a quiet week is nobody's business: nothing is sent
            return None
        return ctx.composer.digest(due.owner, recipient, me.name, week, entries, locale)

    outcome = deliver(
        ctx, due.owner, f"{due.recipient}-{week.label}", due.recipient,
        "group" if group is not None else "digest", compose,
        (JobName.SEND_WEEKLY, [due.kind, due.owner, due.recipient, due.at]),
        then=(due, plan.following), send=send,
    )  # fmt: skip
    if outcome == "no consent":
        ctx.sharing.ledger.unschedule(due.owner, due.kind, due.recipient)
    return outcome


def _give_up(ctx: Context, plan: _Plan, error: str) -> None:
    due = plan.due
    purpose = "group" if plan.group is not None else "digest"
    job = [due.kind, due.owner, due.recipient, due.at]
    ctx.sharing.ledger.record_failure(due.owner, JobName.SEND_WEEKLY, job, error, purpose=purpose)
    ctx.sharing.ledger.advance(due, plan.following)
