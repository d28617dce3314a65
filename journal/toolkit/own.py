"""The person's own "what helped" answer: what of it counts, and how it is said back.

When "what helped" names nothing recognisable, the answer itself becomes a tool, because the
person's own words are the best description of their own strategy. An answer that is no
answer ("nothing really", "luck", "just me") or a feeling ("I was sad", "lonely") becomes no
tool at all: wherever the words are unclear, saying nothing wins over praising the wrong thing.
"""

from __future__ import annotations

import re

from journal.reflection import reflect_word
from journal.toolkit import words as w
from journal.toolkit.scan import WHO, Hit, Scan

# "what helped" answers longer than this are cut: the phrase is said back in one breath.
OWN_MAX_WORDS = 6

_OWN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def void(words: list[str]) -> str:
    """What kind of answer these words are when they name nothing to reach for again.

    "feeling" for a feeling ("I was sad", "so lonely", "I got angry"), "non-answer" for the
    rest ("nothing really", "it was hard", "luck", "just me"), "" when they say something.
    Feelings are fine as how a win felt; they are not strategies. Self-credit ("myself",
    "willpower") is no strategy to reach for either: the win itself already says it was you.
    """
    feeling = linking = False
    for word in words:
        if word in w.FEELINGS:
            feeling = True
        elif word in w.LINKING:
            linking = True
        elif word not in w.VOID:
            return ""
    if feeling:
        return "feeling"
    return "" if linking else "non-answer"


def credited(source: str, scan: Scan) -> list[Hit]:
    """The hits of a "what helped" answer less the people named in a feeling about them.

    "I was angry at my brother" or "sad about my dad" does not say the brother or the dad
    helped; "I was sad, my sister helped" still thanks the sister.
    """
    hits = scan.hits
    if not scan.felt or not any(hit.group in WHO for hit in hits):
        return hits
    bounds = [(m.start(), m.end()) for m in w.CLAUSE_END.finditer(source)]
    kept = []
    for hit in hits:
        if hit.group in WHO:
            start = max((b_end for _, b_end in bounds if b_end <= hit.start), default=0)
            end = min((b_start for b_start, _ in bounds if b_start >= hit.end), default=len(source))
            rest, cut = [], start
            for other in hits:
                if other.group in WHO and start <= other.start < end:
                    rest.append(source[cut : other.start])
                    cut = max(cut, other.end)
            rest.append(source[cut:end])
            said = _OWN_WORD.findall(" ".join(rest).replace("\u2019", "'").lower())
            if void(_drop_leading_fillers(said)) == "feeling":
                continue
        kept.append(hit)
    return kept


def _gerund(word: str) -> str | None:
    """ "stayed" -> "staying", "thought" -> "thinking"; None when unsure it is a past verb.

    Dropping "ed" gives the gerund's stem for most regular verbs, e-final ones included
    ("smiled" -> "smiling", "used" -> "using", "hugged" -> "hugging").
    """
    if word in w.IRREGULAR_GERUNDS:
        return w.IRREGULAR_GERUNDS[word]
    if word in w.NOT_PAST:
        return None
    for past, gerund, longer_than in w.GERUND_ENDINGS:
        if word.endswith(past) and len(word) > longer_than:
            return word[: -len(past)] + gerund
    return None


def _drop_leading_fillers(words: list[str]) -> list[str]:
    while words:
        if (words[0], *words[1:2]) in w.LEADING_FILLER_PAIRS and (
            words[2:3] not in w.NOT_FILLER_BEFORE
        ):
            words = words[2:]
        elif words[0] in w.LEADING_FILLER:
            words = words[1:]
        else:
            break
    return words


def own_phrase(helped: str) -> str | None:
    """The person's own "what helped" answer as a short second-person phrase, or None.

    It is said back in "last time, ... helped" and in the toolkit, so: the first clause that
    says something, fillers dropped at both ends, "I stayed busy" turned into "staying busy"
    (or, when the verb is not a simple past, reflected: "you remind yourself"), and cut to a
    few words. Non-answers ("nothing", "I don't know", "it was hard", "luck", "just me") and
    feelings ("I was sad", "lonely") give None: they are not a strategy. The first clause that
    says something decides: "I don't know, maybe my dog" is not taken as an answer. Nor is
    what was not done ("I didn't go to the bar", "instead of calling him"): it is no strategy
    to reach for, and "last time, you didn't go to the bar helped" says it wrong; an attitude
    said as one ("not giving up") stays.
    """
    text = helped.replace("\u2019", "'").strip().lower()
    words: list[str] = []
    for clause in w.CLAUSE_END.split(text):
        # "Um, I guess reading helped": the first clause with more than fillers in it counts.
        words = _drop_leading_fillers(_OWN_WORD.findall(clause))
        if words:
            break
    if void(words):
        return None
    if words[:1] and words[0] in w.CONTRACTIONS:
        words = [*w.CONTRACTIONS[words[0]], *words[1:]]
    speaker = words[:1] == [w.SPEAKER]
    if _refuses(_drop_leading_fillers(words[1:]) if speaker else words):
        return None
    if speaker:
        rest = _drop_leading_fillers(words[1:])
        gerund = _gerund(rest[0]) if rest else None
        if gerund and rest[1:2] and rest[1].endswith(w.GERUND_ENDING):
            # "I kept telling myself" -> "telling yourself": the verb already is a gerund.
            words = rest[1:]
        elif gerund:
            words = [gerund, *rest[1:]]
    reflected: list[str] = []
    previous = ""
    for word in words[:OWN_MAX_WORDS]:
        reflected.append(reflect_word(word, previous) or word)
        previous = word
    # A phrase cut short must not end mid-thought: "remind yourself why you" -> "... yourself".
    dangling = w.TRAILING_FILLER | w.DANGLING if len(words) > OWN_MAX_WORDS else w.TRAILING_FILLER
    while reflected and reflected[-1] in dangling:
        reflected.pop()
    return " ".join(reflected) or None


def _refuses(words: list[str]) -> bool:
    """Do these words start by saying what was not done: "didn't go", "never called"?"""
    if not words:
        return False
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in w.NOT_DONE:
        return True
    if first in w.NOT_UNLESS_GERUND:
        return not second.endswith(w.GERUND_ENDING)  # "not giving up" is an attitude
    if first == w.USED_TO[0]:
        return second == w.USED_TO[1]  # "I used to go there every night"
    return first in w.AUXILIARIES and second in w.NOT_UNLESS_GERUND


def own_tool(helped: str, hits: list[Hit]) -> str | None:
    """The "what helped" answer as the person's own tool, when no known strategy is in it.

    People in the answer do not stop it being a strategy of its own: "being around my kids"
    is more than "your kids", while "my sponsor" or "I think my sister helped" say no more than
    the person, who is already a tool. `hits` are all the people said, credited or not.
    """
    if any(hit.group not in WHO for hit in hits):
        return None
    if hits:
        rest, cut = [], 0
        for hit in hits:
            rest.append(helped[cut : hit.start])
            cut = max(cut, hit.end)
        rest.append(helped[cut:])
        if own_phrase(" ".join(rest)) is None:
            return None
    return own_phrase(helped)
