"""Words typed on a buddy page that may speak of danger get help first.

A buddy's name and cheer are read by the same understanding engine as the skill's speech
(in the page's language). The person typing may be the one in trouble, so a crisis reading
shows the crisis lines above the form, calmly, with what was typed kept; sending it anyway
is one more press (the form then carries `help_seen`). Nothing is refused or lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from locales import speaking
from skill.understanding import is_crisis
from web import words
from web.legal import help_lines


@dataclass(frozen=True)
class Help:
    title: str | None  # where the page's language has the words
    lines: tuple[str, ...]
    note: str | None  # "you can still send it", where the page's language has the words


def help_first(*typed: str) -> Help | None:
    """The crisis lines, in the page's language, when any typed text reads as danger and
    they were not shown for this form already; else None."""
    if request.form.get("help_seen"):
        return None
    locale = words.current()
    if not any(text and is_crisis(text, locale) for text in typed):
        return None
    # The skill's crisis card, line by line: the same help it speaks, every number written.
    table = speaking.table(locale, "web")
    return Help(table.get("help_first_title"), help_lines(locale), table.get("help_then_send"))
