"""The job functions RQ runs. Each takes ids, loads fresh state and checks consent when it
runs; each delivery is claimed under its idempotency key first, so a job run twice (a retry,
a duplicate enqueue, a second scheduler) sends once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from rq import get_current_job

import locales
from journal import StorageUnavailable
from sharing import ConsentMissing
from sharing.digests import group_entries, weekly_entries
from sharing.mail import MailError
from sharing.outbox import JobName
from sharing.records import Due, Recipient
from sharing.schedule import next_due, week_of
from worker.context import Context, current

log = logging.getLogger(__name__)


class DeliveryBusy(Exception):
    """Another worker holds this delivery's claim; the job is retried after its back-off."""


def _final_attempt() -> bool:
    job = get_current_job()
    return job is None or not job.retries_left


@contextmanager
def _kept(ctx: Context, owner: str, what: str, lease: str) -> Iterator[None]:
    """Renew the claim while the send runs: the lease can then be short, so a claim whose
    worker died lapses within `ctx.lease_seconds` and the delivery is taken up again."""
    done = threading.Event()

    def renew() -> None:
        while not done.wait(ctx.lease_seconds / 3):
            # A missed beat is tried again at the next; the send itself decides the outcome.
            with suppress(StorageUnavailable):
                ctx.sharing.ledger.renew(owner, what, lease, lease_seconds=ctx.lease_seconds)

    beat = threading.Thread(target=renew, name="lease", daemon=True)
    beat.start()
    try:
        yield
    finally:
        done.set()
        beat.join()


def _deliver(
    ctx: Context,
    owner: str,
    what: str,
    recipient_id: str,
    purpose: str,
    compose: Callable[[Recipient], EmailMessage | None],
    job: tuple[str, list[Any]],
    *,
    then: tuple[Due, datetime] | None = None,
) -> str:
    """Claim, re-check consent, compose, send, mark: the one path every message takes.

    `then` is a weekly send's place in the schedule and where it moves once this send is
    done, is found done already, or has failed for good."""
    lease = ctx.sharing.ledger.claim(owner, what, lease_seconds=ctx.lease_seconds)
    if lease is None and ctx.sharing.ledger.delivered(owner, what):
        if then is not None:  # sent before, by a worker that died before moving on
            ctx.sharing.ledger.advance(*then)
        return "already sent"
    if lease is None:
        # Someone holds the claim: a live sender, or a dead one whose lease will lapse. A
        # weekly digest is queued again by the scheduler until it is sent; anything else is
        # retried with back-off, or a send whose worker died would be lost.
        if then is not None:
            return "busy"
        if _final_attempt():
            ctx.sharing.ledger.record_failure(
                owner, job[0], job[1], DeliveryBusy.__name__, purpose=purpose
            )
        raise DeliveryBusy(what.split("-", 1)[-1])
    try:
        recipient = ctx.sharing.recipients.consent(owner, recipient_id, purpose)
        message = compose(recipient)
    except ConsentMissing:
        ctx.sharing.ledger.release(owner, what, lease)
        log.info("not sent: consent for %s is missing", purpose)
        return "no consent"
    except BaseException:
        ctx.sharing.ledger.release(owner, what, lease)
        raise
    if message is None:
        ctx.sharing.ledger.mark_sent(owner, what, then=then)
        return "nothing to send"
    try:
        with _kept(ctx, owner, what, lease):
            ctx.transport.send(message)
    except MailError as exc:
        ctx.sharing.ledger.release(owner, what, lease)
        if _final_attempt():
            ctx.sharing.ledger.record_failure(owner, job[0], job[1], str(exc), purpose=purpose)
            log.warning("delivery failed after every retry (%s); kept for the operator", exc)
            if then is not None:
                ctx.sharing.ledger.advance(*then)
        else:
            log.info("delivery failed (%s); it will be retried", exc)
        raise
    ctx.sharing.ledger.mark_sent(owner, what, then=then, counted=purpose)
    log.info("delivered a %s message", purpose)
    return "sent"


def send_confirmation(owner: str, recipient_id: str) -> str:
    """The double opt-in mail: a link the recipient opens to confirm their address."""
    ctx = current()
    recipient = ctx.sharing.recipients.get(owner, recipient_id)
    if recipient is None:
        return "no recipient"
    return _deliver(
        ctx, owner, f"{recipient_id}-c{recipient.nonce}", recipient_id, "confirm",
        lambda now: _confirmation(ctx, owner, now),
        (JobName.SEND_CONFIRMATION, [owner, recipient_id]),
    )  # fmt: skip


def _confirmation(ctx: Context, owner: str, recipient: Recipient) -> EmailMessage:
    me = ctx.sharing.recipients.me(owner)
    return ctx.composer.confirmation(owner, recipient, me.name, me.locale or locales.DEFAULT)


def deliver_share(owner: str, recipient_id: str, win_id: str) -> str:
    """One win, shared now because the person asked."""
    ctx = current()

    def compose(recipient: Recipient) -> EmailMessage | None:
        win = ctx.journal.get(owner, win_id)
        if win is None:  # deleted since: nothing to share
            return None
        me = ctx.sharing.recipients.me(owner)
        return ctx.composer.share(owner, recipient, me.name, win, me.locale or locales.DEFAULT)

    return _deliver(
        ctx, owner, f"{recipient_id}-w{win_id}", recipient_id, "share", compose,
        (JobName.DELIVER_SHARE, [owner, recipient_id, win_id]),
    )  # fmt: skip


def send_weekly(kind: str, owner: str, recipient_id: str, due: float) -> str:
    """A weekly digest (kind "d": to a buddy; "g": a group's, to one of its members)."""
    ctx = current()
    due_at = datetime.fromtimestamp(due, UTC)
    item = Due(kind, owner, recipient_id, due)
    me = ctx.sharing.recipients.me(owner)
    locale = me.locale or locales.DEFAULT
    if kind == "g":
        recipient = ctx.sharing.recipients.get(owner, recipient_id)
        group = ctx.sharing.groups.get(recipient.group) if recipient else None
        if recipient is None or group is None:
            ctx.sharing.ledger.unschedule(owner, kind, recipient_id)
            return "no group"
        tz, day, at = group.tz, group.day, group.time
    else:
        tz, day, at = ctx.zone_of(owner), me.day, me.time
    week = week_of(due_at, tz, day=day, at=at)
    following = next_due(day, at, tz, max(due_at, ctx.clock()))

    def compose(recipient: Recipient) -> EmailMessage | None:
        if kind == "g":
            entries = group_entries(ctx.journal, ctx.sharing, group.id, week)
            if not entries:
                return None
            return ctx.composer.group_digest(owner, recipient, group, week, entries, locale)
        entries = weekly_entries(ctx.journal, owner, week, recipient.since)
        if not entries:  # a quiet week is nobody's business: nothing is sent
            return None
        return ctx.composer.digest(owner, recipient, me.name, week, entries, locale)

    outcome = _deliver(
        ctx, owner, f"{recipient_id}-{week.label}", recipient_id,
        "group" if kind == "g" else "digest", compose,
        (JobName.SEND_WEEKLY, [kind, owner, recipient_id, due]), then=(item, following),
    )  # fmt: skip
    if outcome == "no consent":
        ctx.sharing.ledger.unschedule(owner, kind, recipient_id)
    return outcome
