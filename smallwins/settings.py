"""One `Settings` object, read from `SMALLWINS_*` environment variables and validated once.

No other module reads `os.environ`: the command line builds a `Settings` and passes it in.
Defaults are the safe ones: production mode, signatures verified, SHA-1 refused, and no start
in production without an encryption key for the words people say.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import locales
from journal.crypto import Cipher, InvalidKey
from smallwins.beside import beside_run

log = logging.getLogger(__name__)

ENVIRONMENTS = ("production", "development")


class SettingsError(ValueError):
    """The environment asks for something the app must refuse to start with."""


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"expected 0 or 1, got {value!r}")


LOG_FORMATS = ("text", "json")


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know about where it runs."""

    env: str = "production"
    # Secrets stay out of repr: a Settings object may end up in a log line or a traceback.
    secret_key: bytes = field(default=b"", repr=False)
    redis_url: str | None = None
    queue_url: str | None = None
    """The single Redis server RQ's queues live on; required when `redis_url` is a cluster
    (see `smallwins.stores`), and `redis_url` when not given."""
    skill_ids: frozenset[str] = field(default_factory=frozenset)
    verify_signatures: bool = True
    allow_sha1_signature: bool = False
    alexa_ca_file: Path | None = None
    alexa_cert_dir: Path | None = None
    default_tz: str = ""
    """One zone for every device whose own is not known yet; empty: the locale's home zone."""
    log_level: str = "INFO"
    web_workers: int = 2
    web_threads: int = 8
    public_url: str = "http://127.0.0.1:8080"
    """Where people reach this server's pages (export links, later the buddy pages)."""
    encryption_keys: tuple[str, ...] = field(default=(), repr=False)
    """Fernet keys for win text and other personal words, newest first (see `cipher`)."""
    smtp_url: str | None = field(default=None, repr=False)
    """Where mail goes: smtp://[user:password@]host[:port] (STARTTLS when offered) or smtps://."""
    mail_from: str = "Small Wins <small-wins@localhost>"
    log_format: str = "text"
    """`text` for people reading a terminal, `json` for one JSON object per line."""
    metrics_dir: Path | None = None
    """Where gunicorn's workers keep their metrics files (PROMETHEUS_MULTIPROC_DIR); `serve`
    makes a fresh folder when it is unset."""
    proxy_hops: int = 0
    """How many reverse proxies in front of the app set X-Forwarded-For/-Proto; rate limits
    on the buddy pages count clients by the address these report."""

    @property
    def development(self) -> bool:
        return self.env == "development"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build and validate settings; raise `SettingsError` for anything unsafe."""
        env = dict(os.environ if environ is None else environ)

        def get(name: str, default: str | None = None) -> str | None:
            value = env.get(f"SMALLWINS_{name}")
            return default if value is None or value.strip() == "" else value.strip()

        def path(name: str) -> Path | None:
            value = get(name)
            return Path(value) if value else None

        def whole(name: str, default: int) -> int:
            try:
                return int(get(name) or default)
            except ValueError as exc:
                raise SettingsError(f"SMALLWINS_{name} must be a whole number") from exc

        workers = whole("WEB_WORKERS", 2)
        threads = whole("WEB_THREADS", 8)
        hops = whole("PROXY_HOPS", 0)

        settings = cls(
            env=(get("ENV", "production") or "production").lower(),
            secret_key=(get("SECRET_KEY") or "").encode(),
            redis_url=get("REDIS_URL"),
            queue_url=get("QUEUE_URL"),
            skill_ids=frozenset(
                part.strip() for part in (get("SKILL_IDS") or "").split(",") if part.strip()
            ),
            verify_signatures=_flag(get("VERIFY_SIGNATURES"), default=True),
            allow_sha1_signature=_flag(get("ALLOW_SHA1_SIGNATURE"), default=False),
            alexa_ca_file=path("ALEXA_CA_FILE"),
            alexa_cert_dir=path("ALEXA_CERT_DIR"),
            default_tz=(get("DEFAULT_TZ") or "").strip(),
            log_level=(get("LOG_LEVEL", "INFO") or "INFO").upper(),
            log_format=(get("LOG_FORMAT", "text") or "text").lower(),
            metrics_dir=path("METRICS_DIR"),
            public_url=(get("PUBLIC_URL", "http://127.0.0.1:8080") or "").rstrip("/"),
            web_workers=workers,
            web_threads=threads,
            encryption_keys=tuple(
                part.strip() for part in (get("ENCRYPTION_KEYS") or "").split(",") if part.strip()
            ),
            smtp_url=get("SMTP_URL"),
            mail_from=get("MAIL_FROM", Settings.mail_from) or Settings.mail_from,
            proxy_hops=hops,
        )
        settings.validate()
        return settings

    @classmethod
    def for_command(cls) -> tuple[Settings, Path | None]:
        """Settings for a command run by hand: the environment, and where it says nothing,
        what a running `smallwins run` in the same data folder filled in (see
        `smallwins.beside`); with the record that was read, or None."""
        env, used = beside_run(os.environ)
        return cls.from_env(env), used

    @staticmethod
    def environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """The process's environment as a copy, for `smallwins run`, which fills in local
        defaults and hands the result to the processes it starts (each builds its Settings)."""
        return dict(os.environ if environ is None else environ)

    @staticmethod
    def public_url_from_env(environ: Mapping[str, str] | None = None) -> str:
        """SMALLWINS_PUBLIC_URL alone, for commands that need nothing else (the skill
        package names its privacy and terms pages) and run where no secrets are."""
        env = os.environ if environ is None else environ
        value = (env.get("SMALLWINS_PUBLIC_URL") or "").strip().rstrip("/")
        return value or Settings.public_url

    def zone_for(self, locale: str | None) -> str:
        """The zone for someone whose device's zone is not known: the configured one, else
        where people speaking their locale live."""
        return self.default_tz or locales.home_zone(locale or locales.DEFAULT)

    def validate(self) -> None:
        """Refuse what is unsafe; warn about what is only unwise."""
        if self.env not in ENVIRONMENTS:
            raise SettingsError(f"SMALLWINS_ENV must be one of {', '.join(ENVIRONMENTS)}")
        try:
            if self.default_tz:
                ZoneInfo(self.default_tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"SMALLWINS_DEFAULT_TZ {self.default_tz!r} is unknown") from exc
        if not self.public_url.startswith(("https://", "http://")):
            raise SettingsError("SMALLWINS_PUBLIC_URL must be an http(s) URL")
        if not self.development and not self.public_url.startswith("https://"):
            raise SettingsError("SMALLWINS_PUBLIC_URL must be https:// in production")
        if self.smtp_url is not None and not self.smtp_url.startswith(("smtp://", "smtps://")):
            raise SettingsError("SMALLWINS_SMTP_URL must start with smtp:// or smtps://")
        if "@" not in self.mail_from:
            raise SettingsError("SMALLWINS_MAIL_FROM must hold a mail address")
        if self.log_format not in LOG_FORMATS:
            raise SettingsError(f"SMALLWINS_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}")
        if self.proxy_hops < 0:
            raise SettingsError("SMALLWINS_PROXY_HOPS can't be negative")
        if self.web_workers < 1:
            raise SettingsError("SMALLWINS_WEB_WORKERS must be at least 1")
        if self.web_threads < 1:
            raise SettingsError("SMALLWINS_WEB_THREADS must be at least 1")
        if self.alexa_ca_file is not None and not self.alexa_ca_file.is_file():
            raise SettingsError("SMALLWINS_ALEXA_CA_FILE does not name a readable file")
        if self.alexa_cert_dir is not None and not self.alexa_cert_dir.is_dir():
            raise SettingsError("SMALLWINS_ALEXA_CERT_DIR does not name a folder")
        if not self.development:
            if not self.verify_signatures:
                raise SettingsError(
                    "SMALLWINS_VERIFY_SIGNATURES=0 is only allowed with SMALLWINS_ENV=development"
                )
            if len(self.secret_key) < 32:
                raise SettingsError(
                    "SMALLWINS_SECRET_KEY must be set to at least 32 characters in production"
                )
            if not self.skill_ids:
                raise SettingsError("SMALLWINS_SKILL_IDS must name your skill's id in production")
        elif not self.secret_key:
            raise SettingsError("SMALLWINS_SECRET_KEY is required, even in development")
        self.cipher()

    def cipher(self) -> Cipher:
        """The cipher for people's words: the newest key encrypts, every key decrypts.

        Without keys it is the plaintext cipher, allowed only in development; in production
        this refuses, so no code path can build a journal that writes plaintext there.
        """
        try:
            cipher = Cipher.from_keys(self.encryption_keys)
        except InvalidKey as exc:
            raise SettingsError(f"SMALLWINS_ENCRYPTION_KEYS: {exc}") from None
        if not cipher.enabled and not self.development:
            raise SettingsError(
                "SMALLWINS_ENCRYPTION_KEYS must be set in production: win text is stored "
                "encrypted with it (make a key with `smallwins keys new`)"
            )
        return cipher

    def warn_about_development(self) -> None:
        """Say loudly, once at start, which protections development mode switched off."""
        if not self.development:
            return
        if not self.verify_signatures:
            log.warning(
                "Alexa request signatures are NOT verified (SMALLWINS_VERIFY_SIGNATURES=0, "
                "development mode). Never expose this server to the internet like this."
            )
        if not self.skill_ids:
            log.warning("SMALLWINS_SKILL_IDS is empty: requests for any skill id are accepted.")
        if not self.encryption_keys:
            log.warning(
                "SMALLWINS_ENCRYPTION_KEYS is not set: win text, what helped and how it felt "
                "are stored in PLAINTEXT (development mode). Set a key (`smallwins keys new`) "
                "before anyone records a real win."
            )
