"""`Sharing` against the embedded Redis: invites, consent, the weekly schedule, cheers, groups,
erasure and encryption at rest. The clock is the test's; nothing here sends mail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from journal import Journal, StorageUnavailable, owner_key
from journal.connection import connect
from journal.crypto import Cipher
from sharing import keys
from sharing.codes import (
    ALL_WRONG_TRIES,
    CLIENT_TRIES,
    INVITE_WRONG_TRIES,
    TRY_WINDOW_SECONDS,
    UNDER_ATTACK_TRIES,
    bucket_of,
)
from sharing.erasure import erase_person
from sharing.errors import ConsentMissing, NotFound, RateLimited, SharingError
from sharing.invites import INVITE_SECONDS
from sharing.news import CHEERS_PER_DAY, HEARD_SECONDS
from sharing.outbox import Outbox, queue
from sharing.records import Recipient
from sharing.store import Sharing
from sharing.tokens import Tokens
from smallwins.embedded_redis import EmbeddedRedis
from tests.support.faults import CuttingProxy
from tests.support.storage import all_keys, new_request_id

SECRET = b"sharing-tests-secret-0123456789abcdefghi"
OWNER = owner_key(SECRET, "amzn1.ask.account.TEST-SHARING-SAM")
OTHER = owner_key(SECRET, "amzn1.ask.account.TEST-SHARING-ALEX")
TZ = "America/New_York"
# Wednesday 4 March 2026, 07:00 in New York (12:00 UTC), four days before clocks go forward.
START = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def tokens(clock: Clock) -> Tokens:
    return Tokens(SECRET, clock)


@pytest.fixture
def sharing(redis_client: redis.Redis, tokens: Tokens, clock: Clock) -> Sharing:
    return Sharing(redis_client, tokens=tokens, clock=clock)


def invited(
    sharing: Sharing,
    owner: str = OWNER,
    *,
    name: str = "Robin",
    email: str = "robin@example.org",
    kind: str = "buddy",
) -> Recipient:
    invite = sharing.invites.open(owner, kind)
    _, recipient, new = sharing.invites.accept(invite.token, name, email)
    assert new
    return recipient


def confirmed(sharing: Sharing, owner: str = OWNER, **kwargs: str) -> Recipient:
    recipient = invited(sharing, owner, **kwargs)
    done = sharing.recipients.confirm(owner, recipient.id, recipient.nonce)
    assert done is not None and done.confirmed
    return done


def weekly(sharing: Sharing, owner: str = OWNER, **kwargs: str) -> Recipient:
    recipient = confirmed(sharing, owner, **kwargs)
    return sharing.recipients.answer_weekly(owner, recipient.id, yes=True, tz=TZ)


# -- invites -----------------------------------------------------------------------------------


def test_an_invite_has_a_six_digit_code_that_finds_its_link(sharing: Sharing) -> None:
    """The code typed on the web page leads to the same invite as the link in the card."""
    invite = sharing.invites.open(OWNER, "buddy")
    assert re.fullmatch(r"\d{6}", invite.code)
    token = sharing.invites.by_code(f"{invite.code[:3]} {invite.code[3:]}", "client-1")
    owner, invite_id, fields = sharing.invites.read(token)
    assert (owner, invite_id) == (OWNER, invite.id)
    assert fields["kind"] == "buddy" and fields["code"] == invite.code
    assert sharing.invites.read(invite.token)[:2] == (OWNER, invite.id)


def test_an_invite_is_single_use(sharing: Sharing) -> None:
    """The first address takes the invite. The same address again (a reload, any case) gets
    the same recipient back as not new; another address is refused, and the code is spent."""
    invite = sharing.invites.open(OWNER, "buddy")
    _, first, new = sharing.invites.accept(invite.token, "Robin", "robin@example.org")
    assert new and not first.confirmed
    _, again, new_again = sharing.invites.accept(invite.token, "Robin", "Robin@Example.org")
    assert again.id == first.id and not new_again
    with pytest.raises(NotFound):
        sharing.invites.accept(invite.token, "Mallory", "mallory@example.org")
    with pytest.raises(NotFound):
        sharing.invites.by_code(invite.code, "client-1")
    assert [r.id for r in sharing.recipients.all(OWNER)] == [first.id]


def test_an_invite_expires_after_48_hours(
    sharing: Sharing, redis_client: redis.Redis, clock: Clock
) -> None:
    """Its link stops working after 48 hours by the clock; its records in Redis carry a TTL of
    at most 48 hours, so they go by themselves."""
    invite = sharing.invites.open(OWNER, "buddy")
    for key in (keys.invite(OWNER, invite.id), keys.code(invite.code)):
        assert 0 < redis_client.ttl(key) <= INVITE_SECONDS == 48 * 3600
    clock.advance(hours=47, minutes=59)
    assert sharing.invites.read(invite.token)[1] == invite.id
    clock.advance(minutes=2)
    with pytest.raises(NotFound):
        sharing.invites.read(invite.token)
    with pytest.raises(NotFound):
        sharing.invites.accept(invite.token, "Robin", "robin@example.org")


def test_unknown_invite_kinds_are_refused(sharing: Sharing) -> None:
    with pytest.raises(ValueError):
        sharing.invites.open(OWNER, "everyone")


def test_one_client_gets_a_few_tries_at_a_code(sharing: Sharing, clock: Clock) -> None:
    """After CLIENT_TRIES tries in a window even the right code is refused for that client;
    another client, or the same one in the next window, may try."""
    invite = sharing.invites.open(OWNER, "buddy")
    wrong = f"{(int(invite.code) + 1) % 10**6:06d}"
    for _ in range(CLIENT_TRIES):
        with pytest.raises(NotFound):
            sharing.invites.by_code(wrong, "client-1")
    with pytest.raises(RateLimited):
        sharing.invites.by_code(invite.code, "client-1")
    assert sharing.invites.by_code(invite.code, "client-2")
    clock.advance(seconds=TRY_WINDOW_SECONDS)
    assert sharing.invites.by_code(invite.code, "client-1")


def other_bucket(code: str, n: int) -> str:
    """A wrong code whose bucket is not `code`'s: a guess that misses this invite entirely."""
    bucket = (int(bucket_of(code)) + 1 + n % 99) % 100
    return f"{bucket:02d}{n % 10_000:04d}"


