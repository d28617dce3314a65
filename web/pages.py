"""What every web page shares: the templates and stylesheet (one base template, `page.html`,
that each page extends) and the headers that keep a page private.

Every page is private: no caching, no referrer (the URLs hold live tokens), and a content
policy that allows nothing but our own stylesheet and forms.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template

from web import words

# The stylesheet keeps the address it had when only the buddy pages used it, so pages
# already open in a browser keep their style across a deploy.
site = Blueprint(
    "web", __name__, template_folder="templates", static_folder="static",
    static_url_path="/sharing-static",
)  # fmt: skip


@site.app_context_processor
def _words() -> dict[str, object]:
    """Every page's words come in its language (`web.words`): `t()`, `lang` and the links to
    the page in the other languages, for the base template and each page."""
    return words.context()


def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
    return response


def page(template: str | list[str], status: int = 200, **context: Any) -> Response:
    """A template rendered as a private page (the first of a list that exists)."""
    return private(Response(render_template(template, **context), status=status))
