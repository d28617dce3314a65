"""The interaction model is deployable as is and carries the intents the handlers rely on.

These checks mirror what the ASK build rejects (duplicate samples, a lone SearchQuery slot,
characters a sample may not contain, undeclared slots) so a broken model fails here first.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

import locales

MODEL_PATH = locales.folder(locales.DEFAULT) / "model.json"

# Intent -> its slots and their types: fixed, the handlers read these names.
EXPECTED_INTENTS: dict[str, dict[str, str]] = {
    "RecordWinIntent": {"win": "AMAZON.SearchQuery"},
    "AnswerIntent": {
        "answer": "FREE_TEXT",
        "feeling": "FREE_TEXT",
        "helped": "FREE_TEXT",
        "hedged": "FREE_TEXT",
    },
    "SkipIntent": {},
    "NoIdeaIntent": {},
    "ReadWinsIntent": {"when": "AMAZON.DATE"},
    "EncourageIntent": {"topic": "AMAZON.SearchQuery"},
    "SetbackIntent": {},
    "CrisisIntent": {},
    "DeleteWinIntent": {"about": "AMAZON.SearchQuery"},
    "DeleteLastWinIntent": {},
    "SaveItIntent": {},
    "ToolkitIntent": {},
    "ProgressIntent": {"period": "AMAZON.DATE"},
    "SetReminderIntent": {"time": "AMAZON.TIME", "part": "DAYPART"},
    "CancelReminderIntent": {},
    "DeleteAllDataIntent": {},
    "ExportWinsIntent": {},
    "AMAZON.YesIntent": {},
    "AMAZON.NoIntent": {},
    "AMAZON.HelpIntent": {},
    "AMAZON.StopIntent": {},
    "AMAZON.CancelIntent": {},
    "AMAZON.FallbackIntent": {},
    "AMAZON.NavigateHomeIntent": {},
    "AMAZON.MoreIntent": {},
    "AMAZON.NextIntent": {},
    "AMAZON.RepeatIntent": {},
    "InviteBuddyIntent": {"role": "ROLE"},
    "ShareWinIntent": {"name": "AMAZON.FirstName"},
    "SharingStatusIntent": {},
    "StopSharingIntent": {"name": "AMAZON.FirstName", "role": "ROLE"},
    "DigestTimeIntent": {"day": "WEEKDAY", "time": "AMAZON.TIME"},
    "StopWeeklyNoteIntent": {"name": "AMAZON.FirstName", "role": "ROLE"},
    "StartWeeklyNoteIntent": {"name": "AMAZON.FirstName", "role": "ROLE"},
    "StartGroupIntent": {"group": "AMAZON.SearchQuery"},
    "JoinGroupIntent": {"code": "AMAZON.NUMBER"},
    "GroupWinsIntent": {},
    "LeaveGroupIntent": {},
    "ShareWithGroupIntent": {},
    "StopGroupSharingIntent": {},
    "GroupEmailIntent": {},
    # Free speech that is not a win, routed by Alexa itself (issue 9).
    "ThanksIntent": {},
    "SoberDaysIntent": {},
    "SoberDateIntent": {"date": "AMAZON.DATE"},
    "ForgetSoberDateIntent": {},
    "ReminderStatusIntent": {},
    "SharingHowIntent": {},
    "TreatmentIntent": {},
    "MeetingsIntent": {},
    "OneTimeReminderIntent": {"date": "AMAZON.DATE", "time": "AMAZON.TIME"},
    "DistressIntent": {},
    "ChangeNameIntent": {"name": "AMAZON.FirstName"},
    "MyNameIntent": {},
}

# Phrasings the design depends on: each must be a sample of exactly this intent.
REQUIRED_SAMPLES: dict[str, list[str]] = {
    "RecordWinIntent": [
        "i {win}", "today i {win}", "log a win {win}", "my win is {win}", "my win today is {win}",
        "record a win {win}", "add a win {win}", "i finally {win}",
        "this morning i {win}", "tonight i {win}",
    ],
    "AnswerIntent": [
        "{answer}", "it was {answer}", "what helped was {helped}", "{helped} helped",
        "i felt {feeling}", "it felt {feeling}", "i feel {feeling}", "honestly {answer}",
        "probably {hedged}", "i think {hedged}", "yeah i think {hedged}",
    ],
    "SkipIntent": [
        "skip", "skip it", "skip that", "pass", "not now", "no thanks", "that's all",
        "nothing else", "next time",
    ],
    "NoIdeaIntent": [
        "i don't know", "nothing", "i can't think of anything", "not sure", "i have nothing",
        "no idea", "nothing today", "i can't think of one", "i don't have one",
        "i don't have a win",
    ],
    "ReadWinsIntent": [
        "what are my wins", "read my wins", "read me my wins", "tell me my wins",
        "read my wins from {when}", "what are my wins from {when}", "what did i do {when}",
        "what did i do on {when}", "what wins did i log {when}", "my wins from {when}",
        "what did i win {when}",
    ],
    "EncourageIntent": [
        "i need encouragement", "encourage me", "give me some encouragement",
        "i'm having a hard day", "i'm having a rough day", "i'm having a tough time",
        "remind me of a win", "i need a win", "i'm craving {topic}", "i am craving {topic}",
        "i'm struggling with {topic}", "i'm tempted to {topic}",
        "cheer me up", "i'm feeling low", "i'm stressed", "today is hard",
    ],
    "SetbackIntent": [
        "i slipped", "i slipped up", "i relapsed", "i had a relapse", "i had a drink", "i used",
        "i used again", "i drank", "i drank last night", "i messed up", "i had a setback",
        "i had a slip", "i lapsed", "i picked up again", "i gave in",
    ],
    "CrisisIntent": [
        "i want to kill myself", "i want to die", "i don't want to live anymore",
        "i'm thinking about suicide", "suicide", "i want to end it all", "i want to hurt myself",
        "i'm going to hurt myself", "i cut myself", "life isn't worth living",
        "everyone would be better off without me", "help i'm not safe", "kill myself",
        "i took too many pills", "i overdosed", "i think i'm overdosing", "my friend overdosed",
        "someone is overdosing", "overdose", "i took too much", "i'm in danger",
        "someone is hurting me", "i'm not safe", "call for help", "emergency",
        "i need help right now",
    ],
    "DeleteLastWinIntent": [
        "delete that", "delete my last win", "delete the last win", "remove that",
        "remove my last win", "undo that", "erase that", "take that back",
    ],
    "SaveItIntent": [
        "save it", "save that", "save it as a win", "please save it", "keep it as a win",
        "that was a win", "save what i said",
    ],
}  # fmt: skip

# Built-in types the model may use; anything else must be declared under "types".
BUILTIN_SLOT_TYPES = {
    "AMAZON.SearchQuery", "AMAZON.DATE", "AMAZON.TIME", "AMAZON.FirstName", "AMAZON.NUMBER",
}  # fmt: skip
# A sample: lowercase words (apostrophes inside a word) and declared {slot} references.
WORD = r"[a-z]+(?:'[a-z]+)*"
SLOT = r"\{[A-Za-z_]+\}"
SAMPLE = re.compile(rf"^(?:{WORD}|{SLOT})(?: (?:{WORD}|{SLOT}))*$")
SLOT_REF = re.compile(r"\{([A-Za-z_]+)\}")
# Words that start a launch or one-shot; ASK refuses them inside an invocation name.
LAUNCH_WORDS = {"alexa", "echo", "computer", "open", "start", "launch", "ask", "tell", "run",
                "use", "load", "begin", "resume", "play", "talk", "skill", "app"}  # fmt: skip


@pytest.fixture(scope="module")
def language() -> dict[str, Any]:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(model) == {"interactionModel"}
    assert set(model["interactionModel"]) == {"languageModel"}
    return model["interactionModel"]["languageModel"]


@pytest.fixture(scope="module")
def intents(language: dict[str, Any]) -> dict[str, dict[str, Any]]:
    names = [intent["name"] for intent in language["intents"]]
    assert len(names) == len(set(names)), "an intent is declared twice"
    return {intent["name"]: intent for intent in language["intents"]}


def all_samples(intents: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    return [(name, s) for name, intent in intents.items() for s in intent.get("samples", [])]


def test_invocation_name_is_small_wins(language: dict[str, Any]) -> None:
    name = language["invocationName"]
    assert name == "small wins"
    assert re.fullmatch(r"[a-z]+(?: [a-z]+)+", name), "two or more lowercase words"
    assert not set(name.split()) & LAUNCH_WORDS


def test_exactly_the_expected_intents_with_their_slots(
    intents: dict[str, dict[str, Any]],
) -> None:
    assert set(intents) == set(EXPECTED_INTENTS)
    for name, slots in EXPECTED_INTENTS.items():
        declared = {slot["name"]: slot["type"] for slot in intents[name].get("slots", [])}
        assert declared == slots, name


def test_every_slot_type_exists(language: dict[str, Any]) -> None:
    custom = {slot_type["name"] for slot_type in language.get("types", [])}
    for intent in language["intents"]:
        for slot in intent.get("slots", []):
            assert slot["type"] in BUILTIN_SLOT_TYPES | custom, (intent["name"], slot)


def test_free_text_is_a_varied_catch_all(
    language: dict[str, Any], intents: dict[str, dict[str, Any]]
) -> None:
    (free_text,) = [t for t in language["types"] if t["name"] == "FREE_TEXT"]
    values = [value["name"]["value"] for value in free_text["values"]]
    assert len(values) >= 30
    assert len(set(values)) == len(values)
    for value in values:
        assert re.fullmatch(rf"{WORD}(?: {WORD})*", value), value
    # A value that is also a whole sample elsewhere would make that sample ambiguous.
    literal_samples = {s for _, s in all_samples(intents) if "{" not in s}
    assert not literal_samples & set(values)
    # Both kinds of follow-up answer are represented: what helped and how it felt.
    for expected in ("calling my sponsor", "a long walk", "proud", "relieved", "my daughter"):
        assert expected in values


def test_required_samples_are_present(intents: dict[str, dict[str, Any]]) -> None:
    for name, samples in REQUIRED_SAMPLES.items():
        missing = set(samples) - set(intents[name]["samples"])
        assert not missing, (name, missing)


def test_every_custom_intent_has_samples(intents: dict[str, dict[str, Any]]) -> None:
    for name, intent in intents.items():
        if not name.startswith("AMAZON."):
            assert len(intent["samples"]) >= 5, name


def test_fallback_intent_has_no_samples(intents: dict[str, dict[str, Any]]) -> None:
    assert intents["AMAZON.FallbackIntent"]["samples"] == []


def test_no_sample_is_duplicated_within_or_across_intents(
    intents: dict[str, dict[str, Any]],
) -> None:
    seen = Counter(" ".join(sample.lower().split()) for _, sample in all_samples(intents))
    assert [s for s, n in seen.items() if n > 1] == []

    # Samples that differ only in a slot's name (not its type) are the same utterance to Alexa.
    def shape(intent: str, sample: str) -> str:
        types = {s["name"]: s["type"] for s in intents[intent].get("slots", [])}
        return SLOT_REF.sub(lambda m: "{" + types.get(m[0].strip("{}"), "?") + "}", sample)

    shapes = Counter(shape(name, sample) for name, sample in all_samples(intents))
    assert [s for s, n in shapes.items() if n > 1] == []


def test_every_sample_uses_only_allowed_characters(intents: dict[str, dict[str, Any]]) -> None:
    for name, sample in all_samples(intents):
        assert SAMPLE.fullmatch(sample), (name, sample)
        assert len(sample) <= 200
        assert not re.search(r"\d", sample), "digits must be spelled out"


def test_samples_refer_only_to_declared_slots(intents: dict[str, dict[str, Any]]) -> None:
    for name, intent in intents.items():
        declared = {slot["name"] for slot in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            refs = SLOT_REF.findall(sample)
            assert set(refs) <= declared, (name, sample)
            assert len(refs) == len(set(refs)), (name, sample)
            assert not re.search(r"\} \{|\}\{", sample), "two slots need a word between them"


def test_search_query_always_has_a_carrier_phrase(intents: dict[str, dict[str, Any]]) -> None:
    for name, intent in intents.items():
        search = {s["name"] for s in intent.get("slots", []) if s["type"] == "AMAZON.SearchQuery"}
        for sample in intent.get("samples", []):
            refs = SLOT_REF.findall(sample)
            if set(refs) & search:
                assert SLOT_REF.sub("", sample).strip(), (name, sample)
                assert len(refs) == 1, "a SearchQuery slot shares its utterance with no slot"


def test_crisis_intent_is_broad(intents: dict[str, dict[str, Any]]) -> None:
    samples = intents["CrisisIntent"]["samples"]
    assert len(samples) >= 40
    # Alexa sends no words with FallbackIntent: phrasings that do not start with "i" must be
    # samples too, or the skill never hears them.
    not_first_person = [s for s in samples if not s.startswith("i ")]
    assert len(not_first_person) >= 20
    assert "SLOT" not in json.dumps(intents["CrisisIntent"]).upper()
    topics = {
        "self-harm": ("hurt myself", "cut myself"),
        "suicide": ("kill myself", "suicide", "die", "end it all"),
        "overdose": ("overdos", "pills", "took too much"),
        "danger": ("danger", "not safe", "hurting me", "emergency"),
    }
    for topic, cues in topics.items():
        hits = [s for s in samples if any(cue in s for cue in cues)]
        assert len(hits) >= 3, topic