def test_wrong_codes_from_everyone_only_shrink_each_clients_share(
    sharing: Sharing, clock: Clock
) -> None:
    """ALL_WRONG_TRIES wrong codes from many clients mean someone is sweeping the codes: each
    client then gets UNDER_ATTACK_TRIES tries, but nobody is refused a right code within their
    own share (it used to close code entry for everyone for the window)."""
    invite = sharing.invites.open(OWNER, "buddy")
    for attempt in range(ALL_WRONG_TRIES):
        with pytest.raises(NotFound):
            sharing.invites.by_code(other_bucket(invite.code, attempt), f"bot-{attempt // 10}")
    assert sharing.invites.by_code(invite.code, "a-real-person")
    for attempt in range(UNDER_ATTACK_TRIES):
        with pytest.raises(NotFound):
            sharing.invites.by_code(other_bucket(invite.code, attempt), "a-new-bot")
    with pytest.raises(RateLimited):
        sharing.invites.by_code(invite.code, "a-new-bot")
    clock.advance(seconds=TRY_WINDOW_SECONDS)  # a calm window: the full share again
    for attempt in range(CLIENT_TRIES - 1):
        with pytest.raises(NotFound):
            sharing.invites.by_code(other_bucket(invite.code, attempt), "a-new-bot")
    assert sharing.invites.by_code(invite.code, "a-new-bot")


def test_wrong_codes_in_an_invites_bucket_end_its_code_and_the_person_hears(
    sharing: Sharing,
) -> None:
    """Every wrong code counts against the open invites sharing its first two digits; after
    INVITE_WRONG_TRIES the code ends, however many clients tried. The link still works."""
    invite = sharing.invites.open(OWNER, "buddy")
    wrong = [c for c in (f"{bucket_of(invite.code)}{n:04d}" for n in range(40)) if c != invite.code]
    for n, code in enumerate(wrong[: INVITE_WRONG_TRIES - 1]):
        with pytest.raises(NotFound):
            sharing.invites.by_code(code, f"client-{n}")
    assert sharing.invites.by_code(invite.code, "a-real-person")  # one short: still open
    with pytest.raises(NotFound):
        sharing.invites.by_code(wrong[INVITE_WRONG_TRIES], "client-last")
    with pytest.raises(NotFound):
        sharing.invites.by_code(invite.code, "a-real-person")
    assert sharing.invites.read(invite.token)[0] == OWNER
    assert [n.kind for n in sharing.news.take(OWNER, new_request_id())] == ["code_closed"]


