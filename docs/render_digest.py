"""Render the example weekly digest in docs/ with the real templates and composer.

    .venv/bin/python docs/render_digest.py

Writes docs/digest-email.txt (headers and the plain-text part) and docs/digest-email.html
(the HTML part). The people and wins are made up; the links are real tokens for a made-up
owner, signed with a throwaway key, so they open nothing anywhere.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from pathlib import Path

from sharing.digests import Entry
from sharing.mail import Composer
from sharing.records import Recipient
from sharing.schedule import week_of
from sharing.tokens import Tokens

HERE = Path(__file__).resolve().parent


def main() -> None:
    now = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    tokens = Tokens(secrets.token_bytes(32), lambda: now)
    composer = Composer(
        public_url="https://wins.example.org",
        mail_from="Small Wins <wins@example.org>",
        tokens=tokens,
    )
    maria = Recipient(
        id="3f9c2a7d1e5b4c60", kind="sponsor", name="Maria", email="maria@example.org",
        created=now, confirmed=True, asked=True, weekly=True, since=now,
    )  # fmt: skip
    week = week_of(now, "America/New_York")
    entries = [
        Entry(date(2026, 11, 24), "I went for a walk instead of drinking",
              helped="calling my sponsor on the way"),
        Entry(date(2026, 11, 26), "I said no to a beer at the family dinner",
              helped="having a soda in my hand early"),
        Entry(date(2026, 11, 28), "I went to the Saturday meeting even though I was tired"),
    ]  # fmt: skip
    message = composer.digest("0" * 32, maria, "Sam", week, entries)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    headers = "".join(f"{k}: {v}\n" for k, v in message.items() if k != "Content-Type")
    (HERE / "digest-email.txt").write_text(headers + "\n" + text)
    (HERE / "digest-email.html").write_text(html)
    print("wrote docs/digest-email.txt and docs/digest-email.html")


if __name__ == "__main__":
    main()
