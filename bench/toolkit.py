#!/usr/bin/env python3
"""How long the toolkit takes over a whole history (500 wins, the most a request reads).

.venv/bin/python bench/toolkit.py
"""

from __future__ import annotations

import sys
import timeit
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journal.toolkit import describe_helped, toolkit, tools_in
from journal.wins import Win

SAYINGS = [
    ("I went for a walk instead of drinking", "calling my sponsor"),
    ("I skipped the bar after work", "I texted my sister Rosa"),
    ("I made dinner at home", None),
    ("I got through a craving", "deep breaths and some music"),
    ("I went to a meeting", "my friend drove me"),
    ("I slept eight hours", None),
    ("I said no to a beer at the party", "leaving early"),
    ("I wrote in my journal", "writing it down"),
]


def main() -> None:
    wins = [
        Win(str(i), text, datetime(2026, 11, 1, tzinfo=UTC), date(2026, 11, 1), helped)
        for i, (text, helped) in enumerate(SAYINGS * 63)
    ][:500]
    runs = 20
    per_win = timeit.timeit(lambda: [tools_in(w) for w in wins], number=runs) / runs / 500
    whole = timeit.timeit(lambda: toolkit(wins), number=runs) / runs
    described = timeit.timeit(lambda: [describe_helped(w) for w in wins], number=runs) / runs
    print(f"tools_in        : {per_win * 1e6:7.1f} us a win")
    print(f"toolkit(500)    : {whole * 1e3:7.1f} ms")
    print(f"describe_helped : {described / 500 * 1e6:7.1f} us a win")


if __name__ == "__main__":
    main()