# -- tokens ------------------------------------------------------------------------------------


def test_a_token_works_only_for_its_purpose(sharing: Sharing, tokens: Tokens) -> None:
    """An unsubscribe or confirm token is no invite link, and an invite token confirms
    nothing."""
    invite = sharing.invites.open(OWNER, "buddy")
    for purpose in ("unsubscribe", "confirm", "cheer"):
        wrong = tokens.make(purpose, o=OWNER, i=invite.id)
        with pytest.raises(NotFound):
            sharing.invites.read(wrong)
    for purpose in ("unsubscribe", "confirm", "cheer"):
        assert tokens.read(purpose, invite.token) is None
    assert tokens.read("invite", invite.token) == {"o": OWNER, "i": invite.id}


def test_a_forged_or_altered_token_is_refused(sharing: Sharing, clock: Clock) -> None:
    invite = sharing.invites.open(OWNER, "buddy")
    forged = Tokens(b"not-our-secret-" * 3, clock).make("invite", o=OWNER, i=invite.id)
    altered = invite.token[:-6] + ("A" if invite.token[-6] != "A" else "B") + invite.token[-5:]
    for token in (forged, altered, "", "not-a-token"):
        with pytest.raises(NotFound):
            sharing.invites.read(token)


# -- confirmation and the person's answer ------------------------------------------------------


def test_confirm_is_idempotent_and_needs_the_right_nonce(sharing: Sharing) -> None:
    """A replayed confirm link answers as the first did; a wrong nonce or an unknown recipient
    confirms nothing."""
    robin = invited(sharing)
    assert sharing.recipients.confirm(OWNER, robin.id, "wrong-nonce") is None
    assert sharing.recipients.get(OWNER, robin.id).confirmed is False  # type: ignore[union-attr]
    first = sharing.recipients.confirm(OWNER, robin.id, robin.nonce)
    again = sharing.recipients.confirm(OWNER, robin.id, robin.nonce)
    assert first is not None and again is not None
    assert first.confirmed and again == first
    assert not first.weekly and first.since is None  # a buddy's yes is the person's to give
    assert sharing.recipients.confirm(OWNER, "0" * 16, robin.nonce) is None


def test_awaiting_answer_asks_about_the_oldest_confirmed_buddy_first(
    sharing: Sharing, clock: Clock
) -> None:
    """Unconfirmed buddies and group mail aren't asked about; answered buddies aren't asked
    again; among the rest the oldest comes first."""
    invited(sharing, name="Unconfirmed", email="later@example.org")
    clock.advance(minutes=1)
    robin = confirmed(sharing)
    clock.advance(minutes=1)
    kim = confirmed(sharing, name="Kim", email="kim@example.org")
    assert sharing.recipients.awaiting_answer(OWNER) == robin
    sharing.recipients.answer_weekly(OWNER, robin.id, yes=False, tz=TZ)
    assert sharing.recipients.awaiting_answer(OWNER) == kim
    sharing.recipients.answer_weekly(OWNER, kim.id, yes=True, tz=TZ)
    assert sharing.recipients.awaiting_answer(OWNER) is None


