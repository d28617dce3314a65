"""A locale is a folder: lookups walk from the nearest folder to the default."""

from __future__ import annotations

import locales


def test_the_default_locale_is_its_own_chain() -> None:
    assert locales.chain(locales.DEFAULT) == (locales.DEFAULT,)


def test_an_unknown_locale_reads_as_the_default() -> None:
    assert locales.chain("xx-XX") == (locales.DEFAULT,)


def test_find_takes_the_nearest_file_along_the_chain() -> None:
    found = locales.find("xx-XX", "model.json")
    assert found == locales.folder(locales.DEFAULT) / "model.json"
    assert locales.find(locales.DEFAULT, "no-such-file") is None


def test_every_locale_folder_has_a_chain_that_ends_in_the_default() -> None:
    for name in locales.available():
        chain = locales.chain(name)
        assert chain[0] == name
        assert chain[-1] == locales.DEFAULT
