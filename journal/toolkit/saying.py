"""Saying what helped in one win: "last time, calling your sister helped"."""

from __future__ import annotations

from journal.toolkit import words as w
from journal.toolkit.own import credited, own_tool
from journal.toolkit.scan import WHO, Hit, scan
from journal.wins import Win


def _person_phrase(hit: Hit, source: str) -> str:
    """A person as said back for one win: "your sister", "your best friend", "Rosa"."""
    saying = w.SAYING
    if hit.group == "named":
        return hit.said
    if hit.key not in saying["anyones"]:
        # A relation is always someone's own: "called sister" still means "your sister".
        if hit.said.startswith(tuple(saying["as_phrase"])):
            return w.PEOPLE[hit.said][1]
        return saying["own"].format(said=hit.said)
    before = w.DETERMINER_BEFORE.search(source, max(0, hit.start - 8), hit.start)
    determiner = before.group(1).lower() if before else ""
    if determiner in saying["own_determiners"]:
        return saying["own"].format(said=hit.said)
    if hit.said.endswith(saying["plural_ending"]):
        return hit.said
    return saying["someone"].format(said=hit.said)


def _strategy_phrase(hit: Hit) -> str:
    """One win's strategy as said back, as specific as the words allow."""
    first = hit.said.split(" ", 1)[0]
    if hit.group == "call":
        return w.CONTACT.get(first, w.CALLING)[1]
    return w.SPECIFIC.get(hit.group, {}).get(first) or w.STRATEGY_PHRASES[hit.group]


def _combination(hits: list[Hit], source: str, people: set[str] | None = None) -> str | None:
    """A strategy said together with its person: "calling your sister", "a walk with Sam"."""
    for index, hit in enumerate(hits):
        if hit.group == "call":
            gap = w.CONTACT_GAP
        elif hit.group != "leaving":
            gap = w.WITH_GAP
        else:
            continue
        for other in hits[index + 1 :]:
            if other.group not in WHO or other.start < hit.end:
                continue
            if people is not None and other.key not in people:
                continue
            if not gap.fullmatch(source, hit.end, other.start):
                continue
            person = _person_phrase(other, source)
            if hit.group == "call":
                verb = w.CONTACT.get(hit.said.split(" ", 1)[0], w.CALLING)[0]
                return w.SAYING["contact"].format(verb=verb, person=person)
            return w.SAYING["together"].format(strategy=_strategy_phrase(hit), person=person)
    return None


def _strategy_or_combination(hits: list[Hit], source: str) -> str | None:
    combined = _combination(hits, source)
    if combined:
        return combined
    for hit in hits:
        if hit.group not in WHO:
            return _strategy_phrase(hit)
    return None


def describe_helped(win: Win) -> str | None:
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
    if win.helped:
        found = scan(win.helped)
        kept = credited(win.helped, found)
        said = _strategy_or_combination(kept, win.helped)
        if said:
            return said
        own = None if found.dropped else own_tool(win.helped, found.hits)
        if own:
            return own
        if kept:
            # "My sponsor" answered what helped; the win may say what they did together.
            people = {hit.key for hit in kept}
            together = _combination(scan(win.text).hits, win.text, people)
            return together or _person_phrase(kept[0], win.helped)
        return None
    return _strategy_or_combination(scan(win.text).hits, win.text)
