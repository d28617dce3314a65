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


def secure(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if "Content-Security-Policy" not in response.headers:
        is_page = response.mimetype == "text/html" and not response.direct_passthrough
        html = response.get_data(as_text=True) if is_page else ""
        response.headers["Content-Security-Policy"] = policy(html)
    return response


def install(app: Flask) -> None:
    app.after_request(secure)


__all__ = ["HEADERS", "install", "policy", "secure"]
