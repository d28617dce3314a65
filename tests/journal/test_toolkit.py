"""The toolkit: strategies and people recognised in wins, counted, and said back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from journal.toolkit import Tool, describe_helped, own_phrase, toolkit, tools_in
from journal.wins import Win

START = datetime(2026, 10, 1, 19, 30, tzinfo=UTC)


def win(text: str, helped: str | None = None, *, n: int = 0) -> Win:
    """A win on day `n` after START; a later `n` is a more recent win."""
    at = START + timedelta(days=n)
    return Win(id=str(n), text=text, at=at, day=at.date(), helped=helped)


# Twenty-one wins over three weeks, in the words people use when they say them aloud.
JOURNAL = [
    win("I went for a walk instead of drinking", n=1),
    win("I called my sponsor when the craving hit", n=2),
    win("I left the party early", "I texted my sister Rosa", n=3),
    win("I went to an AA meeting", n=4),
    win("I said no to a beer at the game", "deep breaths", n=5),
    win("I took the long way home so I would not pass the bar", "my dog", n=6),
    win("I went for a hike with my brother", n=7),
    win("I got through a hard day at work without using", "calling my sponsor", n=8),
    win("I made it through dinner with my family without a drink", n=9),
    win("I drove past the liquor store", "music", n=10),
    win("I went to a meeting with my sponsor", n=11),
    win("I stayed in instead of going out", "I stayed busy all afternoon", n=12),
    win("I walked the dog instead of going to the bar", n=13),
    win("I talked to my sponsor before the wedding", n=14),
    win("I drank sparkling water at the barbecue", n=15),
    win("I went to bed early instead of staying up drinking", n=16),
    win("I texted Rosa when I wanted a drink", n=17),
    win("I went to my NA group", n=18),
    win("I prayed before work", n=19),
    win("I went for a walk after a fight with my husband", "my dog", n=20),
    win("I said no when Dave offered me a drink", "I don't know", n=21),
]


def test_journal_toolkit_order_and_counts() -> None:
    assert toolkit(JOURNAL, limit=8) == [
        Tool("call", "strategy", "calling someone", 5),
        # Four each: the walk was used more recently (day 20) than the sponsor (day 14).
        Tool("walk", "strategy", "going for a walk", 4),
        Tool("person:sponsor", "person", "your sponsor", 4),
        Tool("meeting", "strategy", "going to a meeting", 3),
        # Two each, most recent first: days 20, 17, 15 and 10.
        Tool("own:your dog", "strategy", "your dog", 2),
        Tool("person:named:rosa", "person", "Rosa", 2),
        Tool("water_food", "strategy", "water or food", 2),
        Tool("leaving", "strategy", "leaving the situation", 2),
    ]


def test_journal_toolkit_keeps_the_rest_in_full() -> None:
    counts = {tool.key: tool.count for tool in toolkit(JOURNAL, limit=100)}
    assert counts == {
        "call": 5,
        "walk": 4,
        "person:sponsor": 4,
        "meeting": 3,
        "own:your dog": 2,
        "person:named:rosa": 2,
        "water_food": 2,
        "leaving": 2,
        "person:family:sister": 1,
        "person:family:brother": 1,
        "person:family:husband": 1,
        "person:family": 1,
        "breathing": 1,
        "music": 1,
        "sleep": 1,
        "prayer": 1,
        "own:staying busy all afternoon": 1,
    }


def test_default_limit_is_five_and_limit_cuts() -> None:
    assert [tool.key for tool in toolkit(JOURNAL)] == [
        "call",
        "walk",
        "person:sponsor",
        "meeting",
        "own:your dog",
    ]
    assert [tool.key for tool in toolkit(JOURNAL, limit=2)] == ["call", "walk"]
    assert toolkit(JOURNAL, limit=0) == []
    assert toolkit([]) == []


def test_order_does_not_depend_on_the_order_wins_arrive_in() -> None:
    assert toolkit(reversed(JOURNAL), limit=100) == toolkit(JOURNAL, limit=100)


def test_ties_go_to_the_most_recent_use() -> None:
    wins = [
        win("I went for a walk", n=1),
        win("I did yoga", n=2),
        win("I went for a walk", n=3),
        win("I did yoga", n=4),
    ]
    assert [tool.key for tool in toolkit(wins)] == ["exercise", "walk"]
    wins.append(win("I walked around the block", n=5))
    assert [(tool.key, tool.count) for tool in toolkit(wins)] == [("walk", 3), ("exercise", 2)]


def test_a_win_counts_once_per_tool() -> None:
    wins = [
        win(
            "I called my sponsor, then called my sponsor again and texted him",
            "calling my sponsor",
            n=1,
        ),
        win("I went for a walk", n=2),
    ]
    counts = {tool.key: tool.count for tool in toolkit(wins)}
    assert counts == {"call": 1, "person:sponsor": 1, "walk": 1}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I went for a walk instead of drinking", "walk"),
        ("I walked around the block", "walk"),
        ("took a stroll by the river", "walk"),
        ("I went on a hike", "walk"),
        ("I called my sponsor", "call"),
        ("I phoned a friend", "call"),
        ("I texted my sister", "call"),
        ("I reached out to someone from group", "call"),
        ("I talked to my mom about it", "call"),
        ("I was on the phone with my dad", "call"),
        ("I went to a meeting", "meeting"),
        ("I went to AA", "meeting"),
        ("I went to NA tonight", "meeting"),
        ("I went to SMART Recovery", "meeting"),
        ("I went to my support group", "meeting"),
        ("I leaned on the fellowship", "meeting"),
        ("I took a deep breath", "breathing"),
        ("I did some breathing exercises", "breathing"),
        ("I breathed through the urge", "breathing"),
        ("I hit the gym", "exercise"),
        ("I went for a run", "exercise"),
        ("I ran three miles", "exercise"),
        ("I did a workout at home", "exercise"),
        ("I worked out instead", "exercise"),
        ("I did yoga", "exercise"),
        ("I went swimming", "exercise"),
        ("I rode my bike to clear my head", "exercise"),
        ("I put on some music", "music"),
        ("I sang in the car", "music"),
        ("I made a playlist for hard days", "music"),
        ("I played guitar", "music"),
        ("I prayed", "prayer"),
        ("I said a prayer", "prayer"),
        ("I meditated for ten minutes", "prayer"),
        ("I used a meditation app", "prayer"),
        ("I practised mindfulness", "prayer"),
        ("I drank a glass of water", "water_food"),
        ("I made a cup of tea", "water_food"),
        ("I had coffee instead", "water_food"),
        ("I ate something", "water_food"),
        ("I had a snack", "water_food"),
        ("I cooked a real meal", "water_food"),
        ("I got some sleep", "sleep"),
        ("I slept it off", "sleep"),
        ("I took a nap", "sleep"),
        ("I went to bed instead", "sleep"),
        ("I wrote in my journal", "journaling"),
        ("I wrote it all down", "journaling"),
        ("I kept writing until it passed", "journaling"),
        ("I opened my diary", "journaling"),
        ("I left the party", "leaving"),
        ("I left the bar before last call", "leaving"),
        ("I walked out when they ordered shots", "leaving"),
        ("I went home early", "leaving"),
        ("I drove past the liquor store", "leaving"),
        ("I got out of there", "leaving"),
    ],
)
def test_each_strategy_from_varied_phrasings(text: str, key: str) -> None:
    assert key in tools_in(win(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("It all worked out and I didn't drink", "exercise"),
        ("I ran into an old friend and said no", "exercise"),
        ("I ran out of excuses to drink", "exercise"),
        ("I called it a night before the drinks came out", "call"),
        ("I made a smart choice tonight", "meeting"),
        ("I texted the group chat", "meeting"),
        ("I walked out of the bar", "walk"),  # leaving, not a walk
        ("I drove past the bar", "walk"),
    ],
)
def test_words_that_look_like_a_strategy_but_are_not(text: str, absent: str) -> None:
    assert absent not in tools_in(win(text))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I called my sponsor", "person:sponsor"),
        ("I texted a friend", "person:friend"),
        ("I hung out with my friends", "person:friend"),
        ("my buddy talked me down", "person:friend"),
        ("I called my best friend", "person:friend"),
        ("I called my sister", "person:family:sister"),
        ("I talked to my mom", "person:family:mom"),
        ("I rang my mum", "person:family:mum"),
        ("I spent time with my mother", "person:family:mom"),
        ("I called my dad", "person:family:dad"),
        ("my wife sat with me", "person:family:wife"),
        ("I told my husband", "person:family:husband"),
        ("I played with my kids", "person:family:kids"),
        ("I drove my daughter to practice", "person:family:daughter"),
        ("I visited my grandma", "person:family:grandma"),
        ("I called my uncle", "person:family:uncle"),
        ("I saw my therapist", "person:therapist"),
        ("I talked it through with my counselor", "person:counselor"),
        ("I had dinner with my family", "person:family"),
    ],
)
def test_people_keep_their_relation(text: str, key: str) -> None:
    assert key in tools_in(win(text))


def test_a_drinking_buddy_is_not_a_help() -> None:
    assert "person:friend" not in tools_in(win("I ran into an old drinking buddy and said no"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I texted Rosa", "rosa"),
        ("I called Dana instead", "dana"),
        ("I went for coffee with my friend Sam", "sam"),
        ("I went to a meeting with Priya", "priya"),
        ("I talked to Marcus after work", "marcus"),
        ("I reached out to Lena", "lena"),
        ("I called my sponsor Dave", "dave"),
        ("I sat with Rosa's kids", "rosa"),
    ],
)
def test_named_people(text: str, name: str) -> None:
    assert f"person:named:{name}" in tools_in(win(text))


@pytest.mark.parametrize(
    "text",
    [
        "I didn't drink today",  # "I" is never a name
        "Tuesday I called my mom",  # a day starting the sentence
        "I called on Monday",
        "I called Mom",  # a relation said with a capital is the relation
        "I went with God's help",
        "I prayed to God",
        "Dave offered me a drink and I said no",  # a name, but nobody who helped
        "I said no when Dave offered",
        "I went to a meeting in March",
        "I went with AA friends",
        "I texted. Rosa was busy.",  # a new sentence, not the one texted
        "I texted rosa",  # voice drops capitals; a lower-case name is not guessed at
        "I went with Alexa to the park",
    ],
)
def test_no_false_names(text: str) -> None:
    assert not any(key.startswith("person:named:") for key in tools_in(win(text)))


def test_called_my_sister_rosa() -> None:
    called = win("I called my sister Rosa instead of drinking")
    assert tools_in(called) == {"call", "person:family:sister", "person:named:rosa"}
    assert describe_helped(called) == "calling your sister"


def test_helped_and_text_are_both_read() -> None:
    both = win("I went for a walk", "I texted my sister Rosa")
    assert tools_in(both) == {"walk", "call", "person:family:sister", "person:named:rosa"}


@pytest.mark.parametrize(
    ("helped", "own"),
    [
        ("my dog", "your dog"),
        ("My dog.", "your dog"),
        ("I think my dog helped", "your dog"),
        ("Playing video games", "playing video games"),
        ("I stayed busy", "staying busy"),
        ("I was honest with myself", "being honest with yourself"),
        ("Um, I guess reading helped", "reading"),
        ("remembering how bad the mornings used to be", "remembering how bad the mornings"),
        ("I kept going", "going"),
        ("being around my kids", "being around your kids"),
    ],
)
def test_own_words_become_a_tool(helped: str, own: str) -> None:
    assert f"own:{own}" in tools_in(win("I said no to a drink", helped))
    assert len(own.split()) <= 6


@pytest.mark.parametrize(
    "helped",
    ["nothing", "Nothing really.", "I don't know", "not sure", "just me", "calling my sponsor"],
)
def test_no_own_tool_for_non_answers_or_known_strategies(helped: str) -> None:
    assert not any(key.startswith("own:") for key in tools_in(win("I said no", helped)))


@pytest.mark.parametrize("helped", ["my sponsor", "I think my sister helped", "my sister Rosa"])
def test_a_person_alone_is_not_also_an_own_tool(helped: str) -> None:
    keys = tools_in(win("I said no", helped))
    assert keys and all(key.startswith("person:") for key in keys)


def test_own_phrase_is_short_and_second_person() -> None:
    assert own_phrase("I kept telling myself that tomorrow I would feel so much better") == (
        "telling yourself that tomorrow"
    )
    assert own_phrase("my husband's patience") == "your husband's patience"
    assert own_phrase("I don't know") is None


@pytest.mark.parametrize(
    ("text", "helped", "said"),
    [
        ("I called my sister Rosa instead of drinking", None, "calling your sister"),
        ("I said no", "I texted Rosa", "texting Rosa"),
        ("I said no", "I called my sponsor", "calling your sponsor"),
        ("I reached out to my sponsor", None, "reaching out to your sponsor"),
        ("I said no", "calling someone", "calling someone"),
        ("I went for a walk with my sister", None, "going for a walk with your sister"),
        ("I went to a meeting with my sponsor", None, "going to a meeting with your sponsor"),
        ("I went for a walk instead of drinking", None, "going for a walk"),
        ("I went for a run", None, "a run"),
        ("I said no", "deep breaths", "slow breathing"),
        ("I said no", "my dog", "your dog"),
        # "What helped" is the person's answer and comes before the win's own words.
        ("I went for a walk", "my dog", "your dog"),
        # A person alone is what helped when the answer names them...
        ("I said no to a beer", "my sponsor", "your sponsor"),
        # ... and the win may say what they did together.
        ("I called my sponsor and said no", "my sponsor", "calling your sponsor"),
        # A person merely mentioned in the win is not said to have helped.
        ("I didn't drink at my brother's wedding", None, None),
        ("I said no", "I don't know", None),
        ("I said no to a beer", None, None),
    ],
)
def test_describe_helped(text: str, helped: str | None, said: str | None) -> None:
    assert describe_helped(win(text, helped)) == said


# ---- only what the person did, and did for themselves, is praised back -------------------

NEGATED = [
    # (what was said, the keys it must not yield)
    ("I didn't text my dealer", {"call"}),
    ("I didn't call my dealer", {"call"}),
    ("I did not call him", {"call"}),
    ("I didn\u2019t text my ex", {"call"}),  # a typographic apostrophe
    ("I didnt text my ex", {"call"}),  # voice drops the apostrophe
    ("I didn't go to the bar", set()),
    ("I never walked into the liquor store", {"walk"}),
    ("instead of calling my old friend who drinks", {"call", "person:friend"}),
    ("instead of calling and texting him I stayed in", {"call"}),
    ("rather than text my brother I stayed in", {"call", "person:family:brother"}),
    ("I didn't call or text my cousin", {"call", "person:family:cousin"}),
    ("I avoided calling him", {"call"}),
    ("I skipped lunch", {"water_food"}),
    ("I resisted the urge to text him", {"call"}),
    ("I stopped texting him", {"call"}),
    ("I made it through the night without calling anyone", {"call"}),
    ("I almost called him", {"call"}),
    ("I used to call him every night", {"call"}),
    ("I ignored the texts", {"call"}),
    ("I had no one to call", {"call"}),
    ("not texting him", {"call"}),
    ("I didn't text Jake", {"person:named:jake"}),
]


@pytest.mark.parametrize(("said", "absent"), NEGATED)
def test_what_was_not_done_is_no_tool(said: str, absent: set[str]) -> None:
    assert not absent & tools_in(win(said))
    assert not absent & tools_in(win("I said no", said))
    assert not any(key.startswith("own:") for key in tools_in(win("I said no", said)))


@pytest.mark.parametrize(("said", "_absent"), NEGATED)
def test_what_was_not_done_is_never_said_to_have_helped(said: str, _absent: set[str]) -> None:
    assert describe_helped(win(said)) is None
    assert describe_helped(win("I said no", said)) is None
    # The answer to "what helped?" is the person's: a walk in the win does not replace it.
    assert describe_helped(win("I went for a walk", said)) is None


@pytest.mark.parametrize(
    ("said", "keys"),
    [
        # The negation ends with its clause...
        ("I didn't drink, I went for a walk instead", {"walk"}),
        ("instead of drinking I called my sponsor", {"call", "person:sponsor"}),
        ("I didn't drink and went for a walk", {"walk"}),
        ("I didn't drink so I called my sister", {"call", "person:family:sister"}),
        ("I didn't drink because I went for a run", {"exercise"}),
        ("No drinks tonight. I went to a meeting", {"meeting"}),
        ("I said no thanks and texted my sponsor", {"call", "person:sponsor"}),
        ("I stopped texting him and called my sponsor", {"call", "person:sponsor"}),
        ("I almost called him but went to the gym", {"exercise"}),
        ("I didn't drink at dinner with my family", {"water_food", "person:family"}),
        ("I didn't drink today thanks to my sponsor", {"person:sponsor"}),
        ("Nothing helped except a walk", {"walk"}),
        ("I used to drink every night, tonight I called my sponsor", {"call", "person:sponsor"}),
        # ... is undone by a second one...
        ("I never missed a meeting", {"meeting"}),
        ("I haven't missed a meeting in a month", {"meeting"}),
        ("I didn't skip my walk", {"walk"}),
        ("I almost didn't go to the meeting", {"meeting"}),
        ("I couldn't have done it without my sponsor", {"person:sponsor"}),
        ("I never go a day without calling my sponsor", {"call", "person:sponsor"}),
        # ... and some are none at all.
        ("If it wasn't for my sister I would have had a drink", {"person:family:sister"}),
        ("Had it not been for my sponsor I would have gone", {"person:sponsor"}),
        ("I can't wait to see my kids", {"person:family:kids"}),
        ("I can't thank my sponsor enough", {"person:sponsor"}),
        ("I wouldn't be here if it wasn't for my sister", {"person:family:sister"}),
        ("I wouldn't have made it had it not been for my sponsor", {"person:sponsor"}),
        ("I don't know where I'd be without my sponsor", {"person:sponsor"}),
        ("Without my sponsor I would have gone to the bar", {"person:sponsor"}),
        ("I stopped by my mom's", {"person:family:mom"}),
    ],
)
def test_a_negation_holds_only_for_what_it_negates(said: str, keys: set[str]) -> None:
    assert tools_in(win(said)) == keys


@pytest.mark.parametrize(
    "said",
    [
        "I texted my dealer to say no",
        "I called my dealer and hung up",
        "my dealer called and I let it ring",
        "I talked to the bartender",
        "I texted my old dealer",
        "I called my plug",
        "I hung out with my drinking buddies",
        "I texted my old crew",
        "I called my using friends",
        "I talked to my drinking partner",
        "I called my friend who still drinks",
        "I texted my cousin who uses",
        "I texted the people I used with",
        "I called the guys I used to drink with",
        "I called my friends from my using days",
        "I texted Jake who still drinks",
    ],
)
def test_bad_influences_never_helped_and_calling_them_is_no_strategy(said: str) -> None:
    for said_as in (win(said), win("I said no", said)):
        keys = tools_in(said_as)
        assert "call" not in keys
        assert not any(key.startswith(("person:", "own:")) for key in keys)
        assert describe_helped(said_as) is None


def test_a_bad_influence_leaves_the_rest_of_the_win() -> None:
    assert tools_in(win("I talked to the bartender and ordered a soda")) == {"water_food"}
    assert tools_in(win("I ignored my dealer and called my sponsor")) == {
        "call",
        "person:sponsor",
    }
    said = win("I said no", "my sister, not my dealer")
    assert tools_in(said) == {"person:family:sister"}
    assert describe_helped(said) == "your sister"
    # Someone who used to drink is no bad influence: people in recovery did, once.
    assert tools_in(win("I called my sponsor who used to drink")) == {"call", "person:sponsor"}


NOT_A_STRATEGY = [
    # Non-answers...
    "not really anything",
    "nothing really",
    "nothing helped honestly",
    "Nothing much.",
    "it just happened",
    "I don't know",
    "I dont know what helped",
    "no idea",
    "I have no idea",
    "it was hard",
    "hard",
    "It was easy.",
    "luck",
    "just luck I guess",
    # ... credit to oneself, which is no strategy to reach for: the win already says it was you...
    "just me",
    "myself",
    "willpower",
    "my own willpower",
    # ... feelings, which are how it felt, not what helped...
    "I was sad",
    "being sad",
    "angry",
    "I was stressed",
    "tired",
    "lonely",
    "anxious",
    "scared",
    "I got angry",
    "so tired and lonely",
    "I felt really down",
    # What was not done is said back as nothing either.
    "I didn't go to the bar",
    "I never gave up",
    "I'm not drinking",
    "instead of drinking I played video games",
    "I almost went back",
    "I used to go there every night",
]


@pytest.mark.parametrize("helped", NOT_A_STRATEGY)
def test_non_answers_and_feelings_are_no_tools(helped: str) -> None:
    assert tools_in(win("I said no", helped)) == set()
    assert tools_in(win("I went for a walk", helped)) == {"walk"}  # the win still counts
    assert own_phrase(helped) is None


@pytest.mark.parametrize("helped", NOT_A_STRATEGY)
def test_non_answers_and_feelings_are_never_said_to_have_helped(helped: str) -> None:
    assert describe_helped(win("I said no", helped)) is None
    assert describe_helped(win("I went for a walk", helped)) is None


@pytest.mark.parametrize(
    "helped", ["I was angry at my brother", "I was sad about my dad", "lonely without my wife"]
)
def test_people_named_in_a_feeling_about_them_did_not_help(helped: str) -> None:
    assert tools_in(win("I said no", helped)) == set()
    assert describe_helped(win("I said no", helped)) is None


@pytest.mark.parametrize(
    ("helped", "keys", "said"),
    [
        # Doing something with a feeling is a strategy.
        ("crying it out", {"own:crying it out"}, "crying it out"),
        ("a good cry", {"own:a good cry"}, "a good cry"),
        ("sitting with the anger", {"own:sitting with the anger"}, "sitting with the anger"),
        ("riding out the craving", {"own:riding out the craving"}, "riding out the craving"),
        ("feeling my feelings", {"own:feeling your feelings"}, "feeling your feelings"),
        (
            "talking about being sad with my sister",
            {"call", "person:family:sister"},
            "talking to your sister",
        ),
        (
            "I was sad so I called my sister",
            {"call", "person:family:sister"},
            "calling your sister",
        ),
        # A feeling in one clause does not take the credit from the person in the next.
        ("I was sad, my sister helped", {"person:family:sister"}, "your sister"),
        # Attitudes and avoidance said as what the person does are theirs.
        ("not giving up", {"own:not giving up"}, "not giving up"),
        ("avoiding the bar", {"own:avoiding the bar"}, "avoiding the bar"),
        ("asking for help", {"own:asking for help"}, "asking for help"),
        ("I stayed away from the bar", {"own:staying away from the bar"}, None),
        ("staying calm", {"own:staying calm"}, "staying calm"),
    ],
)
def test_doing_something_with_a_feeling_is_a_strategy(
    helped: str, keys: set[str], said: str | None
) -> None:
    assert tools_in(win("I said no", helped)) == keys
    expected = said or next(iter(keys)).removeprefix("own:")
    assert describe_helped(win("I said no", helped)) == expected


def test_talked_it_through_is_talking_to_someone() -> None:
    assert tools_in(win("I talked it through with my counselor")) == {"call", "person:counselor"}
    assert describe_helped(win("I said no", "talking it through with my counselor")) == (
        "talking to your counselor"
    )
    # Only the verb is the phrase: a meeting talked about is still read.
    assert "meeting" in tools_in(win("I talked about going to a meeting with my sponsor"))


def test_toolkit_praises_only_what_helped() -> None:
    wins = [
        win("I didn't text my dealer", "I was sad", n=1),
        win("I didn't call my dealer", "nothing really", n=2),
        win("I didn't go to the bar", "luck", n=3),
        win("I never walked into the liquor store", "it was hard", n=4),
        win("instead of calling my old friend who drinks I went for a walk", "lonely", n=5),
        win("I didn't drink, I went for a walk instead", "I don't know", n=6),
        win("instead of drinking I called my sponsor", "just me", n=7),
        win("I texted my dealer to say no", "willpower", n=8),
        win("I said no", "crying it out", n=9),
        win("I said no", "crying it out", n=10),
    ]
    assert toolkit(wins, limit=100) == [
        Tool("own:crying it out", "strategy", "crying it out", 2),
        Tool("walk", "strategy", "going for a walk", 2),
        Tool("call", "strategy", "calling someone", 1),
        Tool("person:sponsor", "person", "your sponsor", 1),
    ]
