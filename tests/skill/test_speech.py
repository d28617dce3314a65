"""Words people said or typed, spoken back inside SSML."""

from __future__ import annotations

import pytest

from skill.speech import user_text


@pytest.mark.parametrize(
    ("typed", "spoken"),
    [
        # A cheer from a buddy's page was read aloud as "You've got this:)".
        ("You've got this:)", "You&apos;ve got this"),
        ("proud of you 💪💪", "proud of you"),
        ("so proud <3", "so proud"),
        ("keep going :-D !", "keep going !"),
        # Times, ratios and brackets are words, not faces.
        ("my score was 10:30", "my score was 10:30"),
        ("ratio 3:2 today", "ratio 3:2 today"),
        ("i said: (yes)", "i said: (yes)"),
        ("see https://example.test/export/abc", "see https://example.test/export/abc"),
        ("I went 8 miles", "I went 8 miles"),
    ],
)
def test_faces_and_pictures_are_not_spoken(typed: str, spoken: str) -> None:
    assert user_text(typed) == spoken