@pytest.mark.parametrize(
    ("now", "due"),
    [
        # Wednesday before the spring change: Sunday 18:00 is already daylight time (UTC-4).
        (datetime(2026, 3, 4, 12, 0, tzinfo=UTC), datetime(2026, 3, 8, 22, 0, tzinfo=UTC)),
        # The Sunday before it, after 18:00 local: not today but next Sunday, standard time.
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), datetime(2026, 3, 8, 22, 0, tzinfo=UTC)),
        # The Sunday before it, before 18:00 local: today, at 23:00 UTC (UTC-5).
        (datetime(2026, 3, 1, 15, 0, tzinfo=UTC), datetime(2026, 3, 1, 23, 0, tzinfo=UTC)),
        # The autumn change is on Sunday 1 November itself: 18:00 is standard time again.
        (datetime(2026, 10, 28, 12, 0, tzinfo=UTC), datetime(2026, 11, 1, 23, 0, tzinfo=UTC)),
    ],
)
def test_yes_schedules_the_digest_for_next_sunday_evening_in_the_persons_zone(
    sharing: Sharing, clock: Clock, now: datetime, due: datetime
) -> None:
    """A yes puts the recipient in `sw:due` at the next Sunday 18:00 in the person's zone,
    as an exact UTC instant, clock changes included."""
    clock.now = now
    robin = confirmed(sharing)
    answered = sharing.recipients.answer_weekly(OWNER, robin.id, yes=True, tz=TZ)
    assert answered.weekly and answered.asked and answered.since == now
    assert sharing.ledger.due_at("d", OWNER, robin.id) == due.timestamp()
    assert [d.member for d in sharing.ledger.due(due)] == [f"d|{OWNER}|{robin.id}"]
    assert sharing.ledger.due(due - timedelta(seconds=1)) == []


def test_no_schedules_nothing_and_takes_back_an_earlier_yes(sharing: Sharing) -> None:
    robin = confirmed(sharing)
    answered = sharing.recipients.answer_weekly(OWNER, robin.id, yes=False, tz=TZ)
    assert answered.asked and not answered.weekly and answered.since is None
    assert sharing.ledger.due_at("d", OWNER, robin.id) is None
    sharing.recipients.answer_weekly(OWNER, robin.id, yes=True, tz=TZ)
    assert sharing.ledger.due_at("d", OWNER, robin.id) is not None
    sharing.recipients.answer_weekly(OWNER, robin.id, yes=False, tz=TZ)
    assert sharing.ledger.due_at("d", OWNER, robin.id) is None


def test_an_unconfirmed_buddy_can_not_be_given_a_yes(sharing: Sharing) -> None:
    robin = invited(sharing)
    with pytest.raises(NotFound):
        sharing.recipients.answer_weekly(OWNER, robin.id, yes=True, tz=TZ)
    assert sharing.ledger.due_at("d", OWNER, robin.id) is None


# -- consent -----------------------------------------------------------------------------------


def _allowed(sharing: Sharing, recipient_id: str) -> set[str]:
    allowed = set()
    for purpose in ("confirm", "share", "digest", "group", "anything-else"):
        try:
            sharing.recipients.consent(OWNER, recipient_id, purpose)
        except ConsentMissing:
            continue
        allowed.add(purpose)
    return allowed


def test_consent_follows_each_step_of_the_opt_in(sharing: Sharing) -> None:
    """Unconfirmed: only the confirmation. Confirmed: single shares. After the person's yes:
    the weekly digest too. Never anything for an unknown purpose or recipient."""
    robin = invited(sharing)
    assert _allowed(sharing, robin.id) == {"confirm"}
    sharing.recipients.confirm(OWNER, robin.id, robin.nonce)
    assert _allowed(sharing, robin.id) == {"share"}
    sharing.recipients.answer_weekly(OWNER, robin.id, yes=True, tz=TZ)
    assert _allowed(sharing, robin.id) == {"share", "digest"}
    sharing.recipients.answer_weekly(OWNER, robin.id, yes=False, tz=TZ)
    assert _allowed(sharing, robin.id) == {"share"}
    assert _allowed(sharing, "0" * 16) == set()


def test_group_mail_is_allowed_only_while_the_person_sits_in_that_group(sharing: Sharing) -> None:
    """A group-email recipient gets the group digest and nothing else, and only while the
    person is still a member of the group it was made for."""
    sharing.groups.create(OWNER, "Tuesday Circle", TZ)
    me = confirmed(sharing, name="Sam", email="sam@example.org", kind="group")
    assert me.weekly and me.group
    assert _allowed(sharing, me.id) == {"group"}
    sharing.groups.leave(OWNER)
    assert _allowed(sharing, me.id) == set()


