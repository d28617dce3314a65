"""The buddy pages in a real headless Chromium, phone-sized: a buddy enters the code, gives her
name and address, confirms from the mail that arrives, sends a cheer from the note a win came
in, and unsubscribes from it. Links are taken from the mails the worker really sent.

Screenshots of each step go to `$SMALLWINS_SCREENSHOTS` when it names a folder (that is how
`docs/screenshots/` is made: `SMALLWINS_SCREENSHOTS=docs/screenshots pytest
tests/sharing/test_pages_browser.py`), otherwise to the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from selenium import webdriver
from selenium.common.exceptions import (
    JavascriptException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from sharing.digests import Entry
from sharing.errors import ConsentMissing
from sharing.records import Recipient
from sharing.schedule import week_of
from tests.sharing.conftest import (
    ALL_SET,
    HOW_TO_STOP,
    MARIA,
    PAGES_TZ,
    SAM,
    WIN,
    Pages,
    mail_link,
)
from tests.support.browser import LiveServer, save_screenshot
from tests.support.dialog import SPOKEN
from tests.support.smtp import mail_text
from tests.support.storage import new_request_id

CHEER = "So proud of you, Sam. One step at a time!"
# The button colour from pages.css: the stylesheet loaded under the pages' content policy.
BUTTON_GREEN = ("rgb(39, 93, 87)", "rgba(39, 93, 87, 1)")

Shoot = Callable[[str], Path]


@pytest.fixture
def shoot(browser: webdriver.Chrome, tmp_path: Path) -> Shoot:
    """Save a full-page, phone-sized screenshot by name, where the environment says."""
    folder = os.environ.get("SMALLWINS_SCREENSHOTS", "").strip()
    target = Path(folder) if folder else tmp_path / "screenshots"

    def take(name: str) -> Path:
        path = save_screenshot(browser, target / f"{name}.png")
        assert path.stat().st_size > 0
        return path

    return take


@pytest.fixture
def site(pages: Pages, live_server: Callable[[Flask], LiveServer]) -> LiveServer:
    """The app over real HTTP, with the worker's mails linking to it."""
    server = live_server(pages.app)
    pages.use_public_url(server.url)
    pages.sharing.recipients.update_me(SAM, name="Sam")
    return server


def heading(browser: webdriver.Chrome) -> str:
    return browser.find_element(By.TAG_NAME, "h1").text


def main_text(browser: webdriver.Chrome) -> str:
    return " ".join(browser.find_element(By.TAG_NAME, "main").text.split())


