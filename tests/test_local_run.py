"""`smallwins run` starts the whole skill: the webhook with the buddy pages, a worker, the
scheduler and a mail sink, so an invite can be followed end to end on one machine."""

from __future__ import annotations

import http.client
import os
import re
import signal
import time
import urllib.parse
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from smallwins.local import NEXT_STEPS, chat_url
from smallwins.mail_sink import free_port
from tests.support.dialog import SPOKEN, Dialog
from tests.support.processes import command_line, descendants
from tests.test_durability import HttpClient, _start


def _post_form(port: int, path: str, fields: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = urllib.parse.urlencode(fields)
    connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_run_starts_worker_scheduler_and_a_mail_sink(tmp_path: Path) -> None:
    port = free_port()
    process = _start(tmp_path, port)
    try:
        commands = " | ".join(command_line(pid) for pid in descendants(process.pid))
        assert "smallwins.cli worker" in commands and "smallwins.cli scheduler" in commands

        sam = Dialog(HttpClient(f"http://127.0.0.1:{port}"), user="amzn1.ask.account.TEST-RUN")
        sam.intent("InviteBuddyIntent", role="buddy")
        said = sam.intent("AnswerIntent", answer="Sam")
        code = re.search(r"(\d{3}) ?(\d{3})", said)
        assert code, said
        entered = _post_form(port, "/invite", {"code": code[1] + code[2]})
        assert entered.status == 303
        form = urllib.parse.urlsplit(entered.getheader("Location") or "").path
        SPOKEN.update({"Maria", "maria@example.org"})
        assert _post_form(port, form, {"name": "Maria", "email": "maria@example.org"}).status == 303

        deadline = time.monotonic() + 30
        while not list((tmp_path / "mail").glob("*.eml")):
            assert time.monotonic() < deadline, "no mail reached the local sink"
            time.sleep(0.2)
        (kept,) = (tmp_path / "mail").glob("*.eml")
        assert b"/confirm/" in kept.read_bytes()
        assert oct(kept.stat().st_mode & 0o777) == "0o600"

        # gunicorn's workers count in files of their own, and any of them adds them all up.
        assert list((tmp_path / "metrics").glob("counter_*.db"))
        for _ in range(4):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as reply:
                families = text_string_to_metric_families(reply.read().decode())
                samples = [s for f in families for s in f.samples]
                turns = [s for s in samples if s.name == "smallwins_turns_total"]
            assert sum(s.value for s in turns) == 2
            assert {s.labels["intent"] for s in turns} == {"InviteBuddyIntent", "AnswerIntent"}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except Exception:
            os.killpg(process.pid, signal.SIGKILL)
            raise


def test_the_chat_hint_names_the_port_run_listens_on() -> None:
    assert chat_url("127.0.0.1", 8080) == ""
    assert chat_url("127.0.0.1", 8099) == " --url http://127.0.0.1:8099/alexa"
    assert chat_url("0.0.0.0", 9000) == " --url http://127.0.0.1:9000/alexa"
    hint = NEXT_STEPS.format(
        host="127.0.0.1", port=8099, redis="r", data="d", mail="m", url=chat_url("127.0.0.1", 8099)
    )
    assert "smallwins chat --url http://127.0.0.1:8099/alexa" in hint
    assert 'smallwins say --url http://127.0.0.1:8099/alexa "I went' in hint
