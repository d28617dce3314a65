"""The `smallwins` command: serve the webhook, run everything locally, or talk to it."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from smallwins.settings import Settings, SettingsError

log = logging.getLogger("smallwins")


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _cmd_serve(args: argparse.Namespace) -> int:
    from smallwins.web import serve

    settings = Settings.from_env()
    if not settings.redis_url:
        raise SettingsError("SMALLWINS_REDIS_URL is required to serve the webhook")
    _configure_logging(settings.log_level)
    serve(settings, host=args.host, port=args.port, workers=args.workers)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from smallwins.local import run_locally

    return run_locally(host=args.host, port=args.port)


def _cmd_chat(args: argparse.Namespace) -> int:
    from skill.simulator import chat

    return chat(url=args.url, state_file=args.state_file, person=args.person)


def _cmd_say(args: argparse.Namespace) -> int:
    from skill.simulator import SimulatorError, render_turn, say

    try:
        turn = say(
            args.text,
            url=args.url,
            state_file=args.state_file,
            new_session=args.new,
            person=args.person,
        )
    except SimulatorError as exc:
        print(f"smallwins: {exc}", file=sys.stderr)
        return 1
    print(render_turn(turn))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="smallwins", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="the webhook under gunicorn (production)")
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a server's job
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=None, help="default SMALLWINS_WEB_WORKERS")
    serve.set_defaults(func=_cmd_serve)

    run = sub.add_parser("run", help="everything locally: embedded Redis and the webhook")
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
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SettingsError as exc:
        print(f"smallwins: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
