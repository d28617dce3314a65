"""The `smallwins` command: serve the webhook, run everything locally, talk to it, or look
after it (encryption keys, people's data requests)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from smallwins import commands
from smallwins.operator import OperatorError
from smallwins.settings import SettingsError


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _operator_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="encryption keys for what people say")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    new = keys_sub.add_parser("new", help="print a fresh key for SMALLWINS_ENCRYPTION_KEYS")
    new.set_defaults(func=commands.keys_new)
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
    rotate.set_defaults(func=commands.keys_rotate)

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
            p.set_defaults(func=commands.user_export)
        else:
            p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
            p.set_defaults(func=commands.user_delete)


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
    serve.set_defaults(func=commands.serve)

    worker = sub.add_parser("worker", help="deliver shares and digests (an RQ worker)")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.set_defaults(func=commands.worker)
    scheduler = sub.add_parser("scheduler", help="queue weekly digests when they are due")
    scheduler.set_defaults(func=commands.scheduler)
    digest = sub.add_parser("digest", help="weekly digests, by hand")
    digest_sub = digest.add_subparsers(dest="digest_command", required=True)
    digest_run = digest_sub.add_parser(
        "run", help="send whatever is due at an instant, now (safe to repeat)"
    )
    digest_run.add_argument("--at", required=True, help="ISO 8601 time, e.g. 2026-11-29T23:05Z")
    digest_run.set_defaults(func=commands.digest_run)
    failures = digest_sub.add_parser("failures", help="deliveries that failed after every retry")
    failures.add_argument("--retry", action="store_true", help="queue them again")
    failures.set_defaults(func=commands.digest_failures)

    run = sub.add_parser(
        "run", help="everything locally: embedded Redis, webhook, worker, scheduler, mail sink"
    )
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8080)
    run.set_defaults(func=commands.run)

    for name, helptext in (("chat", "talk to the skill by typing"), ("say", "one turn")):
        p = sub.add_parser(name, help=helptext)
        if name == "say":
            p.add_argument("text", help="what you would say to Alexa")
            p.add_argument("--new", action="store_true", help="start a new session")
            p.set_defaults(func=commands.say)
        else:
            p.set_defaults(func=commands.chat)
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
    package.add_argument("--public-url", default=None, help="default SMALLWINS_PUBLIC_URL")
    package.add_argument(
        "--certificate",
        default="Trusted",
        choices=("Trusted", "Wildcard", "SelfSigned"),
        help="the endpoint's certificate: Trusted (a trusted authority), Wildcard, SelfSigned",
    )
    package.set_defaults(func=commands.skill_package)
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
