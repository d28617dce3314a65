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

from flask import Blueprint, Response, current_app, render_template_string

from journal import Journal, JournalError
from journal.export import render_text
from sharing.export import render_sharing_text, with_sharing
from sharing.tokens import Tokens

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

    def link_for(self, owner: str) -> str:
        nonce = secrets.token_urlsafe(12)
        self._journal.open_export(owner, nonce, seconds=EXPORT_MINUTES * 60)
        return f"{self._base}/export/{self._tokens.make('export', o=owner, n=nonce)}"

    def owner_of(self, token: str) -> str | None:
        """The owner a live token was made for; None when forged, expired or withdrawn."""
        data = self._tokens.read("export", token, "o", "n")
        if data is None:
            return None
        owner, nonce = data["o"], data["n"]
        return owner if self._journal.export_open(owner, nonce) else None


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ title }} · Small Wins</title>
<style>
  body { font: 1.1rem/1.6 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto;
         padding: 0 1rem; color: #1d2a2a; background: #fbfaf7; }
  h1 { font-size: 1.5rem; }
  a.button { display: inline-block; margin: .5rem .5rem .5rem 0; padding: .7rem 1.1rem;
             background: #275d57; color: #fff; border-radius: .4rem; text-decoration: none; }
  a.button:focus { outline: 3px solid #e0a100; outline-offset: 2px; }
  p.small { font-size: .95rem; color: #4a5656; }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
{% if token %}
<p>Here is everything Small Wins keeps for you: {{ count }} {{ "win" if count == 1 else "wins" }},
with what helped and how it felt.</p>
<p>
  <a class="button" href="{{ url_for('exports.download', token=token, kind='json') }}"
     download>Download as JSON</a>
  <a class="button" href="{{ url_for('exports.download', token=token, kind='txt') }}"
     download>Download as plain text</a>
</p>
<p class="small">This link stops working {{ minutes }} minutes after you asked for it.
To get a new one, say "Alexa, ask Small Wins to send me my wins".</p>
{% elif unavailable %}
<p>Your journal can't be reached right now. Nothing is lost; please try this link again in a
few minutes.</p>
{% else %}
<p>This link has expired or is not valid. Links work for {{ minutes }} minutes.
Ask for a new one by saying "Alexa, ask Small Wins to send me my wins".</p>
{% endif %}
</main>
</body>
</html>
"""


def _context() -> tuple[ExportLinks, Journal]:
    state = current_app.extensions["smallwins"]
    return state.export_links, state.journal


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@pages.get("/export/<token>")
def page(token: str) -> Any:
    links, journal = _context()
    owner = links.owner_of(token)
    if owner is None:
        html = render_template_string(
            _PAGE, title="Link expired", token=None, minutes=EXPORT_MINUTES
        )
        return _private(Response(html, status=410, mimetype="text/html"))
    html = render_template_string(
        _PAGE, title="Your wins", token=token, count=journal.count(owner), minutes=EXPORT_MINUTES
    )
    return _private(Response(html, mimetype="text/html"))


@pages.get("/export/<token>/wins.<kind>")
def download(token: str, kind: str) -> Any:
    links, journal = _context()
    owner = links.owner_of(token)
    if owner is None or kind not in ("json", "txt"):
        return _private(
            Response("This link has expired or is not valid.\n", status=410, mimetype="text/plain")
        )
    data = with_sharing(
        journal.export(owner), current_app.extensions["sharing-pages"].sharing, owner
    )
    if kind == "json":
        body, mimetype = json.dumps(data, indent=2, ensure_ascii=False), "application/json"
    else:
        body, mimetype = render_text(data) + render_sharing_text(data), "text/plain"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="small-wins.{kind}"'
    return _private(response)


@pages.errorhandler(JournalError)
def journal_unavailable(exc: JournalError) -> Any:
    """Storage down or a key missing: say so, and log the kind of failure, never the URL
    (it holds a live token)."""
    log.warning("export page could not read the journal: %s", type(exc).__name__)
    html = render_template_string(
        _PAGE, title="Try again in a few minutes", token=None, minutes=EXPORT_MINUTES,
        unavailable=True,
    )  # fmt: skip
    return _private(Response(html, status=503, mimetype="text/html"))
