"""Lists read as one sentence use the locale's joining words, never English in the code."""

from locales import speaking


def test_english_lists():
    assert speaking.listing("en-US", []) == ""
    assert speaking.listing("en-US", ["Robin"]) == "Robin"
    assert speaking.listing("en-US", ["Robin", "Kim"]) == "Robin and Kim"
    assert speaking.listing("en-GB", ["a, b", "c", "d"]) == "a, b; c; and d"


def test_spanish_lists():
    assert speaking.listing("es-US", ["Robin", "Kim"]) == "Robin y Kim"
    assert speaking.listing("es-MX", ["a", "b", "c"]) == "a; b; y c"
