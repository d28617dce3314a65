"""The operator's commands, run for real (`python -m smallwins.cli …`) against the test server,
and the settings they and the app start from."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis

from journal import Journal, owner_key
from journal.crypto import Cipher
from smallwins.embedded_redis import EmbeddedRedis
from smallwins.settings import Settings, SettingsError
from tests.journal.test_crypto import A, B
from tests.skill.test_resilience import _out_of_memory, _snapshot_failed
from tests.support.commands import command_env, run_command
from tests.support.storage import key_count

SECRET = "operator-test-secret-0123456789-abcdefgh"
PERSON = "amzn1.ask.person.OPERATOR-TEST-RAW-ID-7f3e"
OWNER = owner_key(SECRET.encode(), PERSON)
AT = datetime(2026, 11, 24, 18, 30, tzinfo=ZoneInfo("America/New_York"))


pytestmark = pytest.mark.usefixtures("queue_server")


def _env(redis_url: str, **extra: str) -> dict[str, str]:
    settings = dict(
        SMALLWINS_SECRET_KEY=SECRET, SMALLWINS_VERIFY_SIGNATURES="0", SMALLWINS_ENCRYPTION_KEYS=A
    )
    return command_env(redis_url, **{**settings, **extra})


def smallwins(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    result = run_command(env, *args, stdin=stdin)
    # Whatever a command prints, the raw Alexa id is never part of it.
    assert PERSON not in result.stdout + result.stderr
    return result


@pytest.fixture
def wins(redis_client: redis.Redis) -> Journal:
    journal = Journal(redis_client, cipher=Cipher.from_keys([A]))
    journal.first_visit(OWNER, AT)
    first = journal.record(OWNER, "I went for a walk instead of drinking", at=AT).win
    journal.add_detail(OWNER, first.id, helped="my sister's voice", felt="steady")
    journal.record(OWNER, "I called my sponsor", at=AT.replace(day=25))
    journal.record(owner_key(SECRET.encode(), "someone-else"), "not in the export", at=AT)
    return journal


# -- user export / delete ---------------------------------------------------------------------


def test_export_json_prints_every_win_decrypted(redis_url: str, wins: Journal) -> None:
    result = smallwins(_env(redis_url), "user", "export", "--alexa-id", PERSON)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "owner" not in data and data["counts"]["wins"] == 2
    assert [w["text"] for w in data["wins"]] == [
        "I went for a walk instead of drinking",
        "I called my sponsor",
    ]
    assert data["wins"][0]["helped"] == "my sister's voice"


def test_export_text_reads_like_a_journal_and_takes_the_id_from_stdin(
    redis_url: str, wins: Journal
) -> None:
    result = smallwins(
        _env(redis_url), "user", "export", "--alexa-id", "-", "--format", "text", stdin=PERSON
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Small Wins — your journal\n"
        "2 wins on 2 days.\n"
        "\n"
        "2026-11-24 — I went for a walk instead of drinking\n"
        "  What helped: my sister's voice\n"
        "  How it felt: steady\n"
        "\n"
        "2026-11-25 — I called my sponsor\n"
        "\n"
        "Sharing\n"
        "  Nothing is shared with anyone.\n"
    )


def test_export_of_an_unknown_id_says_so(redis_url: str, wins: Journal) -> None:
    result = smallwins(_env(redis_url), "user", "export", "--alexa-id", "amzn1.nobody")
    assert result.returncode == 0
    assert json.loads(result.stdout)["wins"] == []
    assert "nothing is stored for this id" in result.stderr


def test_export_without_the_key_fails_cleanly(redis_url: str, wins: Journal) -> None:
    result = smallwins(
        _env(redis_url, SMALLWINS_ENCRYPTION_KEYS=B), "user", "export", "--alexa-id", PERSON
    )
    assert result.returncode == 1
    assert "no configured encryption key" in result.stderr and "Traceback" not in result.stderr
    assert "walk" not in result.stdout + result.stderr


def test_delete_asks_first_and_keeps_everything_on_no(
    redis_url: str, wins: Journal, redis_client: redis.Redis
) -> None:
    before = key_count(redis_client)
    result = smallwins(_env(redis_url), "user", "delete", "--alexa-id", PERSON, stdin="no\n")
    assert result.returncode == 1
    assert "permanently deletes" in result.stderr and "2 wins" in result.stderr
    assert "not deleted" in result.stderr
    assert key_count(redis_client) == before and wins.count(OWNER) == 2


def test_delete_on_yes_removes_every_key_of_that_person_only(
    redis_url: str, wins: Journal, redis_client: redis.Redis
) -> None:
    mine = [k for k in redis_client.scan_iter() if OWNER.encode() in k]
    result = smallwins(_env(redis_url), "user", "delete", "--alexa-id", PERSON, stdin="yes\n")
    assert result.returncode == 0, result.stderr
    assert f"deleted {len(mine)} keys" in result.stdout
    assert not [k for k in redis_client.scan_iter() if OWNER.encode() in k]
    assert key_count(redis_client) > 0  # the other person's journal is untouched


def test_delete_with_yes_and_the_id_on_stdin(
    redis_url: str, wins: Journal, redis_client: redis.Redis
) -> None:
    result = smallwins(
        _env(redis_url), "user", "delete", "--alexa-id", "-", "--yes", stdin=PERSON + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert wins.count(OWNER) == 0
    again = smallwins(_env(redis_url), "user", "delete", "--alexa-id", PERSON, "--yes")
    assert again.returncode == 0 and "nothing deleted" in again.stdout


def test_user_commands_need_redis(redis_url: str) -> None:
    env = _env(redis_url)
    del env["SMALLWINS_REDIS_URL"]
    result = smallwins(env, "user", "export", "--alexa-id", PERSON)
    assert result.returncode == 2 and "SMALLWINS_REDIS_URL" in result.stderr
    dead = env | {"SMALLWINS_REDIS_URL": "unix:///nonexistent/valkey.sock"}
    result = smallwins(dead, "user", "delete", "--alexa-id", PERSON, "--yes")
    assert result.returncode == 1 and "Redis is unavailable" in result.stderr


# -- keys new / rotate ------------------------------------------------------------------------


def test_keys_new_prints_a_usable_fresh_key(redis_url: str) -> None:
    first = smallwins(_env(redis_url), "keys", "new").stdout.strip()
    second = smallwins(_env(redis_url), "keys", "new").stdout.strip()
    assert first != second
    cipher = Cipher.from_keys([first])
    assert cipher.decrypt(cipher.encrypt("ok")) == "ok"


def test_keys_rotate_reencrypts_with_progress_then_has_nothing_to_do(
    redis_url: str, wins: Journal, redis_client: redis.Redis
) -> None:
    env = _env(redis_url, SMALLWINS_ENCRYPTION_KEYS=f"{B}, {A}")
    result = smallwins(env, "keys", "rotate", "--batch-size", "1")
    assert result.returncode == 0, result.stderr
    assert "re-encrypting [" in result.stderr and "100%" in result.stderr
    assert "values re-encrypted:    5" in result.stdout  # 3 texts, one helped, one felt
    assert "values already current: 0" in result.stdout

    texts = [w.text for w in Journal(redis_client, cipher=Cipher.from_keys([B])).recent(OWNER, 5)]
    assert texts == ["I called my sponsor", "I went for a walk instead of drinking"]

    again = smallwins(env, "keys", "rotate")
    assert again.returncode == 0
    assert "values re-encrypted:    0" in again.stdout
    assert "values already current: 5" in again.stdout
    assert "nothing to do" in again.stdout


def test_keys_rotate_fails_loudly_when_an_old_key_was_dropped_too_early(
    redis_url: str, wins: Journal
) -> None:
    result = smallwins(_env(redis_url, SMALLWINS_ENCRYPTION_KEYS=B), "keys", "rotate")
    assert result.returncode == 1
    assert "values NOT decryptable: 5" in result.stdout


def test_keys_rotate_without_a_key_refuses(redis_url: str) -> None:
    result = smallwins(_env(redis_url, SMALLWINS_ENCRYPTION_KEYS=""), "keys", "rotate")
    assert result.returncode == 2 and "SMALLWINS_ENCRYPTION_KEYS" in result.stderr


# -- settings ---------------------------------------------------------------------------------


PRODUCTION = {
    "SMALLWINS_ENV": "production",
    "SMALLWINS_SECRET_KEY": SECRET,
    "SMALLWINS_SKILL_IDS": "amzn1.ask.skill.00000000-0000-4000-8000-0000000000aa",
    "SMALLWINS_ENCRYPTION_KEYS": A,
    "SMALLWINS_PUBLIC_URL": "https://smallwins.example",
}


def test_keys_are_parsed_newest_first_and_never_shown() -> None:
    settings = Settings.from_env(PRODUCTION | {"SMALLWINS_ENCRYPTION_KEYS": f" {B} ,{A},"})
    assert settings.encryption_keys == (B, A)
    assert A not in repr(settings) and SECRET not in repr(settings)
    old = Cipher.from_keys([A]).encrypt("x")
    assert settings.cipher().decrypt(old) == "x"
    assert not settings.cipher().needs_rotation(settings.cipher().encrypt("y"))


def test_production_refuses_to_start_without_a_key() -> None:
    with pytest.raises(SettingsError, match="SMALLWINS_ENCRYPTION_KEYS must be set"):
        Settings.from_env(PRODUCTION | {"SMALLWINS_ENCRYPTION_KEYS": ""})
    # Built directly (as tests and tools do), the cipher itself still refuses.
    with pytest.raises(SettingsError, match="SMALLWINS_ENCRYPTION_KEYS"):
        Settings(env="production", secret_key=SECRET.encode()).cipher()


@pytest.mark.parametrize("env", ["production", "development"])
def test_a_bad_key_names_the_variable_but_never_the_key(env: str) -> None:
    bad = "this-is-my-secret-but-not-a-fernet-key"
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(
            PRODUCTION
            | {
                "SMALLWINS_ENV": env,
                "SMALLWINS_VERIFY_SIGNATURES": "1",
                "SMALLWINS_ENCRYPTION_KEYS": f"{A},{bad}",
            }
        )
    assert "SMALLWINS_ENCRYPTION_KEYS" in str(caught.value) and "key 2 of 2" in str(caught.value)
    assert bad not in str(caught.value) and A not in str(caught.value)


def test_serve_refuses_production_without_a_key(redis_url: str) -> None:
    bad = "not-a-key-but-a-password-someone-pasted"
    for keys, message in (("", "must be set in production"), (bad, "not a Fernet key")):
        env = _env(redis_url) | PRODUCTION | {"SMALLWINS_VERIFY_SIGNATURES": "1"}
        env["SMALLWINS_ENCRYPTION_KEYS"] = keys
        result = smallwins(env, "serve", "--host", "127.0.0.1", "--port", "9")
        assert result.returncode == 2
        assert "SMALLWINS_ENCRYPTION_KEYS" in result.stderr and message in result.stderr
        assert bad not in result.stderr


def test_development_without_a_key_warns_about_plaintext(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings.from_env({"SMALLWINS_ENV": "development", "SMALLWINS_SECRET_KEY": SECRET})
    assert not settings.cipher().enabled
    with caplog.at_level(logging.WARNING):
        settings.warn_about_development()
    assert "PLAINTEXT" in caplog.text and "SMALLWINS_ENCRYPTION_KEYS" in caplog.text
    caplog.clear()
    keyed = Settings.from_env(
        {
            "SMALLWINS_ENV": "development",
            "SMALLWINS_SECRET_KEY": SECRET,
            "SMALLWINS_ENCRYPTION_KEYS": A,
        }
    )
    with caplog.at_level(logging.WARNING):
        keyed.warn_about_development()
    assert "PLAINTEXT" not in caplog.text


@pytest.mark.parametrize("refusal", [_out_of_memory, _snapshot_failed])
@pytest.mark.parametrize(
    "command",
    [("user", "delete", "--alexa-id", PERSON, "--yes"), ("keys", "rotate"), ("user", "export")],
)
def test_a_server_that_refuses_writes_is_named_not_a_traceback(
    own_server: EmbeddedRedis, refusal: Callable[..., None], command: tuple[str, ...]
) -> None:
    """Up but refusing writes (out of memory, a failed snapshot): the operator reads one line
    that says so and can re-run later, as when Redis can't be reached."""
    direct = redis.Redis.from_url(own_server.url)
    journal = Journal(direct, cipher=Cipher.from_keys([A]))
    journal.record(OWNER, "I went for a walk instead of drinking", at=AT)
    refusal(direct, own_server)
    args = command if command[-1] != "export" else (*command, "--alexa-id", PERSON)
    env = _env(own_server.url, SMALLWINS_ENCRYPTION_KEYS=f"{B}, {A}")
    result = smallwins(env, *args)
    assert "Traceback" not in result.stderr
    if command[-1] == "export":  # reads only: a refusal of writes doesn't stop it
        assert result.returncode == 0 and "walk instead of drinking" in result.stdout
        return
    if command[1] == "delete" and refusal is _out_of_memory:
        # Deleting frees memory, so a full server still takes it: the person is erased.
        assert result.returncode == 0 and "deleted" in result.stdout, result.stderr
        assert journal.count(OWNER) == 0
        return
    assert result.returncode == 1, result.stderr
    assert "Redis is unavailable" in result.stderr and "Traceback" not in result.stderr
