"""What free speech means: crisis first, then setback, encouragement, no idea, skip, win.

Every phrasing that starts with "I" is also tested without it, because Alexa passes only the
slot text of a carrier like "I {win}" ("went for a walk", not "I went for a walk").
"""

from __future__ import annotations

import random
import re

import pytest

import locales
from skill.understanding import (
    CAUGHT,
    Meaning,
    classify,
    is_crisis,
    keywords,
    understand,
    win_part,
)

# Encouragement, distress and a request for encouragement all get support, never a win saved.
SUPPORT = {Meaning.ENCOURAGE, Meaning.DISTRESS}

_LEADING_I = re.compile(r"^(?:I|I'm|I\u2019m|I've|I am)\s+")


def with_and_without_i(phrases: list[str]) -> list[str]:
    """Each phrase as written, plus the slot text Alexa would pass if it starts with "I"."""
    out: list[str] = []
    for phrase in phrases:
        out.append(phrase)
        bare = _LEADING_I.sub("", phrase)
        if bare != phrase:
            out.append(bare)
    return out


# ------------------------------------------------------------------------------------------
# CRISIS
# ------------------------------------------------------------------------------------------

CRISIS_SUICIDE = [
    "I want to kill myself",
    "I'm going to kill myself",
    "I\u2019m thinking about killing myself",
    "I'm thinking about suicide",
    "I've been having suicidal thoughts",
    "I feel suicidal",
    "I want to die",
    "I just want to die tonight",
    "I want to die of shame",
    "I don't want to live anymore",
    "I dont want to live",
    "I don't want to be here anymore",
    "I just want to end it all",
    "I'm going to end my life",
    "I want to end it",
    "everyone would be better off without me",
    "my kids would be better off without me",
    "I have no reason to live",
    "there's nothing to live for",
    "life isn't worth living",
    "life\u2019s not worth living",
    "I'm going to take my life",
    "I want to take my own life",
    "I wish I was dead",
    "I wish I were dead",
    "I'd rather be dead",
    "I'm better off dead",
    "I wish I could go to sleep and never wake up",
    "I don't want to wake up tomorrow",
    "I want it all to end",
    "I can't go on anymore",
    "I cannot do this anymore",
    "I can't take it anymore",
    "I wrote a suicide note",
    "I wrote a goodbye letter to my kids",
    "I want to hang myself",
    "I'm a burden to everyone",
    "nobody would miss me",
    "I want to sleep forever",
    "I don't see the point anymore",
    "I'm going to drink myself to death",
    "I won't be here tomorrow",
    "this is goodbye",
    "I have pills saved up",
    "I'm dying",
    "kms",
    "let me die",
    "just let me die",
    "please let me die",
    "I should just die",
    "I should die",
    "I should be dead",
    # Jumping, and standing at a height.
    "I am going to jump",
    "I'm going to jump off a bridge",
    "I want to jump off",
    "I'm thinking about jumping",
    "I'm standing on the edge",
    "I'm standing on the edge of the bridge",
    "I'm on the ledge",
    "I'm on the roof and want to jump",
    # Means at hand: a gun with or without a stated intent, a store of pills.
    "I have a gun",
    "I've got a gun and",
    "I bought a gun to",
    "I got my dad's gun out",
    "I have a gun to my head",
    "I have enough pills to",
    "I have enough pills saved",
    "I've got enough pills to end it",
]

CRISIS_SELF_HARM = [
    "I want to hurt myself",
    "I hurt myself again",
    "I cut myself last night",
    "I've been cutting again",
    "I self harm",
    "I relapsed on self-harm",
    "I have the urge to cut",
    "I burned myself on purpose",
]

CRISIS_OVERDOSE = [
    "I took too many pills",
    "I think I took too much",
    "I took too much fentanyl",
    "I overdosed",
    "I think I'm overdosing",
    "I OD'd",
    "I think I O.D.'d last night",
    "my friend is overdosing",
    "he's not breathing",
    "she isn't breathing",
    "I took the whole bottle of pills",
    "I swallowed a handful of pills",
    "I need narcan",
    "he won't wake up",
    "I can't breathe",
    "pills I took too many",
]

CRISIS_DANGER = [
    "I'm in danger",
    "someone is hurting me",
    "I'm not safe",
    "I don't feel safe at home",
    "he's going to hurt me",
    "my boyfriend hit me",
    "he has a gun",
    "I'm scared for my life",
    "I need help right now",
    "I need help",
    "please help me",
    "emergency",
    "this is an emergency",
    "call 911",
    "my husband beats me",
    "my dad hits me",
    "I'm scared of my husband",
    "someone broke into my house",
    "I'm shaking and seeing things",
    "someone is following me",
]

CRISIS_ALL = CRISIS_SUICIDE + CRISIS_SELF_HARM + CRISIS_OVERDOSE + CRISIS_DANGER

NOT_CRISIS = [
    "I killed it at work today",
    "killed it in my interview",
    "I'm killing it in recovery",
    "I'm dying to see my kids",
    "I'm dying for a coffee",
    "this traffic is killing me",
    "my back is killing me",
    "the cravings are killing me",
    "I nailed the presentation",
    "I cut back on coffee",
    "I cut my hair",
    "I cut the grass",
    "I cut myself some slack",
    "I cut myself shaving and laughed it off",
    "I took my pills on time",
    "I took all my meds today",
    "I took my medication",
    "I hurt my back at the gym",
    "I hurt myself at the gym",
    "I shot myself in the foot at work but stayed calm",
    "I'm dead tired",
    "I'm bored to death",
    "I didn't drink even though I wanted to die of boredom",
    "I was dying of embarrassment but I stayed sober",
    "I almost died laughing",
    "want to die laughing at my own jokes again",
    "I'd rather die than drink again",
    "I helped a friend who was in danger of relapsing",
    "I survived a hard day",
    "I drove past the bar",
    "I didn't overdo it",
    "I'm safe now and went to a meeting",
    "I beat my craving",
    "I took my life back",
    "I'd kill for a nap",
    "I took a shot at the new job",
    "I wrote a note",
    "I wrote a thank you note to my sponsor",
    "I went to an overdose prevention training",
    "I carry narcan in case of an overdose",
    "I put twenty dollars in my emergency fund instead of buying beer",
    "I handled a family emergency without drinking",
    "my phone died but I didn't panic",
    "my sponsor helped me",
    "I bought a rope for my boat",
    "I went hiking and found a rope swing",
    "I'm hearing things in a new way at meetings",
    "I'm scared of my mom finding out",
    "please help me stay strong",
    "he hit me up on facebook",
    "my sister is following me on instagram",
    "I'm not secure in myself but I went anyway",
    "let me die of embarrassment",
    "I could just die",
    "I jumped into the pool",
    "I jumped at the chance to help",
    "I'm going to jump rope at the gym",
    "I'm going to jump off the diving board",
    "I want to jump for joy",
    "I was on the edge of my seat",
    "I'm on edge",
    "I went to the gun range with my dad",
    "I bought a glue gun for a craft project",
    "I got the kids water guns",
    "I have a gun safe now",
    "I have my pills organised for the week",
    "I have enough pills to last the week",
    "I took my pills on time",
]


