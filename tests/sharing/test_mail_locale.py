"""A buddy's notes are written in the language their person speaks to the skill."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sharing.digests import Entry
from sharing.mail import Composer
from sharing.records import Recipient
from sharing.schedule import week_of
from sharing.tokens import Tokens

NOW = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
MARIA = Recipient(
    id="3f9c2a7d1e5b4c60", kind="sponsor", name="María", email="maria@example.org",
    created=NOW, confirmed=True, asked=True, weekly=True, since=NOW,
)  # fmt: skip


def _composer() -> Composer:
    return Composer(
        public_url="https://wins.example.org",
        mail_from="Small Wins <wins@example.org>",
        tokens=Tokens(b"k" * 32, lambda: NOW),
    )


def _parts(message) -> tuple[str, str]:
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


def test_a_weekly_note_in_spanish() -> None:
    entries = [Entry(date(2026, 11, 24), "salí a caminar en vez de tomar", helped="mi padrino")]
    message = _composer().digest(
        "0" * 32, MARIA, "Sam", week_of(NOW, "America/New_York"), entries, "es-US"
    )
    text, html = _parts(message)
    assert message["Subject"] == "La semana de Sam: 1 pequeño logro"
    # Sent by the product under its Spanish name, at the operator's address.
    assert message["From"].addresses[0].display_name == "Pequeños Logros"
    assert message["From"].addresses[0].addr_spec == "wins@example.org"
    assert text.startswith("Hola, María:")
    assert re.search(r"\(del \w+ \d+ de noviembre al domingo 29 de noviembre\)", text)
    assert "* martes 24 de noviembre" in text and "Lo que ayudó: mi padrino" in text
    assert "Puedes darte de baja cuando quieras: https://wins.example.org/unsubscribe/" in text
    assert '<html lang="es">' in html and ">darte de baja</a> cuando quieras" in html
    for english in ("Hi ", "What helped", "Unsubscribe", "Send a cheer", "small win"):
        assert english not in text + html


def test_mexico_reads_the_spanish_words_and_an_unknown_locale_reads_english() -> None:
    composer = _composer()
    mexico = composer.confirmation("0" * 32, MARIA, None, "es-MX")
    assert mexico["Subject"] == "Confirma tu dirección de correo"
    assert "Alguien que conoces te invitó" in _parts(mexico)[0]
    unknown = composer.confirmation("0" * 32, MARIA, "Sam", "xx-XX")
    assert unknown["Subject"] == "Please confirm your email address"


def test_a_sender_name_the_operator_chose_is_kept_in_every_language() -> None:
    composer = Composer(
        public_url="https://wins.example.org",
        mail_from="Recovery Circle <circle@example.org>",
        tokens=Tokens(b"k" * 32, lambda: NOW),
    )
    message = composer.confirmation("0" * 32, MARIA, "Sam", "es-US")
    assert str(message["From"]) == "Recovery Circle <circle@example.org>"
    english = _composer().confirmation("0" * 32, MARIA, "Sam", "en-US")
    assert str(english["From"]) == "Small Wins <wins@example.org>"