def test_a_retried_request_gets_the_invite_it_opened_not_a_second_one(sharing: Sharing) -> None:
    """An Alexa retry of the answer naming the person to invite opened a second live code."""
    request = new_request_id()
    first = sharing.invites.open(OWNER, "sponsor", request)
    again = sharing.invites.open(OWNER, "sponsor", request)
    assert (again.id, again.code, again.kind) == (first.id, first.code, first.kind)
    assert sharing.invites.read(again.token)[0] == OWNER
    other = sharing.invites.open(OWNER, "sponsor", new_request_id())
    assert other.code != first.code


def test_stop_removes_the_recipient_and_their_schedule(sharing: Sharing) -> None:
    robin = weekly(sharing)
    assert sharing.recipients.stop(OWNER, robin.id) == robin
    assert sharing.recipients.get(OWNER, robin.id) is None
    assert sharing.ledger.due_at("d", OWNER, robin.id) is None
    assert _allowed(sharing, robin.id) == set()
    # The person stopped it: nothing to tell them.
    assert sharing.news.take(OWNER, new_request_id()) == []


def test_unsubscribe_stops_and_tells_the_person_once(sharing: Sharing) -> None:
    """When the recipient leaves, the person hears "Robin left" at their next launch, once."""
    robin = weekly(sharing)
    sharing.recipients.unsubscribe(OWNER, robin.id)
    assert sharing.recipients.get(OWNER, robin.id) is None
    assert sharing.ledger.due_at("d", OWNER, robin.id) is None
    [news] = sharing.news.take(OWNER, new_request_id())
    assert (news.kind, news.sender) == ("left", "Robin")
    assert sharing.news.take(OWNER, new_request_id()) == []


# -- cheers ------------------------------------------------------------------------------------


def test_a_cheer_is_heard_once(sharing: Sharing) -> None:
    robin = confirmed(sharing)
    sharing.news.cheer(OWNER, robin.id, "So proud of you this week")
    [news] = sharing.news.take(OWNER, new_request_id())
    assert (news.kind, news.sender, news.text) == ("cheer", "Robin", "So proud of you this week")
    assert sharing.news.take(OWNER, new_request_id()) == []


def test_a_launch_takes_the_news_and_finds_the_buddy_awaiting_an_answer_at_once(
    sharing: Sharing,
) -> None:
    assert sharing.news.launch(OWNER, None, new_request_id())[1:] == ([], None)
    robin = confirmed(sharing)
    sharing.news.cheer(OWNER, robin.id, "So proud of you this week")
    _, [news], awaiting = sharing.news.launch(OWNER, None, new_request_id())
    assert (news.sender, news.text, awaiting) == ("Robin", "So proud of you this week", robin)
    # The cheer is heard once.
    assert sharing.news.launch(OWNER, None, new_request_id())[1:] == ([], robin)


def test_a_retried_launch_hears_the_cheer_its_first_try_took(sharing: Sharing) -> None:
    """A launch's reply lost after Redis ran it (redis-py retries a dropped connection, Alexa
    retries the request with the same id) took the cheer, and the retry found nothing: the
    buddy's cheer was never heard."""
    robin = confirmed(sharing)
    sharing.news.cheer(OWNER, robin.id, "So proud of you this week")
    request = new_request_id()
    [first] = sharing.news.launch(OWNER, None, request)[1]
    sharing.news.cheer(OWNER, robin.id, "And today too")
    [again] = sharing.news.launch(OWNER, None, request)[1]
    assert first == again
    # The next launch hears what came since, and nothing twice.
    assert [n.text for n in sharing.news.take(OWNER, new_request_id())] == ["And today too"]
    assert sharing.news.take(OWNER, new_request_id()) == []


def test_what_a_launch_took_is_kept_only_for_alexas_retry_window(
    sharing: Sharing, redis_client: redis.Redis
) -> None:
    robin = confirmed(sharing)
    sharing.news.cheer(OWNER, robin.id, "So proud of you this week")
    sharing.news.take(OWNER, new_request_id())
    assert 0 < redis_client.ttl(keys.heard(OWNER)) <= HEARD_SECONDS


