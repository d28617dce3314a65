"""The buddy web pages: an invite code or link → name and email → a confirmation mail whose
link completes the opt-in → a page that says what comes and how to stop; then cheers and
one-click unsubscribe from every message.

Server-rendered HTML that works without JavaScript: plain forms, labels on every field,
errors announced to screen readers, one column that reads on a phone. Every page is private
(`web.pages`). Links that are opened by mail scanners (confirm, unsubscribe) act only on
POST; the GET shows one button.

Longer than 300 lines because it is one journey (code, invite, accept, confirm, cheer,
unsubscribe) whose pages share the same form checks and refusals; their words are not in this file.
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
from locales import DEFAULT
from sharing.errors import ConsentMissing, NotFound, RateLimited
from sharing.outbox import Outbox
from sharing.records import MAX_CHEER_CHARS, MAX_NAME_CHARS, Me, Recipient
from sharing.schedule import spoken_when
from sharing.store import Sharing
from web import words
from web.pages import page, private
from web.safety import help_first
from web.words import t

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
    return _message(t("gone_title"), t(f"gone_{what}"), t("gone_ask"), status=410)


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
    """The person's name, and the page's language from theirs (unless the reader picked)."""
    me = sharing.recipients.me(owner)
    words.use(me.locale)
    return _name(me)


def _name(me: Me) -> str:
    return me.name or t("someone")


def _what(sharing: Sharing, owner: str, recipient: Recipient) -> tuple[str, list[str], str | None]:
    """What this recipient gets, in a phrase and as a list for the confirmed page, and whose
    wins they are (None for a group's note)."""
    me = sharing.recipients.me(owner)
    locale = words.use(me.locale)
    if recipient.kind == "group":
        group = sharing.groups.get(recipient.group)
        name = group.name if group else t("your_group")
        return t("what_group", group=name), [t("what_group_fact", group=name)], None
    sender = _name(me)
    when = spoken_when(me.day, me.time, every=True, locale=locale)
    facts = [
        t("what_buddy_share", sender=sender),
        t("what_buddy_weekly", sender=sender, when=when),
        t("what_buddy_cheer", sender=sender),
    ]
    return t("what_buddy", sender=sender), facts, sender


# -- invite: code, then name and email --------------------------------------------------------


@pages.get("/invite")
def enter_code() -> Response:
    return page("code.html", title=t("code_title"), keep=words.kept())


@pages.post("/invite")
def check_code() -> Response:
    code = request.form.get("code", "")[:20]
    try:
        token = _deps().sharing.invites.by_code(code, _client_id())
    except RateLimited:
        return page(
            "code.html", 429, title=t("code_title"), keep=words.kept(), error=t("code_too_many")
        )
    except NotFound:
        return page(
            "code.html", 400, title=t("code_title"), keep=words.kept(), code=code,
            error=t("code_wrong"),
        )  # fmt: skip
    target = url_for("sharing.invite", token=token, **words.kept())
    return private(redirect(target, code=303))  # type: ignore[arg-type]


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
    sender = _sender(sharing, owner)
    title = t("join_title_group") if kind == "group" else t("join_title")
    return page(
        "join.html", status, title=title, kind=kind, sender=sender, max_name=MAX_NAME_CHARS,
        **context,
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
    words.use(deps.sharing.recipients.me(owner).locale)
    errors = []
    if not name or len(name) > MAX_NAME_CHARS:
        errors.append(t("name_error", max=MAX_NAME_CHARS))
    if email is None:
        errors.append(t("email_error"))
    if errors:
        return _join_form(
            deps.sharing, owner, fields["kind"], 400, errors=errors, name=name,
            email=request.form.get("email", "")[:254],
            name_error=not name or len(name) > MAX_NAME_CHARS, email_error=email is None,
        )  # fmt: skip
    if help := help_first(name):
        return _join_form(
            deps.sharing, owner, fields["kind"], 200, help=help, name=name, email=email
        )
    try:
        owner, recipient, _ = deps.sharing.invites.accept(token, name, email)  # type: ignore[arg-type]
    except NotFound:
        return _gone("invite")
    if not recipient.confirmed:
        # Also on a repeat: if queueing failed the first time, this is the mail's second
        # chance; the job id and the delivery's claim keep it to one mail.
        deps.outbox.confirmation(owner, recipient.id)
    # The next page belongs to nobody: it keeps this one's language.
    here = words.current()
    target = url_for("sharing.check_email", **({"locale": here} if here != DEFAULT else {}))
    return private(redirect(target, code=303))  # type: ignore[arg-type]


@pages.get("/invite/sent")
def check_email() -> Response:
    return _message(t("sent_title"), t("sent_link"), t("sent_spam"), tone="done")


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
    return page("confirm.html", title=t("confirm_title"), email_hint=recipient.email, what=what)


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
    first = t("confirmed_again") if again else t("confirmed")
    return _message(
        t("confirmed_title"), first, t("confirmed_what"), tone="done", facts=facts,
        after=(t("confirmed_stop"),),
    )  # fmt: skip


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
    sender = _sender(_deps().sharing, owner)
    return page("cheer.html", title=t("cheer_title"), sender=sender, max_chars=MAX_CHEER_CHARS)


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
        error = t("cheer_empty")
    elif len(message) > MAX_CHEER_CHARS:
        error = t("cheer_long", max=MAX_CHEER_CHARS)
    if error:
        return page(
            "cheer.html", 400, title=t("cheer_title"), sender=sender, max_chars=MAX_CHEER_CHARS,
            error=error, message=message[: MAX_CHEER_CHARS * 2],
        )  # fmt: skip
    if help := help_first(message):
        return page(
            "cheer.html", title=t("cheer_title"), sender=sender, max_chars=MAX_CHEER_CHARS,
            help=help, message=message,
        )  # fmt: skip
    try:
        sharing.news.cheer(owner, recipient.id, message)
    except RateLimited:
        return _message(t("cheer_plenty_title"), t("cheer_plenty", sender=sender), status=429)
    except ConsentMissing:
        return _gone()
    return _message(t("cheer_sent_title"), t("cheer_sent", sender=sender), tone="done")


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
        words.use(sharing.recipients.me(owner).locale)
        return _unsubscribed(again=True)
    what, _, sender = _what(sharing, owner, recipient)
    return page("unsubscribe.html", title=t("unsubscribe_title"), what=what, sender=sender)


@pages.post("/unsubscribe/<token>")
def unsubscribe(token: str) -> Response:
    target = _unsubscribe_target(token)
    if target is None:
        return _gone()
    owner, recipient_id = target
    sharing = _deps().sharing
    gone = sharing.recipients.unsubscribe(owner, recipient_id)
    log.info("a recipient unsubscribed")
    name = _sender(sharing, owner)
    sender = name if gone is not None and gone.kind != "group" else None
    return _unsubscribed(again=gone is None, sender=sender)


def _unsubscribed(*, again: bool, sender: str | None = None) -> Response:
    paragraphs = [
        t("unsubscribed_again") if again else t("unsubscribed"),
        t("unsubscribed_deleted"),
    ]
    if sender:  # only a first unsubscribe from a buddy's wins names them
        paragraphs.append(t("unsubscribed_sender", sender=sender))
    return _message(t("unsubscribed_title"), *paragraphs, tone="done", footer=t("footer_short"))


@pages.errorhandler(JournalError)
def unavailable(exc: JournalError) -> Response:
    """Storage down: say so; log the kind of failure, never the URL (it holds a token)."""
    log.warning("sharing page could not reach storage: %s", type(exc).__name__)
    return _message(t("unavailable_title"), t("unavailable"), status=503)
