"""The skill package the ASK CLI deploys: `skill-package/skill.json` (the manifest) and one
interaction model per published locale, both made from the locale folders.

`locales/<locale>/model.json` stays the one source of the interaction models (merged along the
locale's chain, so en-GB holds only its own phrasing), and `locales/<locale>/skill.toml` the
words the skill store shows. Nothing here is edited by hand after it is written.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import locales

# The locales the skill is published in, and the country each is distributed to.
PUBLISHED = {
    "en-US": "US", "en-GB": "GB", "en-CA": "CA", "en-AU": "AU", "en-IN": "IN",
    "es-US": "US", "es-MX": "MX", "es-ES": "ES",
}  # fmt: skip
CERTIFICATES = ("Trusted", "Wildcard", "SelfSigned")
REMINDERS = "alexa::alerts:reminders:skill:readwrite"
# The store's Health & Fitness shelf is where people look for recovery help; the description
# says plainly that the skill is a journal, not a counselor, treatment or emergency service.
CATEGORY = "HEALTH_AND_FITNESS"


class PackageError(ValueError):
    """The package can't be made from what was given (said to the operator as is)."""


def publishing_words(locale: str) -> dict[str, Any]:
    """`skill.toml`'s tables for `locale`, key by key from the nearest folder on its chain."""
    merged: dict[str, dict[str, Any]] = {}
    for name in reversed(locales.spoken_chain(locale)):
        path = locales.folder(name) / "skill.toml"
        if path.is_file():
            for table, values in tomllib.loads(path.read_text(encoding="utf-8")).items():
                merged.setdefault(table, {}).update(values)
    return merged


def manifest(endpoint: str, public_url: str, certificate: str = "Trusted") -> dict[str, Any]:
    """The `skill.json` for a webhook at `endpoint` whose pages are under `public_url`."""
    _https("--endpoint", endpoint)
    _https("SMALLWINS_PUBLIC_URL", public_url)
    if certificate not in CERTIFICATES:
        raise PackageError(f"the certificate type must be one of {', '.join(CERTIFICATES)}")
    public_url = public_url.rstrip("/")
    shown, privacy = {}, {}
    for locale in PUBLISHED:
        words = publishing_words(locale)["publishing"]
        shown[locale] = {
            "name": words["name"],
            "summary": words["summary"],
            "description": words["description"].format(
                not_a=words["not_a"], crisis=words["crisis"]
            ),
            "examplePhrases": list(words["example_phrases"]),
            "keywords": list(words["keywords"]),
            "updatesDescription": words["updates_description"],
        }
        # Each locale links the pages in its own language, so a reader gets the same
        # crisis lines the skill speaks to them.
        privacy[locale] = {
            "privacyPolicyUrl": f"{public_url}/privacy?locale={locale}",
            "termsOfUseUrl": f"{public_url}/terms?locale={locale}",
        }
    testing = publishing_words(locales.DEFAULT)["testing"]["instructions"]
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": shown,
                "isAvailableWorldwide": False,
                "distributionCountries": sorted(set(PUBLISHED.values())),
                "distributionMode": "PUBLIC",
                "category": CATEGORY,
                "testingInstructions": testing,
            },
            "privacyAndCompliance": {
                "locales": privacy,
                # What the skill keeps is a person's own words about their recovery.
                "usesPersonalInfo": True,
                "isChildDirected": False,
                "containsAds": False,
                "allowsPurchases": False,
                "isExportCompliant": True,
            },
            "permissions": [{"name": REMINDERS}],
            "apis": {
                "custom": {
                    "endpoint": {"uri": endpoint, "sslCertificateType": certificate},
                    "interfaces": [],
                }
            },
        }
    }


def interaction_model(locale: str) -> dict[str, Any]:
    """The model Alexa builds for `locale`, merged along its chain."""
    model = locales.model(locale)
    if not model:
        raise PackageError(f"no interaction model for {locale}")
    return model


def write(out: Path, endpoint: str, public_url: str, certificate: str = "Trusted") -> list[Path]:
    """Write the package (and the ASK CLI's project file) under `out`; return what was written.

    `ask deploy` run in `out` deploys the manifest and the models, and nothing else: the
    webhook is hosted by the operator, so there is no infrastructure for the CLI to build.
    """
    skill = manifest(endpoint, public_url, certificate)
    package = out / "skill-package"
    written = [_write_json(package / "skill.json", skill)]
    for locale in PUBLISHED:
        target = package / "interactionModels" / "custom" / f"{locale}.json"
        written.append(_write_json(target, interaction_model(locale)))
    resources = {
        "askcliResourcesVersion": "2020-03-31",
        "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}},
    }
    written.append(_write_json(out / "ask-resources.json", resources))
    return written


def _write_json(path: Path, value: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _https(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise PackageError(f"{name} must be an https:// URL (Alexa only calls HTTPS), got {url!r}")