@pytest.mark.parametrize("text", with_and_without_i(CRISIS_ALL))
def test_crisis_is_detected(text: str) -> None:
    assert is_crisis(text)
    assert classify(text) in CAUGHT


@pytest.mark.parametrize("text", with_and_without_i(NOT_CRISIS))
def test_idioms_and_wins_are_not_a_crisis(text: str) -> None:
    assert not is_crisis(text)
    assert classify(text) not in CAUGHT


@pytest.mark.parametrize(
    "text",
    [
        # Negation does not cancel a crisis: saying it at all earns the resources.
        "I don't want to die",
        "I didn't cut myself today",
        "I'm not going to kill myself",
        # Overdose spoken of as someone else's or in the past is still an emergency topic.
        "I gave my friend narcan",
    ],
)
def test_crisis_ignores_negation_on_purpose(text: str) -> None:
    assert is_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "I WANT TO KILL MYSELF!!!",
        "i want to kill myself.",
        "I\u2019m going to end my life",
        "I cannot go on anymore",
        "I can\u2019t go on anymore",
        "Um, I want to die...",
        "self-harm",
        "O.D.",
        "I'm ODing",
        "9-1-1",
    ],
)
def test_crisis_survives_spelling_and_punctuation(text: str) -> None:
    assert is_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "I relapsed and I want to die",
        "I'm craving a drink and I want to kill myself",
        "nothing, I want to die",
        "I don't know, I want to hurt myself",
        "I had a drink and took too many pills",
        "skip, I'm not safe",
        "I hate myself and I want to die",
        "I'm going to drink tonight and then jump off a bridge",
        "nobody cares, just let me die",
    ],
)
def test_crisis_takes_precedence_over_every_other_meaning(text: str) -> None:
    assert classify(text) in CAUGHT


# ------------------------------------------------------------------------------------------
# SETBACK
# ------------------------------------------------------------------------------------------

SETBACKS = [
    "I slipped",
    "I slipped up",
    "slipped up last night",
    "I relapsed",
    "relapsed last night",
    "I relapsed but I'm back on track",
    "my sponsor doesn't know I relapsed",
    "I had a drink",
    "had a couple of beers",
    "I had a few drinks last night",
    "I had a glass of wine",
    "I had a beer with dinner",
    "I drank last night",
    "I drank",
    "I used again",
    "I used",
    "I used meth",
    "I did coke",
    "I picked up",
    "I picked up again",
    "I smoked again",
    "I smoked a cigarette",
    "I gave in",
    "I gave in to the craving",
    "I caved",
    "I messed up and drank",
    "I messed up",
    "I got drunk",
    "I got high",
    "I started drinking again",
    "I've been drinking again",
    "I blacked out",
    "I took a drink",
    "I had a slip",
    "I lost my streak",
    "I'm back to day one",
    "I fell off the wagon",
    "No, I drank",
    "I had a sip",
    "I took a sip of my friend's wine",
    "I shot up",
    "I picked up some weed",
    "I could not sleep so I drank",
]

NOT_SETBACK_WINS = [
    "I didn't drink",
    "I didn't drink today",
    "I did not drink",
    "I had a drink of water",
    "I had a drink of tea",
    "I said no to a drink",
    "I used my coping skills",
    "I used the breathing exercise",
    "I slipped on the ice but didn't drink",
    "I slipped out of the party early",
    "I haven't had a drink in 30 days",
    "I never picked up",
    "I picked up my 30 day chip",
    "I picked up my kids from school",
    "I picked up the phone and called my sponsor",
    "I drank water instead of beer",
    "I drank a lot of water",
    "I almost relapsed but called my sponsor",
    "I nearly gave in but went for a run",
    "I didn't give in",
    "I used to drink every day",
    "I had a non-alcoholic beer",
    "I had a root beer",
    "I had a soda instead of a beer",
    "my friend relapsed and I stayed sober",
    "I resisted the urge to drink",
    "I went for a walk instead of drinking",
    "I was drinking a coffee when the craving hit",
    "I smoked a brisket",
    "I quit drinking",
    "I used to smoke but I quit",
    "I messed up at work but didn't drink",
    "I slipped and fell",
    "I had a sip of coffee",
    "my anxiety shot up but I breathed through it",
    "I didn\u2019t drink",
    "I picked up some pills from the pharmacy",
]


@pytest.mark.parametrize("text", with_and_without_i(SETBACKS))
def test_setbacks(text: str) -> None:
    assert classify(text) is Meaning.SETBACK


@pytest.mark.parametrize("text", with_and_without_i(NOT_SETBACK_WINS))
def test_negated_or_innocent_setback_words_are_wins(text: str) -> None:
    assert classify(text) in {Meaning.WIN, Meaning.WIN_HARD}


def test_setback_comes_before_encouragement() -> None:
    assert classify("I relapsed and I'm struggling") is Meaning.SETBACK


# ------------------------------------------------------------------------------------------
# ENCOURAGE
# ------------------------------------------------------------------------------------------

ENCOURAGEMENTS = [
    "I need encouragement",
    "need some encouragement",
    "encouragement please",
    "I'm having a hard day",
    "having a rough night",
    "I'm having a hard time",
    "I had a hard day",
    "rough day",
    "today is hard",
    "I'm craving a drink",
    "I am craving",
    "I have a craving",
    "the cravings are really bad",
    "I really want a drink",
    "I want to use",
    "I wanna get high",
    "I need a drink",
    "I'm tempted to drink",
    "I'm triggered",
    "I'm struggling",
    "I've been really struggling",
    "I feel like drinking",
    "I feel like giving up",
    "I'm stressed out",
    "I'm feeling down",
    "I'm not okay",
    "I keep thinking about drinking",
    "I'm scared I'll relapse",
    "I'm so close to relapsing",
    "I don't think I can stay sober",
    "I could use some motivation",
    "cheer me up",
    "encourage me",
    "remind me why I'm doing this",
    "I'm having a hard day, but I went to a meeting",
    "cravings",
    "I'm bored",
    "I feel empty",
    "I hate myself",
    "I give up",
    "I'm detoxing at home",
    "I cannot stay sober",
    "please help me stay strong",
    "what's the point",
    # Meaning to drink or use next (not yet done, so not a setback).
    "I'm going to drink tonight",
    "I'm going to use tonight",
    "I'm gonna get high",
    "I'm going to get drunk",
    "I'm about to drink",
    "I'm going to drink",
    "I'm planning to drink at the party",
    "I'm going to go buy a bottle",
    "I think I'm going to relapse",
    # Despair without a stated wish to die; self-hatred is not imminent danger.
    "nobody cares about me",
    "no one cares",
    "I feel like nobody cares",
    "no one even cares anymore",
    "everything is pointless",
    "I feel like everything is pointless",
    "I feel like everything is too much",
    "life is meaningless",
    "life sucks",
    "my life sucks right now",
    "what's the point of trying",
    "I feel hopeless",
    "I feel worthless",
    "I feel unloved",
    "I hate myself so much",
]

