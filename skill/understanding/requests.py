"""Requests to switch something off (or the weekly note on), said in one's own words.

"I don't want to share anymore", "me quiero salir del grupo", "get rid of my reminder": each
locale's `understanding/requests.toml` names them by phrase families. They are read after the
crisis rules and before the models, and the models never see them, so the shipped weights do
not depend on them (see `Engine.read`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from skill.understanding.rules import Text, _expand, read_table

# Words before a match that may turn it round ("I don't want to leave the group").
_REACH = 3


@dataclass(frozen=True)
class Request:
    name: str  # "sharing_off", "reminder_off", ...
    about: str  # the question target it belongs to: "sharing" or "reminder"
    rest: str  # the words left once the request is cut out


class Requests:
    """One locale's request families, compiled once (see `requests_for`)."""

    def __init__(self, owner: str) -> None:
        table = read_table(owner, "requests")
        fragments = table.get("fragments", {})
        self.unless = re.compile(table.get("unless_before", r"(?!)"))
        self.families = tuple(
            (
                name,
                str(family["about"]),
                tuple(re.compile(_expand(p, fragments)) for p in family["patterns"]),
            )
            for name, family in table.get("requests", {}).items()
        )
        # Every family's patterns as one: a single search passes by the many readings that ask
        # for nothing, at a fifth of the cost of trying the patterns one by one.
        self.any = re.compile(
            "|".join(f"(?:{p.pattern})" for _, _, patterns in self.families for p in patterns)
            or r"(?!)"
        )
        # What a request is about, when it names a thing no person is called ("the reminder").
        self.things = tuple(
            (name, re.compile(_expand(family["thing"], fragments)))
            for name, family in table.get("requests", {}).items()
            if "thing" in family
        )

    def wanted(self, text: Text) -> Request | None:
        """The first request family with a match not turned round by a negation before it."""
        flat = text.flat
        if not self.any.search(flat):
            return None
        for name, about, patterns in self.families:
            spans = [
                match.span()
                for pattern in patterns
                for match in pattern.finditer(flat)
                if not self.unless.search(" ".join(flat[: match.start()].split()[-_REACH:]))
            ]
            if spans:
                kept, at = [], 0
                for start, end in sorted(spans):
                    kept.append(flat[at:start])
                    at = max(at, end)
                kept.append(flat[at:])
                return Request(name, about, " ".join(" ".join(kept).split()))
        return None

    def for_thing(self, text: Text) -> str | None:
        """The request a thing said where a person's name was expected belongs to."""
        return next((name for name, thing in self.things if thing.search(text.flat)), None)


@cache
def requests_for(owner: str) -> Requests:
    return Requests(owner)
