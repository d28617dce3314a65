"""Mail: messages composed from templates (plain text and HTML), sent over SMTP.

Every message is calm and neutral on the outside: the subject and sender never mention
addiction or recovery, since a subject line shows on lock screens and shared computers. There
is no tracking: no remote images, no pixels, no per-click redirects. Every message to a
recipient carries a one-click unsubscribe (RFC 8058) and, for wins, a "send a cheer" link.

One module a little over 300 lines: composing and sending share the message's headers and
the one SMTP connection a batch of weekly notes travels over.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

import locales
from journal import Win
from locales import speaking
from sharing.digests import Entry
from sharing.records import Group, Recipient
from sharing.schedule import Week
from sharing.tokens import Tokens

SMTP_TIMEOUT_SECONDS = 30
# Long link headers stay whole: folded into encoded words, List-Unsubscribe would break.
_POLICY = SMTP.clone(max_line_length=998)

_env = Environment(
    loader=PackageLoader("sharing", "templates/mail"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # Templates ship with the package and never change under a running worker.
    auto_reload=False,
)


class Words:
    """The words of one locale's messages (`locales/<locale>/mail.toml`), for the templates."""

    def __init__(self, locale: str) -> None:
        self.locale = locale if locale in locales.available() else locales.DEFAULT
        self._words = speaking.table(self.locale, "mail")

    def __call__(self, key: str, **values: object) -> str:
        return self._words[key].format(**values)

    def day(self, day: date) -> str:
        return speaking.written_day(self.locale, day)


class MailError(Exception):
    """The mail server could not take the message now; the send is retried later.

    `lost`: the connection went with it, so nothing more can be sent over it."""

    def __init__(self, kind: str, *, lost: bool = False) -> None:
        super().__init__(kind)
        self.lost = lost


@dataclass(frozen=True)
class Links:
    cheer: str | None = None
    unsubscribe: str | None = None
    confirm: str | None = None


# The sender's name in the default `SMALLWINS_MAIL_FROM`; each locale's mail words say it.
_PRODUCT = "Small Wins"


class Composer:
    """Builds each kind of message for one recipient, links and headers included."""

    def __init__(self, *, public_url: str, mail_from: str, tokens: Tokens) -> None:
        self._base = public_url.rstrip("/")
        self._from = mail_from
        self._tokens = tokens
        name, address = parseaddr(mail_from)
        # The product's own name is said in the recipient's language ("Pequeños Logros"); a
        # name the operator chose is theirs, and kept as it is.
        self._from_address = address if name == _PRODUCT else None
        domain = address.rpartition("@")[2] or "localhost"
        self._domain = domain
        # Compiled now, in the worker before RQ forks a work horse per job: each horse
        # inherits them instead of compiling six templates for every message.
        for name in _env.list_templates():
            _env.get_template(name)

    def confirmation(
        self, owner: str, recipient: Recipient, sender: str | None, locale: str = locales.DEFAULT
    ) -> EmailMessage:
        token = self._tokens.make("confirm", o=owner, r=recipient.id, n=recipient.nonce)
        links = Links(confirm=f"{self._base}/confirm/{token}")
        w = Words(locale)
        return self._message(
            "confirm", w("confirm_subject"), owner, recipient, f"confirm-{recipient.nonce}",
            links, w, sender=sender, unsubscribe=False,
        )  # fmt: skip

    def share(
        self,
        owner: str,
        recipient: Recipient,
        sender: str | None,
        win: Win,
        locale: str = locales.DEFAULT,
    ) -> EmailMessage:
        w = Words(locale)
        sender = sender or w("your_friend")
        return self._message(
            "share", w("share_subject", sender=sender), owner, recipient, f"share-{win.id}",
            self._links(owner, recipient), w, sender=sender,
            entry=Entry(day=win.day, text=win.text, helped=win.helped),
        )  # fmt: skip

    def digest(
        self,
        owner: str,
        recipient: Recipient,
        sender: str | None,
        week: Week,
        entries: list[Entry],
        locale: str = locales.DEFAULT,
    ) -> EmailMessage:
        w = Words(locale)
        sender = sender or w("your_friend")
        count = len(entries)
        subject = w("digest_subject_one" if count == 1 else "digest_subject", sender=sender,
                    count=count)  # fmt: skip
        return self._message(
            "digest", subject, owner, recipient, f"digest-{week.label}",
            self._links(owner, recipient), w, sender=sender, week=week, entries=entries,
        )  # fmt: skip

    def group_digest(
        self,
        owner: str,
        recipient: Recipient,
        group: Group,
        week: Week,
        entries: list[Entry],
        locale: str = locales.DEFAULT,
    ) -> EmailMessage:
        w = Words(locale)
        links = Links(unsubscribe=self._unsubscribe(owner, recipient))
        return self._message(
            "group", w("group_subject", group=group.name), owner, recipient,
            f"group-{week.label}", links, w, group=group.name, week=week, entries=entries,
        )  # fmt: skip

    def _unsubscribe(self, owner: str, recipient: Recipient) -> str:
        token = self._tokens.make("unsubscribe", o=owner, r=recipient.id)
        return f"{self._base}/unsubscribe/{token}"

    def _links(self, owner: str, recipient: Recipient) -> Links:
        cheer = self._tokens.make("cheer", o=owner, r=recipient.id)
        return Links(
            cheer=f"{self._base}/cheer/{cheer}", unsubscribe=self._unsubscribe(owner, recipient)
        )

    def _message(
        self,
        template: str,
        subject: str,
        owner: str,
        recipient: Recipient,
        what: str,
        links: Links,
        words: Words,
        *,
        unsubscribe: bool = True,
        **context: Any,
    ) -> EmailMessage:
        values = {
            "recipient": recipient.name, "links": links, "w": words, "day": words.day,
            "lang": words.locale.split("-")[0], **context,
        }  # fmt: skip
        msg = EmailMessage(policy=_POLICY)
        msg["Subject"] = subject
        msg["From"] = (
            Address(display_name=words("from_name"), addr_spec=self._from_address)
            if self._from_address
            else self._from
        )
        msg["To"] = Address(display_name=recipient.name, addr_spec=recipient.email)
        msg["Date"] = format_datetime(datetime.now(UTC))
        # The same message always has the same id, so a copy sent twice (a crash between the
        # server's "OK" and our note of it) is recognised as one by mail clients.
        digest = hashlib.sha256(f"{owner}/{recipient.id}/{what}".encode()).hexdigest()[:32]
        msg["Message-ID"] = f"<{digest}@{self._domain}>"
        msg["Auto-Submitted"] = "auto-generated"
        if unsubscribe and links.unsubscribe:
            msg["List-Unsubscribe"] = f"<{links.unsubscribe}>"
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg.set_content(_env.get_template(f"{template}.txt").render(values))
        msg.add_alternative(_env.get_template(f"{template}.html").render(values), subtype="html")
        return msg


