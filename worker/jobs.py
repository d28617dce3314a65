"""The job functions RQ runs, by the names `sharing.outbox.JobName` gives them. Each takes
ids, loads fresh state and checks consent when it runs (`worker.delivery`); the weekly
digests' are in `worker.weekly`.
"""

from __future__ import annotations

from email.message import EmailMessage

import locales
from sharing.outbox import JobName
from sharing.records import Recipient
from worker.context import Context, current
from worker.delivery import deliver
from worker.weekly import send_digests, send_weekly

__all__ = ["deliver_share", "send_confirmation", "send_digests", "send_weekly"]


def send_confirmation(owner: str, recipient_id: str) -> str:
    """The double opt-in mail: a link the recipient opens to confirm their address."""
    ctx = current()
    recipient = ctx.sharing.recipients.get(owner, recipient_id)
    if recipient is None:
        return "no recipient"
    return deliver(
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

    return deliver(
        ctx, owner, f"{recipient_id}-w{win_id}", recipient_id, "share", compose,
        (JobName.DELIVER_SHARE, [owner, recipient_id, win_id]),
    )  # fmt: skip
