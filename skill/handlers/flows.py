"""Conversation steps that more than one intent or answer can lead to.

A step can be reached through several doors (a win carrier, a follow-up answer, a "yes"),
so each lives here, once; which door leads where is the tables' business (`answers.py`).
"""

from __future__ import annotations

import logging
from datetime import date

from ask_sdk_model import Response

from journal import JournalError, Page, Win
from journal.toolkit import describe_helped
from skill.awaiting import Awaiting
from skill.dates import period_from_slot, spoken_day
from skill.days_said import as_read
from skill.turn import Turn
from skill.understanding import keywords
from skill.wording import reflect, sentence_start

log = logging.getLogger(__name__)

# Encouragement looks for a fitting win among this many recent ones: enough history to
# find a match, a fixed cost however long the journal grows.
ENCOURAGE_SEARCH_DEPTH = 200


def save_win(turn: Turn, text: str, *, before: list[str] | None = None) -> Response:
    recorded = turn.record(text)
    saved = (
        turn.say("record.saved_first")
        if recorded.total == 1
        else turn.say("record.saved", total=recorded.total)
    )
    turn.expect(Awaiting.HELPED, win=recorded.win.id)
    turn.session["last_win"] = recorded.win.id  # what "share that" means later in the session
    return turn.ask(
        *(before or []),
        saved,
        turn.say("record.ask_helped"),
        reprompt=turn.say("record.followup_reprompt"),
    )


def note_helped(turn: Turn, text: str) -> Response:
    """The answer to "what helped?"; then how it felt is asked."""
    win_id = str(turn.awaiting.get("win", ""))
    if turn.journal.add_detail(turn.owner, win_id, helped=text):
        turn.expect(Awaiting.FELT, win=win_id)
        return turn.ask(turn.say("record.ask_felt"), reprompt=turn.say("record.followup_reprompt"))
    return turn.tell(turn.say("record.followup_win_gone"))


def note_felt(turn: Turn, text: str) -> Response:
    added = turn.journal.add_detail(turn.owner, str(turn.awaiting.get("win", "")), felt=text)
    return turn.tell(turn.say("record.followup_done" if added else "record.followup_win_gone"))


def skip_followup(turn: Turn) -> Response:
    """Skipping "what helped?" still leaves "how did it feel?" to ask; skipping that ends."""
    if turn.awaited is Awaiting.HELPED:
        turn.expect(Awaiting.FELT, win=turn.awaiting.get("win"))
        return turn.ask(turn.say("record.ask_felt"), reprompt=turn.say("record.followup_reprompt"))
    return turn.tell(turn.say("record.skipped"))


def no_idea(turn: Turn) -> Response:
    """Someone who can't think of a win gets one exception question, not a dead end."""
    if turn.awaiting.get("asked_exception"):
        return turn.tell(turn.say("goodbye.text"))
    turn.expect(Awaiting.WIN, asked_exception=True)
    return turn.ask(
        turn.say("record.exception_question"), reprompt=turn.say("record.exception_reprompt")
    )


def crisis(turn: Turn, text: str | None = None, *, answering: Awaiting | None = None) -> Response:
    """Resources first, calmly; what was said is held in the session, not stored.

    When the words were an answer to a follow-up (`answering`), "save it" must attach them to
    that win, so the follow-up being answered is remembered with them.
    """
    speech = [turn.say("safety.crisis")]
    card = (turn.say("safety.card_title"), turn.say("safety.card_text"))
    if not text:
        turn.expect(Awaiting.CRISIS)
        return turn.ask(*speech, reprompt=turn.say("safety.reprompt"), card=card)
    turn.expect(
        Awaiting.CRISIS_SAVE,
        text=text,
        win=turn.awaiting.get("win") if answering else None,
        field=answering.value if answering else None,
    )
    # Nothing about saving is said here: "if it was a win, say save it" is tone-deaf after a
    # crisis reply. The words are held, and only an explicit "save it" keeps them.
    return turn.ask(*speech, reprompt=turn.say("safety.reprompt_unsaved"), card=card)


def crisis_goodbye(turn: Turn) -> Response:
    return turn.tell(
        turn.say("safety.goodbye"),
        card=(turn.say("safety.card_title"), turn.say("safety.card_text")),
    )


def setback(turn: Turn) -> Response:
    """No judgement and nothing reset: the count is simply still there."""
    try:
        total = turn.journal.count(turn.owner)
    except JournalError:
        total = 0  # still meet the person kindly; the wins are there, just not reachable now
    if total:
        turn.expect(Awaiting.ANOTHER, after="setback")
        key = "setback.with_one_win" if total == 1 else "setback.with_wins"
        return turn.ask(turn.say(key, total=total), reprompt=turn.say("setback.reprompt"))
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("setback.no_wins"), reprompt=turn.say("launch.reprompt"))


def setback_declined(turn: Turn) -> Response:
    """No to hearing a past win after a setback: a gentle close, not "Bye for now"."""
    return turn.tell(turn.say("setback.declined"))


