"""The Spanish interaction models: every intent and slot of the English one, deployable as is.

The same checks the ASK build applies (tests/skill/test_interaction_model.py holds them for
English), for the folders that hold a model of their own, with Spanish letters allowed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

import locales

SPANISH_MODELS = [name for name in ("es-US", "es-MX", "es-ES") if locales.find(name, "model.json")]
WORD = r"[a-záéíóúüñ]+"
SLOT_REF = re.compile(r"\{([A-Za-z_]+)\}")
SAMPLE = re.compile(rf"^(?:{WORD}|\{{[A-Za-z_]+\}})(?: (?:{WORD}|\{{[A-Za-z_]+\}}))*$")
LAUNCH_WORDS = {"alexa", "echo", "amazon", "abre", "abrir", "inicia", "iniciar", "empieza",
                "pide", "pídele", "dile", "pregunta", "pregúntale", "usa", "usar", "lanza",
                "juega", "habilita", "activa", "skill", "app", "aplicación"}  # fmt: skip
# Handlers read these custom types' resolved ids, so every language resolves to the same ones.
IDS = {"ROLE": {"BUDDY", "SPONSOR", "PERSON"},
       "DAYPART": {"MORNING", "AFTERNOON", "EVENING", "NIGHT"},
       "WEEKDAY": {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
                   "SUNDAY"}}  # fmt: skip


def _language(locale: str) -> dict[str, Any]:
    path = locales.find(locale, "model.json")
    assert path is not None
    return json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


ENGLISH = _language("en-US")


def _intents(language: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {intent["name"]: intent for intent in language["intents"]}


def test_every_spanish_locale_finds_a_spanish_model() -> None:
    for name in ("es-US", "es-MX", "es-ES"):
        assert _language(name)["invocationName"] == "pequeños logros"


@pytest.mark.parametrize("locale", SPANISH_MODELS)
def test_invocation_name_follows_the_rules(locale: str) -> None:
    name = _language(locale)["invocationName"]
    assert re.fullmatch(rf"{WORD}(?: {WORD})+", name), "two or more lowercase words"
    assert not set(name.split()) & LAUNCH_WORDS


@pytest.mark.parametrize("locale", SPANISH_MODELS)
def test_the_same_intents_slots_and_resolved_ids_as_english(locale: str) -> None:
    language = _language(locale)
    spanish, english = _intents(language), _intents(ENGLISH)
    assert list(spanish) == list(english)
    for name, intent in english.items():
        assert spanish[name].get("slots", []) == intent.get("slots", []), name
        if intent.get("samples") and not name.startswith("AMAZON."):
            assert len(spanish[name]["samples"]) >= 5, name
    types = {t["name"]: t for t in language["types"]}
    assert set(types) == {t["name"] for t in ENGLISH["types"]}
    for name, ids in IDS.items():
        assert {v.get("id") for v in types[name]["values"]} == ids, name
    english_types = {t["name"]: t for t in ENGLISH["types"]}
    for name in ("DAYPART", "WEEKDAY", "ROLE"):
        assert {v.get("id") for v in english_types[name]["values"]} == IDS[name], name


@pytest.mark.parametrize("locale", SPANISH_MODELS)
def test_samples_are_deployable(locale: str) -> None:
    intents = _intents(_language(locale))
    samples = [(name, s) for name, i in intents.items() for s in i.get("samples", [])]
    for name, sample in samples:
        assert SAMPLE.fullmatch(sample), (name, sample)
        assert not re.search(r"\d", sample), "digits must be spelled out"
        declared = {slot["name"]: slot["type"] for slot in intents[name].get("slots", [])}
        refs = SLOT_REF.findall(sample)
        assert set(refs) <= set(declared) and len(refs) == len(set(refs)), (name, sample)
        if any(declared[r] == "AMAZON.SearchQuery" for r in refs):
            assert SLOT_REF.sub("", sample).strip() and len(refs) == 1, (name, sample)

    def shape(intent: str, sample: str) -> str:
        types = {s["name"]: s["type"] for s in intents[intent].get("slots", [])}
        return SLOT_REF.sub(lambda m: "{" + types[m[1]] + "}", sample)

    shapes = Counter(shape(name, sample) for name, sample in samples)
    assert [s for s, n in shapes.items() if n > 1] == []
    assert intents["AMAZON.FallbackIntent"]["samples"] == []
    assert len(intents["CrisisIntent"]["samples"]) >= 40
