"""The `smallwins` command: serve the webhook, run everything locally, talk to it, or look
after it (encryption keys, people's data requests)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from smallwins.operator import OperatorError
from smallwins.settings import Settings, SettingsError

log = logging.getLogger("smallwins")


def _configure_logging(settings: Settings) -> None:
    from smallwins.logs import configure

    configure(settings.log_level, settings.log_format)


def _settings() -> Settings:
    """Settings from the environment (and, beside a running `smallwins run`, what it filled
    in), with logging set up at their level and format."""
    settings, beside = Settings.for_command()
    _configure_logging(settings)
    if beside is not None:
        print(f"smallwins: using the settings of the running `smallwins run` ({beside})",
              file=sys.stderr)  # fmt: skip
    return settings


def _cmd_serve(args: argparse.Namespace) -> int:
    from smallwins.web import serve

    settings = Settings.from_env()
    if not settings.redis_url:
        raise SettingsError("SMALLWINS_REDIS_URL is required to serve the webhook")
    _configure_logging(settings)
    from smallwins import stores

    stores.check(settings)  # before the fork: a refusal is one clear message, not a boot loop
    serve(settings, host=args.host, port=args.port, workers=args.workers, threads=args.threads)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from smallwins.local import run_locally

    return run_locally(host=args.host, port=args.port)


def _cmd_worker(args: argparse.Namespace) -> int:
    from worker.process import run_worker

    settings = _settings()
    return run_worker(settings, burst=args.burst)


def _cmd_scheduler(args: argparse.Namespace) -> int:
    from worker.process import run_schedule

    settings = _settings()
    return run_schedule(settings)


def _cmd_digest_run(args: argparse.Namespace) -> int:
    from worker.process import digest_run

    settings = _settings()
    try:
        return digest_run(settings, args.at)
    except SettingsError:
        raise
    except ValueError as exc:
        raise OperatorError(f"--at must be an ISO 8601 time ({exc})") from None


def _cmd_digest_failures(args: argparse.Namespace) -> int:
    from worker.process import digest_failures

    settings = _settings()
    return digest_failures(settings, retry=args.retry)


def _cmd_chat(args: argparse.Namespace) -> int:
    from alexa.simulator.chat import chat

    return chat(
        url=args.url, state_file=args.state_file, person=args.person, tz=args.tz,
        locale=args.locale,
    )  # fmt: skip


def _cmd_say(args: argparse.Namespace) -> int:
    from alexa.simulator.chat import render_exchange
    from alexa.simulator.device import say_on_device
    from alexa.simulator.wire import SimulatorError

    try:
        shown, exchange, asked = say_on_device(
            args.text,
            url=args.url,
            state_file=args.state_file,
            new_session=args.new,
            person=args.person,
            tz=args.tz,
            locale=args.locale,
        )
    except SimulatorError as exc:
        print(f"smallwins: {exc}", file=sys.stderr)
        return 1
    print("\n".join([*shown, render_exchange(exchange), *asked]))
    return 0


def _cmd_keys_new(args: argparse.Namespace) -> int:
    from smallwins.operator import new_key

    print(new_key())
    return 0


def _cmd_keys_rotate(args: argparse.Namespace) -> int:
    from smallwins.operator import rotate_keys

    settings = Settings.from_env()
    return rotate_keys(settings, batch_size=args.batch_size, pause=args.pause)


def _cmd_user_export(args: argparse.Namespace) -> int:
    from smallwins.operator import export_user, read_identity

    settings = Settings.from_env()
    identity = read_identity(args.alexa_id, sys.stdin)
    return export_user(settings, identity, fmt=args.format)


def _cmd_user_delete(args: argparse.Namespace) -> int:
    from smallwins.operator import delete_user, read_identity

    settings = Settings.from_env()
    identity = read_identity(args.alexa_id, sys.stdin)
    return delete_user(settings, identity, assume_yes=args.yes, stdin=sys.stdin)


def _cmd_skill_package(args: argparse.Namespace) -> int:
    from smallwins.package import CERTIFICATES, PackageError, write

    public_url = args.public_url or Settings.public_url_from_env()
    try:
        written = write(args.out, args.endpoint, public_url, args.certificate, args.preview)
    except PackageError as exc:
        raise OperatorError(str(exc)) from None
    for path in written:
        print(path)
    print(
        f"Deploy it with the ASK CLI: cd {args.out} && ask deploy "
        f"(certificate type {args.certificate}; choices: {', '.join(CERTIFICATES)})"
    )
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _operator_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="encryption keys for what people say")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    new = keys_sub.add_parser("new", help="print a fresh key for SMALLWINS_ENCRYPTION_KEYS")
    new.set_defaults(func=_cmd_keys_new)
    rotate = keys_sub.add_parser(
        "rotate",
        help="re-encrypt every stored value with the newest key (safe beside the live app)",
        description="Put the new key first in SMALLWINS_ENCRYPTION_KEYS, restart the app, then "
        "run this. It can be stopped and re-run at any time.",
    )
    rotate.add_argument("--batch-size", type=_positive, default=100, help="records per batch")
    rotate.add_argument(
        "--pause", type=float, default=0.0, help="seconds to rest between batches (default 0)"
    )
    rotate.set_defaults(func=_cmd_keys_rotate)

    user = sub.add_parser("user", help="answer a person's data request")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    for name, helptext in (
        ("export", "print everything stored for a person, decrypted"),
        ("delete", "delete everything stored for a person"),
    ):
        p = user_sub.add_parser(name, help=helptext)
        p.add_argument(
            "--alexa-id",
            required=True,
            metavar="ID",
            help="the Alexa person id (if Alexa recognised the speaker) or user id; "
            "- reads it from stdin, keeping it out of shell history",
        )
        if name == "export":
            p.add_argument("--format", choices=("json", "text"), default="json")
            p.set_defaults(func=_cmd_user_export)
        else:
            p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
            p.set_defaults(func=_cmd_user_delete)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="smallwins", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="the webhook under gunicorn (production)")
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a server's job
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=None, help="default SMALLWINS_WEB_WORKERS")
    serve.add_argument(
        "--threads", type=int, default=None, help="per worker; default SMALLWINS_WEB_THREADS"
    )
    serve.set_defaults(func=_cmd_serve)

    worker = sub.add_parser("worker", help="deliver shares and digests (an RQ worker)")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.set_defaults(func=_cmd_worker)
    scheduler = sub.add_parser("scheduler", help="queue weekly digests when they are due")
    scheduler.set_defaults(func=_cmd_scheduler)
    digest = sub.add_parser("digest", help="weekly digests, by hand")
    digest_sub = digest.add_subparsers(dest="digest_command", required=True)
    digest_run = digest_sub.add_parser(
        "run", help="send whatever is due at an instant, now (safe to repeat)"
    )
    digest_run.add_argument("--at", required=True, help="ISO 8601 time, e.g. 2026-11-29T23:05Z")
    digest_run.set_defaults(func=_cmd_digest_run)
    failures = digest_sub.add_parser("failures", help="deliveries that failed after every retry")
    failures.add_argument("--retry", action="store_true", help="queue them again")
    failures.set_defaults(func=_cmd_digest_failures)

    run = sub.add_parser(
        "run", help="everything locally: embedded Redis, webhook, worker, scheduler, mail sink"
    )
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8080)
    run.set_defaults(func=_cmd_run)

    for name, helptext in (("chat", "talk to the skill by typing"), ("say", "one turn")):
        p = sub.add_parser(name, help=helptext)
        if name == "say":
            p.add_argument("text", help="what you would say to Alexa")
            p.add_argument("--new", action="store_true", help="start a new session")
            p.set_defaults(func=_cmd_say)
        else:
            p.set_defaults(func=_cmd_chat)
        p.add_argument("--url", default="http://127.0.0.1:8080/alexa")
        p.add_argument("--person", default=None, help="speak as a recognised household member")
        p.add_argument("--state-file", default="var/simulator.json", type=Path)
        p.add_argument(
            "--tz",
            default=None,
            help="set the simulated device's time zone, e.g. America/Chicago (it stays set)",
        )
        p.add_argument(
            "--locale",
            default=None,
            help="set the simulated device's locale, e.g. en-GB (it stays set; default en-US)",
        )
    skill = sub.add_parser("skill", help="the Alexa skill itself")
    skill_sub = skill.add_subparsers(dest="skill_command", required=True)
    package = skill_sub.add_parser(
        "package",
        help="write the skill package (manifest and interaction models) for `ask deploy`",
        description="Writes DIR/skill-package/skill.json, one interaction model per locale under "
        "DIR/skill-package/interactionModels/custom/, and DIR/ask-resources.json. The privacy and "
        "terms links are under SMALLWINS_PUBLIC_URL (or --public-url).",
    )
    package.add_argument("--endpoint", required=True, help="https://your.host/alexa")
    package.add_argument("--out", required=True, type=Path, metavar="DIR")
    package.add_argument(
        "--preview",
        action="store_true",
        help="also publish the Spanish locales, whose crisis understanding is not yet as "
        "reliable as English (for testing in the developer console, not for the store)",
    )
    package.add_argument("--public-url", default=None, help="default SMALLWINS_PUBLIC_URL")
    package.add_argument(
        "--certificate",
        default="Trusted",
        choices=("Trusted", "Wildcard", "SelfSigned"),
        help="the endpoint's certificate: Trusted (a trusted authority), Wildcard, SelfSigned",
    )
    package.set_defaults(func=_cmd_skill_package)
    _operator_parsers(sub)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SettingsError as exc:
        print(f"smallwins: {exc}", file=sys.stderr)
        return 2
    except OperatorError as exc:
        print(f"smallwins: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
