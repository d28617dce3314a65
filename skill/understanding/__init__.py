"""What a person meant by free speech: the understanding engine, language-neutral.

A carrier like "I {win}" catches everything said after "I": a win, but also "I want to die",
"I relapsed", "how am I doing" or "I want to quit drinking". This package sorts such text into
a `Reading` so the skill answers the person, not the grammar. Everything a language knows sits
in `locales/<locale>/understanding/` (rule tables, word lists, the labelled corpus); the code
here only applies it.

Two readers work together:
- hand-written rules (`rules.toml`), phrase families rather than sentences, searched first for
  crisis, with negation deliberately ignored: a false alarm costs one gentle offer of help, a
  miss can cost a life;
- a linear model trained on the corpus (`model.py`), which also sees the rules' verdicts and
  decides everything that is not a crisis; once no alarm is raised, the corpus's word counts
  (naive Bayes, `model.counted`) add their say to its choice among the other readings.

Safety is conservative by design: a text is read as a crisis when a crisis rule matches; OR
when the model's best class is a crisis (on four words or fewer, only with a "danger stem":
a word said mostly in crisis lines of the corpus, and without one only when the pooled
model below is not firmly against it); OR when a second model, trained on the
same lines with every crisis pooled into one class, scores crisis within `CRISIS_MARGIN` of
not-crisis, a danger stem is there and the category model's best crisis is not far below its
best other reading (`NEAR_CALL_VETO`). The rule family that matched, else the model's kind of
crisis, decides the first reply: someone else in danger -> emergency services first
(`EMERGENCY`); a dangerous place, body signs after using, or withdrawal signs -> "are you safe
right now?" first (`CHECK_SAFE`); everything else -> crisis resources (`CRISIS`). An alarm
raised only by the pooled model's near call, or by the category model alone with no danger
word while the pooled model leans the other way, is uncertain, and asks "are you safe right
now?" too (then acts on the answer): nothing danger-adjacent is saved as a win without the person's
clear word.

Requests to switch sharing, the group or the reminder off (`requests.toml`: "I don't want to
share anymore", "ya no quiero estar en el grupo") are read after the crisis rules and before
the models: a right the person has is never a crisis, a goal or a craving on the models' word.
Danger in the words left once the request is cut out is still read first.

The one alarm taken back: recovery told as good news in words crises share ("my hands don't
shake anymore", "my life feels worth living"), which the models learnt mostly from crisis lines.
When no crisis rule matched and the locale's `[good_news]` patterns find such news, the alarm
stands only if the words left once it is cut out raise one too.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache

import locales
from locales import speaking
from skill.understanding.model import TRAINING_SPLITS, Models, features, models_for, owner_of
from skill.understanding.requests import Requests, requests_for
from skill.understanding.rules import Rules, Text, read_table, rules_for
from skill.understanding.stemmer import Stemmer, stemmer_for

__all__ = [
    "CAUGHT", "MEANING_OF", "Meaning", "Reading", "classify", "is_crisis", "is_name", "keywords",
    "request_for_thing", "understand", "unhedged", "win_part", "without_filler", "yes_or_no",
]  # fmt: skip

DEFAULT_LOCALE = "en-US"
# How far below "other" the pooled crisis score may be and still be taken as a crisis (the
# scores are sums of averaged perceptron weights, tens to hundreds). Chosen on the dev split.
CRISIS_MARGIN = 2.0
# With no danger word, the category model's crisis on a longer text also needs the pooled
# model not to be firmly against it (text unlike any in the corpus, such as markup, otherwise
# lands on a crisis class by default). Firmly: this far below. Chosen on the dev split.
CRISIS_VETO = 60.0
# The pooled model's near call also needs the category model's best crisis within this much
# of its best other reading: a violent idiom ("killed the spider in the bathroom") carries a
# danger word, and the pooled model, which never saw decoys apart, leans to crisis on it.
# Chosen by 5-fold cross-validation over train and dev: no crisis lost, fewer decoys alarmed.
NEAR_CALL_VETO = 75.0
# Crisis kinds whose words may be innocent (a bridge, a racing heart): ask before anything.
_UNCERTAIN = frozenset({"crisis_place", "crisis_overdose", "crisis_withdrawal"})


class Meaning(enum.Enum):
    """What an utterance asks the skill to do."""

    WIN = "win"  # a win to save
    CRISIS = "crisis"  # suicidal thoughts, self-harm, a plan or means, harm to others
    CHECK_SAFE = "check_safe"  # danger that may be innocent: ask "are you safe right now?"
    EMERGENCY = "emergency"  # someone else is in danger now: emergency services first
    SETBACK = "setback"  # a lapse or relapse: "I slipped", "had a drink", "used again"
    ENCOURAGE = "encourage"  # a craving or plea for support: "I'm craving a drink"
    DISTRESS = "distress"  # pain without danger: "I'm in a really dark place"
    QUESTION = "question"  # a question or request to the skill (see `Reading.target`)
    THANKS = "thanks"  # thanks and small talk
    INTENTION = "intention"  # a goal, not a deed: "I want to quit drinking"
    WIN_HARD = "win_hard"  # a win inside a hard sentence: save the win, support the person
    NO_IDEA = "no_idea"  # can't think of a win: "nothing", "I don't know", or only "um", "uf"
    SKIP = "skip"  # declines a follow-up: "skip", "no thanks", "that's all"
    UNCLEAR = "unclear"  # a word or two the models never met ("Sam"): ask, do not guess


# Readings a lapse the act rules read overrides (not a question, thanks or a goal); the
# models' "nothing" too ("no sé, tomé").
_LAPSE_OVER = frozenset({"win", "decoy", "win_hard", "distress", "craving", "no_idea", "skip"})

# How far the counts' reading of a decoy as a hard meaning must lead their reading of it as a
# win: a near tie read "died laughing at my own jokes again" as a goal. 0 to 3 route the same
# lines in 5-fold cross-validation over train and dev in both languages.
DECOY_LEAD = 3.0
# What a decoy can mean beside a win (the targets of decoys in the corpus).
_DECOY_MEANT = frozenset({"distress", "craving", "setback", "intention", "win_hard", "thanks"})

# Readings only the whole-utterance rules give ("nothing", "skip that").
_WHOLE = frozenset({"no_idea", "skip"})
# Cues of which a question needs one: a question word, or what it asks about.
_ASKING = frozenset(
    {"question", "progress", "reminder", "sharing", "privacy", "toolkit", "read_wins",
     "encourage", "help", "sober_days"}
)  # fmt: skip
# What a question can ask about: the cues that name a target.
_TARGETS = _ASKING - {"question"}
# Readings a question about one thing the skill does overrides.
_PLAIN_OR_GOAL = frozenset({"win", "decoy", "intention", "win_hard"})
# Up to this many words, none of them known to the models and no rule or cue met, the words
# are unclear (a bare name, "Maria Lopez"): any reading of them would be a guess.
_UNCLEAR = 2
# Up to this many words, the model's alarm needs a danger word: a short utterance unlike any
# in the corpus ("my name is Sam") carries too little to be a crisis by default.
_SHORT = 4

CAUGHT = frozenset({Meaning.CRISIS, Meaning.CHECK_SAFE, Meaning.EMERGENCY})

# Hard readings good news said outright can outweigh when only the models read them, and the
# rule verdicts that keep them hard.
_HARD = frozenset({"setback", "distress", "craving"})
_HARD_RULED = frozenset({"r:setback", "r:craving", "r:encourage"})
# Readings of the rest of the words that keep a hard reading hard.
_HARD_MEANINGS = CAUGHT | {Meaning.SETBACK, Meaning.DISTRESS, Meaning.ENCOURAGE}
# What the part of a hard sentence left out of the win it holds must read as (`win_part`).
_CUT_OFF = _HARD_MEANINGS | {Meaning.WIN_HARD}

# What each corpus category the model reads asks the skill to do (crisis and question
# categories are decided before this table).
MEANING_OF = {
    "distress": Meaning.DISTRESS,
    "setback": Meaning.SETBACK,
    "craving": Meaning.ENCOURAGE,
    "thanks": Meaning.THANKS,
    "intention": Meaning.INTENTION,
    "win": Meaning.WIN,
    "win_hard": Meaning.WIN_HARD,
    "decoy": Meaning.WIN,
    "no_idea": Meaning.NO_IDEA,
    "skip": Meaning.SKIP,
}


@dataclass(frozen=True)
class Reading:
    meaning: Meaning
    category: str  # the corpus category the engine read ("crisis_place", "question", ...)
    target: str | None = None  # for a question: what it asks for ("progress", "help", ...)
    # The rule that decided, if any: a crisis family, "setback" when the act rules read a
    # lapse said outright (the model alone also reads "again" as one: "like myself again"),
    # or "request" when a request to switch something off or on did (`requests.toml`).
    rule: str | None = None
    # That request ("sharing_off", "reminder_off", ...); `target` is what it is about.
    request: str | None = None

    @property
    def caught(self) -> bool:
        return self.meaning in CAUGHT


class Engine:
    """One locale's rules, stemmer and model together."""

    def __init__(
        self, locale: str, splits: tuple[str, ...] = TRAINING_SPLITS, models: Models | None = None
    ) -> None:
        owner = owner_of(locale)
        self.rules_owner = rules_for(owner).locale
        # Rules of another language catch nothing here: the model's alarm then always needs a
        # word said mostly in this language's crisis lines.
        self.borrowed = self.rules_owner != owner
        self.model, self.crisis_model, self.danger, self.counts = models or models_for(
            owner, splits
        )
        self.rules: Rules = rules_for(owner)
        self.requests: Requests = requests_for(self.rules_owner)
        self.stemmer: Stemmer = stemmer_for(owner)
        self.crisis_labels = tuple(x for x in self.model.labels if x.startswith("crisis_"))
        self.digit_words = frozenset(speaking.table(locale, "hearing")["digits"]["words"])
        table = read_table(self.rules_owner, "words")
        asking = table.get("asking", {}).get("starts", ())
        self.filler_kept = frozenset(table.get("filler", {}).get("kept", ()))
        self.filler_subjects = frozenset(table.get("filler", {}).get("subjects", ()))
        self.asking = tuple(" ".join(self.rules.parse(start).flat.split()) for start in asking)
        self.violent = frozenset(
            f"s:{self.stemmer.stem(word)}" for word in table.get("violence", {}).get("words", ())
        )

    def _only_digits(self, parsed: Text) -> bool:
        return all(w.isdigit() or w in self.digit_words for w in parsed.words)

    def read(self, text: str) -> Reading:
        parsed = self.rules.parse(text)
        if not parsed.flat:
            return Reading(Meaning.NO_IDEA, "no_idea")
        family = self.rules.crisis_family(parsed)
        request = self.requests.wanted(parsed) if family is None else None
        if request is not None:
            # "I don't want to share anymore": a right the person has, never a crisis, a goal
            # or a craving on the models' word; danger in the words around it still is one.
            rest = self.read(request.rest) if request.rest else None
            if rest is not None and rest.caught:
                return rest
            return Reading(
                Meaning.QUESTION, "question", request.about, rule="request", request=request.name
            )
        if family is None and self.rules.whole(parsed, self.rules.decline_g):
            # "I'd rather keep that to myself": an answer kept private, which the models took
            # for someone hiding how they are and met with crisis lines. Declining is a right
            # the person has; read before the models, as a skip.
            return Reading(Meaning.SKIP, "skip", rule="decline")
        if family is None and self._only_digits(parsed) and not self.rules.only_filler(parsed):
            # A code read aloud ("four eight two nine one five"): digits carry no meaning the
            # models learnt, and on their word alone they must not sound an alarm; only a
            # rule ("nine one one") does.
            return Reading(Meaning.WIN, "win")
        found = self.rules.cues_in(parsed)
        feats = features(parsed, self.rules, self.stemmer, family, found)
        # The rule verdicts `features` reached ("r:setback", "r:skip", ...), not read again.
        ruled = {feat for feat in feats if feat.startswith("r:")}
        scores = self.model.scores(feats)
        best = max(scores, key=scores.__getitem__)
        crisis = max(self.crisis_labels, key=scores.__getitem__)
        other = max((x for x in scores if not x.startswith("crisis_")), key=scores.__getitem__)
        # The models alone raise an alarm on few words only with a word said mostly in crises.
        danger = any(feat in self.danger for feat in feats)
        # The pooled model is asked only where its word can count, on a crisis reading or a
        # danger word: most turns are neither, and its scoring is a quarter of a reading.
        pooled = self.crisis_model.scores(feats) if danger or best.startswith("crisis_") else {}
        cues = set(found)
        # A question about the skill itself ("do I have a reminder set") with no danger word
        # in it is not a crisis on the models' word alone.
        product = "question" in cues and bool(cues & _TARGETS) and not danger
        alarm = family is not None or (
            not product
            and (
                (
                    best.startswith("crisis_")
                    and (
                        danger
                        or (
                            len(parsed.words) > _SHORT
                            and not self.borrowed
                            and pooled["crisis"] >= pooled["other"] - CRISIS_VETO
                        )
                    )
                )
                or (
                    danger
                    and pooled["crisis"] >= pooled["other"] - CRISIS_MARGIN
                    and scores[crisis] >= scores[other] - NEAR_CALL_VETO
                )
            )
        )
        # Good news said in words hard times share ("my hands don't shake anymore"): the
        # models' alarm stands only if the rest of the words raise it too.
        rest = self._rest_of_good_news(parsed) if alarm and family is None else None
        if alarm and (rest is None or rest[0].caught):
            reply = self.rules.crisis_replies.get(family) if family else None
            uncertain = not best.startswith("crisis_") or (
                # The category model's word alone, no danger word, and the pooled model
                # leaning the other way: "told my wife the truth about where I was" got 911
                # and 988 in a user test. Still caught, but asked before anything.
                not danger and pooled["crisis"] < pooled["other"]
            )
            if family is None and uncertain and crisis != "crisis_someone":
                # Only the pooled model's near call, or a lone reading: ask before anything.
                reply = "check"
            return Reading(_crisis_meaning(crisis, reply), crisis, rule=family)
        if "r:setback" not in ruled and self.rules.affirmed(parsed, self.rules.setback_late_g):
            # A lapse the models never weigh (`setback_late`): read as one after the alarm.
            ruled.add("r:setback")
        # No alarm: which of the other readings is read with the word counts' say added
        # (`model.counted`). Only here, so what raises an alarm is the perceptrons' alone.
        counted = self.counts.scores(feats)
        scores = {label: score + counted[label] for label, score in scores.items()}
        best = max(scores, key=scores.__getitem__)
        if best == "decoy":
            # Violent words meant harmlessly, yet not always as a win: "me muero de ganas de
            # tomar" is a craving, "this depression is killing me" pain. The perceptrons learn
            # decoys as one class, so that their meanings cannot move an alarm; the word counts
            # learn each by what it means (its corpus target), and say which this one is.
            meant = max(
                (x for x in counted if not x.startswith("crisis_")), key=counted.__getitem__
            )
            if meant in _DECOY_MEANT and counted[meant] >= counted["decoy"] + DECOY_LEAD:
                best = meant
        hopeless = self.rules.hopeless(parsed)
        if hopeless in ("going_on", "goodbye"):
            # Going on doubted, or a goodbye said as final, in words the models never met ("ya
            # no tengo nada", "nos vemos en otra vida"): asked "are you safe right now?" first,
            # as any uncertain signal is.
            kind = "crisis_passive" if hopeless == "going_on" else "crisis_plan"
            return Reading(Meaning.CHECK_SAFE, kind, rule="hopeless")
        if hopeless == "defeat" and best not in _HARD:
            return Reading(Meaning.DISTRESS, "distress")
        feeling = self.rules.feeling(parsed)
        if feeling == "not_good" and best not in _HARD:
            # "No estoy bien", "i'm not fine": said of oneself, never "skip" nor a win.
            return Reading(Meaning.DISTRESS, "distress")
        # Whole-utterance answers ("nothing", "skip that") are exact: the rules decide them,
        # also said twice over ("no idea, can't remember").
        if (
            "r:no_idea" in ruled
            or self.rules.whole(parsed, self.rules.no_idea_late_g)
            or self.rules.each_clause(parsed, self.rules.no_idea_g, self.rules.no_idea_late_g)
        ):
            return Reading(Meaning.NO_IDEA, "no_idea")
        if "r:skip" in ruled or self.rules.each_clause(parsed, self.rules.skip_g):
            return Reading(Meaning.SKIP, "skip")
        if not cues and best != "thanks" and self.rules.only_filler(parsed):
            # "uf", "yeah", "pues": a breath before the words, not words to save or answer.
            return Reading(Meaning.NO_IDEA, "no_idea")
        if feeling == "good":
            # "Ando feliz", "feeling at peace": a good day to keep, though "i feel" is said
            # mostly in hard times.
            return Reading(Meaning.WIN, "win")
        if len(parsed.words) <= _UNCLEAR and not cues and not self._known(feats):
            return Reading(Meaning.UNCLEAR, "unclear")
        if best in _WHOLE and "question" in cues:
            # Asked, and not said as a whole answer: the model's word alone makes no "skip"
            # or "nothing" of "um what else can you do".
            best = max((x for x in scores if x not in _WHOLE), key=scores.__getitem__)
        if best.startswith("crisis_") or (best.startswith("question:") and not cues & _ASKING):
            # A crisis without a danger word, or a question with no word that asks anything
            # ("wrote in my journal"): the best reading that is neither.
            best = max(
                (
                    x
                    for x in scores
                    if not x.startswith(("crisis_", "question:")) and x not in _WHOLE
                ),
                key=scores.__getitem__,
            )
        if best == "intention" and len(parsed.words) <= _UNCLEAR and "intention" not in cues:
            # A goal is said looking ahead ("voy a", "want to"); a bare "mi hermana" is not one.
            best = max(
                (x for x in scores if x in _PLAIN_OR_GOAL and x != "intention"),
                key=scores.__getitem__,
            )
        if best in ("intention", "setback") and "r:setback" not in ruled and self._asks(parsed):
            # "Is it normal to still want a drink after six months", "should I go to a
            # meeting": asked, not a goal (it was met with "That's a goal worth holding on to:
            # you is it normal..."), nor a lapse no rule reads ("es normal tener antojo"), and
            # nothing the skill can answer but with support.
            return Reading(Meaning.ENCOURAGE, "craving")
        if best in _HARD and not ruled & _HARD_RULED:
            # Hard on the models' word alone, yet good news said outright ("ninety days clean
            # and i feel like a new person"): the good news, unless a rule or a clause of its
            # own reads the rest as hard too ("... and i still feel awful inside").
            rest = rest or self._rest_of_good_news(parsed)
            if rest is not None and not (
                rest[0].meaning in _HARD_MEANINGS and (rest[0].rule or rest[1] > _SHORT)
            ):
                best = "win"
        if best == "setback" and "r:setback" not in ruled and self.rules.everyday(parsed):
            # "I had lunch", "took a nap", "me di un baño": the models learnt "had" and "took"
            # from lapses, and met a small everyday win with "a slip doesn't undo...".
            best = "win"
        if (
            best in ("craving", "distress")
            and "r:setback" not in ruled
            and self.rules.resisted(parsed)
        ):
            # "I fought the urge to drink", "aguanté las ganas": the urge beaten is the win;
            # craving tips lost it.
            return Reading(Meaning.WIN, "win")
        # The act rules read whose act it was and whether it was done; the model does not.
        if best in _LAPSE_OVER and "r:setback" in ruled:
            return Reading(Meaning.SETBACK, "setback", rule="setback")
        if best in _WHOLE and ruled & {"r:craving", "r:encourage"}:
            # A plea or a hard time the rules read, which the models took for "nothing" ("no sé
            # si pueda seguir limpio"): encouragement, as a rule-read lapse is a lapse.
            return Reading(Meaning.ENCOURAGE, "craving")
        if best == "distress" and "r:craving" in ruled:
            # A craving or a plea said outright in a hard time: encouragement, not comfort alone.
            return Reading(Meaning.ENCOURAGE, "craving")
        if best in ("win", "decoy") and "r:encourage" in ruled:
            # A struggle, then "but" and something done: the win inside a hard sentence.
            if {"contrast", "past_act"} <= cues:
                return Reading(Meaning.WIN_HARD, "win_hard")
            return Reading(Meaning.ENCOURAGE, "craving")
        # Asked as a question and about one thing the skill does: that question, whatever
        # else the words sound like ("stop sharing with Mike" is no goal). Ways of asking the
        # models never weigh (`cues_late`: "con quién comparto") count here too.
        late = set(self.rules.cues_in(parsed, late=True))
        cues |= late
        targets = cues & _TARGETS
        asked = best in _PLAIN_OR_GOAL or best == "thanks"  # "me estás grabando" is no thanks
        if asked and "question" in cues and len(targets) == 1:
            return Reading(Meaning.QUESTION, "question", targets.pop())
        if (
            "question" in cues
            and len(late & _TARGETS) == 1
            and (asked or best.startswith("question:"))
        ):
            # A late cue names what is asked when the models' cues name more ("quién puede oír
            # mis logros" is about privacy, not a read-back).
            return Reading(Meaning.QUESTION, "question", (late & _TARGETS).pop())
        if best.startswith("question:"):
            return Reading(Meaning.QUESTION, "question", self._target(parsed, scores))
        if best == "setback" and "r:setback" in ruled:
            return Reading(Meaning.SETBACK, "setback", rule="setback")
        if (
            best in ("setback", "no_idea")
            or (best == "distress" and not ruled & {"r:encourage", "r:craving"})
        ) and self.rules.denies_a_lapse(parsed):
            # A lapse only the models read, in words that deny it ("went out last night and
            # didn't have one drink"), or a day they read as nothing to tell ("un día normal
            # sin tomar"), or pain no rule reads ("hoy no me drogué" was comforted, with the
            # crisis line): the refusal is the win.
            return Reading(Meaning.WIN, "win")
        if best == "no_idea" and self.rules.ends_on_a_hard_day(parsed):
            # "Nothing today, it was a horrible day": the hard day is heard first, as it is
            # said alone; "small things count" asked past it.
            return Reading(Meaning.DISTRESS, "distress")
        if best == "decoy" and self.violent.isdisjoint(feats):
            # The models' harmless class, with no violent word said ("my sister helped me"):
            # a win like any other, which the skill keeps without asking.
            best = "win"
        return Reading(MEANING_OF[best], best)

    def _rest_of_good_news(self, parsed: Text) -> tuple[Reading, int] | None:
        """How the words read with the good news they tell cut out (`[good_news]` in the
        rules), and how many words are left; None when they tell none. A word or two left
        ("again", "heart is") reads as a win unless a rule reads them: the models' word on so
        little is noise."""
        rest = self.rules.without_good_news(parsed)
        if rest is None:
            return None
        left = len(rest.split())
        reading = self.read(rest) if rest else None
        if reading is None or (left <= _UNCLEAR and reading.rule is None):
            return Reading(Meaning.WIN, "win"), left
        return reading, left

    def _known(self, feats: list[str]) -> bool:
        """Whether a whole word or a rule's verdict among `feats` is one the model learnt
        from. Stems are not enough: "sam" is the stem of "same"."""
        return any(self.model.knows(f) for f in feats if f[:2] in ("w:", "r:") and f != "r:-")

    def _asks(self, parsed: Text) -> bool:
        """Whether the words open as a question asked of someone (`[asking]` in words.toml):
        "is it normal", "should I", "¿es normal", "¿debo"."""
        return any(
            parsed.flat == start or parsed.flat.startswith(start + " ") for start in self.asking
        )

    def _target(self, parsed: Text, scores: dict[str, float]) -> str:
        """What a question asks for: the one target whose cue the words hold, else the
        model's best question class."""
        cued = [name for name in self.rules.cues_in(parsed) if f"question:{name}" in scores]
        if len(cued) == 1:
            return cued[0]
        among = [f"question:{name}" for name in cued] or [
            label for label in scores if label.startswith("question:")
        ]
        return max(among, key=scores.__getitem__).split(":", 1)[1]


