"""`smallwins skill package` writes what `ask deploy` takes, checked with Amazon's own SMAPI
model classes: every field deserialises into its typed attribute, and serialising the typed
manifest back gives the file unchanged (a misspelt or unknown field would be dropped)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_smapi_model.v1.skill.interaction_model.interaction_model_data import (
    InteractionModelData,
)
from ask_smapi_model.v1.skill.manifest.distribution_countries import DistributionCountries
from ask_smapi_model.v1.skill.manifest.distribution_mode import DistributionMode
from ask_smapi_model.v1.skill.manifest.manifest_version import ManifestVersion
from ask_smapi_model.v1.skill.manifest.permission_name import PermissionName
from ask_smapi_model.v1.skill.manifest.skill_manifest_envelope import SkillManifestEnvelope
from ask_smapi_model.v1.skill.manifest.ssl_certificate_type import SSLCertificateType

import locales
from smallwins.cli import main
from tests.locales.test_spanish_model import LAUNCH_WORDS as SPANISH_LAUNCH_WORDS
from tests.skill.test_interaction_model import LAUNCH_WORDS as ENGLISH_LAUNCH_WORDS

ENDPOINT = "https://wins.example.org/alexa"
PUBLIC = "https://wins.example.org"
PUBLISHED = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN", "es-US", "es-MX", "es-ES")
# What each language's store page and model must say (its first locale is the base the
# others of the language hold only differences from).
LANGUAGE = {
    "en": {"name": "Small Wins", "invocation": "small wins", "not_a": "not a counsel",
           "open": "Alexa, open Small Wins", "keyword": "recovery",
           "one_shot": r"^alexa, (?:tell|ask) small wins "},
    "es": {"name": "Pequeños Logros", "invocation": "pequeños logros",
           "not_a": "no un servicio de", "open": "Alexa, abre pequeños logros",
           "keyword": "recuperación",
           "one_shot": r"^alexa, (?:dile|pregúntale|pídele) a pequeños logros (?:que )?"},
}  # fmt: skip
# A word of an invocation name, and the launch words it may not hold, by language.
INVOCATION_RULES = {
    "en": (r"[a-z]+", ENGLISH_LAUNCH_WORDS),
    "es": (r"[a-záéíóúüñ]+", SPANISH_LAUNCH_WORDS),
}
SERIALIZER = DefaultSerializer()
MANIFEST = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
MODEL = "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"
# Each locale's description names its own crisis line, and no other country's.
CRISIS = {
    "en-US": ("988", "911", "1-800-662-4357"),
    "en-GB": ("116 123", "999"),
    "en-CA": ("9-8-8", "911"),
    "en-AU": ("13 11 14", "000"),
    "en-IN": ("14416", "112"),
    "es-US": ("988", "marca 2", "911", "1-800-662-4357"),
    "es-MX": ("800 911 2000", "911"),
    "es-ES": ("024", "112"),
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    code = main(
        ["skill", "package", "--endpoint", ENDPOINT, "--out", str(out), "--public-url", PUBLIC]
    )
    assert code == 0
    return out


@pytest.mark.parametrize("locale", PUBLISHED)
def test_each_invocation_name_keeps_alexas_rules_in_its_language(
    package: Path, locale: str
) -> None:
    """Two or more words, in the language's own lowercase letters, and none of the words that
    start a launch or a one-shot in that language (ASK refuses them inside a name)."""
    path = package / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
    name = json.loads(path.read_text())["interactionModel"]["languageModel"]["invocationName"]
    letters, launch = INVOCATION_RULES[locale[:2]]
    assert re.fullmatch(rf"{letters}(?: {letters})+", name), (locale, name)
    assert not set(name.split()) & launch, (locale, name)


def _typed(path: Path, kind: str):
    text = path.read_text(encoding="utf-8")
    typed = SERIALIZER.deserialize(text, kind)
    # Round trip: what Amazon's classes understood is the whole file.
    assert SERIALIZER.serialize(typed) == json.loads(text), path.name
    return typed


def test_the_package_has_the_ask_cli_layout(package: Path) -> None:
    files = sorted(str(p.relative_to(package)) for p in package.rglob("*") if p.is_file())
    assert files == sorted(
        ["ask-resources.json", "skill-package/skill.json"]
        + [f"skill-package/interactionModels/custom/{locale}.json" for locale in PUBLISHED]
    )
    resources = json.loads((package / "ask-resources.json").read_text())
    assert resources["profiles"]["default"]["skillMetadata"]["src"] == "./skill-package"


def test_manifest_is_a_smapi_skill_manifest_with_every_field_right(package: Path) -> None:
    envelope = _typed(package / "skill-package" / "skill.json", MANIFEST)
    assert isinstance(envelope, SkillManifestEnvelope)
    manifest = envelope.manifest
    assert manifest.manifest_version is ManifestVersion._1_0

    publishing = manifest.publishing_information
    assert sorted(publishing.locales) == sorted(PUBLISHED)
    # Amazon's enums define __eq__ without __hash__, so compare their values as a set.
    assert all(isinstance(c, DistributionCountries) for c in publishing.distribution_countries)
    countries = {c.value for c in publishing.distribution_countries}
    assert countries == {"US", "GB", "CA", "AU", "IN", "MX", "ES"}
    assert publishing.is_available_worldwide is False
    assert publishing.distribution_mode is DistributionMode.PUBLIC
    assert publishing.category == "HEALTH_AND_FITNESS"
    assert "save it" in publishing.testing_instructions
    assert "remind me to reflect" in publishing.testing_instructions

    for locale, shown in publishing.locales.items():
        language = LANGUAGE[locale[:2]]
        assert shown.name == language["name"]
        assert 0 < len(shown.summary) <= 160
        assert 0 < len(shown.description) <= 4000
        assert language["not_a"] in shown.description
        for line in CRISIS[locale]:
            assert line in shown.description, (locale, line)
        for other, lines in CRISIS.items():
            if other != locale:
                foreign = set(lines) - set(CRISIS[locale])
                # A whole number, not digits inside another one ("000" in "800 911 2000").
                said = [re.search(rf"(?<!\d){re.escape(f)}(?!\d)", shown.description)
                        for f in foreign]  # fmt: skip
                assert not any(said), (locale, other)
        assert ("counselor" in shown.description) == (locale == "en-US")
        assert 1 <= len(shown.example_phrases) <= 3
        assert shown.example_phrases[0] == language["open"]
        assert 1 <= len(shown.keywords) <= 30 and language["keyword"] in shown.keywords
        assert shown.updates_description

    privacy = manifest.privacy_and_compliance
    assert privacy.uses_personal_info is True
    assert privacy.is_child_directed is False
    assert privacy.contains_ads is False
    assert privacy.allows_purchases is False
    assert privacy.is_export_compliant is True
    assert sorted(privacy.locales) == sorted(PUBLISHED)
    for locale, pages in privacy.locales.items():
        assert pages.privacy_policy_url == f"{PUBLIC}/privacy?locale={locale}"
        assert pages.terms_of_use_url == f"{PUBLIC}/terms?locale={locale}"

    assert [p.name for p in manifest.permissions] == [
        PermissionName.alexa_alerts_reminders_skill_readwrite
    ]
    endpoint = manifest.apis.custom.endpoint
    assert endpoint.uri == ENDPOINT
    assert endpoint.ssl_certificate_type is SSLCertificateType.Trusted


@pytest.mark.parametrize("locale", PUBLISHED)
def test_each_model_is_smapi_interaction_model_data_merged_from_the_locale_folders(
    package: Path, locale: str
) -> None:
    path = package / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
    data = _typed(path, MODEL)
    assert isinstance(data, InteractionModelData)
    language = data.interaction_model.language_model
    assert language.invocation_name == LANGUAGE[locale[:2]]["invocation"]
    assert json.loads(path.read_text()) == locales.model(locale)
    # A folder's own phrasing is in its model, on top of everything its language's base has
    # (and nothing of another language's).
    base = locales.spoken_chain(locale)[-1]
    us = {i["name"]: set(i.get("samples", [])) for i in _intents(locales.model(base))}
    for intent in language.intents:
        assert us[intent.name] <= set(intent.samples or []), (locale, intent.name)
    own = locales.folder(locale) / "model.json"
    if locale != base and own.is_file():
        for intent in _intents(json.loads(own.read_text())):
            theirs = next(i for i in language.intents if i.name == intent["name"])
            assert set(intent["samples"]) <= set(theirs.samples)


@pytest.mark.parametrize("locale", PUBLISHED)
def test_example_phrases_are_sample_utterances_of_that_locales_model(
    package: Path, locale: str
) -> None:
    """Certification rejects an example phrase the model can't hear."""
    skill = json.loads((package / "skill-package" / "skill.json").read_text())
    phrases = skill["manifest"]["publishingInformation"]["locales"][locale]["examplePhrases"]
    samples = [s for i in _intents(locales.model(locale)) for s in i.get("samples", [])]
    patterns = [re.compile("^" + re.sub(r"\\\{\w+\\\}", ".+", re.escape(s)) + "$") for s in samples]
    for phrase in phrases[1:]:
        said = re.sub(LANGUAGE[locale[:2]]["one_shot"], "", phrase.lower())
        assert said != phrase.lower(), phrase
        assert any(p.match(said) for p in patterns), f"{locale}: {phrase!r} matches no sample"


def test_every_published_locale_has_a_folder_and_only_differences(package: Path) -> None:
    for locale in PUBLISHED:
        if locale in ("en-US", "es-US"):
            continue
        own = tomllib.loads((locales.folder(locale) / "skill.toml").read_text())["publishing"]
        assert "crisis" in own and "name" not in own


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "http://wins.example.org/alexa"], "--endpoint must be an https:// URL"),
        (
            ["--endpoint", ENDPOINT, "--public-url", "http://wins.example.org"],
            "SMALLWINS_PUBLIC_URL",
        ),
    ],
)
def test_a_plain_http_address_is_refused_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = ["skill", "package", "--out", str(tmp_path / "out"), *args]
    if "--public-url" not in args:
        argv += ["--public-url", PUBLIC]
    assert main(argv) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _intents(model: dict) -> list[dict]:
    return model["interactionModel"]["languageModel"]["intents"]