def test_cheers_are_limited_per_recipient_and_day(sharing: Sharing, clock: Clock) -> None:
    robin = confirmed(sharing)
    for n in range(CHEERS_PER_DAY):
        sharing.news.cheer(OWNER, robin.id, f"cheer number {n}")
    with pytest.raises(RateLimited):
        sharing.news.cheer(OWNER, robin.id, "one too many")
    assert len(sharing.news.take(OWNER, new_request_id())) == CHEERS_PER_DAY
    clock.advance(days=1)
    sharing.news.cheer(OWNER, robin.id, "a new day")
    assert [n.text for n in sharing.news.take(OWNER, new_request_id())] == ["a new day"]


def test_no_cheer_without_a_current_confirmed_buddy(sharing: Sharing) -> None:
    """An unconfirmed address, or a buddy the person stopped sharing with, can't send cheers
    (their cheer links keep working as links, but carry no consent)."""
    pending = invited(sharing, name="Pending", email="pending@example.org")
    with pytest.raises(ConsentMissing):
        sharing.news.cheer(OWNER, pending.id, "hello")
    robin = confirmed(sharing)
    sharing.recipients.stop(OWNER, robin.id)
    with pytest.raises(ConsentMissing):
        sharing.news.cheer(OWNER, robin.id, "still here")
    assert sharing.news.take(OWNER, new_request_id()) == []


# -- groups ------------------------------------------------------------------------------------


def test_a_group_is_joined_by_its_code(sharing: Sharing) -> None:
    group = sharing.groups.create(OWNER, "Tuesday Circle", TZ)
    assert re.fullmatch(r"\d{6}", group.code)
    assert sharing.groups.get(group.id) == group
    joined = sharing.groups.join(OTHER, f" {group.code[:3]}-{group.code[3:]} ")
    assert joined.id == group.id
    assert sharing.groups.join(OTHER, group.code).id == group.id  # joining twice is fine
    assert [owner for owner, _ in sharing.groups.members(group.id)] == sorted([OWNER, OTHER])
    with pytest.raises(SharingError):
        sharing.groups.create(OWNER, "A second one", TZ)


def test_a_wrong_group_code_finds_nothing(sharing: Sharing) -> None:
    group = sharing.groups.create(OWNER, "Tuesday Circle", TZ)
    wrong = f"{(int(group.code) + 1) % 10**6:06d}"
    for code in (wrong, "", "abc"):
        with pytest.raises(NotFound):
            sharing.groups.join(OTHER, code)
    assert sharing.groups.membership(OTHER) is None


def test_sharing_with_the_group_starts_now(sharing: Sharing, clock: Clock) -> None:
    """Turning sharing on records when it began; changing the display name later does not
    move that moment (wins before it stay private)."""
    sharing.groups.create(OWNER, "Tuesday Circle", TZ)
    seat = sharing.groups.membership(OWNER)
    assert seat is not None and not seat.share and seat.since is None
    on = sharing.groups.update_membership(OWNER, share=True, display="Sam")
    assert on.share and on.since == START
    clock.advance(days=2)
    renamed = sharing.groups.update_membership(OWNER, display="Sammy", share=True)
    assert renamed.since == START and renamed.display == "Sammy"
    with pytest.raises(NotFound):
        sharing.groups.update_membership(OTHER, share=True)


def test_leaving_removes_the_seat_and_the_last_one_out_closes_the_group(
    sharing: Sharing, redis_client: redis.Redis
) -> None:
    group = sharing.groups.create(OWNER, "Tuesday Circle", TZ)
    sharing.groups.join(OTHER, group.code)
    me = confirmed(sharing, name="Sam", email="sam@example.org", kind="group")
    assert sharing.ledger.due_at("g", OWNER, me.id) is not None

    assert sharing.groups.leave(OWNER) == group
    assert sharing.groups.membership(OWNER) is None
    assert [owner for owner, _ in sharing.groups.members(group.id)] == [OTHER]
    assert sharing.recipients.get(OWNER, me.id) is None  # the group mail ends with the seat
    assert sharing.ledger.due_at("g", OWNER, me.id) is None
    assert sharing.groups.get(group.id) is not None

    sharing.groups.leave(OTHER)
    assert sharing.groups.get(group.id) is None
    assert not redis_client.exists(
        keys.group(group.id), keys.group_members(group.id), keys.group_code(group.code)
    )
    with pytest.raises(NotFound):
        sharing.groups.join(OWNER, group.code)
    assert sharing.groups.leave(OWNER) is None


