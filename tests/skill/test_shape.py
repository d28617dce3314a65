"""The envelope walk's quick pass agrees with the full one: it passes exactly what that passes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alexa import shape

_SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
_TEXT = st.text(st.characters(exclude_categories=()) | _SURROGATES, max_size=6)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=40,
)


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": [value]} if depth % 2 else [value]
    return value


@settings(max_examples=300, deadline=None, database=None)
@given(_JSON)
def test_the_quick_pass_passes_what_the_walk_passes(document: Any) -> None:
    assert shape._plainly_fine(document) == (shape._first_problem(document) is None)


def test_the_quick_pass_stops_at_the_same_limits() -> None:
    for depth in (shape.MAX_DEPTH - 2, shape.MAX_DEPTH - 1, shape.MAX_DEPTH, shape.MAX_DEPTH + 1):
        for document in (_nested(depth), {"k": _nested(depth)}):
            assert shape._plainly_fine(document) == (shape._first_problem(document) is None)
    for size in (shape.MAX_NODES - 2, shape.MAX_NODES - 1, shape.MAX_NODES, shape.MAX_NODES + 1):
        for document in (["x"] * size, {"k": ["x"] * size}, {str(i): i for i in range(size)}):
            assert shape._plainly_fine(document) == (shape._first_problem(document) is None)
    assert shape._walk({"a": "\ud800"}) == "bad-text"
    assert shape._walk({"\udfff": 1}) == "bad-text"
    assert shape._walk({"a": ["\ud83d", "\ude00"]}) == "bad-text"  # two halves, never a pair