NOT_ENCOURAGE_WINS = [
    "I resisted a craving",
    "I beat a craving",
    "the craving passed",
    "I got through a hard day",
    "I had a hard day but went to a meeting",
    "I helped someone who needed encouragement",
    "I encouraged a friend",
    "I was tempted but I didn't",
    "I wanted to drink but I called my sponsor",
    "I had cravings all day and stayed sober",
    "the craving was bad but I beat it",
    "I was struggling but I went to a meeting",
    "I was stressed out but I meditated",
    "today was hard but I didn't drink",
    "I'm down to two coffees a day",
    "I'm not struggling as much",
    "I feel good",
    "scared at first but I did it",
    # A past or abandoned intent, a plan that is a win, or resolve.
    "I was going to drink but I didn't",
    "I was going to drink tonight but called my sponsor instead",
    "I'm going to a meeting tonight",
    "I'm going to drink water",
    "I'm going to drink more water",
    "I'm going to drink my protein shake",
    "I'm going to have a drink of water",
    "I'm going to use my coping skills",
    "I'm going to pick up my chip tonight",
    "I'm going to smoke a brisket",
    "I'm not going to drink tonight",
    "I'm never going to drink again",
    "my friend is going to drink tonight but I'm staying home",
    # Past despair that reports a win; "nobody cares that ..." is about an event.
    "I felt hopeless but went for a walk",
    "nobody cares that I was late and I stayed calm",
    "life sucks less now that I'm sober",
    "I don't feel like everything is pointless anymore",
]


def _supported(text: str) -> bool:
    """Support of some kind: encouragement, comfort for distress, or the encouragement asked
    for by name ("encourage me" is a request the skill answers with a past win)."""
    reading = understand(text)
    # A win said after the struggle ("hard day, but I went to a meeting") is saved with
    # support, as issue 9 asks.
    return reading.meaning in {*SUPPORT, Meaning.WIN_HARD} or (
        reading.meaning is Meaning.QUESTION and reading.target == "encourage"
    )


@pytest.mark.parametrize("text", with_and_without_i(ENCOURAGEMENTS))
def test_encouragement(text: str) -> None:
    assert _supported(text)


@pytest.mark.parametrize("text", with_and_without_i(NOT_ENCOURAGE_WINS))
def test_past_or_beaten_struggles_are_wins(text: str) -> None:
    assert classify(text) in {Meaning.WIN, Meaning.WIN_HARD}


# ------------------------------------------------------------------------------------------
# NO_IDEA and SKIP
# ------------------------------------------------------------------------------------------

NO_IDEAS = [
    "nothing",
    "Nothing.",
    "nothing today",
    "nothing really",
    "not much",
    "I don't know",
    "don't know",
    "dunno",
    "idk",
    "um, I don't know",
    "I can't think of anything",
    "I cannot think of anything",
    "I can\u2019t think of anything",
    "can't think of one",
    "not sure",
    "I'm not sure",
    "no idea",
    "I have no idea",
    "I don't have one",
    "I got nothing",
    "",
    "   ",
]

SKIPS = [
    "skip",
    "skip it",
    "pass",
    "I'll pass",
    "no thanks",
    "No, thanks.",
    "no",
    "nope",
    "not now",
    "not right now",
    "maybe later",
    "never mind",
    "nothing else",
    "that's all",
    "that's it",
    "I'm good",
    "no, I'm done",
]

# Only the whole utterance counts: these start like "no idea"/"skip" but report a win, or
# answer a follow-up ("how did it feel?" - "good").
NOT_NO_IDEA_OR_SKIP_WINS = [
    "I don't know how, but I stayed sober",
    "I don't know why but I went to the gym",
    "I'm not sure how but I didn't drink",
    "nothing could stop me from going to my meeting",
    "I passed my driving test",
    "I skipped happy hour",
    "good",
    "fine",
    "proud",
    "my sponsor",
]


@pytest.mark.parametrize("text", NO_IDEAS)
def test_no_idea(text: str) -> None:
    assert classify(text) is Meaning.NO_IDEA


@pytest.mark.parametrize("text", SKIPS)
def test_skip(text: str) -> None:
    assert classify(text) is Meaning.SKIP


@pytest.mark.parametrize("text", with_and_without_i(NOT_NO_IDEA_OR_SKIP_WINS))
def test_no_idea_and_skip_need_the_whole_utterance(text: str) -> None:
    assert classify(text) in {Meaning.WIN, Meaning.WIN_HARD}


# ------------------------------------------------------------------------------------------
# WIN
# ------------------------------------------------------------------------------------------

WINS = [
    "I went for a walk",
    "I called my sponsor",
    "I went to a meeting",
    "made my bed",
    "I drank water",
    "I'm 30 days sober",
    "I'm proud of myself",
    "I told my therapist the truth",
    "I took my medication on time",
    "I stayed home instead of going to the bar",
    "I threw out the last bottle",
    'said "no" to <beer> & wine',
    "I jumped into the pool with my kids",
    "I jumped at the chance to help",
    "I went to the gun range with my dad",
    "I have my pills organised for the week",
]


@pytest.mark.parametrize("text", with_and_without_i(WINS))
def test_plain_wins(text: str) -> None:
    assert classify(text) in {Meaning.WIN, Meaning.WIN_HARD}


def test_meaning_values_are_stable() -> None:
    # Values may be stored in session attributes; renaming one would break live sessions.
    assert {m.value for m in Meaning} >= {
        "win",
        "crisis",
        "setback",
        "encourage",
        "no_idea",
        "skip",
    }


# ------------------------------------------------------------------------------------------
# keywords
# ------------------------------------------------------------------------------------------


def test_keywords_link_a_craving_to_a_win_about_drinking() -> None:
    assert keywords("I'm craving a drink") & keywords("went for a walk instead of drinking") == {
        "drink"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I went for a walk", {"walk"}),
        ("went for a walk", {"walk"}),
        ("I really just called my sponsor today", {"call", "sponsor"}),
        ("I was really just there today", set()),
        ("I'm craving a drink", {"crav", "drink"}),
        ("I didn't drink", {"drink"}),
        ("I went for a run instead of smoking", {"run", "smok"}),
        ("The CRAVINGS, my sponsor!", {"crav", "sponsor"}),
        ("", set()),
    ],
)
def test_keywords(text: str, expected: set[str]) -> None:
    assert keywords(text) == expected


@pytest.mark.parametrize(
    "forms",
    [
        ["drink", "drinks", "drinking", "drank"],
        ["walk", "walked", "walking", "walks"],
        ["call", "called", "calling", "calls"],
        ["crave", "craving", "cravings", "craved"],
        ["run", "running", "ran", "runs"],
        ["stop", "stopped", "stopping"],
        ["meeting", "meetings"],
        ["use", "used", "using"],
        ["try", "tried", "tries", "trying"],
    ],
)
def test_keywords_stem_every_form_alike(forms: list[str]) -> None:
    stems = {keywords(form) for form in forms}
    assert len(stems) == 1 and len(stems.pop()) == 1


def test_keywords_pick_the_fitting_win() -> None:
    wins = [
        "went for a walk instead of drinking",
        "chewed gum instead of smoking a cigarette",
        "called my sister",
    ]
    topic = keywords("I really want a cigarette")
    best = max(wins, key=lambda w: len(topic & keywords(w)))
    assert best == "chewed gum instead of smoking a cigarette"