def encourage(
    turn: Turn, *, topic: str | None, empathy: bool = True, before: list[str] | None = None
) -> Response:
    """Read back one fitting past win: the one sharing most words with what was just said,
    else the most recent, and never the one heard last time when there is another."""
    wanted = keywords(topic) if topic else frozenset()
    heard = set(turn.session.get("heard", []))
    # With no words to match, the newest win neither heard nor heard last is read back: it is
    # among the newest len(heard) + 2, so no deeper win is read (or decrypted).
    depth = ENCOURAGE_SEARCH_DEPTH if wanted else min(ENCOURAGE_SEARCH_DEPTH, len(heard) + 2)
    try:
        # One round trip: the wins, the one heard last time and, unless the session knows it,
        # the zone (today's date names the win's day); marking the one chosen is the second.
        zone_read = turn.zone_read
        page = turn.journal.page(
            turn.owner, size=depth, device="" if zone_read is None else zone_read
        )
        if zone_read is not None:
            turn.settle_zone(page.kept)
        wins, last = page.wins, page.last_heard
    except JournalError:
        # Someone asking for support gets a coping suggestion even when the journal is away.
        return turn.tell(turn.say("encourage.offline"))
    if not wins:
        turn.expect(Awaiting.WIN)
        return turn.ask(
            *(before or []),
            turn.say("encourage.no_wins"),
            reprompt=turn.say("encourage.no_wins_reprompt"),
        )
    candidates = [w for w in wins if w.id not in heard and (w.id != last or len(wins) == 1)]
    # The same words kept twice ("I went for a run" on two days) would sound like a repeat.
    said = {w.text.casefold() for w in wins if w.id in heard or w.id == last}
    candidates = [w for w in candidates if w.text.casefold() not in said] or candidates
    if not candidates and not empathy:
        # "Another one?" answered yes, and there is no other.
        return turn.tell(*(before or []), turn.say("encourage.no_more"))
    # Asked for support again once every win was heard this session ("I need encouragement,
    # today sucks"): "that's all the wins I have, take care" closed the session on a hard
    # day. A win heard before is still the person's own proof.
    candidates = candidates or wins
    chosen = _best_fit(candidates, wanted)
    _note_heard(turn, chosen)
    turn.session["heard"] = [*heard, chosen.id][-20:]
    speech = list(before or [])
    if empathy and not before:
        speech.append(turn.say("encourage.empathy"))
    speech += _past_win(turn, chosen)
    # "Another one?" is asked only when there is another to read: with one win, "yes" heard
    # "that's all the wins I have". A full page may have more below it.
    if len(wins) >= depth or any(w.id not in heard and w.id != chosen.id for w in wins):
        speech.append(turn.say("encourage.close"))
        turn.expect(Awaiting.ANOTHER)
        return turn.ask(*speech, reprompt=turn.say("encourage.close_reprompt"))
    speech.append(turn.say("encourage.close_last"))
    turn.expect(Awaiting.WIN)
    return turn.ask(*speech, reprompt=turn.say("launch.reprompt"))


def _past_win(turn: Turn, win: Win) -> list[str]:
    """A past win read back, with what helped then."""
    speech = [
        turn.say(
            "encourage.past_win",
            day=sentence_start(spoken_day(win.day, turn.today, turn.locale)),
            text=reflect(as_read(win.text, turn.locale, win.day), turn.locale, read_back=True),
        )
    ]
    # "Last time, calling your sister helped": only the toolkit's reading of the person's
    # answer to "what helped?". A feeling, a non-answer or something avoided is not read
    # back as help, and with no answer the win itself is not dressed up as its own help.
    helped = describe_helped(win, turn.locale) if win.helped else None
    if helped:
        speech.append(turn.say("encourage.past_helped", helped=helped))
    return speech


def repeat_heard(turn: Turn) -> Response:
    """ "Repeat that" at "another one?": the win just read, again, and the same question.
    It was met with "say yes to hear another win, or stop"."""
    if turn.awaiting.get("after") == "setback":
        return turn.ask(turn.say("setback.reprompt"), reprompt=turn.say("setback.reprompt"))
    heard = turn.session.get("heard") or []
    try:
        win = turn.journal.get(turn.owner, str(heard[-1])) if heard else None
    except JournalError:
        win = None
    if win is None:
        return turn.ask(
            turn.say("encourage.close_reprompt"), reprompt=turn.say("encourage.close_reprompt")
        )
    return turn.ask(
        *_past_win(turn, win),
        turn.say("encourage.close"),
        reprompt=turn.say("encourage.close_reprompt"),
    )


def _note_heard(turn: Turn, win: Win) -> None:
    """Keep which win was read back, so the next session reads another. Only bookkeeping:
    someone asking for support still hears the win when it can't be written."""
    try:
        turn.journal.mark_heard(turn.owner, win.id)
    except JournalError as exc:
        log.warning("could not note the win read back as encouragement: %s", exc)


def _best_fit(candidates: list[Win], wanted: frozenset[str]) -> Win:
    if not wanted:
        return candidates[0]
    scored = [(len(wanted & keywords(f"{w.text} {w.helped or ''}")), w) for w in candidates]
    best_score = max(score for score, _ in scored)
    # Ties go to the newest: `candidates` is newest first and max() keeps the first best.
    return next(w for score, w in scored if score == best_score)


