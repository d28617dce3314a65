"""Drive server-rendered pages in a real headless Chromium from pytest.

Everything here works offline: the browser and its driver are Debian's `chromium` and
`chromedriver`, named explicitly so Selenium Manager is never asked to download anything.
When they are not installed, the `browser` fixture skips the test instead of failing it.

A conftest makes the fixtures available by importing them:

    from tests.support.browser import browser, live_server  # noqa: F401

Pages are served by `LiveServer`, a real werkzeug server on 127.0.0.1 in a background
thread, so the browser talks HTTP to the same Flask app the tests build.
"""

from __future__ import annotations

import base64
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from flask import Flask
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import BaseWSGIServer, make_server

__all__ = [
    "ChromeBinaries",
    "LiveServer",
    "browser",
    "find_chrome",
    "headless_chrome",
    "live_server",
    "save_screenshot",
]

# A phone-ish viewport by default, so screenshots show what a person sees on their phone.
DEFAULT_WIDTH = 420
DEFAULT_HEIGHT = 900

# Flags for a quiet, self-contained browser: no sandbox (we run as root in containers),
# no GPU, and none of the background traffic (sync, updates, QUIC probes) that would try
# the network, which is not there.
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

# Selenium's wire log records every command and response at DEBUG, page text included. The
# suite keeps every DEBUG line for its privacy audit, so words shown on a page would look like
# a leak; the wire log is quieted while a browser is open.
_WIRE_LOG = logging.getLogger("selenium.webdriver.remote.remote_connection")


class ChromeBinaries(NamedTuple):
    """Where the browser and its matching driver are installed."""

    chromium: str
    chromedriver: str


def _which(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    fallback = Path("/usr/bin") / name
    return str(fallback) if fallback.is_file() and os.access(fallback, os.X_OK) else None


def find_chrome() -> ChromeBinaries | None:
    """Debian's chromium and chromedriver, or None when either is missing."""
    chromium = _which("chromium")
    chromedriver = _which("chromedriver")
    if chromium is None or chromedriver is None:
        return None
    return ChromeBinaries(chromium, chromedriver)


@contextmanager
def headless_chrome(
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    binaries: ChromeBinaries | None = None,
    mobile: bool = True,
) -> Iterator[webdriver.Chrome]:
    """Start a headless Chromium with a fresh profile; quit it and remove the profile after.

    The page sees a `width` x `height` CSS-pixel viewport. Chromium will not make a window
    narrower than about 500 pixels, so the viewport is set through DevTools device emulation
    instead; with `mobile` (the default) it also behaves like a phone (the viewport meta tag is
    honoured, scrollbars overlay the page), so screenshots show what a person sees on a phone.

    Raises FileNotFoundError when chromium or chromedriver is not installed (the `browser`
    fixture turns that into a skip).
    """
    binaries = binaries or find_chrome()
    if binaries is None:
        raise FileNotFoundError("chromium and chromedriver are not both installed")
    # Read by the selenium-manager binary; it is never run here, but if it ever were it must
    # neither phone home nor download a browser.
    os.environ.setdefault("SE_AVOID_STATS", "true")
    os.environ.setdefault("SE_OFFLINE", "true")

    with tempfile.TemporaryDirectory(
        prefix="smallwins-chromium-", ignore_cleanup_errors=True
    ) as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = binaries.chromium
        for flag in CHROME_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        service = Service(executable_path=binaries.chromedriver)

        previous_level = _WIRE_LOG.level
        _WIRE_LOG.setLevel(logging.INFO)
        try:
            driver = webdriver.Chrome(options=options, service=service)
            try:
                driver.set_page_load_timeout(30)
                driver.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
                )
                yield driver
            finally:
                driver.quit()
        finally:
            _WIRE_LOG.setLevel(previous_level)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """A headless Chromium for one test, phone-sized; skips when it is not installed."""
    binaries = find_chrome()
    if binaries is None:
        pytest.skip(
            "chromium/chromedriver not installed (Debian: apt-get install chromium chromium-driver)"
        )
    with headless_chrome(binaries=binaries) as driver:
        yield driver


class LiveServer:
    """A Flask app served over real HTTP on 127.0.0.1, on a free port, in a background thread.

    Loopback only: nothing outside this machine can reach it. Call `stop()` when done (or use
    the `live_server` fixture, which does).
    """

    def __init__(self, app: Flask, host: str = "127.0.0.1") -> None:
        self._server: BaseWSGIServer = make_server(host, 0, app, threaded=True)
        self.host = host
        self.port: int = self._server.server_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"live-server-{self.port}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, close the listening socket and wait for the thread; safe to repeat."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server_close()

    def __repr__(self) -> str:
        return f"LiveServer({self.url!r})"


@pytest.fixture
def live_server() -> Iterator[Callable[[Flask], LiveServer]]:
    """A factory: `live_server(app)` serves an app until the test ends, and returns its server."""
    servers: list[LiveServer] = []

    def start(app: Flask) -> LiveServer:
        server = LiveServer(app)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def save_screenshot(driver: webdriver.Chrome, path: str | os.PathLike[str]) -> Path:
    """Save a PNG of the whole page, not just the viewport, creating folders as needed.

    Uses the DevTools `Page.captureScreenshot` with `captureBeyondViewport`, clipped to the
    page's full size; falls back to Selenium's viewport-only screenshot if that fails.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": size["height"],
                    "scale": 1,
                },
            },
        )
        target.write_bytes(base64.b64decode(shot["data"]))
    except Exception:
        if not driver.save_screenshot(str(target)):
            raise
    return target
