"""The one path every message takes: claim, re-check consent, compose, send, mark.

Each delivery is claimed under its idempotency key first, so a job run twice (a retry, a
duplicate enqueue, a second scheduler) sends once; consent is read in the same round trip as
the claim, right before the message is composed and sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from rq import get_current_job

from journal import StorageUnavailable
from sharing.mail import MailError
from sharing.records import Due, Recipient
from worker.context import Context

log = logging.getLogger(__name__)


class DeliveryBusy(Exception):
    """Another worker holds this delivery's claim; the job is retried after its back-off."""


def final_attempt() -> bool:
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


def deliver(
    ctx: Context,
    owner: str,
    what: str,
    recipient_id: str,
    purpose: str,
    compose: Callable[[Recipient], EmailMessage | None],
    job: tuple[str, list[Any]],
    *,
    then: tuple[Due, datetime] | None = None,
    send: Callable[[EmailMessage], None] | None = None,
) -> str:
    """Claim, re-check consent, compose, send, mark: the one path every message takes.

    `then` is a weekly send's place in the schedule and where it moves once this send is
    done, is found done already, or has failed for good. `send` is the connection to send
    over (a batch's one SMTP session); by default the transport's own, one per message."""
    claim = ctx.sharing.recipients.claim(
        owner, what, recipient_id, purpose, lease_seconds=ctx.lease_seconds
    )
    lease = claim.lease
    if lease is None and claim.sent:
        if then is not None:  # sent before, by a worker that died before moving on
            ctx.sharing.ledger.advance(*then)
        return "already sent"
    if lease is None:
        # Someone holds the claim: a live sender, or a dead one whose lease will lapse. A
        # weekly digest is queued again by the scheduler until it is sent; anything else is
        # retried with back-off, or a send whose worker died would be lost.
        if then is not None:
            return "busy"
        if final_attempt():
            ctx.sharing.ledger.record_failure(
                owner, job[0], job[1], DeliveryBusy.__name__, purpose=purpose
            )
        raise DeliveryBusy(what.split("-", 1)[-1])
    if claim.recipient is None:
        ctx.sharing.ledger.release(owner, what, lease)
        log.info("not sent: consent for %s is missing", purpose)
        return "no consent"
    try:
        message = compose(claim.recipient)
    except BaseException:
        ctx.sharing.ledger.release(owner, what, lease)
        raise
    if message is None:
        ctx.sharing.ledger.mark_sent(owner, what, then=then)
        return "nothing to send"
    try:
        with _kept(ctx, owner, what, lease):
            (send or ctx.transport.send)(message)
    except MailError as exc:
        ctx.sharing.ledger.release(owner, what, lease)
        if final_attempt():
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