def submit(browser: webdriver.Chrome, label: str) -> None:
    """Press the form's button (found by its words) and wait for the next page."""
    buttons = browser.find_elements(By.CSS_SELECTOR, "form button[type=submit]")
    assert [b.text for b in buttons] == [label]
    assert buttons[0].value_of_css_property("background-color") in BUTTON_GREEN
    page = browser.find_element(By.TAG_NAME, "html")
    buttons[0].click()
    # Not a timing assertion: a bound on waiting for the next page, which comes at once.
    wait = WebDriverWait(browser, 30, ignored_exceptions=(JavascriptException,))
    wait.until(lambda _: _gone(page))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def _gone(element: WebElement) -> bool:
    """Whether the page `element` was on has been replaced by the next one."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        # Chromedriver's other answer for an element of a document being replaced.
        if "does not belong to the document" in str(exc.msg):
            return True
        raise
    return False


def field(browser: webdriver.Chrome, label: str) -> WebElement:
    """The field a visible label names (the label's `for`), as a screen reader finds it."""
    labels = [x for x in browser.find_elements(By.TAG_NAME, "label") if x.text.startswith(label)]
    assert len(labels) == 1, f"no label {label!r}"
    return browser.find_element(By.ID, labels[0].get_attribute("for") or "")


def test_a_buddy_joins_confirms_cheers_and_leaves(
    pages: Pages, site: LiveServer, browser: webdriver.Chrome, shoot: Shoot
) -> None:
    invite = pages.sharing.invites.open(SAM, "buddy")

    # 1. Sam read Maria the code; she opens the page and types it.
    browser.get(f"{site.url}/invite")
    assert browser.title == "Enter your invite code · Small Wins"
    assert heading(browser) == "Enter your invite code"
    assert "Type the six-digit code they gave you." in main_text(browser)
    field(browser, "Invite code").send_keys(f"{invite.code[:3]} {invite.code[3:]}")
    shoot("1-invite-code")
    submit(browser, "Continue")

    # 2. The form: who invites her, her name and address.
    assert heading(browser) == "You're invited"
    assert "Sam would like to share their small wins with you" in main_text(browser)
    field(browser, "Your first name").send_keys("Maria")
    field(browser, "Your email address").send_keys(MARIA)
    shoot("2-invite-form")
    submit(browser, "Send me the confirmation link")

    # 3. Nothing is sent to her yet but the confirmation.
    assert browser.current_url == f"{site.url}/invite/sent"
    assert heading(browser) == "Check your email"
    assert "Open it and press Confirm to finish." in main_text(browser)
    shoot("3-check-email")
    mails = pages.run_worker()
    assert len(mails) == 1
    assert mails[0]["To"].addresses[0].addr_spec == MARIA
    confirm = mail_link(mails[0], "confirm")
    assert confirm.startswith(f"{site.url}/confirm/")

    # 4. The link from the mail shows a button; opening it confirms nothing.
    browser.get(confirm)
    assert heading(browser) == "Confirm your address"
    assert f"Confirm that {MARIA} is your address" in main_text(browser)
    (maria,) = pages.sharing.recipients.all(SAM)
    assert not maria.confirmed
    shoot("4-confirm")
    submit(browser, "Confirm")

    # 5. Confirmed: what comes, and how to stop it.
    assert heading(browser) == "You're all set"
    assert "You're confirmed." in main_text(browser)
    items = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ul.facts li")]
    assert items == ALL_SET
    assert HOW_TO_STOP in main_text(browser)
    shoot("5-confirmed")
    maria = pages.sharing.recipients.get(SAM, maria.id)
    assert maria is not None and maria.confirmed

    # Sam says yes to weekly notes, and shares a win with Maria.
    maria = pages.sharing.recipients.answer_weekly(SAM, maria.id, yes=True, tz=PAGES_TZ)
    SPOKEN.add(WIN)
    said = datetime(2026, 11, 24, 11, 30, tzinfo=ZoneInfo(PAGES_TZ))
    win = pages.worker.journal.record(SAM, WIN, at=said).win
    pages.worker.outbox.share(SAM, maria.id, win.id)
    mails = pages.run_worker()
    assert len(mails) == 2
    note = mails[1]
    assert str(note["Subject"]) == "Sam shared a small win with you"
    assert WIN in mail_text(note)

    # 6. The cheer link from that note.
    browser.get(mail_link(note, "cheer"))
    assert heading(browser) == "Send a cheer"
    assert "Write Sam a few words." in main_text(browser)
    SPOKEN.add(CHEER)  # a buddy's words: the privacy audit looks for them in the logs too
    field(browser, "Your cheer").send_keys(CHEER)
    shoot("6-cheer")
    submit(browser, "Send the cheer")

    # 7. Sent: Sam hears it once, at the next launch.
    assert heading(browser) == "Cheer sent"
    assert "Sam will hear it the next time they open Small Wins." in main_text(browser)
    shoot("7-cheer-sent")
    news = pages.sharing.news.take(SAM, new_request_id())
    assert [(n.kind, n.sender, n.text) for n in news] == [("cheer", "Maria", CHEER)]

    # 8. The unsubscribe link from the same note: a button, nothing changed yet.
    unsubscribe = mail_link(note, "unsubscribe")
    assert note["List-Unsubscribe"] == f"<{unsubscribe}>"
    browser.get(unsubscribe)
    assert heading(browser) == "Unsubscribe"
    assert "Stop receiving Sam's small wins?" in main_text(browser)
    assert pages.sharing.recipients.consent(SAM, maria.id, "digest") == maria
    shoot("8-unsubscribe")
    submit(browser, "Unsubscribe")

    # 9. Gone: her address is deleted and nothing more goes to her.
    assert heading(browser) == "You're unsubscribed"
    assert "Done. No more notes will come to you." in main_text(browser)
    shoot("9-unsubscribed")
    assert pages.sharing.recipients.get(SAM, maria.id) is None
    with pytest.raises(ConsentMissing):
        pages.sharing.recipients.consent(SAM, maria.id, "share")
    news = pages.sharing.news.take(SAM, new_request_id())
    assert [(n.kind, n.sender) for n in news] == [("left", "Maria")]


def test_a_wrong_code_is_explained_on_the_page(
    pages: Pages, site: LiveServer, browser: webdriver.Chrome, shoot: Shoot
) -> None:
    invite = pages.sharing.invites.open(SAM, "buddy")
    wrong = f"{(int(invite.code) + 1) % 1_000_000:06d}"
    browser.get(f"{site.url}/invite")
    field(browser, "Invite code").send_keys(wrong)
    submit(browser, "Continue")

    assert heading(browser) == "Enter your invite code"
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert alert.text.startswith("That code doesn't match an open invite.")
    code = field(browser, "Invite code")
    assert code.get_attribute("value") == wrong
    assert code.get_attribute("aria-describedby") == alert.get_attribute("id")
    shoot("invite-wrong-code")
    assert pages.sharing.recipients.all(SAM) == []


# -- the same pages in Spanish ------------------------------------------------------------------

WIN_ES = "salí a caminar en vez de tomar"
CHEER_ES = "¡Qué orgullo, Sam! Un paso a la vez."


def test_a_spanish_speakers_buddy_reads_every_page_and_note_in_spanish(
    pages: Pages, site: LiveServer, browser: webdriver.Chrome, shoot: Shoot
) -> None:
    """Sam speaks to the skill in es-US, so María's pages and notes are in Spanish; a link in
    the footer switches any page to English and back. Screenshots are named es-*."""
    pages.sharing.recipients.update_me(SAM, name="Sam", locale="es-US")
    invite = pages.sharing.invites.open(SAM, "buddy")

    # The code page belongs to nobody yet: it is in Spanish when asked for.
    browser.get(f"{site.url}/invite?locale=es-US")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert heading(browser) == "Escribe tu código de invitación"
    field(browser, "Código de invitación").send_keys(invite.code)
    shoot("es-1-invite-code")
    submit(browser, "Continuar")

    # The invite is Sam's, so it is in Sam's language.
    assert heading(browser) == "Tienes una invitación"
    assert "Sam quiere compartir contigo sus pequeños logros" in main_text(browser)
    field(browser, "Tu nombre").send_keys("María")
    field(browser, "Tu correo electrónico").send_keys(MARIA)
    shoot("es-2-invite-form")
    submit(browser, "Envíame el enlace de confirmación")
    assert heading(browser) == "Revisa tu correo"
    shoot("es-3-check-email")

    (confirmation,) = pages.run_worker()
    assert str(confirmation["Subject"]) == "Confirma tu dirección de correo"
    assert mail_text(confirmation).startswith("Hola, María:")
    browser.get(mail_link(confirmation, "confirm"))
    assert heading(browser) == "Confirma tu dirección"
    shoot("es-4-confirm")
    submit(browser, "Confirmar")
    assert heading(browser) == "Todo listo"
    facts = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ul.facts li")]
    assert "una nota semanal los domingos a las 6 de la tarde" in facts[1]
    shoot("es-5-confirmed")

    # A buddy can switch: the footer links this page in English, and English links back.
    browser.find_element(By.CSS_SELECTOR, "footer a[hreflang=en-US]").click()
    assert heading(browser) == "You're all set"
    assert "You had already confirmed" in main_text(browser)
    browser.find_element(By.CSS_SELECTOR, "footer a[hreflang=es-US]").click()
    assert heading(browser) == "Todo listo"

    (maria,) = pages.sharing.recipients.all(SAM)
    maria = pages.sharing.recipients.answer_weekly(SAM, maria.id, yes=True, tz=PAGES_TZ)
    SPOKEN.add(WIN_ES)
    said = datetime(2026, 11, 24, 11, 30, tzinfo=ZoneInfo(PAGES_TZ))
    win = pages.worker.journal.record(SAM, WIN_ES, at=said).win
    pages.worker.outbox.share(SAM, maria.id, win.id)
    note = pages.run_worker()[-1]
    assert str(note["Subject"]) == "Sam compartió un pequeño logro contigo"
    assert WIN_ES in mail_text(note) and "martes 24 de noviembre" in mail_text(note)

    browser.get(mail_link(note, "cheer"))
    assert heading(browser) == "Envía unas palabras de ánimo"
    SPOKEN.add(CHEER_ES)
    field(browser, "Tus palabras de ánimo").send_keys(CHEER_ES)
    shoot("es-6-cheer")
    submit(browser, "Enviar")
    assert heading(browser) == "Mensaje enviado"
    shoot("es-7-cheer-sent")

    browser.get(mail_link(note, "unsubscribe"))
    assert heading(browser) == "Darte de baja"
    assert "¿Dejar de recibir los pequeños logros de Sam?" in main_text(browser)
    shoot("es-8-unsubscribe")
    submit(browser, "Darme de baja")
    assert heading(browser) == "Te diste de baja"
    shoot("es-9-unsubscribed")


def test_a_weekly_note_in_spanish_as_a_mail_client_shows_it(
    pages: Pages, browser: webdriver.Chrome, shoot: Shoot, tmp_path: Path
) -> None:
    """The weekly note's HTML part, composed by the worker's composer for an es-US sender."""
    maria = Recipient(
        id="3f9c2a7d1e5b4c60", kind="sponsor", name="María", email=MARIA,
        created=datetime(2026, 11, 1, tzinfo=UTC), confirmed=True, asked=True, weekly=True,
        since=datetime(2026, 11, 1, tzinfo=UTC),
    )  # fmt: skip
    entries = [
        Entry(date(2026, 11, 24), "salí a caminar en vez de tomar",
              helped="llamar a mi padrino en el camino"),
        Entry(date(2026, 11, 26), "le dije que no a una cerveza en la cena familiar",
              helped="tener un refresco en la mano desde temprano"),
        Entry(date(2026, 11, 28), "fui a la junta del sábado aunque estaba cansado"),
    ]  # fmt: skip
    due = datetime(2026, 11, 29, 18, 0, tzinfo=ZoneInfo(PAGES_TZ))
    week = week_of(due, PAGES_TZ, day=6, at="18:00")
    note = pages.worker.composer.digest(SAM, maria, "Sam", week, entries, "es-US")
    assert str(note["Subject"]) == "La semana de Sam: 3 pequeños logros"
    page = tmp_path / "nota-semanal.html"
    page.write_text(note.get_body(("html",)).get_content(), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.title == "La semana de Sam"
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "Hola, María:" in text and "Lo que ayudó: llamar a mi padrino en el camino" in text
    shoot("es-10-weekly-note")
