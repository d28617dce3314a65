"""Until a device's own zone is known, a win's day is worked out where people speaking its
locale live, not in UTC: a first win said at 9 PM in Texas is today's, not tomorrow's."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

import locales
from journal import Journal
from smallwins.settings import Settings
from tests.skill.conftest import SECRET, Clock
from tests.support.dialog import Dialog


@pytest.fixture
def settings() -> Settings:
    # No SMALLWINS_DEFAULT_TZ: what an operator gets without setting one.
    return Settings(env="development", secret_key=SECRET, verify_signatures=False)


@pytest.mark.parametrize(
    ("locale", "said_at", "day"),
    [
        # 21:00 in Chicago on the 24th; already the 25th in UTC.
        ("en-US", datetime(2026, 11, 25, 3, 0, tzinfo=UTC), date(2026, 11, 24)),
        ("es-US", datetime(2026, 11, 25, 3, 0, tzinfo=UTC), date(2026, 11, 24)),
        # 23:00 in Mexico City on the 24th.
        ("es-MX", datetime(2026, 11, 25, 5, 0, tzinfo=UTC), date(2026, 11, 24)),
        # 00:30 in Madrid on the 25th; still the 24th in UTC.
        ("es-ES", datetime(2026, 11, 24, 23, 30, tzinfo=UTC), date(2026, 11, 25)),
        ("en-GB", datetime(2026, 11, 24, 23, 30, tzinfo=UTC), date(2026, 11, 24)),
    ],
)
def test_a_first_win_is_on_the_day_where_its_language_lives(
    dialog: Dialog,
    journal: Journal,
    owner: str,
    clock: Clock,
    locale: str,
    said_at: datetime,
    day: date,
) -> None:
    clock.now = dialog.now = said_at
    dialog.locale = locale
    dialog.intent("RecordWinIntent", win="went for a walk")
    assert journal.recent(owner, 1)[0].day == day


def test_a_configured_zone_is_everyones_until_their_own_is_known() -> None:
    plain = Settings(env="development", secret_key=SECRET)
    fixed = Settings(env="development", secret_key=SECRET, default_tz="Asia/Tokyo")
    assert plain.zone_for("es-ES") == "Europe/Madrid"
    assert plain.zone_for(None) == locales.home_zone(locales.DEFAULT)
    assert fixed.zone_for("es-ES") == "Asia/Tokyo"


def test_every_published_locale_names_a_real_zone() -> None:
    for locale in locales.available():
        assert ZoneInfo(locales.home_zone(locale)).key == locales.home_zone(locale)
    assert locales.home_zone("es-MX") == "America/Mexico_City"
    assert locales.home_zone("en-IN") == "Asia/Kolkata"