def _crisis_meaning(kind: str, reply: str | None) -> Meaning:
    """The first reply: the rule family's say ("check", "resources"), else the model's kind
    of crisis; someone else in danger gets emergency services first either way."""
    if reply == "check":
        return Meaning.CHECK_SAFE
    if kind == "crisis_someone":
        return Meaning.EMERGENCY
    if reply == "resources":
        return Meaning.CRISIS
    return Meaning.CHECK_SAFE if kind in _UNCERTAIN else Meaning.CRISIS


@cache
def engine_for(locale: str, splits: tuple[str, ...] = TRAINING_SPLITS) -> Engine:
    return Engine(locale, splits)


def prepare() -> None:
    """Load every locale's engine and models now.

    Loading takes about a second a language; `serve` calls this before gunicorn forks, so no
    worker spends it inside someone's first turn.
    """
    for locale in locales.available():
        engine_for(locale)


def understand(text: str, locale: str = DEFAULT_LOCALE) -> Reading:
    """What the person meant, crisis first (see the module docstring)."""
    return engine_for(locale).read(text)


def classify(text: str, locale: str = DEFAULT_LOCALE) -> Meaning:
    return understand(text, locale).meaning


def is_crisis(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """True when the words may speak of suicide, self-harm, an overdose or danger now."""
    return understand(text, locale).caught


def win_part(text: str, locale: str = DEFAULT_LOCALE) -> str:
    """The win in a hard sentence: "this craving is killing me but I went for a run" ->
    "I went for a run". The whole text when no part of two words or more stands out, or when
    what would be cut off reads as no hard part: "went to work today, was late but I went"
    was kept as "I went"."""
    table = read_table(engine_for(locale).rules_owner, "words").get("win_part", {})
    lowered = text.lower()
    said = _last(lowered, table.get("after", ())) or _last(lowered, table.get("then", ()))
    part, cut = (text[said[1] :], text[: said[0]]) if said else (None, "")
    if part is None:
        for word in table.get("before", ()):
            match = re.search(rf"\b{re.escape(word)}\b", lowered)
            if match:
                part, cut = text[: match.start()], text[match.end() :]
                break
    part = " ".join((part or "").strip(" ,.;:!?-").split())
    if len(part.split()) < 2 or understand(cut, locale).meaning not in _CUT_OFF:
        return text
    back = table.get("points_back")
    if back and re.match(back, engine_for(locale).rules.parse(part).flat):
        return text
    return part


def without_filler(text: str, locale: str = DEFAULT_LOCALE) -> str:
    """The words without the sounds and words that only lead into them (`lead_filler` in the
    rules): "um so I went to work" -> "I went to work", "bueno, me levanté temprano" -> "me
    levanté temprano". Kept and echoed with them, the first became "I um so I went to work"
    and the second could not be turned to "tú". The words as said when nothing would be left,
    or when what is left does not read as the rest of them."""
    engine = engine_for(locale)
    parsed = engine.rules.parse(text)
    dropped = len(parsed.words) - len(parsed.tail.split())
    # A word that may lead in or mean something ("like myself again") stays, and what follows,
    # unless the speaker starts right after it ("like I skipped happy hour").
    words = parsed.words
    keep = [
        i
        for i, word in enumerate(words[:dropped])
        if word in engine.filler_kept and words[i + 1] not in engine.filler_subjects
    ]
    dropped = min(keep, default=dropped)
    if not dropped or dropped >= len(words):
        return text
    rest = " ".join(text.split()[dropped:])
    return rest if engine.rules.parse(rest).words == words[dropped:] else text


def unhedged(text: str, locale: str = DEFAULT_LOCALE) -> str | None:
    """An answer said with a hedge around it, without the hedge: "I don't know, tired I
    guess" -> "tired", "no sé, cansada supongo" -> "cansada". None when nothing is left that
    is an answer ("I don't know", "not sure, nothing really")."""
    rest = text.strip()
    for said in _hedges(engine_for(locale).rules_owner):
        while (cut := said.sub("", rest, count=1).strip(" ,.;:!?-")) != rest:
            rest = cut
    if not rest or understand(rest, locale).meaning in (Meaning.NO_IDEA, Meaning.SKIP):
        return None
    return rest


@cache
def _hedges(owner: str) -> tuple[re.Pattern[str], ...]:
    """The locale's hedges said before an answer, then after it (`[hedge]` in words.toml),
    longest first so "i don't know" goes whole before "don't know" is tried."""
    table = read_table(owner, "words").get("hedge", {})
    patterns = []
    for side, pattern in (("before", r"^\W*(?:{})\b"), ("after", r"\b(?:{})\W*$")):
        words = sorted(table.get(side, ()), key=len, reverse=True)
        if words:
            either = "|".join(map(re.escape, words))
            patterns.append(re.compile(pattern.format(either), re.IGNORECASE))
    return tuple(patterns)


def _last(lowered: str, words: list[str]) -> tuple[int, int] | None:
    """Where the last of `words` said in `lowered` starts and ends, if any is said."""
    spans = [
        match.span() for word in words for match in re.finditer(rf"\b{re.escape(word)}\b", lowered)
    ]
    return max(spans, key=lambda span: span[1], default=None)


def yes_or_no(text: str, locale: str = DEFAULT_LOCALE) -> bool | None:
    """A free answer to a yes/no question: True, False, or None when it is neither."""
    table = read_table(engine_for(locale).rules_owner, "words").get("yes_no", {})
    flat = f" {engine_for(locale).rules.parse(text).flat} "
    if any(f" {word} " in flat for word in table.get("no", ())):
        return False
    if any(f" {word} " in flat for word in table.get("yes", ())):
        return True
    return None


def is_name(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """Whether words given for a name are one ("Sam", "Mary Ann"), not "say it again"."""
    table = read_table(engine_for(locale).rules_owner, "words").get("names", {})
    words = engine_for(locale).rules.parse(text).words
    refused = set(table.get("not_names", ()))
    return 0 < len(words) <= int(table.get("most_words", 3)) and not refused & set(words)


def request_for_thing(text: str, locale: str = DEFAULT_LOCALE) -> str | None:
    """The request ("reminder_off", ...) whose thing `text` names, where a person's name was
    expected: "remove {name}" heard with "the reminder" in it."""
    engine = engine_for(locale)
    return engine.requests.for_thing(engine.rules.parse(text))


def keywords(text: str, locale: str = DEFAULT_LOCALE) -> frozenset[str]:
    """Content-word stems of `text`, for matching a plea for encouragement to a past win:
    "drinking", "drinks" and "drank" all give "drink"."""
    return engine_for(locale).stemmer.keywords(text)
