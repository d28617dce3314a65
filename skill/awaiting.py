"""Every question the skill can leave open between two turns.

The open question travels in the session attributes as `{"kind": <value>, ...data}`; the
values are the strings sessions have always carried, so a session started before a deploy
keeps reading. What each answer does while a question is open is in `skill/handlers/answers.py`.
"""

from __future__ import annotations

import enum


class Awaiting(enum.Enum):
    """The question kept open, and (second) the data that travels with it."""

    def __new__(cls, value: str, question: str) -> Awaiting:
        member = object.__new__(cls)
        member._value_ = value
        member.question = question  # type: ignore[attr-defined]
        return member

    WIN = (
        "win",
        "What's a win today? (asked_exception once the gentle question was asked; after a"
        " 'yes' to 'are you safe?', the words still held for 'save it': text, field, win;"
        " after a goal, the goal's words for 'save it': goal)",
    )
    CONFIRM_SAVE = "confirm_save", "Should I save these unclear words as a win? (text)"
    HELPED = "helped", "What helped with the win just saved? (win)"
    FELT = "felt", "How did it feel? (win)"
    CRISIS = "crisis", "After crisis resources: nothing held, the person may go on or leave."
    CRISIS_SAVE = (
        "crisis_save",
        "After crisis resources: 'save it' keeps the words (text, field, win)",
    )
    SAFE_CHECK = (
        "safe_check",
        "Are you safe right now? Words held, never saved unless 'save it' (text, field, win)",
    )
    UNSAFE = (
        "unsafe",
        "Not safe (or no clear yes) to 'are you safe?', told to call 911: every turn after it"
        " hears 911 and 988 again, calmly, until the person leaves",
    )
    ANOTHER = "another", "Would you like to hear another past win?"
    MORE = "more", "Shall I read more wins of this period? (first, last, name, cursor)"
    LATEST_INSTEAD = "latest_instead", "Nothing in that period; hear the latest wins instead?"
    GROUP_MORE = "group_more", "Hear more of the group's wins this week? (start)"
    DELETE = "delete", "Delete this win for good? (win)"
    ERASE = "erase", "Erase everything? asked twice (step 1 or 2)"
    REMINDER_TIME = "reminder_time", "What time should the daily reminder be?"
    SOBER_DATE = "sober_date", "What day did you get sober? (said whole: 'my sober date is ...')"
    REMINDER_UNDO = (
        "reminder_undo",
        "The daily reminder was just cancelled; 'keep it' brings it back at its time (at)",
    )
    CONSENT = "consent", "Share your wins with this buddy each week? (recipient)"
    INVITE_CODE = "invite_code", "Here is the invite code; want it again? (code, role)"
    MY_NAME = (
        "my_name",
        "What name should your buddy see? (role and word being invited, or renaming)",
    )
    SHARE_TO = "share_to", "Who should get that win? (win)"
    STOP_WHO = "stop_who", "Who should I stop sharing with?"
    DIGEST_TIME = "digest_time", "Which day and time should the weekly note go out?"
    GROUP_NAME = "group_name", "What should the new group be called?"
    GROUP_CODE = "group_code", "What is the group's code?"
    GROUP_CHECK = "group_check", "Codes are being swept: what is the group called? (code)"
    DISPLAY_NAME = "display_name", "Which name should the group know you by? (code, just created)"
    GROUP_SHARE = "group_share", "Share your wins with the group?"

    @classmethod
    def read(cls, stored: object) -> Awaiting | None:
        """The open question a session carries; None for none, or for a kind no longer known."""
        try:
            return cls(stored)
        except (ValueError, TypeError):
            return None
