"""The browser test tools work: a real Chromium fills a form on a live Flask app."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from flask import Flask, request
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.support.browser import LiveServer, browser, live_server, save_screenshot

# Fixtures come from tests/support/browser.py; named here so pytest finds them for this module.
__all__ = ["browser", "live_server"]

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body>{body}</body></html>"""
FILLER = "<p>Filler so the page is taller than the window.</p>" * 80


def greeting_app() -> Flask:
    """A page with a form posting a name; the answer shows the name back."""
    app = Flask("greeting")

    @app.get("/")
    def form() -> str:
        return PAGE.format(
            title="Who are you?",
            body=(
                '<form method="post" action="/hello">'
                '<label>Name <input name="name" id="name" autocomplete="off"></label>'
                '<button type="submit" id="go">Say hello</button></form>' + FILLER
            ),
        )

    @app.post("/hello")
    def hello() -> str:
        name = escape(request.form.get("name", ""))
        return PAGE.format(title="Hello", body=f'<p id="greeting">Hello, {name}!</p>')

    return app


def test_a_real_browser_fills_a_form_on_a_live_server(
    browser: WebDriver,
    live_server: Callable[[Flask], LiveServer],
    tmp_path: Path,
) -> None:
    server = live_server(greeting_app())
    assert server.url.startswith("http://127.0.0.1:")

    browser.get(server.url + "/")
    assert browser.title == "Who are you?"
    browser.find_element(By.ID, "name").send_keys("Ada & <Grace>")

    whole_form = save_screenshot(browser, tmp_path / "shots" / "form.png")
    browser.find_element(By.ID, "go").click()
    WebDriverWait(browser, 10).until(expected_conditions.title_is("Hello"))

    assert browser.find_element(By.ID, "greeting").text == "Hello, Ada & <Grace>!"
    answer = save_screenshot(browser, tmp_path / "shots" / "answer.png")

    for shot in (whole_form, answer):
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(data) > 1000
    # A phone-wide viewport, and the whole page (taller than the viewport) in the screenshot.
    viewport_width, viewport_height = browser.execute_script("return [innerWidth, innerHeight]")
    header = whole_form.read_bytes()[16:24]
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
    assert viewport_width == width == 420
    assert height > viewport_height == 900
