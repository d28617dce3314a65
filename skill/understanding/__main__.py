"""Rebuild the shipped models of the given locales (default en-US) from their folders:

    .venv/bin/python -m skill.understanding [locale ...]
"""

import sys

import locales
from skill.understanding.model import save

for name in sys.argv[1:] or [locales.DEFAULT]:
    print(save(name))
