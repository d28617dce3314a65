"""Stored zone names are read without ever raising."""

import pytest

from journal.zones import zone_named


def test_a_zone_name_gives_its_zone() -> None:
    zone = zone_named("America/Los_Angeles")
    assert zone is not None and zone.key == "America/Los_Angeles"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "America", "", None, 7, "../etc/passwd"])
def test_anything_else_is_none(name: object) -> None:
    assert zone_named(name) is None
