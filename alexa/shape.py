"""The shape a verified envelope must have before anything reads it.

A signature says who sent the bytes, not that they make sense: a validly signed body may hold
a string where an object belongs, nesting hundreds deep (the SDK copies session attributes
recursively), or a lone surrogate that no encryption or reply can encode. `problem` walks the
envelope once, without recursion, and names what is wrong with a fixed reason (never anything
taken from the body), so the webhook answers 400 and logs why. Alexa's own envelopes are a
handful of levels deep and valid Unicode throughout, so nothing real is refused.
"""

from __future__ import annotations

from typing import Any, Final

MAX_DEPTH: Final = 32
MAX_NODES: Final = 20_000

REASONS: Final = frozenset({"too-deep", "too-big", "bad-text", "bad-shape"})

# Where an object (or null) must be, and where text (or null) must be: what the webhook, the
# SDK and the handlers read before they check anything themselves.
_OBJECTS: Final = (
    ("session",),
    ("session", "attributes"),
    ("session", "user"),
    ("session", "application"),
    ("context",),
    ("context", "System"),
    ("context", "System", "user"),
    ("context", "System", "person"),
    ("context", "System", "device"),
    ("context", "System", "application"),
    ("request", "intent"),
    ("request", "intent", "slots"),
)
_TEXTS: Final = (
    ("request", "type"),
    ("request", "locale"),
    ("request", "intent", "name"),
    ("context", "System", "user", "userId"),
    ("context", "System", "person", "personId"),
    ("session", "user", "userId"),
)


def _at(document: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = document
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _walk(document: Any) -> str | None:
    return None if _plainly_fine(document) else _first_problem(document)


def _first_problem(document: Any) -> str | None:
    stack: list[tuple[Any, int]] = [(document, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return "too-big"
        if isinstance(value, str):
            if not _encodable(value):
                return "bad-text"
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                return "too-deep"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, inner in items:
                if isinstance(key, str) and not _encodable(key):
                    return "bad-text"
                stack.append((inner, depth + 1))
    return None


def _plainly_fine(document: Any) -> bool:
    """Whether `_first_problem` would find nothing, told at half its cost: containers are
    walked, not every value, and all the texts are encoded in one call. On False that walk
    runs and names the first problem in its own order; only a body to refuse pays twice."""
    texts: list[str] = []
    containers: list[tuple[Any, int]] = [([document], 0)]
    nodes = 0
    while containers:
        value, depth = containers.pop()
        if depth >= MAX_DEPTH:
            return False
        if isinstance(value, dict):
            texts.extend(value)
            value = value.values()
        nodes += len(value)
        if nodes > MAX_NODES:
            return False
        for inner in value:
            if isinstance(inner, str):
                texts.append(inner)
            elif isinstance(inner, (dict, list)):
                containers.append((inner, depth + 1))
    try:
        "".join(texts).encode("utf-8")
    except (UnicodeEncodeError, TypeError):  # a lone surrogate, or a key that is not text
        return False
    return True


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not text anyone said
        return False
    return True


# Alexa sends a session with these. Context is optional: requests from before 2017 had none.
_IN_SESSION: Final = frozenset({"LaunchRequest", "IntentRequest", "SessionEndedRequest"})


def problem(document: dict[str, Any]) -> str | None:
    """One of `REASONS`, or None when the envelope has a shape the skill can read."""
    if found := _walk(document):
        return found
    kind = _at(document, ("request", "type"))
    if not isinstance(kind, str):
        return "bad-shape"
    # Every request Alexa sends has its id; a launch takes its cheers under it, a win is
    # recorded once by it, and an invite is opened once by it.
    request_id = _at(document, ("request", "requestId"))
    if not isinstance(request_id, str) or not request_id:
        return "bad-shape"
    if kind in _IN_SESSION and not isinstance(document.get("session"), dict):
        return "bad-shape"
    if kind == "IntentRequest" and not isinstance(_at(document, ("request", "intent")), dict):
        return "bad-shape"
    for path in _OBJECTS:
        if not isinstance(_at(document, path), (dict, type(None))):
            return "bad-shape"
    for path in _TEXTS:
        if not isinstance(_at(document, path), (str, type(None))):
            return "bad-shape"
    slots = _at(document, ("request", "intent", "slots")) or {}
    for slot in slots.values():
        if not isinstance(slot, (dict, type(None))):
            return "bad-shape"
        if slot and not isinstance(slot.get("value"), (str, type(None))):
            return "bad-shape"
    return None


__all__ = ["MAX_DEPTH", "REASONS", "problem"]