def test_a_group_start_cut_short_leaves_nothing_erasure_misses(
    own_server: EmbeddedRedis, tmp_path: Path, tokens: Tokens, clock: Clock
) -> None:
    """Redis gone after any one of the commands that start a group (it ran; its reply was
    lost): whatever was left is the person's, so they can start again or leave, and erasing
    them leaves no group, and no code that still leads into one."""
    proxy = CuttingProxy(own_server.socket, tmp_path / "proxy.sock")
    client = connect(proxy.url)
    direct = redis.Redis.from_url(own_server.url)
    sharing = Sharing(client, tokens=tokens, clock=clock)
    proxy.commands.clear()
    sharing.groups.create(OWNER, "Tuesday Circle", TZ)
    for cut in range(1, len(proxy.commands) + 1):
        direct.flushall()
        client.connection_pool.disconnect()
        proxy.cut_after(cut)
        with pytest.raises(StorageUnavailable):
            sharing.groups.create(OWNER, "Tuesday Circle", TZ)
        proxy.restore()
        try:  # a seat whose group never came does not stand in the way of starting again
            sharing.groups.create(OWNER, "Tuesday Circle", TZ)
        except SharingError:  # the first start got as far as the group: they are in it
            assert sharing.groups.leave(OWNER) is not None
        erase_person(Journal(direct), Sharing(direct, tokens=tokens, clock=clock),
                     Outbox(queue(direct), data=direct), OWNER)  # fmt: skip
        assert all_keys(direct, "sw:grp*") == [], cut
    proxy.close()


# -- erasure -----------------------------------------------------------------------------------


def _everything_of(sharing: Sharing, owner: str, name: str) -> dict[str, str]:
    """Give `owner` one of everything sharing keeps: an open invite, a weekly buddy with a
    cheer quota, a cheer waiting, a seat in a shared group, their group's mail, a failure."""
    open_invite = sharing.invites.open(owner, "sponsor")
    buddy = weekly(sharing, owner, name=f"{name}'s buddy", email=f"{name.lower()}@example.org")
    sharing.news.cheer(owner, buddy.id, "keep going")
    sharing.recipients.update_me(owner, name=name)
    group = sharing.groups.membership(owner)
    if group is None:
        created = sharing.groups.create(owner, "Shared Circle", TZ)
        group_id = created.id
    else:
        group_id = group.group
    sharing.groups.update_membership(owner, share=True, display=name)
    mail = confirmed(sharing, owner, name=name, email=f"{name.lower()}.group@example.org",
                     kind="group")  # fmt: skip
    sharing.ledger.record_failure(owner, "deliver_share", [owner, buddy.id, "1"], "SMTPDataError")
    return {"code": open_invite.code, "buddy": buddy.id, "group": group_id, "mail": mail.id}


def test_erasure_leaves_nothing_of_the_person_and_all_of_everyone_else(
    sharing: Sharing, redis_client: redis.Redis, journal: Journal
) -> None:
    """After `Journal.erase`, no key in the whole keyspace names the owner; their open invite
    code, their places in `sw:due`, their group seat and their failure entries are gone. The
    other member's records, schedule, seat and the group itself are untouched."""
    mine = _everything_of(sharing, OWNER, "Sam")
    group = sharing.groups.get(mine["group"])
    assert group is not None
    sharing.groups.join(OTHER, group.code)
    theirs = _everything_of(sharing, OTHER, "Alex")
    assert theirs["group"] == mine["group"]

    journal.erase(OWNER)

    named = [k for k in redis_client.scan_iter(count=500) if OWNER.encode() in k]
    assert named == []
    assert not redis_client.exists(keys.code(mine["code"]))
    due_members = [m.decode() for m in redis_client.zrange(keys.DUE, 0, -1)]
    assert not [m for m in due_members if OWNER in m]
    assert OWNER.encode() not in redis_client.smembers(keys.group_members(mine["group"]))
    assert [e for _, e in sharing.ledger.failures() if e["owner"] == OWNER] == []

    assert redis_client.exists(keys.code(theirs["code"]))
    assert sorted(due_members) == sorted(
        [f"d|{OTHER}|{theirs['buddy']}", f"g|{OTHER}|{theirs['mail']}"]
    )
    assert [owner for owner, _ in sharing.groups.members(mine["group"])] == [OTHER]
    assert sharing.recipients.get(OTHER, theirs["buddy"]) is not None
    assert [e["owner"] for _, e in sharing.ledger.failures()] == [OTHER]
    assert sharing.groups.get(mine["group"]) is not None
    assert [n.text for n in sharing.news.take(OTHER, new_request_id())] == ["keep going"]


