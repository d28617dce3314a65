"""Saying what helped in one win: "last time, calling your sister helped"."""

from __future__ import annotations

import locales
from journal.toolkit.own import credited, own_tool
from journal.toolkit.scan import WHO, Hit, scan
from journal.toolkit.words import Words, words
from journal.wins import Win


def _person_phrase(w: Words, hit: Hit, source: str) -> str:
    """A person as said back for one win: "your sister", "your best friend", "Rosa"."""
    saying = w.saying
    if hit.group == "named":
        return hit.said
    plural = hit.said.endswith(saying["plural_ending"])
    own = saying["own_plural" if plural else "own"]
    if hit.key not in saying["anyones"]:
        # A relation is always someone's own: "called sister" still means "your sister".
        if hit.said.startswith(tuple(saying["as_phrase"])):
            return w.people[hit.said][1]
        return own.format(said=hit.said)
    before = w.determiner_before.search(source, max(0, hit.start - 8), hit.start)
    determiner = before.group(1).lower() if before else ""
    if determiner in saying["own_determiners"]:
        return own.format(said=hit.said)
    if plural:
        return hit.said
    by_ending = saying["someone_by_ending"]
    ending = next((end for end in by_ending if hit.said.endswith(end)), None)
    return (by_ending[ending] if ending else saying["someone"]).format(said=hit.said)


def _strategy_phrase(w: Words, hit: Hit) -> str:
    """One win's strategy as said back, as specific as the words allow."""
    first = hit.said.split(" ", 1)[0]
    if hit.group == "call":
        return w.contact.get(first, w.calling)[1]
    return w.specific.get(hit.group, {}).get(first) or w.strategy_phrases[hit.group]


def _combination(
    w: Words, hits: list[Hit], source: str, people: set[str] | None = None
) -> str | None:
    """A strategy said together with its person: "calling your sister", "a walk with Sam"."""
    for index, hit in enumerate(hits):
        if hit.group == "call":
            gap = w.contact_gap
        elif hit.group != "leaving":
            gap = w.with_gap
        else:
            continue
        for other in hits[index + 1 :]:
            if other.group not in WHO or other.start < hit.end:
                continue
            if people is not None and other.key not in people:
                continue
            if not gap.fullmatch(source, hit.end, other.start):
                continue
            person = _person_phrase(w, other, source)
            if hit.group == "call":
                verb = w.contact.get(hit.said.split(" ", 1)[0], w.calling)[0]
                return w.saying["contact"].format(verb=verb, person=person)
            return w.saying["together"].format(strategy=_strategy_phrase(w, hit), person=person)
    return None


def _strategy_or_combination(w: Words, hits: list[Hit], source: str) -> str | None:
    combined = _combination(w, hits, source)
    if combined:
        return combined
    for hit in hits:
        if hit.group not in WHO:
            return _strategy_phrase(w, hit)
    return None


def describe_helped(win: Win, locale: str = locales.DEFAULT) -> str | None:
    """The best short second-person phrase for what helped in this win, or None.

    For "last time, calling your sister helped". When the person answered "what helped?", only
    that answer is read (with the win for what they did together with a person they named): a
    strategy with its person ("calling your sister") beats a strategy alone ("going for a
    walk"); then the person's own answer ("your dog"); then the person alone. An answer that
    names nothing to reach for again ("nothing really", "I was sad", "not texting him") gives
    None rather than a guess from the win. Without an answer, the win's own words are read,
    where a person alone is never the help: a sister mentioned in the win ("at my sister's
    wedding") was not necessarily the help.
    """
    w = words(locale)
    if win.helped:
        found = scan(win.helped, locale)
        kept = credited(w, win.helped, found)
        said = _strategy_or_combination(w, kept, win.helped)
        if said:
            return said
        own = None if found.dropped else own_tool(w, win.helped, found.hits)
        if own:
            return own
        if kept:
            # "My sponsor" answered what helped; the win may say what they did together.
            people = {hit.key for hit in kept}
            together = _combination(w, scan(win.text, locale).hits, win.text, people)
            return together or _person_phrase(w, kept[0], win.helped)
        return None
    return _strategy_or_combination(w, scan(win.text, locale).hits, win.text)
