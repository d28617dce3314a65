"""The person's own "what helped" answer: what of it counts, and how it is said back.

When "what helped" names nothing recognisable, the answer itself becomes a tool, because the
person's own words are the best description of their own strategy. An answer that is no
answer ("nothing really", "luck", "just me") or a feeling ("I was sad", "lonely") becomes no
tool at all: wherever the words are unclear, saying nothing wins over praising the wrong thing.
"""

from __future__ import annotations

import locales
from journal.reflection import reflect_text, reflect_word
from journal.toolkit.scan import WHO, Hit, Scan
from journal.toolkit.words import Words, words

# "what helped" answers longer than this are cut: the phrase is said back in one breath.
OWN_MAX_WORDS = 6


def void(w: Words, said: list[str]) -> str:
    """What kind of answer these words are when they name nothing to reach for again.

    "feeling" for a feeling ("I was sad", "so lonely", "I got angry"), "non-answer" for the
    rest ("nothing really", "it was hard", "luck", "just me"), "" when they say something.
    Feelings are fine as how a win felt; they are not strategies. Self-credit ("myself",
    "willpower") is no strategy to reach for either: the win itself already says it was you.
    """
    feeling = linking = False
    for word in said:
        if word in w.feelings:
            feeling = True
        elif word in w.linking:
            linking = True
        elif word not in w.void:
            return ""
    if feeling:
        return "feeling"
    return "" if linking else "non-answer"


def credited(w: Words, source: str, scan: Scan) -> list[Hit]:
    """The hits of a "what helped" answer less the people named in a feeling about them.

    "I was angry at my brother" or "sad about my dad" does not say the brother or the dad
    helped; "I was sad, my sister helped" still thanks the sister.
    """
    hits = scan.hits
    if not scan.felt or not any(hit.group in WHO for hit in hits):
        return hits
    bounds = [(m.start(), m.end()) for m in w.clause_end.finditer(source)]
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
            said = w.own_word.findall(" ".join(rest).replace("\u2019", "'").lower())
            if void(w, _drop_leading_fillers(w, said)) == "feeling":
                continue
        kept.append(hit)
    return kept


def _gerund(w: Words, word: str) -> str | None:
    """ "stayed" -> "staying", "thought" -> "thinking"; None when unsure it is a past verb.

    Dropping "ed" gives the gerund's stem for most regular verbs, e-final ones included
    ("smiled" -> "smiling", "used" -> "using", "hugged" -> "hugging").
    """
    if word in w.irregular_gerunds:
        return w.irregular_gerunds[word]
    if word in w.not_past:
        return None
    for past, gerund, longer_than in w.gerund_endings:
        if word.endswith(past) and len(word) > longer_than:
            return word[: -len(past)] + gerund
    return None


def _drop_leading_fillers(w: Words, said: list[str]) -> list[str]:
    while said:
        if (said[0], *said[1:2]) in w.leading_filler_pairs and (
            said[2:3] not in w.not_filler_before
        ):
            said = said[2:]
        elif said[0] in w.leading_filler:
            said = said[1:]
        else:
            break
    return said


def own_phrase(helped: str, locale: str = locales.DEFAULT) -> str | None:
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
    w = words(locale)
    text = helped.replace("\u2019", "'").strip().lower()
    said: list[str] = []
    for clause in w.clause_end.split(text):
        # "Um, I guess reading helped": the first clause with more than fillers in it counts.
        said = _drop_leading_fillers(w, w.own_word.findall(clause))
        if said:
            break
    if void(w, said):
        return None
    if said[:1] and said[0] in w.contractions:
        said = [*w.contractions[said[0]], *said[1:]]
    speaker = said[:1] == [w.speaker]
    rest = _drop_leading_fillers(w, said[1:]) if speaker else said
    if _refuses(w, rest):
        return None
    gerund = None
    # Where the subject goes unsaid ("salí a caminar"), the answer may start on its verb.
    if speaker or w.subject_dropped:
        # "me mantuve ocupada" -> "mantenerte ocupada": the pronoun follows the verb's new form.
        attached = w.attached.get(rest[0], "") if len(rest) > 1 else ""
        verb = rest[1:] if attached else rest
        gerund = _gerund(w, verb[0]) if verb else None
        if gerund and verb[1:2] and verb[1].endswith(w.gerund_ending):
            # "I kept telling myself" -> "telling yourself": the verb already is a gerund.
            said = verb[1:]
        elif gerund:
            said = [gerund + attached, *verb[1:]]
    reflected: list[str] = []
    previous = ""
    for word in said[:OWN_MAX_WORDS]:
        reflected.append(reflect_word(w.locale, word, previous) or word)
        previous = word
    # A phrase cut short must not end mid-thought: "remind yourself why you" -> "... yourself".
    dangling = w.trailing_filler | w.dangling if len(said) > OWN_MAX_WORDS else w.trailing_filler
    while reflected and reflected[-1] in dangling:
        reflected.pop()
    if w.subject_dropped and not gerund and reflected:
        # A verb left in the first person ("me distraje") is not turned word by word: the
        # whole answer is, where that is safe, else it is said as the person's own.
        return reflect_text(w.locale, " ".join(said[: len(reflected)]))
    return " ".join(reflected) or None


def _refuses(w: Words, said: list[str]) -> bool:
    """Do these words start by saying what was not done: "didn't go", "never called"?"""
    if not said:
        return False
    first, second = said[0], said[1] if len(said) > 1 else ""
    if first in w.not_done:
        return True
    if first in w.not_unless_gerund:
        return not second.endswith(w.gerund_ending)  # "not giving up" is an attitude
    if first == w.used_to[0]:
        return second == w.used_to[1]  # "I used to go there every night"
    return first in w.auxiliaries and second in w.not_unless_gerund


def own_tool(w: Words, helped: str, hits: list[Hit]) -> str | None:
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
        if own_phrase(" ".join(rest), w.locale) is None:
            return None
    return own_phrase(helped, w.locale)