# -- encryption at rest ------------------------------------------------------------------------


@pytest.fixture
def encrypted(redis_client: redis.Redis, tokens: Tokens, clock: Clock) -> Iterator[Sharing]:
    yield Sharing(
        redis_client,
        cipher=Cipher.from_keys([Cipher.generate_key()]),
        tokens=tokens,
        clock=clock,
    )


def _all_values(client: redis.Redis) -> bytes:
    out: list[bytes] = []
    for key in client.scan_iter(count=500):
        kind = client.type(key)
        out.append(key)
        if kind == b"string":
            out.append(client.get(key) or b"")
        elif kind == b"hash":
            out.extend(part for pair in client.hgetall(key).items() for part in pair)
        elif kind == b"set":
            out.extend(client.smembers(key))
        elif kind == b"zset":
            out.extend(client.zrange(key, 0, -1))
        elif kind == b"list":
            out.extend(client.lrange(key, 0, -1))
    return b"\n".join(out)


def test_peoples_words_are_encrypted_at_rest(
    encrypted: Sharing, redis_client: redis.Redis, clock: Clock
) -> None:
    """Names, addresses, display names, a group's name and cheers are in no Redis value as
    plaintext, yet read back whole through the cipher."""
    words = {
        "name": "Marguerite Okonkwo",
        "email": "marguerite.private@example.org",
        "me": "Samantha Quillfeather",
        "display": "Sammy Q",
        "group": "Thursday Lantern Circle",
        "cheer": "you carried the whole week",
    }
    encrypted.groups.create(OWNER, words["group"], TZ)
    encrypted.recipients.update_me(OWNER, name=words["me"])
    encrypted.groups.update_membership(OWNER, share=True, display=words["display"])
    buddy = weekly(encrypted, name=words["name"], email=words["email"])
    encrypted.news.cheer(OWNER, buddy.id, words["cheer"])
    clock.advance(minutes=1)
    encrypted.recipients.unsubscribe(OWNER, buddy.id)  # a "left" notice holds the name too

    stored = _all_values(redis_client)
    for label, text in words.items():
        assert text.encode() not in stored, label
        assert text.lower().encode() not in stored.lower(), label

    assert encrypted.recipients.me(OWNER).name == words["me"]
    membership = encrypted.groups.membership(OWNER)
    assert membership is not None and membership.display == words["display"]
    news = encrypted.news.take(OWNER, new_request_id())
    assert [(n.kind, n.sender, n.text) for n in news] == [
        ("cheer", words["name"], words["cheer"]),
        ("left", words["name"], ""),
    ]


def test_a_recipients_address_is_encrypted_at_rest(
    encrypted: Sharing, redis_client: redis.Redis
) -> None:
    robin = confirmed(encrypted, name="Robin Quayle", email="robin.quayle@example.org")
    stored = _all_values(redis_client)
    assert b"robin.quayle@example.org" not in stored and b"Robin Quayle" not in stored
    assert encrypted.recipients.get(OWNER, robin.id) == robin


def test_no_code_handed_out_reads_as_an_emergency_number(own_server: EmbeddedRedis) -> None:
    """'Nine one one' said as part of a code would be heard as a call for help."""
    from sharing.codes import free_code

    client = redis.Redis.from_url(own_server.url)
    codes = [free_code(client, lambda c: f"test:code:{c}", "x") for _ in range(3000)]
    assert not [code for code in codes if "911" in code]