# ------------------------------------------------------------------------------------------
# the shipped models
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_the_shipped_models_are_trained_from_the_files_beside_them(locale: str) -> None:
    """Rebuild with `python -m skill.understanding LOCALE` after changing the corpus or rules."""
    import gzip
    import json

    from skill.understanding.model import digest, shipped_path

    shipped = json.loads(gzip.decompress(shipped_path(locale).read_bytes()))
    assert shipped["digest"] == digest(locale)


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_the_word_counts_never_raise_or_silence_an_alarm(locale: str) -> None:
    """The counts help choose among the readings that are not a crisis; whether a line is a
    crisis stays the perceptrons' and the rules' call alone. Every dev line, and each without
    its first word (words the models never met as such), is read twice: by the engine as
    shipped, and with counts that know no word."""
    from skill.understanding import Engine
    from skill.understanding.model import counted, models_for, read_corpus

    multi, pooled, danger, counts = models_for(locale)
    mute = counted(({}, dict.fromkeys(counts.labels, 1)))
    shipped, without = Engine(locale), Engine(locale, models=(multi, pooled, danger, mute))
    corpus = locales.folder(locale) / "understanding" / "corpus"
    lines = [text for _, _, text in read_corpus(corpus / "dev.tsv")]
    texts = lines + [text.split(" ", 1)[1] for text in lines if " " in text]
    differ = [t for t in texts if shipped.read(t).meaning != without.read(t).meaning]
    assert differ, "the counts must have a say somewhere, or they are dead weight"
    assert [t for t in texts if shipped.read(t).caught != without.read(t).caught] == []


def test_the_word_counts_weigh_words_not_letters_or_length() -> None:
    """Character n-grams would outvote the words, and a length alone says nothing: "meh"
    was read as thanks because most one-word lines are thanks."""
    from skill.understanding.model import counted, word_counts

    features, totals = word_counts(
        [(["w:thanks", "n:1", "c: th"], "thanks"), (["w:ran", "w:far", "n:2"], "win")]
    )
    assert features == {"w:thanks": {"thanks": 1}, "w:ran": {"win": 1}, "w:far": {"win": 1}}
    assert totals == {"thanks": 1, "win": 2}
    model = counted((features, totals))
    ran = model.scores(["w:ran"])
    assert ran["win"] > 0 > ran["thanks"]
    assert model.scores(["n:1", "c: th"]) == {"thanks": 0.0, "win": 0.0}


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_a_decoys_meaning_is_learnt_by_the_counts_alone(locale: str) -> None:
    """A decoy's target ("decoy<TAB>craving<TAB>me muero de ganas de tomar") is counted as
    what it means; the perceptrons, which raise the alarm, learn every decoy as one class."""
    from skill.understanding.model import label_of, models_for, word_counts

    assert label_of("decoy", "craving") == "decoy:craving"
    assert label_of("decoy", "") == "decoy"
    multi, _, _, counts = models_for(locale)
    assert not [x for x in (*multi.labels, *counts.labels) if x.startswith("decoy:")]
    assert set(counts.labels) == set(multi.labels)
    features, totals = word_counts([(["w:muero"], "decoy:craving"), (["w:rifé"], "decoy")])
    assert features == {"w:muero": {"craving": 1}, "w:rifé": {"decoy": 1}}
    assert totals == {"craving": 1, "decoy": 1}


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # Not in the corpus: harmless violent words that tell a hard time were offered back
        # as wins ("Should I keep this loneliness is killing me as a win?").
        ("en-US", "this loneliness is killing me", Meaning.DISTRESS),
        ("en-US", "killed it at my interview today", Meaning.WIN),
        ("en-US", "that joke killed me alexa", Meaning.THANKS),
        ("es-US", "me muero de ganas de meterme algo", Meaning.ENCOURAGE),
        ("es-US", "me mata la ansiedad pero fui a la junta", Meaning.WIN_HARD),
        ("es-US", "me muero de risa con mis hijos", Meaning.WIN),
        # The counts lean to a goal here by a hair: too little to take the win away.
        ("en-US", "died laughing at my own jokes again", Meaning.WIN),
    ],
)
def test_a_harmless_violent_idiom_means_what_it_tells(
    locale: str, text: str, meaning: Meaning
) -> None:
    reading = understand(text, locale)
    assert not reading.caught
    assert reading.meaning is meaning


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # A whole answer said twice over is still that answer...
        ("en-US", "no idea, can't remember", Meaning.NO_IDEA),
        ("en-US", "um i don't know, nothing comes to mind", Meaning.NO_IDEA),
        ("es-US", "quién sabe, no me acuerdo bien", Meaning.NO_IDEA),
        ("es-US", "ni idea, no me acuerdo", Meaning.NO_IDEA),
        # ...but not when a clause says something else.
        ("es-US", "nada, pero fui a la junta", Meaning.WIN_HARD),
        # A shrug in other words, or a day said to be ordinary, is nothing to tell...
        ("en-US", "beats me", Meaning.NO_IDEA),
        ("en-US", "it was just a regular tuesday", Meaning.NO_IDEA),
        ("es-US", "pues como que nada, fue un día así nomás", Meaning.NO_IDEA),
        ("es-US", "lo mismo de siempre", Meaning.NO_IDEA),
        ("en-US", "you got me there", Meaning.NO_IDEA),
        ("es-US", "uy me mataste con esa pregunta", Meaning.NO_IDEA),
        ("en-US", "it slipped my mind", Meaning.NO_IDEA),
        ("es-US", "se me fue el avión", Meaning.NO_IDEA),
        ("es-US", "se me fue la mano con las chelas", Meaning.SETBACK),
        # ...but an ordinary day without a drink is a win.
        ("en-US", "a normal day without a drink", Meaning.WIN),
        ("es-US", "un día normal sin tomar", Meaning.WIN),
        # A lapse said outright after "I don't know" is a lapse, not "nothing".
        ("es-US", "no sé, tomé", Meaning.SETBACK),
        ("en-US", "i don't know, i drank", Meaning.SETBACK),
    ],
)
def test_an_answer_said_twice_over_and_a_lapse_after_a_hedge(
    locale: str, text: str, meaning: Meaning
) -> None:
    assert understand(text, locale).meaning is meaning


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # A good feeling, when it is all that is said, is a day to keep: "i feel" and "me
        # siento" are said mostly in hard times, and these were comforted as distress.
        ("en-US", "i feel so relaxed", Meaning.WIN),
        ("en-US", "feeling at peace today", Meaning.WIN),
        ("en-US", "um so happy right now", Meaning.WIN),
        ("en-US", "i am happy and grateful", Meaning.WIN),
        ("es-US", "ando feliz", Meaning.WIN),
        ("es-US", "me siento optimista", Meaning.WIN),
        ("es-US", "me siento tranquilo y contento", Meaning.WIN),
        # Said not to be felt, it is a hard time: never "skip that", never a win.
        ("en-US", "i'm not fine", Meaning.DISTRESS),
        ("en-US", "i don't feel great", Meaning.DISTRESS),
        ("es-US", "no estoy bien", Meaning.DISTRESS),
        ("es-US", "no estoy nada contento", Meaning.DISTRESS),
        # An answer stays an answer, and a feeling with more said is for the models.
        ("es-US", "no, estoy bien", Meaning.SKIP),
        ("en-US", "no, i'm good", Meaning.SKIP),
        ("es-US", "muy bien", Meaning.THANKS),
        ("es-US", "me siento bien triste", Meaning.DISTRESS),
        ("en-US", "i feel great but i want a drink", Meaning.ENCOURAGE),
        ("en-US", "i haven't felt this good in years", Meaning.WIN),
    ],
)
def test_a_feeling_said_alone_is_read_by_whether_it_is_felt(
    locale: str, text: str, meaning: Meaning
) -> None:
    assert understand(text, locale).meaning is meaning


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # Buying from a dealer is a lapse ("le compré al de la esquina" was kept as a win)...
        ("en-US", "picked up from my plug", Meaning.SETBACK),
        ("es-US", "le compré al de la esquina", Meaning.SETBACK),
        ("es-US", "me vendieron cristal", Meaning.SETBACK),
        # ...but not one refused, nearly made, somebody else's, or a ride.
        ("en-US", "i didn't buy from my dealer", Meaning.WIN),
        ("es-US", "no le compré al dealer", Meaning.WIN),
        ("es-US", "mi primo le compró al dealer", None),
        ("en-US", "got a ride from my dealer", None),
    ],
)
def test_buying_from_a_dealer_is_a_lapse(locale: str, text: str, meaning: Meaning | None) -> None:
    reading = understand(text, locale)
    if meaning is None:
        assert reading.meaning is not Meaning.SETBACK
    else:
        assert reading.meaning is meaning


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # Hopelessness said outright is never "nothing to tell" (it was met with an idea for
        # a win): going on doubted is asked about first...
        ("en-US", "i have nothing left", Meaning.CHECK_SAFE),
        ("en-US", "what's the point of anything", Meaning.CHECK_SAFE),
        ("es-US", "ya no tengo nada", Meaning.CHECK_SAFE),
        ("es-US", "no sé cómo seguir", Meaning.CHECK_SAFE),
        # ...as is a goodbye said as if for the last time...
        ("en-US", "it was nice knowing you all", Meaning.CHECK_SAFE),
        ("en-US", "tell my mom i love her", Meaning.CHECK_SAFE),
        ("es-US", "nos vemos en otra vida", Meaning.CHECK_SAFE),
        ("es-US", "cuiden a mi perro por mí", Meaning.CHECK_SAFE),
        ("en-US", "today is my last day at the old job", None),
        ("es-US", "nos vemos mañana", Meaning.THANKS),
        # ...and defeat is a hard time.
        ("en-US", "nothing matters", Meaning.DISTRESS),
        ("en-US", "none of it helps", Meaning.DISTRESS),
        ("es-US", "nada importa", Meaning.DISTRESS),
        # Said as an answer, or about the skill, it stays what it was.
        ("en-US", "i have nothing left to say", Meaning.NO_IDEA),
        ("es-US", "ya no tengo nada que contar", Meaning.NO_IDEA),
        ("es-US", "no tengo nada", Meaning.NO_IDEA),
        ("en-US", "what's the point of the reminder feature", Meaning.QUESTION),
        # A plea the rules read is not "nothing" on the models' word.
        ("es-US", "no sé si pueda seguir limpio", Meaning.ENCOURAGE),
    ],
)
def test_hopelessness_is_never_nothing_to_tell(
    locale: str, text: str, meaning: Meaning | None
) -> None:
    reading = understand(text, locale)
    if meaning is None:
        assert not reading.caught
    else:
        assert reading.meaning is meaning


