"""The open questions are declared once, and sessions written before keep reading."""

from skill.awaiting import Awaiting
from skill.handlers import answers, free_speech

# What sessions in the wild carry under "await"/"kind"; renaming one would strand them.
STORED = {
    "win", "confirm_save", "helped", "felt", "crisis", "crisis_save", "another", "more",
    "latest_instead", "group_more", "delete", "erase", "reminder_time", "sober_date", "consent",
    "invite_code", "my_name", "share_to", "stop_who", "digest_time", "group_name",
    "group_code", "group_check", "display_name", "group_share", "safe_check", "unsafe",
    "reminder_undo",
}  # fmt: skip


def test_every_stored_kind_reads_as_its_question():
    assert {a.value for a in Awaiting} == STORED
    for kind in STORED:
        assert Awaiting.read(kind).value == kind


def test_a_kind_no_longer_known_reads_as_no_question():
    assert Awaiting.read("gone") is None
    assert Awaiting.read(None) is None
    assert Awaiting.read({"kind": "win"}) is None


def test_every_question_says_what_it_keeps_open():
    for awaiting in Awaiting:
        assert awaiting.question.strip()


def test_every_question_is_answerable_by_some_table():
    answered = set(free_speech.SPOKEN)
    tables = (answers.YES, answers.NO, answers.STOP, answers.MORE, answers.REPEAT)
    for table in (*tables, answers.SAVE, answers.FALLBACK, answers.SKIP, answers.NO_IDEA):
        answered |= set(table.rows)
    assert answered == set(Awaiting)
