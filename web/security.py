"""The same security headers on every response the app serves, pages and error pages alike.

The buddy pages set their own policy; everything else (the export page, Flask's 404, 405 and
413 pages, the webhook's JSON) gets the same defaults here, so no page can be framed, sniffed
into another type or load anything from elsewhere. An inline <style> block is allowed by its
hash, so a page may keep its styles without opening the policy to injected ones.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Final

from flask import Flask, Response

POLICY: Final = (
    "default-src 'none'; style-src 'self'{styles}; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
_STYLE: Final = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def policy(html: str = "") -> str:
    """The Content-Security-Policy for a page, allowing exactly its inline style blocks."""
    hashes = "".join(
        " 'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _STYLE.findall(html)
    )
    return POLICY.format(styles=hashes)


# What every response without styles of its own gets: the webhook's, on every turn.
_NO_STYLES: Final = policy()


def secure(response: Response) -> Response:
    # The names a response already has, read once: werkzeug's `setdefault` scans the headers
    # twice and raises a KeyError inside for each name it then sets (about 9 us a
    # response). Each missing header is appended, in this order, as before.
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    for name, value in HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if "content-security-policy" not in present:
        if response.mimetype == "text/html" and not response.direct_passthrough:
            headers.add("Content-Security-Policy", policy(response.get_data(as_text=True)))
        else:
            headers.add("Content-Security-Policy", _NO_STYLES)
    return response


def install(app: Flask) -> None:
    app.after_request(secure)


__all__ = ["HEADERS", "install", "policy", "secure"]
