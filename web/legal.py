"""The privacy notice and terms of use (`/privacy`, `/terms`): the pages Alexa's store links
from the skill package, one per locale (`?locale=en-GB`), each naming that country's crisis
lines. They describe what the code does; the figures in them come from the code itself.

A page's text is long prose, so each language has its own template (`privacy.es.html`);
English is `privacy.html`, and a language without one reads it.

Same base template, stylesheet and headers as the buddy pages.
"""

from __future__ import annotations

import tomllib
from email.utils import parseaddr
from functools import cache
from typing import Any

from flask import Blueprint, Response, current_app, request

import locales
from sharing.outbox import JOB_MEMORY_SECONDS
from sharing.tokens import DAY, LIFETIMES
from web.export import EXPORT_MINUTES
from web.pages import page

pages = Blueprint("legal", __name__)


@pages.get("/privacy")
def privacy() -> Response:
    return _page("privacy.html")


@pages.get("/terms")
def terms() -> Response:
    return _page("terms.html")


def _page(template: str) -> Response:
    locale = _locale()
    stem, suffix = template.rsplit(".", 1)
    language = locale.split("-", 1)[0]
    return page(
        [f"{stem}.{language}.{suffix}", template],
        locale=locale,
        help_lines=help_lines(locale),
        contact=parseaddr(current_app.extensions["legal-contact"])[1],
        invite_hours=LIFETIMES["invite"] // 3600,
        confirm_days=LIFETIMES["confirm"] // DAY,
        cheer_days=LIFETIMES["cheer"] // DAY,
        delivery_days=JOB_MEMORY_SECONDS // DAY,
        export_minutes=EXPORT_MINUTES,
    )


def _locale() -> str:
    """The locale asked for (the skill package links each locale's own), else the browser's
    best match among ours, else the default."""
    ours = locales.available()
    asked = request.args.get("locale", "")
    if asked in ours:
        return asked
    return request.accept_languages.best_match(ours) or locales.DEFAULT


@cache
def help_lines(locale: str) -> tuple[str, ...]:
    """Where to get help in `locale`'s country, as the skill's crisis card prints it: the
    nearest `safety.card_text` along the locale's chain, one line each."""
    for name in locales.spoken_chain(locale):
        path = locales.folder(name) / "phrases" / "safety.toml"
        if path.is_file():
            table: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
            card = table.get("safety", {}).get("card_text")
            if card:
                return tuple(line.strip() for line in card[0].splitlines() if line.strip())
    raise LookupError(f"no crisis card for {locale}")
