"""A slot's words read inside the samples that carry them.

Alexa hands a slot over without its sample: "no puedo dejar de pensar en morirme" reaches
EncourageIntent as the topic "morirme", and "I'm tempted to end it" as "end it". Alone, such
words may read as nothing alarming, while the sentence the person said was a crisis. So
before a slot's words are taken as harmless, they are read again inside each of the intent's
samples that carry the slot (from the locale's interaction model, the one source of the
samples), and an alarm read in any of them counts: a missed crisis costs more than a careful
question.

Only samples that mean a struggle whatever follows carry a topic ("I'm craving", "tengo
antojo de"). A wish ("tengo ganas de", "I really want to") is a craving or a goal by what is
wished for, so it is no sample here: Alexa hands it to free speech whole, and understanding
reads "tengo ganas de ir a una junta" as a goal and "tengo ganas de tomar" as a craving.
"""

from __future__ import annotations

from functools import cache

import locales
from skill.understanding import CAUGHT, Meaning, Reading, understand

# Which alarm wins when several samples raise different ones: someone else in danger first,
# then a crisis, then "are you safe?".
_URGENCY = (Meaning.EMERGENCY, Meaning.CRISIS, Meaning.CHECK_SAFE)


def samples(locale: str, intent: str, slot: str) -> tuple[str, ...]:
    """The intent's samples that carry `slot` and say something around it, as templates."""
    # Keyed by the nearest locale folder, so a request's locale string can't grow the cache.
    return _samples(locales.spoken_chain(locale)[0], intent, slot)


@cache
def _samples(folder: str, intent: str, slot: str) -> tuple[str, ...]:
    marker = "{" + slot + "}"
    language = locales.model(folder)["interactionModel"]["languageModel"]
    found: dict[str, None] = {}
    for each in language["intents"]:
        if each["name"] == intent:
            for sample in each.get("samples", ()):
                if marker in sample and sample.strip() != marker and sample.count("{") == 1:
                    found[sample.replace(marker, "{}")] = None
    return tuple(found)


def read_carried(words: str, intent: str, slot: str, locale: str) -> Reading:
    """What `words` mean, given that they came in `intent`'s `slot`: their own reading, unless
    one of the samples that carry them raises an alarm they don't raise alone."""
    alone = understand(words, locale)
    if alone.meaning in CAUGHT:
        return alone
    alarms = [
        reading
        for template in samples(locale, intent, slot)
        if (reading := understand(template.format(words), locale)).meaning in CAUGHT
    ]
    if not alarms:
        return alone
    return min(alarms, key=lambda reading: _URGENCY.index(reading.meaning))
