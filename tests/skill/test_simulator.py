"""The conversation simulator: matching against the real model, envelopes, and turns over HTTP.

The HTTP tests run a tiny stand-in skill on 127.0.0.1 that records every request and answers
like a skill would, so they check what the simulator sends, not what the real skill does.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer

from alexa.simulator.apis import SIMULATED_TOKEN
from alexa.simulator.chat import chat, render_exchange
from alexa.simulator.matching import DEFAULT_MODEL_PATH, Match, Matcher
from alexa.simulator.session import end_session, say
from alexa.simulator.wire import (
    DEFAULT_SKILL_ID,
    FALLBACK,
    LAUNCH,
    SimulatorError,
    build_envelope,
    intent_request,
    launch_request,
    parse_response,
    person_id_for,
    session_ended_request,
    ssml_to_text,
)
from alexa.simulator.words import normalize, resolve_date, resolve_time
from smallwins.mail_sink import free_port
from tests.support.clock import Clock

TODAY = date(2026, 11, 24)  # a Tuesday, ISO week 48
NOON = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
ENVELOPES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "alexa" / "envelopes"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_file()


def model_with(intents: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "interactionModel": {
            "languageModel": {"invocationName": "small wins", "intents": intents, "types": []}
        }
    }


# -- matching ----------------------------------------------------------------------------------

CASES: list[tuple[str, str, dict[str, str]]] = [
    # wins, one sentence at a time
    ("I went for a walk instead of drinking", "RecordWinIntent",
     {"win": "went for a walk instead of drinking"}),
    ("I went for a walk, instead of drinking!", "RecordWinIntent",
     {"win": "went for a walk instead of drinking"}),
    ("i didn't drink today", "RecordWinIntent", {"win": "didn't drink today"}),
    ("Today I called my sponsor", "RecordWinIntent", {"win": "called my sponsor"}),
    ("tonight I cooked dinner", "RecordWinIntent", {"win": "cooked dinner"}),
    ("this morning I made my bed", "RecordWinIntent", {"win": "made my bed"}),
    ("log a win went to a meeting", "RecordWinIntent", {"win": "went to a meeting"}),
    ("my win today is I asked for help", "RecordWinIntent", {"win": "i asked for help"}),
    ("my win is staying sober", "RecordWinIntent", {"win": "staying sober"}),
    ("I managed to call my mom", "RecordWinIntent", {"win": "managed to call my mom"}),
    ("I finally went to the dentist", "RecordWinIntent", {"win": "went to the dentist"}),
    ("record a win walked three miles", "RecordWinIntent", {"win": "walked three miles"}),
    ("I walked 3 miles", "RecordWinIntent", {"win": "walked 3 miles"}),
    ("I used my coping skills", "RecordWinIntent", {"win": "used my coping skills"}),
    ("I drank water instead of soda", "RecordWinIntent", {"win": "drank water instead of soda"}),
    # follow-up answers
    ("calling my sponsor", "AnswerIntent", {"answer": "calling my sponsor"}),
    ("it was a long walk", "AnswerIntent", {"answer": "a long walk"}),
    ("what helped was breathing slowly", "AnswerIntent", {"helped": "breathing slowly"}),
    ("my daughter helped", "AnswerIntent", {"helped": "my daughter"}),
    ("I felt proud", "AnswerIntent", {"feeling": "proud"}),
    ("it felt good", "AnswerIntent", {"feeling": "good"}),
    ("I feel relieved", "AnswerIntent", {"feeling": "relieved"}),
    ("honestly relieved", "AnswerIntent", {"answer": "relieved"}),
    ("probably going to a meeting", "AnswerIntent", {"hedged": "going to a meeting"}),
    # A hedge is kept apart from the words: "I think I'm okay" is no clear yes to "are you
    # safe right now?", and the skill must be able to tell.
    ("I think I'm okay", "AnswerIntent", {"hedged": "i'm okay"}),
    ("yeah I think so", "AnswerIntent", {"hedged": "so"}),
    ("kind of okay", "AnswerIntent", {"hedged": "okay"}),
    ("blorp", "AnswerIntent", {"answer": "blorp"}),
    # skipping and not knowing
    ("skip", "SkipIntent", {}),
    ("not now", "SkipIntent", {}),
    ("No thanks.", "SkipIntent", {}),
    ("that's all", "SkipIntent", {}),
    ("next time", "SkipIntent", {}),
    ("I don't know", "NoIdeaIntent", {}),
    ("nothing", "NoIdeaIntent", {}),
    ("I can't think of anything", "NoIdeaIntent", {}),
    ("I don't have a win", "NoIdeaIntent", {}),
    # reading back
    ("what are my wins", "ReadWinsIntent", {}),
    ("read me my wins", "ReadWinsIntent", {}),
    ("what did I do last week", "ReadWinsIntent", {"when": "2026-W47"}),
    # "How am I doing this month" got the week's figures: the period is a slot now.
    ("how am I doing this month", "ProgressIntent", {"period": "2026-11"}),
    ("how am I doing", "ProgressIntent", {}),
    ("what did I do yesterday", "ReadWinsIntent", {"when": "2026-11-23"}),
    ("what did I do on tuesday", "ReadWinsIntent", {"when": "2026-11-24"}),
    ("what did I do on monday", "ReadWinsIntent", {"when": "2026-11-30"}),
    ("read my wins from this weekend", "ReadWinsIntent", {"when": "2026-W48-WE"}),
    ("what are my wins from last month", "ReadWinsIntent", {"when": "2026-10"}),
    ("what wins did I log this week", "ReadWinsIntent", {"when": "2026-W48"}),
    ("my wins from last weekend", "ReadWinsIntent", {"when": "2026-W47-WE"}),
    ("what did I win today", "ReadWinsIntent", {"when": "2026-11-24"}),
    ("read my wins from November 20th", "ReadWinsIntent", {"when": "2027-11-20"}),
    # a date that cannot be resolved does not match: the catch-all takes it, as on Alexa
    ("what did I do at the lake", "AnswerIntent", {"answer": "what did i do at the lake"}),
    # encouragement
    ("I need encouragement", "EncourageIntent", {}),
    ("I'm having a rough day", "EncourageIntent", {}),
    ("I'm craving a drink", "EncourageIntent", {"topic": "a drink"}),
    ("I am craving a cigarette", "EncourageIntent", {"topic": "a cigarette"}),
    ("I'm struggling with loneliness", "EncourageIntent", {"topic": "loneliness"}),
    ("I'm tempted to call my dealer", "EncourageIntent", {"topic": "call my dealer"}),
    # A wish is a craving or a goal by what is wished for: the sentence goes to understanding
    # whole, not only its object to encouragement.
    ("I really want to drink", "RecordWinIntent", {"win": "really want to drink"}),
    ("I really want to call my sponsor", "RecordWinIntent",
     {"win": "really want to call my sponsor"}),
    ("cheer me up", "EncourageIntent", {}),
    ("today is hard", "EncourageIntent", {}),
    # setbacks
    ("I slipped", "SetbackIntent", {}),
    ("I relapsed", "SetbackIntent", {}),
    ("I drank last night", "SetbackIntent", {}),
    ("I used again", "SetbackIntent", {}),
    ("I gave in", "SetbackIntent", {}),
    # crisis, in many shapes
    ("I want to kill myself", "CrisisIntent", {}),
    ("I don't want to live anymore", "CrisisIntent", {}),
    ("suicide", "CrisisIntent", {}),
    ("everyone would be better off without me", "CrisisIntent", {}),
    ("Help, I'm not safe!", "CrisisIntent", {}),
    ("I think I'm overdosing", "CrisisIntent", {}),
    ("someone is overdosing", "CrisisIntent", {}),
    ("my friend overdosed", "CrisisIntent", {}),
    ("emergency", "CrisisIntent", {}),
    ("I need help right now", "CrisisIntent", {}),
    ("I need help", "CrisisIntent", {}),
    ("I\u2019m in danger", "CrisisIntent", {}),
    # A change of mind after "no" to group sharing is the request itself, not a question about
    # sharing (it got how to add a buddy).
    ("actually yes share my wins with the group", "ShareWithGroupIntent", {}),
    ("yes share my wins with my group", "ShareWithGroupIntent", {}),
    # Asking to be forgotten is asking for everything to be deleted: "forget me" was saved as
    # a win and read back as "you forget you".
    ("forget me", "DeleteAllDataIntent", {}),
    ("I want you to forget me", "DeleteAllDataIntent", {}),
    ("delete everything about me", "DeleteAllDataIntent", {}),
    # corrections
    ("delete that", "DeleteLastWinIntent", {}),
    ("take that back", "DeleteLastWinIntent", {}),
    # A change of mind said with a word before it is still one, not words to keep.
    ("actually, delete that", "DeleteLastWinIntent", {}),
    ("no, don't save that", "DeleteLastWinIntent", {}),
    ("save it", "SaveItIntent", {}),
    ("keep it as a win", "SaveItIntent", {}),
    # Words about what was just said are not a win of their own.
    ("that was a win", "SaveItIntent", {}),
    ("save what I said", "SaveItIntent", {}),
    # built-ins
    ("yes", "AMAZON.YesIntent", {}),
    ("Yeah.", "AMAZON.YesIntent", {}),
    ("sure", "AMAZON.YesIntent", {}),
    ("okay", "AMAZON.YesIntent", {}),
    ("no", "AMAZON.NoIntent", {}),
    ("nope", "AMAZON.NoIntent", {}),
    ("help", "AMAZON.HelpIntent", {}),
    ("what can I say", "AMAZON.HelpIntent", {}),
    # "What do you mean?" asks about the open question: help says what it wants, and keeps it.
    ("what do you mean", "AMAZON.HelpIntent", {}),
    ("explain", "AMAZON.HelpIntent", {}),
    ("I don't understand", "AMAZON.HelpIntent", {}),
    ("stop", "AMAZON.StopIntent", {}),
    ("shut up", "AMAZON.StopIntent", {}),
    ("quit", "AMAZON.StopIntent", {}),
    ("cancel", "AMAZON.CancelIntent", {}),
    ("never mind", "AMAZON.CancelIntent", {}),
    ("more", "AMAZON.MoreIntent", {}),
    ("keep going", "AMAZON.MoreIntent", {}),
    ("go on", "AMAZON.MoreIntent", {}),
    ("next", "AMAZON.NextIntent", {}),
    ("go home", "AMAZON.NavigateHomeIntent", {}),
    ("Alexa, stop", "AMAZON.StopIntent", {}),
    # Alexa's built-in repeat, and the skill's own samples for a code said a moment ago: never
    # free speech, where "say it again" once sounded like a slip ("again").
    ("say it again", "AMAZON.RepeatIntent", {}),
    ("one more time", "AMAZON.RepeatIntent", {}),
    ("what was the code", "AMAZON.RepeatIntent", {}),
    # "Say the code again" reached free speech and got the setback reply.
    ("say the code again", "AMAZON.RepeatIntent", {}),
    ("can you say it again", "AMAZON.RepeatIntent", {}),
    # Not a win ("I didn't catch that" was saved as one) and not a slot of free speech.
    ("i didn't catch that", "AMAZON.RepeatIntent", {}),
    ("can you repeat that", "AMAZON.RepeatIntent", {}),
    ("what's the code", "AMAZON.RepeatIntent", {}),
    # A reminder asked for with "at" was heard as a question about the reminder.
    ("remind me at 7 pm", "SetReminderIntent", {"time": "19:00"}),
    ("set a reminder for eight pm", "SetReminderIntent", {"time": "20:00"}),
    ("what time's my reminder", "ReminderStatusIntent", {}),
    # "Want another?": another past win, not a sentence to save.
    ("another one", "AMAZON.NextIntent", {}),
    ("tell me another", "AMAZON.NextIntent", {}),
    # "What?" asks to hear it again; it was answered with the toolkit.
    ("what", "AMAZON.RepeatIntent", {}),
    ("pardon", "AMAZON.RepeatIntent", {}),
]  # fmt: skip


@pytest.mark.parametrize(("utterance", "intent", "slots"), CASES)
def test_utterances_reach_the_intent_alexa_would_pick(
    matcher: Matcher, utterance: str, intent: str, slots: dict[str, str]
) -> None:
    match = matcher.match(utterance, today=TODAY)
    assert (match.intent, match.slots) == (intent, slots)
    assert not match.one_shot


EXAMPLE_VALUES = {
    "AMAZON.SearchQuery": "went to a meeting",
    "AMAZON.DATE": "yesterday",
    "FREE_TEXT": "proud",
    "AMAZON.TIME": "nine pm",
    "DAYPART": "evening",
    "ROLE": "sponsor",
    "WEEKDAY": "friday",
    "AMAZON.FirstName": "maria",
    "AMAZON.NUMBER": "four eight two nine one five",
}


def test_every_sample_of_the_model_reaches_its_own_intent(matcher: Matcher) -> None:
    """No sample is shadowed by another intent, a built-in phrase or a launch phrase."""
    model = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    wrong = []
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for sample in intent["samples"]:
            spoken = re.sub(
                r"\{(\w+)\}", lambda m, types=types: EXAMPLE_VALUES[types[m[1]]], sample
            )
            if matcher.match(spoken, today=TODAY).intent != intent["name"]:
                wrong.append((sample, matcher.match(spoken, today=TODAY)))
    assert wrong == []


def test_a_lone_slot_sample_is_the_last_resort(matcher: Matcher) -> None:
    # Literal samples and built-in phrases beat "{answer}", which still beats a fallback.
    assert matcher.match("nothing", today=TODAY).intent == "NoIdeaIntent"
    assert matcher.match("yes", today=TODAY).intent == "AMAZON.YesIntent"
    catch_all = matcher.match("purple elephants", today=TODAY)
    assert catch_all == Match("AnswerIntent", {"answer": "purple elephants"}, sample="{answer}")


def test_without_a_catch_all_unknown_words_fall_back_with_no_slots() -> None:
    strict = Matcher(model_with([
        {"name": "SkipIntent", "samples": ["skip"]},
        {"name": "AMAZON.FallbackIntent", "samples": []},
    ]))  # fmt: skip
    assert strict.match("blorp", today=TODAY) == Match(FALLBACK)
    assert strict.match("", today=TODAY) == Match(FALLBACK)


def test_a_model_sample_beats_a_builtin_phrase_on_a_tie() -> None:
    model = Matcher(model_with([
        {"name": "AgreeIntent", "samples": ["yes", "yes please"]},
        {"name": "AMAZON.YesIntent", "samples": []},
        {"name": "AMAZON.NoIntent", "samples": []},
    ]))  # fmt: skip
    assert model.match("yes", today=TODAY).intent == "AgreeIntent"
    assert model.match("yeah", today=TODAY).intent == "AMAZON.YesIntent"
    assert model.match("no", today=TODAY).intent == "AMAZON.NoIntent"


def test_builtin_phrases_only_reach_intents_the_model_declares() -> None:
    model = Matcher(model_with([{"name": "SkipIntent", "samples": ["skip"]}]))
    assert model.match("next", today=TODAY).intent == FALLBACK


def test_the_most_literal_sample_wins(matcher: Matcher) -> None:
    # "i {win}" also matches each of these; the longer literal carrier decides.
    assert matcher.match("I finally slept", today=TODAY).sample == "i finally {win}"
    assert matcher.match("I'm proud that I rested", today=TODAY).slots == {"win": "rested"}
    assert matcher.match("I need encouragement", today=TODAY).intent == "EncourageIntent"


@pytest.mark.parametrize(
    "utterance",
    ["open small wins", "Alexa, open Small Wins", "start small wins", "launch small wins",
     "talk to small wins", "open", "small wins", "ask small wins"],
)  # fmt: skip
def test_launch_phrases(matcher: Matcher, utterance: str) -> None:
    match = matcher.match(utterance, today=TODAY)
    assert match == Match(LAUNCH)
    assert match.is_launch


@pytest.mark.parametrize(
    ("utterance", "intent", "slots"),
    [
        ("tell small wins I went for a walk", "RecordWinIntent", {"win": "went for a walk"}),
        ("Alexa, tell Small Wins that I called my sponsor.", "RecordWinIntent",
         {"win": "called my sponsor"}),
        ("ask small wins what are my wins", "ReadWinsIntent", {}),
        ("ask small wins what did I do yesterday", "ReadWinsIntent", {"when": "2026-11-23"}),
        ("ask small wins for encouragement", "EncourageIntent", {}),
        ("tell small wins I'm craving a drink", "EncourageIntent", {"topic": "a drink"}),
        ("open small wins and read my wins", "ReadWinsIntent", {}),
        ("read my wins using small wins", "ReadWinsIntent", {}),
        ("tell small wins I want to die", "CrisisIntent", {}),
    ],
)  # fmt: skip
def test_one_shots_strip_the_invocation(
    matcher: Matcher, utterance: str, intent: str, slots: dict[str, str]
) -> None:
    match = matcher.match(utterance, today=TODAY)
    assert (match.intent, match.slots, match.one_shot) == (intent, slots, True)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("today", "2026-11-24"),
        ("tonight", "2026-11-24"),
        ("yesterday", "2026-11-23"),
        ("tomorrow", "2026-11-25"),
        ("the day before yesterday", "2026-11-22"),
        ("this week", "2026-W48"),
        ("last week", "2026-W47"),
        ("next week", "2026-W49"),
        ("this weekend", "2026-W48-WE"),
        ("last weekend", "2026-W47-WE"),
        ("this month", "2026-11"),
        ("last month", "2026-10"),
        ("next month", "2026-12"),
        ("this year", "2026"),
        ("last year", "2025"),
        # a weekday is the next one on or after today, as Alexa resolves it
        ("tuesday", "2026-11-24"),
        ("this tuesday", "2026-11-24"),
        ("monday", "2026-11-30"),
        ("sunday", "2026-11-29"),
        ("next tuesday", "2026-12-01"),
        ("last tuesday", "2026-11-17"),
        ("last sunday", "2026-11-22"),
        # a month and day without a year is the next such date on or after today
        ("november twenty fourth", "2026-11-24"),
        ("november 30", "2026-11-30"),
        ("november twenty-third", "2027-11-23"),
        ("november third", "2027-11-03"),
        ("november 3", "2027-11-03"),
        ("November 3rd", "2027-11-03"),
        ("the third of november", "2027-11-03"),
        ("december first", "2026-12-01"),
        ("january 2nd", "2027-01-02"),
        # ... unless the year is said
        ("november third twenty twenty six", "2026-11-03"),
        ("november 3rd 2026", "2026-11-03"),
        ("3 november 2025", "2025-11-03"),
        # not dates
        ("february thirtieth", None),
        ("november", None),
        ("at the lake", None),
        ("on tuesday", None),
        ("", None),
    ],
)
def test_dates_resolve_like_amazon_date(phrase: str, value: str | None) -> None:
    assert resolve_date(phrase, TODAY) == value


def test_iso_weeks_use_the_iso_year() -> None:
    assert resolve_date("this week", date(2026, 1, 1)) == "2026-W01"
    assert resolve_date("last week", date(2027, 1, 3)) == "2026-W52"
    assert resolve_date("last month", date(2027, 1, 15)) == "2026-12"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("  I went   for a WALK. ", "i went for a walk"),
        ("I\u2019m okay, really!", "i'm okay really"),
        ("twenty-third", "twenty third"),
        ("'quoted' words", "quoted words"),
        ("Pok\u00e9mon?", "pok\u00e9mon"),
    ],
)
def test_normalize(typed: str, words: str) -> None:
    assert normalize(typed) == words


def test_slot_payload_lists_every_declared_slot(matcher: Matcher) -> None:
    unfilled = matcher.slot_payload(matcher.match("read my wins", today=TODAY))
    assert unfilled == {"when": {"name": "when", "confirmationStatus": "NONE"}}
    dated = matcher.slot_payload(matcher.match("what did I do yesterday", today=TODAY))
    assert dated == {
        "when": {
            "name": "when",
            "value": "2026-11-23",
            "confirmationStatus": "NONE",
            "source": "USER",
        }
    }
    assert matcher.slot_payload(matcher.match("skip", today=TODAY)) == {}


def test_custom_slots_carry_entity_resolution(matcher: Matcher) -> None:
    known = matcher.slot_payload(matcher.match("calling my sponsor", today=TODAY))["answer"]
    (authority,) = known["resolutions"]["resolutionsPerAuthority"]
    assert authority["authority"] == f"amzn1.er-authority.echo-sdk.{DEFAULT_SKILL_ID}.FREE_TEXT"
    assert authority["status"] == {"code": "ER_SUCCESS_MATCH"}
    assert authority["values"][0]["value"]["name"] == "calling my sponsor"
    assert re.fullmatch(r"[0-9a-f]{32}", authority["values"][0]["value"]["id"])
    unknown = matcher.slot_payload(matcher.match("blorp", today=TODAY))["answer"]
    (authority,) = unknown["resolutions"]["resolutionsPerAuthority"]
    assert authority["status"] == {"code": "ER_SUCCESS_NO_MATCH"}
    assert "values" not in authority
    searched = matcher.slot_payload(matcher.match("I rested", today=TODAY))["win"]
    assert "resolutions" not in searched


# -- envelopes ---------------------------------------------------------------------------------


def envelope_for(request: dict[str, Any], *, person: str | None = None) -> dict[str, Any]:
    return build_envelope(
        request,
        skill_id=DEFAULT_SKILL_ID,
        user_id="amzn1.ask.account.SIMULATED-ABC",
        device_id="amzn1.ask.device.SIMULATED-DEF",
        session_id="amzn1.echo-api.session.1",
        new_session=True,
        attributes={"await": {"kind": "win"}},
        person_id=person_id_for(person) if person else None,
        api_endpoint="http://127.0.0.1:9",
    )


def test_envelope_shape(matcher: Matcher) -> None:
    match = matcher.match("I rested", today=TODAY)
    request = intent_request(match.intent, matcher.slot_payload(match), now=NOON)
    envelope = envelope_for(request)
    assert envelope["version"] == "1.0"
    assert envelope["session"] == {
        "new": True,
        "sessionId": "amzn1.echo-api.session.1",
        "application": {"applicationId": DEFAULT_SKILL_ID},
        "attributes": {"await": {"kind": "win"}},
        "user": {"userId": "amzn1.ask.account.SIMULATED-ABC"},
    }
    assert envelope["context"] == {
        "System": {
            "application": {"applicationId": DEFAULT_SKILL_ID},
            "user": {"userId": "amzn1.ask.account.SIMULATED-ABC"},
            "device": {"deviceId": "amzn1.ask.device.SIMULATED-DEF", "supportedInterfaces": {}},
            "apiEndpoint": "http://127.0.0.1:9",
            "apiAccessToken": SIMULATED_TOKEN,
        }
    }
    assert re.fullmatch(rf"amzn1\.echo-api\.request\.{UUID}", request["requestId"])
    assert request == {
        "type": "IntentRequest",
        "requestId": request["requestId"],
        "timestamp": "2026-11-24T17:00:00Z",
        "locale": "en-US",
        "intent": {
            "name": "RecordWinIntent",
            "confirmationStatus": "NONE",
            "slots": {
                "win": {
                    "name": "win",
                    "value": "rested",
                    "confirmationStatus": "NONE",
                    "source": "USER",
                }
            },
        },
    }


def test_a_recognized_voice_adds_a_person(matcher: Matcher) -> None:
    envelope = envelope_for(launch_request(now=NOON), person="Sam")
    person = envelope["context"]["System"]["person"]
    assert person == {"personId": person_id_for("Sam")}
    assert person_id_for("Sam") == person_id_for(" sam ") != person_id_for("Alex")
    assert re.fullmatch(r"amzn1\.ask\.person\.SIMULATED-[0-9A-F]{40}", person["personId"])


def test_requests_use_utc_timestamps_and_refuse_naive_clocks() -> None:
    later = datetime(2026, 11, 24, 23, 30, tzinfo=UTC) + timedelta(hours=1)
    assert launch_request(now=later)["timestamp"] == "2026-11-25T00:30:00Z"
    ended = session_ended_request(now=NOON, reason="EXCEEDED_MAX_REPROMPTS")
    assert ended["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert set(ended) == {"type", "requestId", "timestamp", "locale", "reason"}
    with pytest.raises(ValueError, match="aware"):
        launch_request(now=datetime(2026, 11, 24, 12, 0))  # naive on purpose


def test_envelopes_read_back_through_the_ask_sdk(matcher: Matcher) -> None:
    serializer = DefaultSerializer()
    match = matcher.match("what helped was calling my sponsor", today=TODAY)
    request = intent_request(match.intent, matcher.slot_payload(match), now=NOON)
    parsed = serializer.deserialize(
        json.dumps(envelope_for(request, person="Sam")), "ask_sdk_model.RequestEnvelope"
    )
    assert parsed.request.intent.name == "AnswerIntent"
    assert parsed.request.intent.slots["helped"].value == "calling my sponsor"
    assert parsed.context.system.person.person_id == person_id_for("Sam")
    assert parsed.session.attributes == {"await": {"kind": "win"}}
    for other in (launch_request(now=NOON), session_ended_request(now=NOON)):
        parsed = serializer.deserialize(
            json.dumps(envelope_for(other)), "ask_sdk_model.RequestEnvelope"
        )
        assert type(parsed.request).__name__ == other["type"]


def key_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: key_tree(v) for k, v in value.items()}
    return None


def test_envelopes_have_the_keys_of_captured_alexa_requests(matcher: Matcher) -> None:
    if not ENVELOPES.is_dir():
        pytest.skip("../shared/fixtures/alexa/envelopes is not beside this checkout")

    def real(name: str) -> dict[str, Any]:
        return json.loads((ENVELOPES / name).read_text(encoding="utf-8-sig"))

    launch = real(
        "launch_request__apiEndpoint_apiAccessToken_geolocation__ask-sdk-nodejs__REAL_SIGNED.json"
    )
    ours = envelope_for(launch_request(now=NOON))
    assert set(ours) == set(launch)
    assert set(ours["request"]) == set(launch["request"])
    system = launch["context"]["System"]
    assert set(system) == set(ours["context"]["System"])
    assert set(system["device"]) == set(ours["context"]["System"]["device"])
    resolved = real("intent_request__entity_resolution_ER_SUCCESS_MATCH__jovo.json")
    match = matcher.match("calling my sponsor", today=TODAY)
    slot = matcher.slot_payload(match)["answer"]
    their_slot = resolved["request"]["intent"]["slots"]["name"]
    assert key_tree(slot) == key_tree(their_slot)
    unfilled = real("intent_request__dialogState_STARTED__jovo.json")["request"]["intent"]
    assert set(unfilled["slots"]["key"]) == set(
        matcher.slot_payload(matcher.match("read my wins", today=TODAY))["when"]
    )


# -- responses ---------------------------------------------------------------------------------


def test_ssml_becomes_the_spoken_words() -> None:
    ssml = (
        '<speak>Nice work &amp; well done.<break time="500ms"/>'
        '<sub alias="Alcoholics Anonymous">AA</sub> helps.<audio src="https://x/y.mp3"/></speak>'
    )
    assert ssml_to_text(ssml) == "Nice work & well done. Alcoholics Anonymous helps."
    assert ssml_to_text('<speak>Call <say-as interpret-as="telephone">988</say-as>.</speak>') == (
        "Call 988."
    )


def test_parse_response_reads_speech_card_and_session_end() -> None:
    reply = parse_response({
        "version": "1.0",
        "sessionAttributes": {"await": {"kind": "helped"}},
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": "<speak>Saved.</speak>"},
            "reprompt": {"outputSpeech": {"type": "PlainText", "text": "What helped?"}},
            "card": {"type": "Standard", "title": "Small Wins", "text": "went for a walk"},
            "shouldEndSession": False,
            "directives": [{"type": "Dialog.ElicitSlot"}],
        },
    })  # fmt: skip
    assert (reply.speech, reply.reprompt) == ("Saved.", "What helped?")
    assert (reply.card.title, reply.card.text, reply.card.type) == (  # type: ignore[union-attr]
        "Small Wins",
        "went for a walk",
        "Standard",
    )
    assert reply.session_ended is False
    assert reply.attributes == {"await": {"kind": "helped"}}
    assert reply.directives == ("Dialog.ElicitSlot",)
    # A voice-only device ends the session when shouldEndSession is missing.
    assert parse_response({"response": {}}).session_ended is True
    assert parse_response({"response": {"shouldEndSession": True}}).session_ended is True


# -- turns over HTTP ---------------------------------------------------------------------------


@dataclass
class FakeSkill:
    """A stand-in webhook: records what it receives, answers like a skill would."""

    received: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    answer: Callable[[dict[str, Any]], tuple[int, Any]] | None = None
    url: str = ""

    def respond(self, envelope: dict[str, Any]) -> tuple[int, Any]:
        if self.answer is not None:
            return self.answer(envelope)
        request = envelope["request"]
        if request["type"] == "SessionEndedRequest":
            return 200, {"version": "1.0", "response": {}}
        name = request.get("intent", {}).get("name", request["type"])
        ends = name in ("AMAZON.StopIntent", "SkipIntent")
        turns = int(envelope["session"]["attributes"].get("turns", 0)) + 1
        body: dict[str, Any] = {
            "version": "1.0",
            "sessionAttributes": {"turns": turns},
            "response": {
                "outputSpeech": {"type": "SSML", "ssml": f"<speak>heard {name} &amp; more</speak>"},
                "shouldEndSession": ends,
            },
        }
        if not ends:
            body["response"]["reprompt"] = {
                "outputSpeech": {"type": "SSML", "ssml": "<speak>Still there?</speak>"}
            }
        if name == "RecordWinIntent":
            body["response"]["card"] = {"type": "Simple", "title": "Saved", "content": "a win"}
        return 200, body

    def types(self) -> list[str]:
        return [envelope["request"]["type"] for envelope in self.received]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        envelope = json.loads(raw)
        skill = self.server.skill
        skill.received.append(envelope)
        skill.headers.append({"path": self.path, "content-type": self.headers["Content-Type"]})
        status, body = skill.respond(envelope)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class _Server(ThreadingHTTPServer):
    skill: FakeSkill


@pytest.fixture
def fake_skill() -> Iterator[FakeSkill]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.skill = FakeSkill()
    server.skill.url = f"http://127.0.0.1:{server.server_address[1]}/alexa"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.skill
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def talk(fake_skill: FakeSkill, tmp_path: Path, matcher: Matcher) -> Callable[..., Any]:
    clock = Clock(NOON)

    def talk(text: str, **options: Any) -> Any:
        options.setdefault("state_file", tmp_path / "state" / "simulator.json")
        return say(text, url=fake_skill.url, clock=clock, today=TODAY, matcher=matcher, **options)

    talk.clock = clock  # type: ignore[attr-defined]
    return talk


def test_a_conversation_continues_its_session(fake_skill: FakeSkill, talk: Any) -> None:
    opened = talk("open small wins")
    first = fake_skill.received[-1]
    assert first["request"]["type"] == "LaunchRequest"
    assert first["session"]["new"] is True and first["session"]["attributes"] == {}
    assert re.fullmatch(rf"amzn1\.echo-api\.session\.{UUID}", first["session"]["sessionId"])
    assert fake_skill.headers[-1] == {"path": "/alexa", "content-type": "application/json"}
    assert (opened.speech, opened.reprompt) == ("heard LaunchRequest & more", "Still there?")
    assert opened.request_type == "LaunchRequest" and opened.intent is None
    assert not opened.session_ended and opened.new_session

    win = talk("I went for a walk instead of drinking")
    second = fake_skill.received[-1]
    assert second["session"]["new"] is False
    assert second["session"]["sessionId"] == first["session"]["sessionId"] == win.session_id
    # The attributes the skill returned come back with the next request, unchanged.
    assert second["session"]["attributes"] == {"turns": 1}
    assert second["request"]["intent"]["slots"]["win"]["value"] == (
        "went for a walk instead of drinking"
    )
    assert second["session"]["user"] == first["session"]["user"]
    assert second["context"]["System"]["user"] == first["session"]["user"]
    assert (win.intent, win.slots) == (
        "RecordWinIntent",
        {"win": "went for a walk instead of drinking"},
    )
    assert win.card is not None and (win.card.title, win.card.text) == ("Saved", "a win")

    talk("calling my sponsor")
    assert fake_skill.received[-1]["session"]["attributes"] == {"turns": 2}
    assert fake_skill.types() == ["LaunchRequest", "IntentRequest", "IntentRequest"]


def test_a_new_session_follows_one_that_ended(fake_skill: FakeSkill, talk: Any) -> None:
    talk("open small wins")
    stopped = talk("stop")
    assert stopped.session_ended and stopped.intent == "AMAZON.StopIntent"
    after = talk("what are my wins")
    envelope = fake_skill.received[-1]
    assert envelope["request"]["type"] == "IntentRequest"
    assert envelope["session"]["new"] is True and after.new_session
    assert envelope["session"]["attributes"] == {}
    assert envelope["session"]["sessionId"] != fake_skill.received[0]["session"]["sessionId"]
    # The session had ended already: nothing to close.
    assert fake_skill.types().count("SessionEndedRequest") == 0


def test_a_missing_should_end_session_ends_the_session(fake_skill: FakeSkill, talk: Any) -> None:
    fake_skill.answer = lambda envelope: (200, {"version": "1.0", "response": {
        "outputSpeech": {"type": "PlainText", "text": "Okay."}}})  # fmt: skip
    assert talk("open small wins").session_ended
    talk("yes")
    assert fake_skill.received[-1]["session"]["new"] is True


def test_starting_over_closes_the_open_session_first(fake_skill: FakeSkill, talk: Any) -> None:
    talk("open small wins")
    old = fake_skill.received[-1]["session"]["sessionId"]
    turn = talk("I rested", new_session=True)
    ended, fresh = fake_skill.received[-2:]
    assert ended["request"]["type"] == "SessionEndedRequest"
    assert ended["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert ended["session"]["sessionId"] == old
    assert ended["session"]["attributes"] == {"turns": 1}
    assert fresh["session"]["new"] is True and fresh["session"]["sessionId"] != old
    assert turn.closed_previous_session and turn.new_session


def test_a_one_shot_starts_a_new_session(fake_skill: FakeSkill, talk: Any) -> None:
    talk("open small wins")
    turn = talk("tell small wins I went for a walk")
    assert fake_skill.types() == ["LaunchRequest", "SessionEndedRequest", "IntentRequest"]
    envelope = fake_skill.received[-1]
    assert envelope["session"]["new"] is True
    assert envelope["request"]["intent"]["name"] == "RecordWinIntent"
    assert turn.one_shot and turn.slots == {"win": "went for a walk"}


def test_an_idle_session_lapses(fake_skill: FakeSkill, talk: Any) -> None:
    talk("open small wins")
    talk.clock.now = NOON + timedelta(minutes=5)
    talk("I rested")
    assert fake_skill.received[-1]["session"]["new"] is False
    talk.clock.now = NOON + timedelta(minutes=30)
    talk("I rested again")
    assert fake_skill.types()[-2:] == ["SessionEndedRequest", "IntentRequest"]
    assert fake_skill.received[-1]["session"]["new"] is True
    assert fake_skill.received[-1]["request"]["timestamp"] == "2026-11-24T17:30:00Z"


def test_identities_are_fake_stable_and_per_state_file(
    fake_skill: FakeSkill, talk: Any, tmp_path: Path
) -> None:
    talk("open small wins")
    talk("I rested", new_session=True)
    talk("I rested", state_file=tmp_path / "other.json")
    users = [e["session"]["user"]["userId"] for e in fake_skill.received]
    devices = [e["context"]["System"]["device"]["deviceId"] for e in fake_skill.received]
    assert users[0] == users[1] == users[2] != users[3]
    assert devices[0] == devices[2] != devices[3]
    assert re.fullmatch(r"amzn1\.ask\.account\.SIMULATED-[0-9A-F]{32}", users[0])
    assert re.fullmatch(r"amzn1\.ask\.device\.SIMULATED-[0-9A-F]{32}", devices[0])
    assert all("person" not in e["context"]["System"] for e in fake_skill.received)
    state = json.loads((tmp_path / "state" / "simulator.json").read_text())
    assert state["user_id"] == users[0]
    assert state["session"]["open"] is True
    assert state["session"]["id"] == fake_skill.received[2]["session"]["sessionId"]
    assert state["session"]["attributes"] == {"turns": 1}


def test_a_person_is_sent_on_every_request(fake_skill: FakeSkill, talk: Any) -> None:
    talk("open small wins", person="Sam")
    talk("I rested", person="Sam")
    people = {e["context"]["System"]["person"]["personId"] for e in fake_skill.received}
    assert people == {person_id_for("Sam")}


def test_a_failing_skill_raises_and_ends_the_session(fake_skill: FakeSkill, talk: Any) -> None:
    talk("open small wins")
    fake_skill.answer = lambda envelope: (500, {"error": "boom"})
    with pytest.raises(SimulatorError, match="HTTP 500"):
        talk("I rested")
    fake_skill.answer = None
    talk("I rested")
    assert fake_skill.received[-1]["session"]["new"] is True
    fake_skill.answer = lambda envelope: (200, b"<html>not json</html>")
    with pytest.raises(SimulatorError, match="JSON"):
        talk("I rested")


def test_an_unreachable_skill_is_reported(tmp_path: Path, matcher: Matcher) -> None:
    with pytest.raises(SimulatorError, match="cannot reach"):
        say("hello", url=f"http://127.0.0.1:{free_port()}/alexa", state_file=tmp_path / "s.json",
            clock=Clock(NOON), matcher=matcher, timeout=2)  # fmt: skip
    with pytest.raises(SimulatorError, match="http or https"):
        say("hello", url="file:///etc/passwd", state_file=tmp_path / "s.json", matcher=matcher)
    with pytest.raises(ValueError, match="empty"):
        say("  ", state_file=tmp_path / "s.json", matcher=matcher)


def test_a_damaged_state_file_is_not_silently_replaced(tmp_path: Path, matcher: Matcher) -> None:
    state = tmp_path / "s.json"
    state.write_text("{not json")
    with pytest.raises(SimulatorError, match="damaged"):
        say("hello", state_file=state, matcher=matcher)
    assert state.read_text() == "{not json"


def test_end_session_sends_user_initiated_once(
    fake_skill: FakeSkill, talk: Any, tmp_path: Path
) -> None:
    talk("open small wins")
    state_file = tmp_path / "state" / "simulator.json"
    turn = end_session(url=fake_skill.url, state_file=state_file, clock=talk.clock)
    assert turn is not None and turn.request_type == "SessionEndedRequest"
    ended = fake_skill.received[-1]
    assert ended["request"]["reason"] == "USER_INITIATED"
    assert ended["session"]["new"] is False
    assert ended["session"]["sessionId"] == fake_skill.received[0]["session"]["sessionId"]
    assert end_session(url=fake_skill.url, state_file=state_file) is None
    assert fake_skill.types() == ["LaunchRequest", "SessionEndedRequest"]


def run_chat(fake_skill: FakeSkill, tmp_path: Path, matcher: Matcher, lines: str) -> str:
    output = io.StringIO()
    status = chat(
        url=fake_skill.url,
        state_file=tmp_path / "chat.json",
        input=io.StringIO(lines),
        output=output,
        clock=Clock(NOON),
        today=TODAY,
        matcher=matcher,
    )
    assert status == 0
    return output.getvalue()


def test_chat_transcript_and_exit(fake_skill: FakeSkill, tmp_path: Path, matcher: Matcher) -> None:
    transcript = run_chat(
        fake_skill, tmp_path, matcher, "open small wins\n\nI went for a walk\nexit\nnever sent\n"
    )
    assert "you> open small wins\nalexa> heard LaunchRequest & more\n" in transcript
    assert "you> I went for a walk\nalexa> heard RecordWinIntent & more\n[card] Saved: a win\n" in (
        transcript
    )
    assert transcript.rstrip().endswith("you> exit\n[session ended]")
    assert fake_skill.types() == ["LaunchRequest", "IntentRequest", "SessionEndedRequest"]
    assert fake_skill.received[-1]["request"]["reason"] == "USER_INITIATED"


def test_chat_after_the_skill_ends_the_session(
    fake_skill: FakeSkill, tmp_path: Path, matcher: Matcher
) -> None:
    transcript = run_chat(fake_skill, tmp_path, matcher, "open small wins\nskip\nquit\n")
    assert "alexa> heard SkipIntent & more\n[session ended]\n" in transcript
    # "quit" leaves the chat; with no open session there is nothing to end.
    assert fake_skill.types() == ["LaunchRequest", "IntentRequest"]


def test_chat_ends_the_session_at_end_of_input(
    fake_skill: FakeSkill, tmp_path: Path, matcher: Matcher
) -> None:
    run_chat(fake_skill, tmp_path, matcher, "open small wins\n")
    assert fake_skill.types() == ["LaunchRequest", "SessionEndedRequest"]


def test_chat_reports_errors_and_goes_on(
    fake_skill: FakeSkill, tmp_path: Path, matcher: Matcher
) -> None:
    answers = iter([(503, {"error": "warming up"})])
    fake_skill.answer = lambda envelope: next(answers, None) or FakeSkill().respond(envelope)
    transcript = run_chat(fake_skill, tmp_path, matcher, "open small wins\nopen small wins\n")
    assert "[error] the skill answered HTTP 503" in transcript
    assert "alexa> heard LaunchRequest & more" in transcript


def test_render_exchange_lines(fake_skill: FakeSkill, talk: Any) -> None:
    turn = talk("I rested")
    assert render_exchange(turn) == "alexa> heard RecordWinIntent & more\n[card] Saved: a win"
    ended = talk("stop")
    assert render_exchange(ended) == "alexa> heard AMAZON.StopIntent & more\n[session ended]"


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("nine", "09:00"),
        ("nine pm", "21:00"),
        ("9 pm", "21:00"),
        ("9:30 pm", "21:30"),
        ("nine thirty", "09:30"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("evening", "EV"),
        ("twelve am", "00:00"),
        ("eight in the evening", "20:00"),
        ("twenty five", None),
        ("blue", None),
    ],
)
def test_spoken_times_resolve_like_alexa(spoken: str, value: str | None) -> None:
    assert resolve_time(spoken) == value


def test_reminder_phrasings(matcher: Matcher) -> None:
    found = matcher.match("remind me to reflect every evening at nine", today=TODAY)
    assert (found.intent, found.slots) == (
        "SetReminderIntent",
        {"part": "evening", "time": "09:00"},
    )
    found = matcher.match("remind me every day at 9:30 pm", today=TODAY)
    assert (found.intent, found.slots) == ("SetReminderIntent", {"time": "21:30"})