def test_prepare_loads_every_locales_engine_before_any_turn() -> None:
    """`serve` calls prepare before gunicorn forks, so no first turn loads the models."""
    from skill.understanding import engine_for, prepare

    engine_for.cache_clear()
    prepare()
    assert engine_for.cache_info().currsize >= len(locales.available())


DIGITS = {
    "en-US": "zero one two three four five six seven eight nine",
    "es-US": "cero uno dos tres cuatro cinco seis siete ocho nueve",
}


@pytest.mark.parametrize("locale", sorted(DIGITS))
def test_a_code_read_aloud_never_sounds_an_alarm(locale: str) -> None:
    digits = DIGITS[locale].split()
    # Someone joining a group reads six digits; codes never hold 911 (sharing.codes).
    rng = random.Random(20261204)
    for _ in range(300):
        code = "".join(rng.choice("0123456789") for _ in range(6))
        if "911" in code:
            continue
        said = " ".join(digits[int(c)] for c in code)
        reading = understand(said, locale)
        assert not reading.caught and reading.meaning is not Meaning.DISTRESS, said


def test_nine_one_one_among_digits_is_still_heard() -> None:
    assert understand("nine one one", "en-US").caught


@pytest.mark.parametrize("text", ["Maria", "Jennifer", "Maria Lopez", "Sam"])
def test_a_bare_name_is_unclear_neither_a_win_nor_an_alarm(text: str) -> None:
    assert classify(text) is Meaning.UNCLEAR


@pytest.mark.parametrize(
    "text",
    [
        "I'm fiending",
        "having urges today",
        "the itch is back",
        "talk me out of going to the bar",
        "my brain keeps telling me one won't hurt",
    ],
)
def test_a_craving_said_outright_is_encouraged_not_only_comforted(text: str) -> None:
    assert classify(text) is Meaning.ENCOURAGE


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        # Found trying the skill as a user: good news read as distress (met with 988), a
        # question about the skill met with "you're welcome", a plan kept as done.
        ("feeling pretty good actually", Meaning.WIN),
        ("are you a real person", Meaning.QUESTION),
        ("who made you", Meaning.QUESTION),
        ("gonna hit a meeting tonight", Meaning.INTENTION),
        # A plan in words the alarm knows as harmless is still a plan, not a win done.
        ("I'm going to jump rope at the gym", Meaning.INTENTION),
        ("going to jump rope at the gym", Meaning.INTENTION),
    ],
)
def test_good_news_questions_about_the_skill_and_plans(text: str, meaning: Meaning) -> None:
    assert understand(text, "en-US").meaning is meaning


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        # A goodbye to the drink or the people of using is a win, however final it sounds.
        ("I said goodbye to the bottle forever", Meaning.WIN),
        ("said goodbye to my drinking buddies for good", Meaning.WIN),
        ("kissed my wife goodbye this morning", Meaning.WIN),
        # A goodbye and nothing more: people say goodbye every day, so it asks first.
        ("said goodbye to my sister at the airport", Meaning.CHECK_SAFE),
        ("said my goodbyes at the going away party sober", Meaning.CHECK_SAFE),
        ("moving out of state, said goodbye to everyone at work", Meaning.CHECK_SAFE),
        # A goodbye said as the last one, or to everyone, gets the lines.
        ("saying goodbye to my kids one last time", Meaning.CRISIS),
        ("i want to say goodbye to my family forever", Meaning.CRISIS),
        ("I said goodbye to everyone", Meaning.CRISIS),
        ("this is my goodbye", Meaning.CRISIS),
    ],
)
def test_a_goodbye_is_read_by_whom_it_is_said_to_and_how_final_it_is(
    text: str, meaning: Meaning
) -> None:
    """ "I said goodbye to the bottle forever" got 911 and 988 first, and every goodbye at an
    airport or a party did too."""
    assert understand(text, "en-US").meaning is meaning


