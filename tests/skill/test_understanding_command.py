"""`python -m skill.understanding LOCALE`: a locale that borrows another's models (es-MX and
es-ES read es-US's) rebuilds those, rather than failing for want of a folder of its own."""

from __future__ import annotations

from skill.understanding.__main__ import owners


def test_a_regional_locale_rebuilds_the_models_it_reads() -> None:
    assert owners(["es-MX"]) == ["es-US"]
    assert owners(["es-ES", "es-US", "en-GB"]) == ["es-US", "en-US"]
    assert owners([]) == ["en-US"]
