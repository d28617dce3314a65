"""What each `smallwins` subcommand does once `smallwins.cli` has read its arguments: one
function a subcommand, each importing only what it needs, so `smallwins keys new` does not
load the webhook."""

from __future__ import annotations

import argparse
import sys

from smallwins.operator import OperatorError
from smallwins.settings import Settings, SettingsError


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


def serve(args: argparse.Namespace) -> int:
    from smallwins.web import serve

    settings = Settings.from_env()
    if not settings.redis_url:
        raise SettingsError("SMALLWINS_REDIS_URL is required to serve the webhook")
    _configure_logging(settings)
    from smallwins import stores

    stores.check(settings)  # before the fork: a refusal is one clear message, not a boot loop
    serve(settings, host=args.host, port=args.port, workers=args.workers, threads=args.threads)
    return 0


def run(args: argparse.Namespace) -> int:
    from smallwins.local import run_locally

    return run_locally(host=args.host, port=args.port)


def worker(args: argparse.Namespace) -> int:
    from worker.process import run_worker

    settings = _settings()
    return run_worker(settings, burst=args.burst)


def scheduler(args: argparse.Namespace) -> int:
    from worker.process import run_schedule

    settings = _settings()
    return run_schedule(settings)


def digest_run(args: argparse.Namespace) -> int:
    from worker.process import digest_run

    settings = _settings()
    try:
        return digest_run(settings, args.at)
    except SettingsError:
        raise
    except ValueError as exc:
        raise OperatorError(f"--at must be an ISO 8601 time ({exc})") from None


def digest_failures(args: argparse.Namespace) -> int:
    from worker.process import digest_failures

    settings = _settings()
    return digest_failures(settings, retry=args.retry)


def chat(args: argparse.Namespace) -> int:
    from alexa.simulator.chat import chat

    return chat(
        url=args.url, state_file=args.state_file, person=args.person, tz=args.tz,
        locale=args.locale,
    )  # fmt: skip


def say(args: argparse.Namespace) -> int:
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


def keys_new(args: argparse.Namespace) -> int:
    from smallwins.operator import new_key

    print(new_key())
    return 0


def keys_rotate(args: argparse.Namespace) -> int:
    from smallwins.operator import rotate_keys

    settings = Settings.from_env()
    return rotate_keys(settings, batch_size=args.batch_size, pause=args.pause)


def user_export(args: argparse.Namespace) -> int:
    from smallwins.operator import export_user, read_identity

    settings = Settings.from_env()
    identity = read_identity(args.alexa_id, sys.stdin)
    return export_user(settings, identity, fmt=args.format)


def user_delete(args: argparse.Namespace) -> int:
    from smallwins.operator import delete_user, read_identity

    settings = Settings.from_env()
    identity = read_identity(args.alexa_id, sys.stdin)
    return delete_user(settings, identity, assume_yes=args.yes, stdin=sys.stdin)


def skill_package(args: argparse.Namespace) -> int:
    from smallwins.package import CERTIFICATES, PackageError, write

    public_url = args.public_url or Settings.public_url_from_env()
    try:
        written = write(args.out, args.endpoint, public_url, args.certificate)
    except PackageError as exc:
        raise OperatorError(str(exc)) from None
    for path in written:
        print(path)
    print(
        f"Deploy it with the ASK CLI: cd {args.out} && ask deploy "
        f"(certificate type {args.certificate}; choices: {', '.join(CERTIFICATES)})"
    )
    return 0
