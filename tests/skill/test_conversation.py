"""Whole conversations through the real webhook, on a real Redis."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest
import redis
from flask.testing import FlaskClient

from journal import Journal, keys
from tests.skill.conftest import Clock
from tests.support.dialog import Dialog


def test_first_launch_welcomes_then_returning_is_short(dialog: Dialog) -> None:
    first = dialog.launch()
    assert "not a counselor" in first and "win from today" in first
    dialog.intent("AMAZON.StopIntent")
    again = dialog.launch()
    assert "not a counselor" not in again
    assert len(again.split()) <= 25


def test_one_shot_win_with_follow_ups(dialog: Dialog, journal: Journal, owner: str) -> None:
    said = dialog.intent("RecordWinIntent", win="went for a walk instead of drinking")
    assert "first win" in said and ("helped" in said or "possible" in said)
    assert "feel" in dialog.intent("AnswerIntent", answer="calling my sponsor")
    done = dialog.intent("AnswerIntent", answer="proud and calm")
    assert dialog.ended and done
    [win] = journal.recent(owner, 5)
    assert win.text == "I went for a walk instead of drinking"
    assert (win.helped, win.felt) == ("calling my sponsor", "proud and calm")
    assert win.day == date(2026, 11, 24)


def test_follow_up_answered_through_the_win_carrier_is_an_answer(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    dialog.intent("RecordWinIntent", win="skipped happy hour")
    dialog.intent("RecordWinIntent", win="texted my sister")  # "I texted my sister"
    [win] = journal.recent(owner, 5)
    assert win.helped == "I texted my sister"


@pytest.mark.parametrize("skip_helped", [False, True])
def test_a_follow_up_for_a_win_deleted_meanwhile_is_not_said_to_be_added(
    dialog: Dialog, journal: Journal, owner: str, skip_helped: bool
) -> None:
    """The win went (deleted from another device) while its question was open: the answer
    has nothing to join, and the reply says so rather than "I've added that"."""
    dialog.intent("RecordWinIntent", win="cooked dinner at home")
    if skip_helped:
        dialog.intent("SkipIntent")  # on to "how did it feel?"
    [win] = journal.recent(owner, 1)
    journal.delete(owner, win.id)
    said = dialog.intent("AnswerIntent", answer="proud and calm")
    assert "isn't in your journal" in said and "added" not in said, said
    assert dialog.ended
    assert journal.count(owner) == 0


def test_skip_keeps_the_win_as_it_is(dialog: Dialog, journal: Journal, owner: str) -> None:
    dialog.intent("RecordWinIntent", win="made my bed")
    # Skipping "what helped?" still asks how it felt (issue 9); skipping that too ends.
    assert "feel" in dialog.intent("SkipIntent") and not dialog.ended
    said = dialog.intent("SkipIntent")
    assert dialog.ended and ("saved" in said or "kept" in said)
    [win] = journal.recent(owner, 5)
    assert win.helped is None and win.felt is None


def test_help_at_a_follow_up_explains_it_and_keeps_asking(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    """ "Help" at "what helped?" is about that question: the answer after it is still the
    win's help, not a second win (the general help used to drop the question)."""
    dialog.intent("RecordWinIntent", win="made tea")
    said = dialog.intent("AMAZON.HelpIntent")
    assert "skip" in said and "not a counselor" not in said and not dialog.ended
    assert "feel" in dialog.intent("AnswerIntent", answer="my sister")
    assert "felt" in dialog.intent("AMAZON.HelpIntent") and not dialog.ended
    dialog.intent("AnswerIntent", answer="proud")
    [win] = journal.recent(owner, 5)
    assert (win.text, win.helped, win.felt) == ("I made tea", "my sister", "proud")


def test_help_at_the_reminder_time_keeps_asking_for_a_time(dialog: Dialog) -> None:
    dialog.intent("SetReminderIntent")
    said = dialog.intent("AMAZON.HelpIntent")
    assert "time" in said and "evening" in said and not dialog.ended
    assert dialog.attributes["await"]["kind"] == "reminder_time"


