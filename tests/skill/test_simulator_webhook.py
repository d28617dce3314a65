"""The simulator against the real webhook over real HTTP: what `smallwins chat` does."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from alexa.simulator.chat import chat
from alexa.simulator.session import say
from journal import Journal, owner_key
from tests.skill.conftest import NOON, SECRET


@pytest.fixture
def url(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/alexa"
    server.shutdown()
    thread.join()


def test_say_records_a_win_with_follow_up_and_reads_it_back(
    url: str, tmp_path: Path, journal: Journal
) -> None:
    state = tmp_path / "sim.json"

    def turn(text: str) -> str:
        return say(text, url=url, state_file=state, clock=lambda: NOON).speech

    assert "win" in turn("open small wins").lower()
    assert "first win" in turn("I went for a walk instead of drinking")
    assert "feel" in turn("calling my sponsor")
    turn("relieved")
    spoken = turn("ask small wins what are my wins")
    assert "you went for a walk instead of drinking" in spoken
    assert "calling your sponsor" in spoken


def test_chat_transcript(url: str, tmp_path: Path, journal: Journal) -> None:
    typed = io.StringIO(
        "tell small wins I made dinner instead of ordering takeout\nskip\n"
        "I'm craving a drink\nno\ndelete my last win\nyes\nexit\n"
    )
    out = io.StringIO()
    chat(url=url, state_file=tmp_path / "sim.json", input=typed, output=out, clock=lambda: NOON)
    transcript = out.getvalue()
    assert "first win" in transcript
    assert "made dinner instead of ordering takeout" in transcript
    assert "Should I delete your last win" in transcript or "Delete your last win" in transcript
    # The simulator's user is a simulated account; its journal is empty again.
    state = (tmp_path / "sim.json").read_text()
    user = state.split('"user_id": "')[1].split('"')[0]
    assert Journal.count(journal, owner_key(SECRET, user)) == 0


def test_chat_sets_a_reminder_with_alexas_permission_step(url: str, tmp_path: Path) -> None:
    typed = io.StringIO(
        "I went for a walk instead of drinking\ncalling my sponsor\nskip\n"
        "what works for me\nhow am I doing\n"
        "remind me to reflect every evening at nine\nyes\n"
        "change my reminder to eight pm\ncancel my reminder\nexit\n"
    )
    out = io.StringIO()
    chat(url=url, state_file=tmp_path / "sim.json", input=typed, output=out,
         clock=lambda: NOON, tz="America/New_York")  # fmt: skip
    transcript = out.getvalue()
    assert "Your sponsor, once" in transcript or "your sponsor" in transcript.lower()
    assert "1 win" in transcript or "one win" in transcript
    assert "Do you allow it?" in transcript
    assert "[alexa app] reminder set: daily at 21:00 (America/New_York)" in transcript
    assert "Every day at 9 PM" in transcript or "every day at 9 PM" in transcript
    assert "[alexa app] reminder set: daily at 20:00" in transcript
    assert "[alexa app] daily reminder deleted" in transcript
