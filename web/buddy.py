"""The buddy web pages: an invite code or link → name and email → a confirmation mail whose
link completes the opt-in → a page that says what comes and how to stop; then cheers and
one-click unsubscribe from every message.

Server-rendered HTML that works without JavaScript: plain forms, labels on every field,
errors announced to screen readers, one column that reads on a phone. Every page is private
(`web.pages`). Links that are opened by mail scanners (confirm, unsubscribe) act only on
POST; the GET shows one button.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from typing import Any

from flask import Blueprint, Response, current_app, redirect, request, url_for

from journal import JournalError
from sharing.errors import ConsentMissing, NotFound, RateLimited
from sharing.outbox import Outbox
from sharing.records import MAX_CHEER_CHARS, MAX_NAME_CHARS, Me, Recipient
from sharing.schedule import spoken_when
from sharing.store import Sharing
from web.pages import page, private

log = logging.getLogger(__name__)

pages = Blueprint("sharing", __name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(
    r"^[^@\s<>()\[\],;:\"\\]{1,64}@[^@\s<>()\[\],;:\"\\.]+(\.[^@\s<>()\[\],;:\"\\.]+)+$"
)


@dataclass(frozen=True)
class PagesDeps:
    sharing: Sharing
    outbox: Outbox


def _deps() -> PagesDeps:
    return current_app.extensions["sharing-pages"]


def _message(
    title: str,
    *paragraphs: str,
    status: int = 200,
    tone: str = "",
    facts: Sequence[str] = (),
    after: Sequence[str] = (),
    footer: str | None = None,
) -> Response:
    return page(
        "message.html", status, title=title, paragraphs=paragraphs, tone=tone, facts=facts,
        after=after, footer=footer,
    )  # fmt: skip


def _gone(what: str = "link") -> Response:
    return _message(
        "This link doesn't work any more",
        f"This {what} has expired, was already used, or isn't valid.",
        'Ask the person who invited you for a new invite: they can say "Alexa, ask Small Wins '
        'to add a buddy".',
        status=410,
    )


def _client_id() -> str:
    """Who is trying codes, as a short hash: the address itself is never stored. An IPv6
    client is its /64, which one household or server gets whole: its addresses are one client."""
    address = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = None
    if ip is not None and ip.version == 6 and ip.ipv4_mapped is None:
        address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    elif ip is not None and ip.version == 6:
        address = str(ip.ipv4_mapped)
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def one_line(value: str) -> str:
    """Typed text as one line: control characters and runs of spaces become single spaces."""
    return " ".join(_CONTROL.sub(" ", value).split())


def valid_email(value: str) -> str | None:
    """The address when it is one a mail server would take (and holds nothing that could
    break a header), else None."""
    value = value.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        return None
    try:
        Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError):
        return None
    return value


def _sender(sharing: Sharing, owner: str) -> str:
    return _name(sharing.recipients.me(owner))


def _name(me: Me) -> str:
    return me.name or "Someone you know"


def _what(sharing: Sharing, owner: str, recipient: Recipient) -> tuple[str, list[str], str | None]:
    """What this recipient gets, in a phrase and as a list for the confirmed page, and whose
    wins they are (None for a group's note)."""
    if recipient.kind == "group":
        group = sharing.groups.get(recipient.group)
        name = group.name if group else "your group"
        return (
            f"the weekly note of {name}",
            [
                f"Once a week, the wins the members of {name} chose to share, "
                "by the names they chose.",
            ],
            None,
        )
    me = sharing.recipients.me(owner)
    sender, when = _name(me), spoken_when(me.day, me.time, every=True)
    return (
        f"{sender}'s small wins",
        [
            f"A short note whenever {sender} chooses to share a win with you.",
            f"If {sender} says yes, a weekly note on {when} with the week's wins "
            "and what helped. They'll be asked the next time they open Small Wins.",
            f"A link in each note to send {sender} a few words of encouragement.",
        ],
        sender,
    )


# -- invite: code, then name and email --------------------------------------------------------


@pages.get("/invite")
def enter_code() -> Response:
    return page("code.html", title="Enter your invite code")


@pages.post("/invite")
def check_code() -> Response:
    code = request.form.get("code", "")[:20]
    try:
        token = _deps().sharing.invites.by_code(code, _client_id())
    except RateLimited:
        return page(
            "code.html", 429, title="Enter your invite code",
            error="Too many tries. Please wait 15 minutes, then try again.",
        )  # fmt: skip
    except NotFound:
        return page(
            "code.html", 400, title="Enter your invite code", code=code,
            error="That code doesn't match an open invite. Codes have six digits and work for "
            "48 hours; check it with the person who gave it to you. If you're sure it's right, ask "
            "them to send you the invite link instead.",
        )  # fmt: skip
    return private(redirect(url_for("sharing.invite", token=token), code=303))  # type: ignore[arg-type]


@pages.get("/invite/<token>")
def invite(token: str) -> Response:
    sharing = _deps().sharing
    try:
        owner, _, fields = sharing.invites.read(token)
    except NotFound:
        return _gone("invite")
    if fields.get("recipient"):
        return _gone("invite")
    return _join_form(sharing, owner, fields["kind"])


def _join_form(
    sharing: Sharing, owner: str, kind: str, status: int = 200, **context: Any
) -> Response:
    title = "Get your group's weekly note" if kind == "group" else "You're invited"
    return page(
        "join.html", status, title=title, kind=kind, sender=_sender(sharing, owner),
        max_name=MAX_NAME_CHARS, **context,
    )  # fmt: skip


@pages.post("/invite/<token>")
def accept(token: str) -> Response:
    deps = _deps()
    name = one_line(request.form.get("name", ""))
    email = valid_email(request.form.get("email", ""))
    try:
        owner, _, fields = deps.sharing.invites.read(token)
    except NotFound:
        return _gone("invite")
    errors = []
    if not name or len(name) > MAX_NAME_CHARS:
        errors.append(f"Please give a first name, up to {MAX_NAME_CHARS} characters.")
    if email is None:
        errors.append("Please give an email address like name@example.org.")
    if errors:
        return _join_form(
            deps.sharing, owner, fields["kind"], 400, errors=errors, name=name,
            email=request.form.get("email", "")[:254],
            name_error=not name or len(name) > MAX_NAME_CHARS, email_error=email is None,
        )  # fmt: skip
    try:
        owner, recipient, _ = deps.sharing.invites.accept(token, name, email)  # type: ignore[arg-type]
    except NotFound:
        return _gone("invite")
    if not recipient.confirmed:
        # Also on a repeat: if queueing failed the first time, this is the mail's second
        # chance; the job id and the delivery's claim keep it to one mail.
        deps.outbox.confirmation(owner, recipient.id)
    return private(redirect(url_for("sharing.check_email"), code=303))  # type: ignore[arg-type]


@pages.get("/invite/sent")
def check_email() -> Response:
    return _message(
        "Check your email",
        "We've sent you a link. Open it and press Confirm to finish.",
        "It can take a minute to arrive; if it doesn't, look in your spam folder.",
        tone="done",
    )


# -- confirm ------------------------------------------------------------------------------------


def _confirm_target(token: str) -> tuple[str, Recipient, str] | None:
    data = _deps().sharing.tokens.read("confirm", token, "o", "r", "n")
    if data is None:
        return None
    recipient = _deps().sharing.recipients.get(data["o"], data["r"])
    if recipient is None or recipient.nonce != data["n"]:
        return None
    return data["o"], recipient, data["n"]


@pages.get("/confirm/<token>")
def confirmpage(token: str) -> Response:
    target = _confirm_target(token)
    if target is None:
        return _gone()
    owner, recipient, _ = target
    if recipient.confirmed:
        return _confirmed(owner, recipient, again=True)
    what, _, _ = _what(_deps().sharing, owner, recipient)
    return page("confirm.html", title="Confirm your address", email_hint=recipient.email, what=what)


@pages.post("/confirm/<token>")
def confirm(token: str) -> Response:
    target = _confirm_target(token)
    if target is None:
        return _gone()
    owner, recipient, nonce = target
    again = recipient.confirmed
    confirmed = _deps().sharing.recipients.confirm(owner, recipient.id, nonce)
    if confirmed is None:
        return _gone()
    return _confirmed(owner, confirmed, again=again)


def _confirmed(owner: str, recipient: Recipient, *, again: bool) -> Response:
    sharing = _deps().sharing
    _, facts, _ = _what(sharing, owner, recipient)
    first = "You had already confirmed: nothing more to do." if again else "You're confirmed."
    return _message(
        "You're all set",
        first,
        "What you'll receive:",
        tone="done",
        facts=facts,
        after=(
            "How to stop: every note has an unsubscribe link. One click, and nothing more "
            "comes to you.",
        ),
    )


# -- cheers ------------------------------------------------------------------------------------


def _cheer_target(token: str) -> tuple[str, Recipient] | None:
    sharing = _deps().sharing
    data = sharing.tokens.read("cheer", token, "o", "r")
    if data is None:
        return None
    try:
        return data["o"], sharing.recipients.consent(data["o"], data["r"], "share")
    except ConsentMissing:
        return None


@pages.get("/cheer/<token>")
def cheerpage(token: str) -> Response:
    target = _cheer_target(token)
    if target is None:
        return _gone()
    owner, _ = target
    return page(
        "cheer.html", title="Send a cheer", sender=_sender(_deps().sharing, owner),
        max_chars=MAX_CHEER_CHARS,
    )  # fmt: skip


@pages.post("/cheer/<token>")
def cheer(token: str) -> Response:
    target = _cheer_target(token)
    if target is None:
        return _gone()
    owner, recipient = target
    sharing = _deps().sharing
    sender = _sender(sharing, owner)
    message = one_line(request.form.get("message", ""))
    error = None
    if not message:
        error = "Please write a few words."
    elif len(message) > MAX_CHEER_CHARS:
        error = f"That's a little long: please keep it to {MAX_CHEER_CHARS} characters."
    if error:
        return page(
            "cheer.html", 400, title="Send a cheer", sender=sender, max_chars=MAX_CHEER_CHARS,
            error=error, message=message[: MAX_CHEER_CHARS * 2],
        )  # fmt: skip
    try:
        sharing.news.cheer(owner, recipient.id, message)
    except RateLimited:
        return _message(
            "That's plenty for today",
            f"{sender} has a few cheers from you waiting already. You can send another tomorrow.",
            status=429,
        )
    except ConsentMissing:
        return _gone()
    return _message(
        "Cheer sent",
        f"Thank you. {sender} will hear it the next time they open Small Wins.",
        tone="done",
    )


# -- unsubscribe (RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click") --------------


def _unsubscribe_target(token: str) -> tuple[str, str] | None:
    data = _deps().sharing.tokens.read("unsubscribe", token, "o", "r")
    if data is None:
        return None
    return data["o"], data["r"]


@pages.get("/unsubscribe/<token>")
def unsubscribepage(token: str) -> Response:
    target = _unsubscribe_target(token)
    if target is None:
        return _gone()
    owner, recipient_id = target
    sharing = _deps().sharing
    recipient = sharing.recipients.get(owner, recipient_id)
    if recipient is None:
        return _unsubscribed(again=True)
    what, _, sender = _what(sharing, owner, recipient)
    return page("unsubscribe.html", title="Unsubscribe", what=what, sender=sender)


@pages.post("/unsubscribe/<token>")
def unsubscribe(token: str) -> Response:
    target = _unsubscribe_target(token)
    if target is None:
        return _gone()
    owner, recipient_id = target
    sharing = _deps().sharing
    gone = sharing.recipients.unsubscribe(owner, recipient_id)
    log.info("a recipient unsubscribed")
    sender = _sender(sharing, owner) if gone is not None and gone.kind != "group" else None
    return _unsubscribed(again=gone is None, sender=sender)


def _unsubscribed(*, again: bool, sender: str | None = None) -> Response:
    paragraphs = [
        "You were already unsubscribed." if again else "Done. No more notes will come to you.",
        "Your address has been deleted from Small Wins.",
    ]
    if sender:  # only a first unsubscribe from a buddy's wins names them
        paragraphs.append(
            f"{sender} will hear that you've stopped getting notes, "
            "the next time they open Small Wins."
        )
    return _message(
        "You're unsubscribed", *paragraphs, tone="done",
        footer="Small Wins keeps no tracking and shows no ads.",
    )  # fmt: skip


@pages.errorhandler(JournalError)
def unavailable(exc: JournalError) -> Response:
    """Storage down: say so; log the kind of failure, never the URL (it holds a token)."""
    log.warning("sharing page could not reach storage: %s", type(exc).__name__)
    return _message(
        "Please try again in a few minutes",
        "Small Wins can't be reached right now. Nothing you sent is lost.",
        status=503,
    )
