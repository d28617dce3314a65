"""Guessing invite codes on the web page: a flood from many addresses slows guessing but never
locks the right code out for someone else; one address is limited; an invite whose code is
guessed at too often loses its code. Through the served pages, on the real Valkey."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from sharing import keys
from sharing.codes import (
    ALL_WRONG_TRIES,
    CLIENT_TRIES,
    INVITE_WRONG_TRIES,
    TRY_WINDOW_SECONDS,
    UNDER_ATTACK_TRIES,
    bucket_of,
)
from tests.sharing.conftest import SAM, Pages
from tests.sharing.test_pages import read, redirect_path
from tests.support.clock import Clock
from tests.support.storage import new_request_id


@pytest.fixture
def client(pages: Pages) -> FlaskClient:
    pages.sharing.recipients.update_me(SAM, name="Sam")
    return pages.app.test_client()


def elsewhere(code: str, n: int) -> str:
    """The n-th wrong code outside `code`'s bucket: a guess that misses that invite."""
    return f"{(int(bucket_of(code)) + 1 + n % 99) % 100:02d}{n % 10_000:04d}"


def post(client: FlaskClient, code: str, address: str):
    return client.post("/invite", data={"code": code}, environ_base={"REMOTE_ADDR": address})


def test_a_flood_from_many_addresses_then_the_right_code_from_a_fresh_one_gets_in(
    pages: Pages, client: FlaskClient, pages_clock: Clock
) -> None:
    invite = pages.sharing.invites.open(SAM, "buddy")
    flooders = 30
    statuses: list[list[int]] = []
    guess = 0
    for n in range(flooders):  # every address uses up its tries, all in one window
        mine = []
        for _ in range(CLIENT_TRIES):
            mine.append(post(client, elsewhere(invite.code, guess), f"192.0.2.{n + 1}").status_code)
            guess += 1
        statuses.append(mine)
    calm = ALL_WRONG_TRIES // CLIENT_TRIES
    # Until everyone's wrong codes reach ALL_WRONG_TRIES each address has its full share ...
    assert statuses[:calm] == [[400] * CLIENT_TRIES] * calm
    # ... then each new address gets UNDER_ATTACK_TRIES: guessing slows, nobody is shut out.
    attacked = [400] * UNDER_ATTACK_TRIES + [429] * (CLIENT_TRIES - UNDER_ATTACK_TRIES)
    assert statuses[calm:] == [attacked] * (flooders - calm)
    answered = sum(s.count(400) for s in statuses)
    assert answered == ALL_WRONG_TRIES + (flooders - calm) * UNDER_ATTACK_TRIES  # 160 of 300

    # The person with the right code, from an address not seen before, gets in at once.
    landed = redirect_path(post(client, invite.code, "198.51.100.99"))
    assert landed.startswith("/invite/")
    page = read(client.get(landed))
    assert page.status == 200 and page.title == "You're invited"


def test_one_address_is_limited_and_says_so_calmly(
    pages: Pages, client: FlaskClient, pages_clock: Clock
) -> None:
    invite = pages.sharing.invites.open(SAM, "buddy")
    for n in range(CLIENT_TRIES):
        assert post(client, elsewhere(invite.code, n), "203.0.113.7").status_code == 400
    page = read(post(client, invite.code, "203.0.113.7"))
    assert page.status == 429
    assert page.alert() == "Too many tries. Please wait 15 minutes, then try again."
    assert redirect_path(post(client, invite.code, "203.0.113.8"))  # the next address is fine
    pages_clock.advance(seconds=TRY_WINDOW_SECONDS)
    assert redirect_path(post(client, invite.code, "203.0.113.7"))


def test_an_ipv6_network_is_one_client(pages: Pages, client: FlaskClient) -> None:
    """Anyone given an IPv6 /64 holds billions of addresses: they count as one."""
    invite = pages.sharing.invites.open(SAM, "buddy")
    for n in range(CLIENT_TRIES):
        assert post(client, elsewhere(invite.code, n), f"2001:db8::{n + 1:x}").status_code == 400
    assert post(client, invite.code, "2001:db8::ffff:1").status_code == 429
    assert redirect_path(post(client, invite.code, "2001:db8:0:1::1"))


def test_a_per_invite_cap_ends_that_invites_code_but_not_its_link_or_others(
    pages: Pages, client: FlaskClient
) -> None:
    invite = pages.sharing.invites.open(SAM, "buddy")
    other = pages.sharing.invites.open(SAM, "sponsor")
    while bucket_of(other.code) == bucket_of(invite.code):
        # An invite drawn into the same bucket would be closed too (a second notice): gone.
        pages.redis_client.delete(keys.code(other.code))
        pages.redis_client.srem(keys.code_bucket(bucket_of(other.code)), other.code)
        other = pages.sharing.invites.open(SAM, "sponsor")
    near = [f"{bucket_of(invite.code)}{n:04d}" for n in range(INVITE_WRONG_TRIES + 1)]
    near = [c for c in near if c != invite.code][:INVITE_WRONG_TRIES]
    for n, code in enumerate(near):  # two tries each from ten addresses: no address is limited
        assert post(client, code, f"192.0.2.{n // 2 + 1}").status_code == 400

    page = read(post(client, invite.code, "198.51.100.99"))
    assert page.status == 400
    assert page.alert() == (
        "That code doesn't match an open invite. Codes have six digits and work for 48 hours; "
        "check it with the person who gave it to you. If you're sure it's right, ask them to "
        "send you the invite link instead."
    )
    assert read(client.get(f"/invite/{invite.token}")).title == "You're invited"
    sponsor = read(client.get(redirect_path(post(client, other.code, "198.51.100.99"))))
    assert sponsor.status == 200 and sponsor.title == "You're invited"
    assert [n.kind for n in pages.sharing.news.take(SAM, new_request_id())] == ["code_closed"]
