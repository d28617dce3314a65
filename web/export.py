""" "Send me my wins": a short-lived link to a page where a person downloads their journal.

The token is encrypted and timestamped with a key derived from the app's secret, so the
owner key inside it can't be read, the link can't be forged, and it stops working after
15 minutes. It also names a nonce kept under the person's keys: asking again replaces it,
and erasing everything ends it at once.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, render_template

import locales
from journal import Journal, JournalError
from journal.export import render_text
from sharing.export import render_sharing_text, with_sharing
from sharing.tokens import Tokens
from web import words
from web.pages import page, private
from web.words import t

log = logging.getLogger(__name__)

EXPORT_MINUTES = 15

pages = Blueprint("exports", __name__)


class ExportLinks:
    """Makes and checks the export links."""

    def __init__(
        self, secret: bytes, public_url: str, clock: Callable[[], datetime], journal: Journal
    ) -> None:
        # Links age by the app's clock, like every other time in the app.
        self._tokens = Tokens(
            secret, clock, info=b"smallwins-export", lifetimes={"export": EXPORT_MINUTES * 60}
        )
        self._base = public_url.rstrip("/")
        self._journal = journal

    def link_for(self, owner: str, locale: str = locales.DEFAULT) -> str:
        """A link to the export page, in the language the person asked in."""
        nonce = secrets.token_urlsafe(12)
        self._journal.open_export(owner, nonce, seconds=EXPORT_MINUTES * 60)
        link = f"{self._base}/export/{self._tokens.make('export', o=owner, n=nonce)}"
        return link if locale == locales.DEFAULT else f"{link}?locale={locale}"

    def owner_of(self, token: str) -> str | None:
        """The owner a live token was made for; None when forged, expired or withdrawn."""
        data = self._tokens.read("export", token, "o", "n")
        if data is None:
            return None
        owner, nonce = data["o"], data["n"]
        return owner if self._journal.export_open(owner, nonce) else None


def _context() -> tuple[ExportLinks, Journal]:
    state = current_app.extensions["smallwins"]
    return state.export_links, state.journal


@pages.get("/export/<token>")
def downloads(token: str) -> Any:
    links, journal = _context()
    owner = links.owner_of(token)
    if owner is None:
        title = t("export_expired_title")
        return page("export.html", 410, title=title, token=None, minutes=EXPORT_MINUTES)
    return page(
        "export.html", title=t("export_title"), token=token, count=journal.count(owner),
        minutes=EXPORT_MINUTES,
    )  # fmt: skip


@pages.get("/export/<token>/wins.<kind>")
def download(token: str, kind: str) -> Any:
    links, journal = _context()
    owner = links.owner_of(token)
    if owner is None or kind not in ("json", "txt"):
        gone = render_template("export_gone.txt")
        return private(Response(gone, status=410, mimetype="text/plain"))
    data = with_sharing(
        journal.export(owner), current_app.extensions["sharing-pages"].sharing, owner
    )
    if kind == "json":
        body, mimetype = json.dumps(data, indent=2, ensure_ascii=False), "application/json"
    else:
        # In the language the page was asked in: its links keep `?locale=`.
        locale = words.current()
        body = render_text(data, locale) + render_sharing_text(data, locale)
        mimetype = "text/plain"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="small-wins.{kind}"'
    return private(response)


@pages.errorhandler(JournalError)
def journal_unavailable(exc: JournalError) -> Any:
    """Storage down or a key missing: say so, and log the kind of failure, never the URL
    (it holds a live token)."""
    log.warning("export page could not read the journal: %s", type(exc).__name__)
    return page(
        "export.html", 503, title=t("export_unavailable_title"), token=None,
        minutes=EXPORT_MINUTES, unavailable=True,
    )  # fmt: skip
