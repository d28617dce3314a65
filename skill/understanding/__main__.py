"""Rebuild the shipped models of the given locales (default en-US) from their folders:

    .venv/bin/python -m skill.understanding [locale ...]

A locale without a corpus of its own (es-MX, es-ES) reads the models of the one it falls back
to, so naming it rebuilds that one's.
"""

import sys

import locales
from skill.understanding.model import owner_of, save


def owners(names: list[str]) -> list[str]:
    """The locales whose models `names` read, each once, in the order named."""
    return list(dict.fromkeys(owner_of(name) for name in names or [locales.DEFAULT]))


if __name__ == "__main__":
    for owner in owners(sys.argv[1:]):
        print(save(owner))