@pytest.mark.parametrize(
    "text",
    [
        "not sure i can do this anymore",
        "i don't know if i can keep going any longer",
        "i doubt i can take it much longer",
    ],
)
def test_going_on_doubted_aloud_gets_the_lines(text: str) -> None:
    """ "I can't do this anymore" got the lines and "not sure I can do this anymore" got
    craving tips."""
    assert understand(text, "en-US").meaning is Meaning.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "jumped the gun and told my boss before the offer came",
        "my phone its about to die",
        "not sure i can do this job anymore",
    ],
)
def test_idioms_of_guns_and_dying_and_a_hard_job_raise_no_alarm(text: str) -> None:
    assert understand(text, "en-US").meaning not in CAUGHT


@pytest.mark.parametrize(
    "text",
    [
        "me despedi de todos en el trabajo porque me mudo",
        "me despedí de todos en la oficina",
        "me despedi de todos antes de irme de vacaciones",
        "me despedi de mi mama en el aeropuerto",
    ],
)
def test_a_spanish_goodbye_at_work_or_for_a_move_is_no_farewell(text: str) -> None:
    """ "Me despedí de todos en el trabajo porque me mudo" got the crisis lines."""
    assert understand(text, "es-US").meaning not in CAUGHT


@pytest.mark.parametrize(
    "text",
    [
        "me despedi de todos",
        "ya me despedi de todos los que queria",
        "me estoy despidiendo de mi familia",
        "me despedi de todos y ya no me esperen",
    ],
)
def test_a_spanish_goodbye_to_everyone_still_gets_the_lines(text: str) -> None:
    assert understand(text, "es-US").meaning is Meaning.CRISIS


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("relapsed on cutting last night", Meaning.CRISIS),
        ("went back to cutting this week", Meaning.CRISIS),
        ("did the s h thing again last night", Meaning.CRISIS),
        ("itching to grab the scissors and go at my skin", Meaning.CRISIS),
        ("looking up painless ways to go", Meaning.CRISIS),
        ("wanna be done like permanently done", Meaning.CRISIS),
        ("sister slit her wrists", Meaning.EMERGENCY),
        ("my uncle keeled over after a shot", Meaning.EMERGENCY),
    ],
)
def test_crises_said_sideways_in_english_are_caught(text: str, meaning: Meaning) -> None:
    """Found by reading phrasings nobody here had written: self-harm spoken of as a relapse or
    by its initials was a setback, someone else's slit wrists a win, and painless ways "to go"
    a goal."""
    assert understand(text, "en-US").meaning is meaning


@pytest.mark.parametrize(
    "text",
    [
        "went back to cutting hair at the salon",
        "back to cutting carbs this week",
        "relapsed on cutting the grass every sunday",
        "my buddy keeled over laughing",
        "easiest way to go to the airport from here",
        "want to be done with drinking",
    ],
)
def test_their_everyday_neighbours_raise_no_alarm(text: str) -> None:
    assert understand(text, "en-US").meaning not in CAUGHT


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("ya no quiero bibir asi", Meaning.CRISIS),
        ("me quiero sui cidar", Meaning.CRISIS),
        ("me voy a a horcar", Meaning.CRISIS),
        ("neta que hoy me mato guey", Meaning.CRISIS),
        ("el arma de mi papa esta en mi mochila", Meaning.CRISIS),
        ("me eche un monton de pastillas hace rato", Meaning.CRISIS),
        ("me acabe la caja entera de advil hace como una hora", Meaning.CRISIS),
        ("me estoy poniendo bien frio y azul", Meaning.CHECK_SAFE),
        ("oigo voces desde que pare el chupe", Meaning.CHECK_SAFE),
        ("veo arañas en la cama, llevo dos dias sin una cerveza", Meaning.CHECK_SAFE),
        ("me baje a las vias del metro", Meaning.CHECK_SAFE),
        ("pienso empinarme el mezcal hasta que el cuerpo ya no aguante y ya", Meaning.CRISIS),
        ("a veces pienso que seria mas facil no estar", Meaning.CRISIS),
        ("le voy a echar el carro encima al cabron ese", Meaning.CRISIS),
        ("mi marido se trago medio frasco de las de dormir y ya no me habla", Meaning.EMERGENCY),
    ],
)
def test_crises_said_sideways_in_spanish_are_caught(text: str, meaning: Meaning) -> None:
    """Found the same way: a speech-recognition slip ("bibir"), a filler after "hoy me mato",
    a gun in a backpack, pills by the box, tracks reached by a movement verb, and someone who
    swallowed pills and no longer answers were each missed."""
    assert understand(text, "es-US").meaning is meaning


@pytest.mark.parametrize(
    "text",
    [
        "ese gol me mato guey",
        "la pistola de agua esta en la mochila del nino",
        "me tome dos advil para la cabeza",
        "estoy azul de frio en esta oficina",
        "le voy a pasar el carro a mi hijo para que vaya a la escuela",
        "seria mejor no estar en ese grupo de whatsapp",
        "voy a bailar hasta que el cuerpo aguante",
        "me baje en la parada del metro y camine a casa",
    ],
)
def test_their_spanish_everyday_neighbours_raise_no_alarm(text: str) -> None:
    assert understand(text, "es-US").meaning not in CAUGHT


def test_a_tremor_gone_since_quitting_is_no_rule_alarm() -> None:
    """ "Dejé el chupe hace un año y ya no tiemblo" set off the withdrawal rule: the sign is
    said to be gone."""
    from skill.understanding import engine_for

    assert engine_for("es-US").read("deje el chupe hace un año y ya no tiemblo").rule is None
    assert engine_for("es-US").read("deje el chupe y ya no tiemblo pero veo cosas").rule == (
        "withdrawal"
    )


@pytest.mark.parametrize(
    "text",
    [
        "my boyfriend is going to kill me",
        "he said he's going to kill me",
        # A reason after a threat can be a real threat's: "about" and "over" are never let go
        # as a scolding.
        "he's going to kill me over the money he says I owe",
        "my ex is going to kill me about the custody",
        "he tried to kill me over a text",
        # "For" a reason is let go only as a scolding: never for reporting or leaving.
        "he's going to kill me for talking to the cops",
        "he said he'd kill me for leaving",
        "she will kill me for telling anyone",
    ],
)
def test_a_threat_is_danger_with_or_without_its_reason(text: str) -> None:
    reading = understand(text)
    assert reading.caught and reading.rule == "danger", reading


