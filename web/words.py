"""The words of the web pages (`locales/<locale>/web.toml`) and the language a page is in.

A page is in the language its person speaks to the skill (kept with their sharing profile),
unless the reader picked another with `?locale=` (then links and forms keep it), or, on a page
that belongs to nobody yet, the browser's. The words merge along the same-language chain, so
en-GB reads en-US's and es-MX es-US's.
"""

from __future__ import annotations

from flask import g, request, url_for

import locales
from locales import speaking


def use(person: str | None = None) -> str:
    """Settle the page's locale; `person` is the locale of the person the page is about."""
    asked = request.args.get("locale", "")
    if asked in locales.available():
        g.locale = asked
    elif person in locales.available():
        g.locale = person
    else:
        g.locale = request.accept_languages.best_match(locales.available()) or locales.DEFAULT
    return g.locale


def current() -> str:
    return g.get("locale") or use()


def t(key: str, /, **values: object) -> str:
    """One phrase of the page's locale, its {fields} filled (the template escapes it)."""
    return _in(current(), key, **values)


def _in(locale: str, key: str, **values: object) -> str:
    return speaking.table(locale, "web")[key].format(**values)


def kept() -> dict[str, str]:
    """The reader's own pick of language, for links and redirects that should keep it."""
    asked = request.args.get("locale", "")
    return {"locale": asked} if asked in locales.available() else {}


def switches() -> list[tuple[str, str, str]]:
    """This page in each other language, named in that language, for the footer."""
    here = current().split("-", 1)[0]
    out = []
    for name in locales.available():
        base = locales.spoken_chain(name)[-1] == name
        if base and name.split("-", 1)[0] != here and request.endpoint:
            args = {**(request.view_args or {}), **request.args.to_dict(), "locale": name}
            out.append((_in(name, "language"), name, url_for(request.endpoint, **args)))
    return out


def context() -> dict[str, object]:
    return {"t": t, "lang": current().split("-", 1)[0], "switches": switches(), "kept": kept()}