def read_period(
    turn: Turn, first: date | None, last: date | None, cursor: int | None = None
) -> Page:
    """A page of the period, with the kept zone read along when the turn has not settled it."""
    page = turn.journal.page(
        turn.owner, first_day=first, last_day=last, cursor=cursor, device=turn.zone_read
    )
    turn.settle_zone(page.kept)
    return page


def read_when(turn: Turn, when: str | None) -> Response:
    """The wins of the period Alexa's date slot names ("last week", "2026-11-30"), or the
    latest with none named."""
    if when is None:
        return read_page(turn, first=None, last=None, name=None)
    # The period is worked out for the expected zone and the page reads the kept one; the
    # rare turn whose kept zone has another date today reads again for that date.
    today = turn.utc_now.astimezone(turn.guess_zone()).date()
    period = period_from_slot(when, today, turn.locale)
    if period is None:
        turn.expect(Awaiting.WIN)
        return turn.ask(turn.say("read.bad_date"), reprompt=turn.say("help.reprompt"))
    page = read_period(turn, period.first, period.last)
    if turn.today != today:
        period = period_from_slot(when, turn.today, turn.locale)
        if period is None:  # pragma: no cover - the same words name a period any day
            return turn.ask(turn.say("read.bad_date"), reprompt=turn.say("help.reprompt"))
        page = read_period(turn, period.first, period.last)
    return read_page(
        turn, first=period.first.isoformat(), last=period.last.isoformat(), name=period.name,
        page=page,
    )  # fmt: skip


def read_page(
    turn: Turn,
    *,
    first: str | None,
    last: str | None,
    name: str | None,
    cursor: int | None = None,
    page: Page | None = None,
) -> Response:
    """Three wins newest first in the asked period, and an offer of more when there is more."""
    first_day = date.fromisoformat(first) if first else None
    last_day = date.fromisoformat(last) if last else None
    if page is None:
        page = read_period(turn, first_day, last_day, cursor)
    if not page.wins:
        if cursor is not None:
            return turn.tell(turn.say("read.end"))
        if name:
            turn.expect(Awaiting.LATEST_INSTEAD)
            return turn.ask(
                turn.say("read.none_in_period", period=name),
                reprompt=turn.say("read.latest_reprompt"),
            )
        turn.expect(Awaiting.WIN)
        return turn.ask(turn.say("read.none_at_all"), reprompt=turn.say("launch.reprompt"))
    speech: list[str] = []
    if cursor is None:
        speech.append(
            turn.say("read.intro", period=name) if name else turn.say("read.intro_recent")
        )
    for win in page.wins:
        day = sentence_start(spoken_day(win.day, turn.today, turn.locale))
        if win.helped:
            speech.append(
                turn.say(
                    "read.item_helped",
                    day=day,
                    text=reflect(
                        as_read(win.text, turn.locale, win.day), turn.locale, read_back=True
                    ),
                    helped=reflect(win.helped, turn.locale),
                )
            )
        else:
            speech.append(
                turn.say(
                    "read.item",
                    day=day,
                    text=reflect(
                        as_read(win.text, turn.locale, win.day), turn.locale, read_back=True
                    ),
                )
            )
    if page.cursor is None:
        # One win alone is no "that's all of them".
        alone = cursor is None and len(page.wins) == 1
        speech.append(turn.say("read.end_one" if alone else "read.end"))
        return turn.tell(*speech)
    turn.expect(Awaiting.MORE, first=first, last=last, name=name, cursor=page.cursor)
    speech.append(turn.say("read.more"))
    return turn.ask(*speech, reprompt=turn.say("read.more_reprompt"))


def read_more(turn: Turn) -> Response:
    """The next page of the period being read; where it stopped travels with the question."""
    step = turn.awaiting
    return read_page(
        turn,
        first=step.get("first"),
        last=step.get("last"),
        name=step.get("name"),
        cursor=int(step["cursor"]),
    )


def read_latest(turn: Turn) -> Response:
    return read_page(turn, first=None, last=None, name=None)


def delete_asked_again(turn: Turn) -> Response:
    """ "Which one is that?" while a deletion is confirmed: the win is read again, and the
    question stays."""
    win = turn.journal.get(turn.owner, str(turn.awaiting.get("win", "")))
    if win is None:
        return turn.tell(turn.say("delete.gone"))
    return turn.ask(
        turn.say("delete.confirm", text=reflect(win.text, turn.locale)),
        reprompt=turn.say("delete.confirm_reprompt"),
    )


def unsave(turn: Turn) -> Response:
    """ "Don't save that" while its follow-ups are asked: the win just kept is let go (it was
    kept, and later read back), and another is asked for."""
    turn.journal.delete(turn.owner, str(turn.awaiting.get("win", "")))
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("delete.unsaved"), reprompt=turn.say("delete.unsaved_reprompt"))


def delete_awaited(turn: Turn) -> Response:
    win_id = str(turn.awaiting.get("win", ""))
    deleted = turn.journal.delete(turn.owner, win_id)
    return turn.tell(turn.say("delete.done" if deleted else "delete.gone"))