@pytest.mark.parametrize(
    "text",
    [
        "my boss is gonna kill me for being late",
        "she's gonna kill me for telling you this",
        "my wife is gonna kill me for buying another fishing rod",
    ],
)
def test_a_scolding_for_a_small_thing_is_no_alarm(text: str) -> None:
    assert not understand(text).caught


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "i'd rather keep that to myself"),
        ("en-US", "keeping that one to myself"),
        ("en-US", "um that's personal"),
        ("en-US", "I'll keep that between me and God"),
        ("en-US", "that's between me and my sponsor"),
        ("en-US", "not comfortable saying"),
        ("en-US", "none of your business"),
        ("es-US", "me lo guardo para mí"),
        ("es-US", "prefiero guardármelo"),
        ("es-US", "eso queda entre Dios y yo"),
        ("es-US", "no me siento cómoda diciéndolo"),
        ("es-US", "no es asunto tuyo"),
    ],
)
def test_an_answer_kept_private_is_declined_never_an_alarm_or_a_win(locale: str, text: str) -> None:
    # "I'd rather keep that to myself" was met with crisis lines, "me lo guardo para mí" kept
    # as a win.
    reading = understand(text, locale)
    assert reading.meaning is Meaning.SKIP and reading.rule == "decline", reading


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # Danger said beside it is still danger...
        ("en-US", "i'd rather keep that to myself because i want to die"),
        ("es-US", "me lo guardo para mí porque ya no quiero vivir"),
    ],
)
def test_danger_said_beside_a_declined_answer_is_still_danger(locale: str, text: str) -> None:
    assert understand(text, locale).caught


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # ...and how someone is, said of everything, is theirs to tell, not a declined answer.
        ("en-US", "i keep everything to myself"),
        ("es-US", "me guardo todo lo que siento"),
        ("es-US", "no es"),
    ],
)
def test_keeping_things_in_is_not_a_declined_answer(locale: str, text: str) -> None:
    assert understand(text, locale).rule != "decline"


@pytest.mark.parametrize(
    ("locale", "text", "part"),
    [
        # A part that only points back at the hard one is no win alone: "I did" was kept.
        ("en-US", "i didn't think i'd make it but i did", None),
        ("en-US", "it was so hard but i did it anyway", None),
        ("es-US", "no pensé que lo lograría pero lo logré", None),
        ("en-US", "everything went wrong but i made it to the meeting", "i made it to the meeting"),
        ("es-US", "tenía muchas ganas pero salí a correr", "salí a correr"),
    ],
)
def test_a_win_part_that_only_points_back_keeps_the_whole(
    locale: str, text: str, part: str | None
) -> None:
    assert win_part(text, locale) == (part or text)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # Kept as a win, then played back on a hard day as one.
        ("con quien comparto", "sharing"),
        ("con quién comparto mis logros", "sharing"),
        # Answered by reading the wins aloud.
        ("quién puede oír mis logros", "privacy"),
        ("y quién me escucha", "privacy"),
    ],
)
def test_ways_of_asking_the_models_never_met_are_questions(text: str, target: str) -> None:
    reading = understand(text, "es-US")
    assert (reading.meaning, reading.target) == (Meaning.QUESTION, target), reading


def test_a_late_cue_is_never_a_model_feature() -> None:
    from skill.understanding import engine_for
    from skill.understanding.model import features

    engine = engine_for("es-US")
    parsed = engine.rules.parse("con quien comparto")
    feats = features(parsed, engine.rules, engine.stemmer, None)
    assert engine.rules.cues_in(parsed, late=True) and not any(f.startswith("q:") for f in feats)


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # Met with "a slip doesn't undo what you've done": small everyday wins.
        ("en-US", "i had lunch", Meaning.WIN),
        ("en-US", "i had a nap", Meaning.WIN),
        ("en-US", "i took a shower", Meaning.WIN),
        ("es-US", "me di un baño", Meaning.WIN),
        # A drink refused is a win, not a relapse.
        ("es-US", "rechacé una copa de vino en la cena", Meaning.WIN),
        ("es-US", "me negué a tomar en la boda", Meaning.WIN),
        ("es-US", "le dije que no al trago", Meaning.WIN),
        # A lapse is still one.
        ("en-US", "i had a drink", Meaning.SETBACK),
        ("en-US", "had a beer with lunch", Meaning.SETBACK),
        ("es-US", "tomé unas cervezas", Meaning.SETBACK),
        ("es-US", "recaí anoche", Meaning.SETBACK),
    ],
)
def test_everyday_things_and_refusals_are_wins_and_a_lapse_is_a_lapse(
    locale: str, text: str, meaning: Meaning
) -> None:
    assert understand(text, locale).meaning is meaning


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # Answered by reading the wins aloud, and once with 911 on the models' word.
        ("can my wife hear my wins", "privacy"),
        ("my roommate can hear my wins", "privacy"),
        ("who else can hear my wins", "privacy"),
        # A buddy, a sponsor or the group is about sharing.
        ("can my sponsor see my wins", "sharing"),
    ],
)
def test_who_can_hear_the_wins_is_the_privacy_question(text: str, target: str) -> None:
    reading = understand(text)
    assert (reading.meaning, reading.target) == (Meaning.QUESTION, target) and not reading.caught


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # Comforted as distress, with 988; "eres un terapeuta" was greeted.
        ("en-US", "is this like therapy"),
        ("en-US", "are you a counselor"),
        ("es-US", "eres un terapeuta"),
        ("es-US", "esto es como terapia"),
    ],
)
def test_asking_whether_this_is_therapy_is_the_help_question(locale: str, text: str) -> None:
    reading = understand(text, locale)
    assert (reading.meaning, reading.target, reading.request) == (
        Meaning.QUESTION,
        "help",
        "what_you_are",
    )
    # A therapist named in a win is still a win.
    assert understand("my therapist said i did great").meaning is Meaning.WIN


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # Comforted as distress, with 988.
        ("en-US", "where's the nearest meeting"),
        ("en-US", "where is the closest aa meeting"),
        ("en-US", "find me a meeting near me"),
        ("en-US", "is there an na meeting tonight"),
        ("en-US", "how do i find a meeting"),
        ("es-US", "dónde hay una junta cerca"),
        ("es-US", "búscame una reunión de aa"),
        ("es-US", "dónde hay un grupo de alcohólicos anónimos"),
    ],
)
def test_asking_where_a_meeting_is_gets_where_meetings_are_listed(locale: str, text: str) -> None:
    reading = understand(text, locale)
    assert (reading.meaning, reading.target) == (Meaning.QUESTION, "meetings")
    assert not reading.caught


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # Going to one is a win; needing one tonight is coping, read as said, never a lookup.
        ("en-US", "i went to a meeting", Meaning.WIN),
        ("en-US", "found a meeting near my work and went", Meaning.WIN),
        ("en-US", "i need to get to a meeting tonight", Meaning.ENCOURAGE),
        ("es-US", "fui a una junta", Meaning.WIN),
    ],
)
def test_a_meeting_said_otherwise_is_read_as_said(locale: str, text: str, meaning: Meaning) -> None:
    assert understand(text, locale).meaning is meaning


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Missed: read as a goal.
        ("going round the dealers to stab him", "others"),
        ("heading over to his place to kill him", "others"),
        # Still threats: a person, not an aching body, is going to kill them.
        ("my husband is going to kill me", "danger"),
        ("he is gonna kill me", "danger"),
        ("i need help", "danger"),
        ("wrote a goodbye letter to my kids", "suicide"),
    ],
)
def test_harm_said_in_new_words_is_a_crisis_family(text: str, rule: str) -> None:
    reading = understand(text)
    assert reading.caught and reading.rule == rule, reading