class SmtpTransport:
    """Sends over SMTP: `smtp://` upgrades with STARTTLS when the server offers it, `smtps://`
    starts with TLS; a user and password in the URL log in."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = SMTP_TIMEOUT_SECONDS,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """`tls` replaces the system's trust store (a private mail relay's own CA)."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("an SMTP URL looks like smtp://host:port or smtps://host:port")
        self._tls = parts.scheme == "smtps"
        self._host = parts.hostname
        self._port = parts.port or (465 if self._tls else 25)
        self._user = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._timeout = timeout
        # Loading the system's trust store takes tens of milliseconds: once, not per message.
        self._context = tls or ssl.create_default_context()

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server; `MailError` if it did not take it."""
        with self.session() as session:
            session.send(message)

    @contextmanager
    def session(self) -> Iterator[SmtpSession]:
        """One connection for several messages (a batch of digests): the handshake, STARTTLS
        and login are paid once, on the first send; the connection closes on leaving."""
        session = SmtpSession(self._connect)
        try:
            yield session
        finally:
            session.close()

    def _connect(self) -> smtplib.SMTP:
        context = self._context
        if self._tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self._host, self._port, timeout=self._timeout, context=context
            )
        else:
            client = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        try:
            client.ehlo()
            if not self._tls and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if self._user is not None:
                client.login(self._user, self._password or "")
        except BaseException:
            client.close()
            raise
        return client


class SmtpSession:
    """Messages sent over one SMTP connection, opened on the first send.

    A refusal of one message (its recipient, its data) leaves the connection usable: smtplib
    resets the transaction, and the next message goes as usual. Anything else (the server
    gone, a timeout, a broken TLS stream) loses the connection: `MailError.lost` says so, and
    the session sends nothing more."""

    def __init__(self, connect: Callable[[], smtplib.SMTP]) -> None:
        self._connect = connect
        self._client: smtplib.SMTP | None = None
        self.lost = False

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server; `MailError` if it did not take it."""
        if self.lost:
            raise MailError("SMTPServerDisconnected", lost=True)
        try:
            if self._client is None:
                self._client = self._connect()
            self._client.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as exc:
            # The server said no to this message and reset the transaction; unless it also
            # hung up (421), the next message can go on the same connection.
            if self._client is None or getattr(self._client, "sock", None) is None:
                self._lose()
            raise MailError(type(exc).__name__, lost=self.lost) from None
        except (smtplib.SMTPException, OSError) as exc:
            # Only the failure's kind: smtplib's own exception quotes the address, and a chained
            # one would reach RQ's logs and stored results.
            self._lose()
            raise MailError(type(exc).__name__, lost=True) from None

    def _lose(self) -> None:
        self.lost = True
        self.close()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        with suppress(smtplib.SMTPException, OSError):
            if self.lost:
                client.close()
            else:
                client.quit()
