""" "Send me my wins": a short-lived signed link to a page where a person downloads their journal.

The link carries the owner key, signed and timestamped with the app's secret, so it needs no
server-side state and cannot be forged or reused after it expires. It never carries an Alexa id.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, render_template_string
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from journal import Journal

EXPORT_MINUTES = 15

pages = Blueprint("exports", __name__)


class ExportLinks:
    """Makes and checks the signed export links."""

    def __init__(self, secret: bytes, public_url: str, clock: Callable[[], datetime]) -> None:
        class ClockedSigner(TimestampSigner):
            # Links age by the app's clock, the one every other time in the app comes from.
            def get_timestamp(self) -> int:
                return int(clock().timestamp())

        self._signer = URLSafeTimedSerializer(secret, salt="smallwins-export", signer=ClockedSigner)
        self._base = public_url.rstrip("/")

    def link_for(self, owner: str) -> str:
        return f"{self._base}/export/{self._signer.dumps(owner)}"

    def owner_of(self, token: str) -> str | None:
        """The owner a token was made for; None when it is forged or older than its lifetime."""
        try:
            owner = self._signer.loads(token, max_age=EXPORT_MINUTES * 60)
        except (SignatureExpired, BadSignature):
            return None
        return owner if isinstance(owner, str) else None


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
    if kind == "json":
        body, mimetype = (
            json.dumps(journal.export(owner), indent=2, ensure_ascii=False),
            "application/json",
        )
    else:
        body, mimetype = journal.export_text(owner), "text/plain"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="small-wins.{kind}"'
    return _private(response)