def test_repeat_says_the_open_question_again_and_saves_nothing(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    """ "I didn't catch that" (Alexa's repeat) asks again what was asked; it is not a win."""
    dialog.launch()
    assert "I" in dialog.intent("AMAZON.RepeatIntent") and not dialog.ended
    assert journal.recent(owner, 5) == []
    dialog.intent("RecordWinIntent", win="made tea")
    said = dialog.intent("AMAZON.RepeatIntent")
    assert ("helped" in said or "possible" in said) and not dialog.ended
    dialog.intent("AnswerIntent", answer="a quiet morning")
    [win] = journal.recent(owner, 5)
    assert win.helped == "a quiet morning"


@pytest.mark.parametrize(
    ("helped", "felt"), [("a quiet morning", "amazing"), ("going outside", "happy")]
)
def test_follow_up_answers_that_sound_like_thanks_are_kept(
    dialog: Dialog, journal: Journal, owner: str, helped: str, felt: str
) -> None:
    """Free answers the understanding reads as thanks are still the answers asked for; only
    Alexa's ThanksIntent closes the follow-ups with a thank-you."""
    dialog.intent("RecordWinIntent", win="made tea")
    assert "feel" in dialog.intent("AnswerIntent", answer=helped) and not dialog.ended
    dialog.intent("AnswerIntent", answer=felt)
    [win] = journal.recent(owner, 5)
    assert (win.helped, win.felt) == (helped, felt)


def test_thanks_at_a_follow_up_closes_warmly_with_the_win_kept(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    dialog.intent("RecordWinIntent", win="made tea")
    assert dialog.intent("ThanksIntent") and dialog.ended
    assert [w.text for w in journal.recent(owner, 5)] == ["I made tea"]


def test_i_dont_know_after_a_crisis_reply_is_not_asked_for_a_win(dialog: Dialog) -> None:
    dialog.intent("CrisisIntent")
    said = dialog.intent("NoIdeaIntent")
    assert "988" in said and "win" not in said and not dialog.ended


def test_count_runs_on(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win="drank water")
    dialog.intent("AMAZON.StopIntent")
    said = dialog.intent("RecordWinIntent", win="went to a meeting")
    assert "2" in said


def test_launch_then_a_bare_answer_is_saved(dialog: Dialog, wins_of, owner: str) -> None:
    dialog.launch()
    said = dialog.intent("AnswerIntent", answer="walked the dog")
    assert "first win" in said
    assert wins_of(owner) == ["I walked the dog"]


def test_a_bare_answer_out_of_context_is_confirmed_first(
    dialog: Dialog, wins_of, owner: str
) -> None:
    dialog.intent("AMAZON.HelpIntent")
    dialog.intent("AMAZON.StopIntent")
    said = dialog.intent("AnswerIntent", answer="blue sky thinking")
    assert "blue sky thinking" in said and wins_of(owner) == []
    dialog.intent("AMAZON.NoIntent")
    assert wins_of(owner) == []


def test_no_idea_gets_one_exception_question(dialog: Dialog, wins_of, owner: str) -> None:
    dialog.launch()
    question = dialog.intent("RecordWinIntent", win="don't know")
    assert "craving" in question or "moment" in question or "small" in question.lower()
    assert wins_of(owner) == []
    dialog.intent("RecordWinIntent", win="put the bottle away")
    assert wins_of(owner) == ["I put the bottle away"]


def test_carrier_catches_requests_for_encouragement_without_saving(
    dialog: Dialog, journal: Journal, owner: str, wins_of
) -> None:
    journal.record(
        owner, "I went for a walk instead of drinking", at=datetime(2026, 11, 20, 9, tzinfo=_ny())
    )
    said = dialog.intent("RecordWinIntent", win="need encouragement")
    assert "walk instead of drinking" in said
    assert wins_of(owner) == ["I went for a walk instead of drinking"]


def test_crisis_first_and_nothing_saved_without_say_so(dialog: Dialog, wins_of, owner: str) -> None:
    said = dialog.intent("RecordWinIntent", win="want to end my life")
    assert "988" in dialog.last["response"]["outputSpeech"]["ssml"]
    assert "1-800-662-4357" in dialog.last["response"]["card"]["content"]
    # No "if it was meant as a win, say save it" after a crisis reply (issue 9).
    assert "save it" not in said and "win" not in said
    assert wins_of(owner) == []
    dialog.intent("AMAZON.YesIntent")
    assert wins_of(owner) == []


def test_crisis_intent_and_crisis_inside_encouragement(dialog: Dialog) -> None:
    dialog.intent("CrisisIntent")
    assert "988" in dialog.last["response"]["outputSpeech"]["ssml"]
    # Nothing is held after "I want to die": "save it" hears the lines again, not "tell me a win".
    said = dialog.intent("SaveItIntent")
    assert "988" in said and "win" not in said
    dialog.intent("AMAZON.StopIntent")
    dialog.intent("EncourageIntent", topic="pills I took too many")
    assert "988" in dialog.last["response"]["outputSpeech"]["ssml"]


def test_save_it_after_a_goal_keeps_it_as_the_person_says(
    dialog: Dialog, wins_of, owner: str
) -> None:
    said = dialog.intent("RecordWinIntent", win="gonna hit a meeting tonight")
    assert "goal" in said and wins_of(owner) == []
    dialog.intent("SaveItIntent")
    assert wins_of(owner) == ["I'm gonna hit a meeting"]


def test_yes_after_a_goal_is_a_yes_to_having_done_something(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win="gonna hit a meeting tonight")
    said = dialog.intent("AMAZON.YesIntent")
    assert dialog.attributes["await"]["kind"] == "win" and "goal" not in dialog.attributes["await"]
    assert "you" in said.lower()


def test_a_goal_is_held_for_one_turn_only(dialog: Dialog, wins_of, owner: str) -> None:
    dialog.intent("RecordWinIntent", win="gonna hit a meeting tonight")
    dialog.intent("RecordWinIntent", win="I called my sponsor")
    dialog.intent("AMAZON.StopIntent")
    dialog.intent("SaveItIntent")
    assert wins_of(owner) == ["I called my sponsor"]


def test_save_it_after_a_misheard_crisis(dialog: Dialog, wins_of, owner: str) -> None:
    dialog.intent("RecordWinIntent", win="nearly died laughing at my own jokes again")
    dialog.intent("SaveItIntent")
    assert len(wins_of(owner)) == 1


def _ny():
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/New_York")


def _seed(journal: Journal, owner: str) -> None:
    for day, text in [
        (10, "I went to my first meeting"),
        (16, "I called my sister instead of going to the bar"),
        (18, "I drank tea instead of drinking wine"),
        (19, "I went for a run"),
        (22, "I cooked dinner"),
        (23, "I said no to a beer"),
        (24, "I made my bed"),
    ]:
        journal.record(owner, text, at=datetime(2026, 11, day, 9, tzinfo=_ny()))


def test_read_recent_three_at_a_time_with_more(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    _seed(journal, owner)
    first = dialog.intent("ReadWinsIntent")
    assert "Today, you made your bed" in first and "Yesterday, you said no to a beer" in first
    assert "On Sunday, you cooked dinner" in first and "more" in first.lower()
    second = dialog.intent("AMAZON.MoreIntent")
    assert "you went for a run" in second and "On November 16th" in second
    third = dialog.intent("AMAZON.YesIntent")
    assert "first meeting" in third and dialog.ended


def test_read_last_week_with_natural_dates(dialog: Dialog, journal: Journal, owner: str) -> None:
    _seed(journal, owner)
    said = dialog.intent("ReadWinsIntent", when="2026-W47")
    assert "last week" in said
    assert "On Sunday, you cooked dinner" in said
    assert "made your bed" not in said  # that's this week


def test_read_a_weekday_alexa_resolved_forward(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    _seed(journal, owner)
    # "What did I do on Thursday" arrives as next Thursday; the person means last Thursday.
    said = dialog.intent("ReadWinsIntent", when="2026-11-26")
    assert "drank tea" not in said and "went for a run" in said


def test_read_an_empty_period_offers_latest(dialog: Dialog, journal: Journal, owner: str) -> None:
    _seed(journal, owner)
    said = dialog.intent("ReadWinsIntent", when="2025-03")
    assert "no wins logged" in said or "got any wins logged" in said
    assert "made your bed" in dialog.intent("AMAZON.YesIntent")


def test_encouragement_fits_what_was_said_and_does_not_repeat(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    _seed(journal, owner)
    journal.add_detail(owner, journal.recent(owner, 10)[4].id, helped="my sister's voice")
    first = dialog.intent("EncourageIntent", topic="a drink")
    assert "drank tea instead of drinking wine" in first
    dialog.intent("AMAZON.StopIntent")
    second = dialog.intent("EncourageIntent", topic="a drink")
    assert "drank tea" not in second
    assert "you" in second


def test_encouragement_with_no_wins_yet(dialog: Dialog, wins_of, owner: str) -> None:
    said = dialog.intent("EncourageIntent")
    assert "breathe" in said or "water" in said
    dialog.intent("RecordWinIntent", win="breathed through it")
    assert wins_of(owner) == ["I breathed through it"]


def test_setback_without_judgement_and_nothing_reset(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    _seed(journal, owner)
    said = dialog.intent("SetbackIntent")
    assert "7" in said and "doesn't" in said
    assert journal.count(owner) == 7
    heard = dialog.intent("AMAZON.YesIntent")
    assert "you" in heard
    assert journal.count(owner) == 7


def test_setback_through_the_win_carrier_is_not_saved(dialog: Dialog, wins_of, owner: str) -> None:
    said = dialog.intent("RecordWinIntent", win="relapsed last night")
    assert "setback" in said.lower() or "slip" in said.lower()
    assert wins_of(owner) == []


def test_delete_last_asks_first(dialog: Dialog, wins_of, owner: str) -> None:
    dialog.intent("RecordWinIntent", win="cleaned the kitchen")
    dialog.intent("SkipIntent")
    dialog.intent("SkipIntent")
    dialog.intent("RecordWinIntent", win="wrote in my journal")
    dialog.intent("SkipIntent")
    ask = dialog.intent("DeleteLastWinIntent")
    assert "wrote in your journal" in ask
    assert len(wins_of(owner)) == 2
    dialog.intent("AMAZON.NoIntent")
    assert len(wins_of(owner)) == 2
    dialog.intent("DeleteLastWinIntent")
    dialog.intent("AMAZON.YesIntent")
    assert wins_of(owner) == ["I cleaned the kitchen"]


def test_alexa_retry_records_once(client: FlaskClient, clock: Clock, wins_of, owner: str) -> None:
    dialog = Dialog(client, now=clock())
    envelope = dialog.envelope(Dialog.intent_request("RecordWinIntent", win="went to bed early"))
    first = client.post("/alexa", json=envelope).get_json()
    second = client.post("/alexa", json=envelope).get_json()
    assert wins_of(owner) == ["I went to bed early"]
    assert first["response"]["outputSpeech"] == second["response"]["outputSpeech"]


def test_household_members_keep_separate_journals(
    client: FlaskClient, clock: Clock, journal: Journal
) -> None:
    alex = Dialog(client, person="amzn1.ask.person.TEST-A", now=clock())
    sam = Dialog(client, person="amzn1.ask.person.TEST-B", now=clock())
    alex.intent("RecordWinIntent", win="went running")
    sam.intent("RecordWinIntent", win="finished a puzzle")
    assert "went running" in alex.intent("ReadWinsIntent")
    assert "went running" not in sam.intent("ReadWinsIntent")


def test_help_fallback_stop_and_session_end(dialog: Dialog) -> None:
    help_text = dialog.intent("AMAZON.HelpIntent")
    assert "not a counselor" in help_text and help_text.count(":") >= 2
    assert "help" in dialog.intent("AMAZON.FallbackIntent")
    dialog.intent("AMAZON.StopIntent")
    assert dialog.ended
    dialog.launch()
    reply = dialog.send(
        dialog.envelope({"type": "SessionEndedRequest", "reason": "USER_INITIATED"})
    )
    assert reply == ""
    dialog.launch()
    dialog.intent("AMAZON.NavigateHomeIntent")
    assert dialog.ended


def test_speech_is_ssml_escaped(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win='said "no" to <beer> & wine')
    dialog.intent("SkipIntent")
    dialog.intent("ReadWinsIntent")
    ssml = dialog.last["response"]["outputSpeech"]["ssml"]
    assert "&lt;beer&gt; &amp; wine" in ssml and "<beer>" not in ssml


def test_broken_data_is_an_apology_and_a_log_line_without_words(
    dialog: Dialog, redis_client: redis.Redis, owner: str, caplog: pytest.LogCaptureFixture
) -> None:
    dialog.intent("RecordWinIntent", win="baked bread with my kid")
    dialog.intent("SkipIntent")
    first_id = next(iter(redis_client.hkeys(keys.win_data(owner))))
    redis_client.hset(keys.win_data(owner), first_id, "{not json baked bread")
    with caplog.at_level(logging.DEBUG):
        said = dialog.intent("ReadWinsIntent")
    assert "went wrong" in said
    assert dialog.last["response"]["shouldEndSession"] is True
    assert "bread" not in caplog.text and "TEST-DIALOG" not in caplog.text
    assert "JSONDecodeError" in caplog.text


def test_malformed_requests_get_400(client: FlaskClient, clock: Clock) -> None:
    assert (
        client.post("/alexa", data=b"{not json", content_type="application/json").status_code == 400
    )
    assert client.post("/alexa", data=b"[]", content_type="application/json").status_code == 400
    no_user = Dialog(client, now=clock()).envelope({"type": "LaunchRequest"})
    del no_user["context"]["System"]["user"]
    del no_user["session"]["user"]
    assert client.post("/alexa", json=no_user).status_code == 400
    huge = b'{"x": "' + b"a" * (200 * 1024) + b'"}'
    assert client.post("/alexa", data=huge, content_type="application/json").status_code == 400
    assert client.get("/alexa").status_code == 405


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_a_hard_feeling_is_an_answer_not_a_plea(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    dialog.intent("RecordWinIntent", win="left the party early")
    dialog.intent("AnswerIntent", answer="my sponsor")
    dialog.intent("AnswerIntent", answer="anxious but proud")
    dialog.intent("RecordWinIntent", win="did the dishes")
    dialog.intent("AnswerIntent", answer="music")
    dialog.intent("RecordWinIntent", win="was stressed out")
    felt = [w.felt for w in journal.recent(owner, 5)]
    assert felt == ["I was stressed out", "anxious but proud"]


@pytest.mark.parametrize("answer", ["like myself again", "hopeful again"])
def test_feeling_like_oneself_again_is_how_it_felt_not_a_slip(
    dialog: Dialog, journal: Journal, owner: str, answer: str
) -> None:
    """ "Like myself again" at "how did it feel?" got "a slip doesn't undo what you've done":
    the model alone reads "again" as a lapse. The feeling was lost."""
    dialog.intent("RecordWinIntent", win="told my sponsor I was struggling")
    dialog.intent("AnswerIntent", answer="my own stubbornness")
    said = dialog.intent("AnswerIntent", answer=answer)
    assert "slip" not in said.lower()
    [win] = journal.recent(owner, 5)
    assert win.felt == answer


def test_a_lapse_said_at_how_did_it_feel_still_gets_the_setback_reply(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    dialog.intent("RecordWinIntent", win="went to a meeting")
    dialog.intent("AnswerIntent", answer="my sponsor")
    said = dialog.intent("AnswerIntent", answer="I drank last night")
    assert "slip" in said.lower() or "setback" in said.lower()
    [win] = journal.recent(owner, 5)
    assert win.felt is None


def test_encouragement_with_one_win_asks_for_a_win_not_for_another(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    """With a single win, "Another one?" was asked and "yes" heard "that's all the wins"."""
    journal.record(owner, "I made a real dinner", at=datetime(2026, 11, 20, 9, tzinfo=_ny()))
    said = dialog.intent("EncourageIntent")
    assert "dinner" in said and "another" not in said.lower() and not dialog.ended
    dialog.intent("RecordWinIntent", win="went for a walk")
    assert journal.recent(owner, 1)[0].text == "I went for a walk"


def test_asking_for_encouragement_again_is_never_told_that_is_all(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    """A user test: after a slip the one win was read back, then "I need encouragement, today
    sucks" heard "That's all the wins I have for now. Take care." and the session ended."""
    journal.record(owner, "I made a real dinner", at=datetime(2026, 11, 20, 9, tzinfo=_ny()))
    first = dialog.intent("EncourageIntent")
    again = dialog.intent("EncourageIntent")
    assert "dinner" in first and "dinner" in again
    assert "all the wins" not in again and not dialog.ended


@pytest.mark.parametrize("intent", ["AMAZON.NextIntent", "AMAZON.MoreIntent"])
def test_another_one_after_encouragement_reads_another_win(
    dialog: Dialog, journal: Journal, owner: str, intent: str
) -> None:
    """ "Want another?" — "another one" or "more" reads the next past win; "more" was "sorry,
    I didn't catch that" and "another one" was offered back as a win to save."""
    journal.record(owner, "I made a real dinner", at=datetime(2026, 11, 20, 9, tzinfo=_ny()))
    journal.record(owner, "I skipped the bar", at=datetime(2026, 11, 21, 9, tzinfo=_ny()))
    first = dialog.intent("EncourageIntent")
    second = dialog.intent(intent)
    assert not dialog.ended or "all the wins" in second
    assert {"dinner" in first, "dinner" in second} == {True, False}
    assert "bar" in first + second and "catch" not in second


def test_encouragement_reads_every_win_once_newest_first_but_not_last_times_first(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    """With no words to match, each "another one" reads the newest win not heard yet in the
    session, except that the one heard last time (an earlier session) is not read first; the
    last one left asks for a win instead of offering another."""
    words = ["puzzle", "garden", "violin", "bicycle"]  # oldest first
    for day, word in enumerate(words, start=20):
        journal.record(owner, f"I did a {word}", at=datetime(2026, 11, day, 9, tzinfo=_ny()))
    newest = journal.recent(owner, 1)[0]
    journal.mark_heard(owner, newest.id)
    said = [dialog.intent("EncourageIntent")]
    said += [dialog.intent("AMAZON.NextIntent") for _ in words[1:]]
    heard = [next((w for w in words if w in line), None) for line in said]
    assert heard == ["violin", "bicycle", "garden", "puzzle"]
    assert all("another" in line.lower() for line in said[:-1])
    assert "another" not in said[-1].lower() and "today" in said[-1]


def test_encouragement_does_not_read_the_same_words_twice_in_a_row(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    """Two wins kept with the same words sounded like a repeat when read one after the other."""
    journal.record(owner, "I made a real dinner", at=datetime(2026, 11, 19, 9, tzinfo=_ny()))
    for day in (20, 21):
        journal.record(owner, "I went for a run", at=datetime(2026, 11, day, 9, tzinfo=_ny()))
    first = dialog.intent("EncourageIntent")
    second = dialog.intent("AMAZON.YesIntent")
    assert "run" in first and "dinner" in second


def test_encouragement_names_what_helped_only_when_it_was_said(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    journal.record(
        owner, "I made a real dinner tonight", at=datetime(2026, 11, 20, 9, tzinfo=_ny())
    )
    said = dialog.intent("EncourageIntent")
    assert "made a real dinner" in said and "helped" not in said
    dialog.intent("AMAZON.StopIntent")
    win = journal.record(owner, "I skipped the bar", at=datetime(2026, 11, 21, 9, tzinfo=_ny())).win
    journal.add_detail(owner, win.id, helped="I called my sister")
    said = dialog.intent("EncourageIntent", topic="the bar")
    assert "calling your sister helped" in said or "What helped then: calling your sister" in said


@pytest.mark.parametrize(
    "answer", ["I was sad", "not really anything", "luck", "texting my dealer"]
)
def test_encouragement_never_reads_back_a_feeling_or_an_avoided_thing_as_help(
    dialog: Dialog, journal: Journal, owner: str, answer: str
) -> None:
    recorded = journal.record(
        owner, "I didn't drink tonight", at=datetime(2026, 11, 21, 9, tzinfo=_ny())
    )
    journal.add_detail(owner, recorded.win.id, helped=answer)
    said = dialog.intent("EncourageIntent")
    # "Tonight" names the day the win is kept on, which is said before it.
    assert "On Saturday, you didn't drink." in said and "helped" not in said


@pytest.mark.parametrize(
    "awaiting",
    [
        {"kind": "more"},
        {"kind": "more", "cursor": "x"},
        {"kind": "more", "cursor": True},
        {"kind": "more", "cursor": 3, "first": "last tuesday"},
        {"kind": "group_more", "start": "x"},
        {"kind": "erase", "step": [2]},
        {"kind": "helped", "win": 7},
        {"kind": "more", "cursor": 3, "shell": "rm -rf"},
    ],
)
def test_an_open_question_not_in_our_form_is_forgotten_not_fatal(
    dialog: Dialog, awaiting: dict
) -> None:
    """Alexa echoes only what we sent, but a question in another form ("cursor": "x") got
    "Sorry, something went wrong" from a KeyError or ValueError deep in a reply."""
    for intent in ("AMAZON.YesIntent", "AMAZON.MoreIntent"):
        dialog.intent("AMAZON.HelpIntent")  # a session open, as Alexa sends attributes only then
        dialog.attributes = {"await": dict(awaiting)}
        said = dialog.intent(intent)
        assert "went wrong" not in said


@pytest.mark.parametrize(("no", "hedge"), [("no thanks", "i guess"), ("nah", "i guess so")])
def test_after_a_setback_no_gets_a_gentle_close_and_a_hedge_hears_the_win(
    dialog: Dialog, no: str, hedge: str
) -> None:
    # "No thanks" right after "I had a drink" was met with "Bye for now", and "I guess" with
    # "was there a moment today you felt like giving in?".
    dialog.intent("RecordWinIntent", win="cleaned the kitchen")
    dialog.intent("SkipIntent")
    dialog.intent("SkipIntent")
    dialog.intent("SetbackIntent")
    said = dialog.intent("AnswerIntent", answer=no)
    assert dialog.ended and ("gentle" in said or "easy on yourself" in said), said
    dialog.intent("SetbackIntent")
    said = dialog.intent("AnswerIntent", answer=hedge)
    assert "cleaned the kitchen" in said
    # Encouragement's "another one?" still closes plainly.
    dialog.intent("EncourageIntent")
    said = dialog.intent("AMAZON.NoIntent")
    assert "gentle" not in said and "easy on yourself" not in said


def test_repeat_at_another_one_reads_the_same_win_again(dialog: Dialog) -> None:
    # "Repeat that" after a past win was read got "Say yes to hear another win, or stop."
    for win in ("cleaned the kitchen", "called my sister"):
        dialog.intent("RecordWinIntent", win=win)
        dialog.intent("SkipIntent")
        dialog.intent("SkipIntent")
    first = dialog.intent("EncourageIntent")
    read = "cleaned the kitchen" if "cleaned the kitchen" in first else "called your sister"
    again = dialog.intent("AMAZON.RepeatIntent")
    assert read in again and not dialog.ended
    assert read not in dialog.intent("AMAZON.YesIntent")


@pytest.mark.parametrize(
    ("locale", "wins", "asked", "left"),
    [
        (
            "en-US",
            ("called my mom", "went for a run"),
            "delete the one about my mom",
            "I went for a run",
        ),
        ("es-US", ("llamé a mi mamá", "salí a correr"), "borra el de mi mamá", "salí a correr"),
    ],
)
def test_a_win_named_by_its_words_is_found_asked_about_and_deleted(
    client: FlaskClient,
    clock: Clock,
    wins_of,
    owner: str,
    locale: str,
    wins: tuple[str, str],
    asked: str,
    left: str,
) -> None:
    # "Delete the one about my mom" got the privacy blurb: only the last win could go.
    from tests.skill.test_user_test_slips import say

    dialog = Dialog(client, now=clock(), locale=locale)
    for win in wins:
        dialog.intent("RecordWinIntent", win=win)
        dialog.intent("SkipIntent")
        dialog.intent("SkipIntent")
    said = say(dialog, asked)
    assert ("mom" in said or "mamá" in said) and not dialog.ended
    dialog.intent("AMAZON.YesIntent")
    assert wins_of(owner) == [left]
    assert "couldn't find" in say(dialog, "delete the one about my boss") or locale != "en-US"