@pytest.mark.parametrize(
    "text",
    [
        # A complaint about one's body or a chore, never a threat (it got 911 first).
        "my knees are gonna kill me after that hike but clean as a whistle all week",
        "this workout is going to kill me",
        # A plea said of an urge is a craving's: it got 911 first.
        "the itch is bad tonight need some help",
        "the urge to use is so strong tonight please help",
        "going to the gym to kill it",
    ],
)
def test_aches_and_urges_are_not_read_as_threats(text: str) -> None:
    reading = understand(text)
    assert not reading.caught, reading


def test_a_goodbye_letter_to_the_drink_is_no_crisis_rule() -> None:
    # A recovery exercise; the rule read it as a suicide note. The models may still ask.
    assert understand("wrote a goodbye letter to alcohol at group").rule is None


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        # Not knowing, in words the rules lacked (read as a craving, distress, unclear).
        ("pues este no se, no sabria decirte si algo me ayudo o no", Meaning.NO_IDEA),
        ("quién sabe mija, yo nomás hice lo de siempre y ya", Meaning.NO_IDEA),
        ("me estoy exprimiendo el coco y no sale nada", Meaning.NO_IDEA),
        ("ufff quiensabe", Meaning.NO_IDEA),
        # A bad feeling said plainly (read as a win, or as "no sé").
        ("estoy medio depre hoy la verdad", Meaning.DISTRESS),
        ("me siento apagada", Meaning.DISTRESS),
        ("la verdad que mal", Meaning.DISTRESS),
        # Still a good day.
        ("me siento bien", Meaning.WIN),
    ],
)
def test_spanish_answers_of_not_knowing_and_bad_feelings(text: str, meaning: Meaning) -> None:
    assert understand(text, "es-US").meaning is meaning


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # "Me despido" was read as a final goodbye, with crisis lines.
        ("es-US", "cuando me despido se pierde lo que te conté o lo guardas"),
        ("es-US", "guardas lo que te digo"),
        ("en-US", "do you keep what i tell you"),
        ("en-US", "what happens to my wins"),
    ],
)
def test_asking_whether_what_is_told_is_kept_is_the_privacy_question(
    locale: str, text: str
) -> None:
    reading = understand(text, locale)
    assert (reading.meaning, reading.target, reading.request) == (
        Meaning.QUESTION,
        "privacy",
        "kept",
    )


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # Each moved the daily reminder to that hour, every day (user test, round 3).
        ("en-US", "remind me tomorrow at 9 to call my sponsor"),
        ("en-US", "remind me on friday at 6 to pick up my chip"),
        ("en-US", "remind me in an hour to take my meds"),
        ("en-US", "no i mean just once, not every day"),
        ("es-US", "recuérdame mañana a las nueve llamar a mi padrino"),
        ("es-US", "avísame el jueves a las seis que tengo junta"),
        ("es-US", "solo una vez, no todos los días"),
    ],
)
def test_a_reminder_for_once_is_the_one_time_request(locale: str, text: str) -> None:
    reading = understand(text, locale)
    assert (reading.meaning, reading.request) == (Meaning.QUESTION, "reminder_once"), reading


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "remind me every day at 9"),
        ("es-US", "recuérdame todos los días a las nueve de la mañana"),
        ("es-US", "recuérdame a las nueve de la mañana"),
    ],
)
def test_a_daily_reminder_is_still_the_daily_one(locale: str, text: str) -> None:
    assert understand(text, locale).request != "reminder_once"


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # Comforted as distress with a crisis line, or saved as a win (user test, round 3).
        ("en-US", "when's the closest na meeting"),
        ("en-US", "is there a zoom meeting right now"),
        ("en-US", "any meetings tonight"),
        ("en-US", "i need a meeting"),
        ("en-US", "where's the nearest al anon"),
        ("en-US", "what time is my home group"),
        ("es-US", "¿hay alguna reunión de narcóticos anónimos por mi zona esta tarde?"),
        ("es-US", "¿a qué hora abren las juntas de doble A?"),
        ("es-US", "dónde queda el grupo más cercano"),
        ("es-US", "¿y a qué hora hay juntas hoy?"),
        ("es-US", "reuniones de na en madrid"),
    ],
)
def test_more_ways_of_asking_for_a_meeting(locale: str, text: str) -> None:
    reading = understand(text, locale)
    assert (reading.meaning, reading.target) == (Meaning.QUESTION, "meetings"), reading


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # 911 with naloxone, or 988, or the relapse reply (user test, round 3).
        ("en-US", "my mom's gonna kill me i ate her cake"),
        ("en-US", "the doctor said my liver is healing"),
        ("en-US", "i told my boss i need help"),
        ("es-US", "no me drogué hoy"),
        ("es-US", "hoy no me drogué"),
        ("es-US", "el médico me dijo que ya no tengo hígado graso"),
    ],
)
def test_good_news_and_scoldings_raise_no_alarm(locale: str, text: str) -> None:
    reading = understand(text, locale)
    assert not reading.caught and reading.meaning is not Meaning.SETBACK, reading


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        ("en-US", "nothing today, it was a horrible day", Meaning.DISTRESS),
        ("en-US", "nothing, rough day", Meaning.DISTRESS),
        ("es-US", "hoy no tengo nada, fue un día horrible", Meaning.DISTRESS),
        # As Alexa sends it: no commas.
        ("en-US", "nothing today it was a horrible day", Meaning.DISTRESS),
        ("es-US", "no tengo nada fue un día horrible", Meaning.DISTRESS),
        ("en-US", "no idea it was a good day", Meaning.NO_IDEA),
        ("es-US", "nada, fue un día normal", Meaning.NO_IDEA),
    ],
)
def test_nothing_on_a_hard_day_hears_the_hard_day(locale: str, text: str, meaning: Meaning) -> None:
    # "Small things count: did you get out of bed?" was asked past "it was a horrible day".
    assert understand(text, locale).meaning is meaning


@pytest.mark.parametrize("text", ["ajá", "aja, guárdalo", "así es", "exacto"])
def test_spanish_yes_in_other_words(text: str) -> None:
    # "Ajá" to "¿Guardo esto como un logro?" was asked about as a win of its own: "ajá".
    from skill.understanding import yes_or_no

    assert yes_or_no(text, "es-US") is True


@pytest.mark.parametrize(
    ("locale", "text", "meaning"),
    [
        # Craving tips, and the win lost (user test, round 3).
        ("en-US", "i fought the urge to drink", Meaning.WIN),
        ("en-US", "rode out the craving tonight", Meaning.WIN),
        ("es-US", "aguanté las ganas de beber", Meaning.WIN),
        ("es-US", "me aguanté las ganas de fumar mota", Meaning.WIN),
        # Still fighting it, or beaten and then given in to: not a win.
        ("en-US", "im fighting the urge right now", Meaning.ENCOURAGE),
        ("en-US", "fought the urge but gave in", Meaning.SETBACK),
        ("es-US", "aguanté las ganas pero luego tomé", Meaning.SETBACK),
    ],
)
def test_an_urge_beaten_is_a_win(locale: str, text: str, meaning: Meaning) -> None:
    assert understand(text, locale).meaning is meaning
