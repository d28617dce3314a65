"""Saying one's own name: the name buddies see, at any time, or the answer to a name question.

Its own module because "my name is Sam" answers whichever name question is open, the invite's
(sharing) or the group's (groups), and groups already builds on sharing.
"""

from __future__ import annotations

from ask_sdk_model import Response

from skill.awaiting import Awaiting
from skill.handlers import groups, meanings, sharing
from skill.handlers.base import Handler
from skill.sharing_words import clean_name
from skill.turn import Turn


class ChangeName(Handler):
    """The name buddies see can be changed by voice at any time."""

    intents = ("ChangeNameIntent",)

    def respond(self, turn: Turn) -> Response:
        said = turn.slot("name")
        danger = meanings.danger_first(turn, said) if said else None
        if danger is not None:
            return danger
        if said and turn.awaited is Awaiting.MY_NAME:  # "my name is Sam", answering the ask
            return sharing.give_my_name(turn, said)
        # Asked which name the group should know: "call me Sam" is that name, not a rename
        # of what buddies see, and the question about sharing with the group still comes.
        if said and turn.awaited is Awaiting.DISPLAY_NAME:
            return groups.choose_display(turn, said)
        name = clean_name(said, turn.locale) if said else ""
        if sharing.is_first_name(name, turn.locale):
            return sharing.rename(turn, name)
        turn.expect(Awaiting.MY_NAME, renaming=True)
        return turn.ask(
            turn.say("share.ask_new_name"), reprompt=turn.say("share.ask_my_name_reprompt")
        )


class MyName(Handler):
    """ "What's my name?": the name buddies see, and how to change it; there may be none yet,
    since it is asked only when sharing starts. (It was answered with the toolkit.)"""

    intents = ("MyNameIntent",)

    def respond(self, turn: Turn) -> Response:
        name = turn.sharing.recipients.me(turn.owner).name
        turn.expect(Awaiting.WIN)
        if name:
            return turn.ask(
                turn.say("share.my_name", name=name), reprompt=turn.say("launch.reprompt")
            )
        return turn.ask(turn.say("share.my_name_none"), reprompt=turn.say("launch.reprompt"))
