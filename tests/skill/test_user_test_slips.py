"""Dialogue slips a user test found, through the real webhook.

Each turn is typed words routed the way Alexa would route them, by the locale's interaction
model (the simulator's matcher), so a gap in the model shows up here as it would on an Echo.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

import pytest
from flask import Flask
from flask.testing import FlaskClient

from alexa.simulator.matching import Matcher
from sharing import Sharing
from tests.skill.conftest import NOON
from tests.skill.test_sharing_voice import buddy
from tests.support.dialog import Dialog

OVERDOSE = {
    "en-US": "I took more pills than usual and my heart won't slow down",
    "es-US": "me tomé más pastillas de las que debía y el corazón me late muy rápido",
}
ASKED_SAFE = {"en-US": "safe right now", "es-US": "a salvo"}
CLEAR_YES = {"en-US": "yes I'm safe", "es-US": "sí, estoy bien"}


@cache
def _matcher(locale: str) -> Matcher:
    return Matcher.from_file(locale=locale)


def say(dialog: Dialog, words: str) -> str:
    """One turn: the words as Alexa would send them in the dialog's locale."""
    match = _matcher(dialog.locale).match(words, today=NOON.date())
    assert not match.is_launch, words
    return dialog.intent(match.intent, **match.slots)


def speech(dialog: Dialog) -> str:
    return dialog.last["response"]["outputSpeech"]["ssml"]


def talk(client: FlaskClient, locale: str) -> Dialog:
    return Dialog(client, now=NOON, locale=locale)


# -- 1. a hedged yes to "are you safe right now?" is not a clear yes ----------------------------


@pytest.mark.parametrize(
    ("locale", "answer"),
    [
        ("en-US", "yeah I think so"),
        ("en-US", "I think so"),
        ("en-US", "I guess so"),
        ("en-US", "I guess"),
        ("en-US", "probably"),
        ("en-US", "kind of"),
        ("en-US", "I think I'm okay"),
        ("en-US", "probably fine"),
        ("en-US", "kind of okay"),
        ("en-US", "I'm fine I guess"),
        ("es-US", "creo que sí"),
        ("es-US", "sí creo que sí"),
        ("es-US", "supongo"),
        ("es-US", "supongo que estoy bien"),
        ("es-US", "más o menos"),
        ("es-US", "tal vez sí"),
    ],
)
def test_a_hedged_yes_after_overdose_signs_gets_911(
    client: FlaskClient, locale: str, answer: str, wins_of, owner: str
) -> None:
    # A clear yes is still taken as safe: support, and 988 if that changes.
    dialog = talk(client, locale)
    say(dialog, OVERDOSE[locale])
    say(dialog, CLEAR_YES[locale])
    assert "911" not in speech(dialog) and "988" in speech(dialog)
    dialog = talk(client, locale)
    say(dialog, OVERDOSE[locale])
    assert ASKED_SAFE[locale] in speech(dialog)
    say(dialog, answer)
    assert "911" in speech(dialog), (answer, speech(dialog))
    assert "988" in speech(dialog)
    assert not dialog.ended
    assert wins_of(owner) == []


# -- 2. after "no" to "are you safe?", the next turns stay with the person ---------------------

NOT_SAFE_NEXT = {
    "en-US": [
        "I don't want to call anyone",
        "what should I do",
        "ok thanks",
        "thanks",
        "I'm scared",
    ],
    "es-US": ["no quiero llamar a nadie", "qué hago", "ok gracias", "gracias", "tengo miedo"],
}
LINES = {"en-US": ("911", "988"), "es-US": ("911", "988")}
# What the turn after "not safe" must never sound like: a goal, a win, the help menu, a goodbye.
NEVER_AFTER_UNSAFE = {
    "en-US": ("goal", "win", "You can say", "welcome", "Come back"),
    "es-US": ("meta", "logro", "Puedes decir", "De nada", "Vuelve"),
}


@pytest.mark.parametrize("locale", sorted(NOT_SAFE_NEXT))
def test_after_not_safe_every_next_turn_repeats_the_lines_calmly(
    client: FlaskClient, locale: str, wins_of, owner: str
) -> None:
    for said in NOT_SAFE_NEXT[locale]:
        dialog = talk(client, locale)
        say(dialog, OVERDOSE[locale])
        say(dialog, "no")
        assert "911" in speech(dialog)
        reply = say(dialog, said)
        for line in LINES[locale]:
            assert line in speech(dialog), (said, reply)
        for wrong in NEVER_AFTER_UNSAFE[locale]:
            assert wrong not in reply, (said, reply)
        assert not dialog.ended, said
        # And the turn after that still stays with them.
        again = say(dialog, said)
        assert "911" in speech(dialog) and again != reply, (said, again)
        # Leaving is still easy, and leaves with the lines.
        dialog.intent("AMAZON.StopIntent")
        assert dialog.ended and "988" in dialog.last["response"]["card"]["content"]
    assert wins_of(owner) == []


def test_after_not_safe_the_next_turn_names_the_countrys_own_lines(client: FlaskClient) -> None:
    dialog = talk(client, "en-GB")
    dialog.intent("RecordWinIntent", win="standing on the bridge right now")
    dialog.intent("AMAZON.NoIntent")
    dialog.intent("RecordWinIntent", win="don't want to call anyone")
    assert "999" in speech(dialog) and "116" in speech(dialog)
    assert "911" not in speech(dialog) and "988" not in speech(dialog)


def test_a_craving_or_thanks_to_are_you_safe_is_no_clear_yes(client: FlaskClient) -> None:
    """ "I'm scared" reaches EncourageIntent and "thank you" ThanksIntent: neither is a yes,
    and neither may walk past the question to a past win or a goodbye."""
    for said in ("I'm scared", "thank you"):
        dialog = talk(client, "en-US")
        say(dialog, OVERDOSE["en-US"])
        say(dialog, said)
        assert "911" in speech(dialog) and not dialog.ended, said


# -- 3. after crisis resources, "I'm ok" is met with gladness, not a question about wins ------

PASSIVE = {
    "en-US": "sometimes I feel like everyone would be better off without me",
    "es-US": "a veces siento que todos estarían mejor sin mí",
}
OKAY_NOW = {
    "en-US": "I'm ok, I'm not going to do anything",
    "es-US": "estoy bien, no voy a hacer nada",
}
GLAD = {"en-US": "glad", "es-US": "alegra"}
WIN_WORDS = {"en-US": ("win", "giving in", "moment"), "es-US": ("logro", "momento")}


@pytest.mark.parametrize("locale", sorted(PASSIVE))
def test_okay_after_crisis_lines_hears_gladness_and_the_line_not_a_win_question(
    client: FlaskClient, locale: str, wins_of, owner: str
) -> None:
    dialog = talk(client, locale)
    say(dialog, PASSIVE[locale])
    assert "988" in speech(dialog)
    reply = say(dialog, OKAY_NOW[locale])
    assert GLAD[locale] in reply and "988" in speech(dialog), reply
    for word in WIN_WORDS[locale]:
        assert word not in reply.lower(), reply
    assert "?" not in reply
    assert wins_of(owner) == []


def test_thanks_after_crisis_lines_is_a_calm_goodbye_with_the_line(client: FlaskClient) -> None:
    for said in ("thanks", "ok thanks"):
        dialog = talk(client, "en-US")
        say(dialog, PASSIVE["en-US"])
        reply = say(dialog, said)
        assert "988" in speech(dialog) and "win" not in reply, (said, reply)


def test_yes_to_would_a_past_win_help_reads_one(client: FlaskClient) -> None:
    """After a yes to "are you safe right now?" the skill asks "would a past win help, or do
    you have one from today?"; a yes got "okay, you can tell me a win" and no past win."""
    dialog = talk(client, "en-US")
    say(dialog, "I went for a walk instead of drinking")
    dialog.intent("AMAZON.StopIntent")
    dialog = talk(client, "en-US")
    say(dialog, "I'm standing on the bridge")
    assert "safe right now" in speech(dialog)
    say(dialog, "yes")
    assert "past win" in speech(dialog)
    reply = say(dialog, "yes")
    assert "walk instead of drinking" in reply, reply


# -- 4. "forget me" starts the two-step delete-everything, it is no win -------------------------

FORGET_ME = [
    ("en-US", "forget me"),
    ("en-US", "I want you to forget me"),
    ("en-US", "delete everything about me"),
    ("es-US", "olvídame"),
    ("es-US", "quiero que me olvides"),
]
UNDONE = {"en-US": "can't be undone", "es-US": "no se puede deshacer"}
SURE = {"en-US": "sure", "es-US": "seguros"}
YES = {"en-US": "yes", "es-US": "sí"}


@pytest.mark.parametrize(("locale", "said"), FORGET_ME)
def test_forget_me_asks_twice_then_deletes_everything(
    client: FlaskClient, locale: str, said: str, wins_of, owner: str
) -> None:
    dialog = talk(client, locale)
    say(dialog, {"en-US": "I went to a meeting", "es-US": "hoy fui a una junta"}[locale])
    dialog.intent("AMAZON.StopIntent")
    assert len(wins_of(owner)) == 1
    dialog = talk(client, locale)
    reply = say(dialog, said)
    assert UNDONE[locale] in reply, reply
    assert len(wins_of(owner)) == 1  # nothing said was kept as a win
    assert SURE[locale] in say(dialog, YES[locale])
    say(dialog, YES[locale])
    assert dialog.ended and wins_of(owner) == []


# -- 5. "what do you mean?" explains the open question and asks it again ------------------------


@pytest.fixture
def sharing(app: Flask) -> Sharing:
    return app.extensions["sharing-pages"].sharing


@pytest.mark.parametrize(
    ("locale", "asked", "explained", "yes"),
    [
        # What a yes sends says what helped goes too: the mails carry it, and it may name
        # people ("and nothing else" understated it).
        ("en-US", "what do you mean", "helped", "yes"),
        ("en-US", "explain", "helped", "yes"),
        ("en-US", "what does that mean exactly", "helped", "yes"),  # free speech
        ("es-US", "¿qué quieres decir?", "ayudó", "sí"),
        ("es-US", "qué significa eso exactamente", "ayudó", "sí"),  # free speech
    ],
)
def test_what_do_you_mean_at_the_consent_question_explains_it_and_asks_again(
    client: FlaskClient,
    sharing: Sharing,
    owner: str,
    locale: str,
    asked: str,
    explained: str,
    yes: str,
) -> None:
    maria = buddy(sharing, owner)
    dialog = talk(client, locale)
    assert "Maria" in dialog.launch()
    reply = say(dialog, asked)
    assert explained in reply and "Maria" in reply and reply.endswith("?"), reply
    assert dialog.attributes["await"]["kind"] == "consent"
    say(dialog, yes)
    after = sharing.recipients.get(owner, maria.id)
    assert after is not None and after.weekly


def test_what_do_you_mean_at_the_group_share_question_explains_it_and_asks_again(
    client: FlaskClient, sharing: Sharing, owner: str
) -> None:
    dialog = talk(client, "en-US")
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    say(dialog, "Sam")
    assert dialog.attributes["await"]["kind"] == "group_share"
    reply = say(dialog, "what do you mean")
    assert "digest" in reply and reply.endswith("?"), reply
    assert dialog.attributes["await"]["kind"] == "group_share"
    said = say(dialog, "yes")
    assert "Tuesday circle" in said and dialog.ended


# -- 6. a change of mind after "no" to group sharing turns it on ------------------------------


@pytest.mark.parametrize(
    ("locale", "group", "name", "no", "changed"),
    [
        ("en-US", "Tuesday circle", "Sam", "no", "actually yes share my wins with the group"),
        ("en-US", "Tuesday circle", "Sam", "no", "yes share my wins with my group"),
        ("es-US", "círculo del martes", "Ana", "no", "sí comparte mis logros con el grupo"),
    ],
)
def test_yes_after_declining_group_sharing_turns_it_on(
    client: FlaskClient,
    sharing: Sharing,
    owner: str,
    locale: str,
    group: str,
    name: str,
    no: str,
    changed: str,
) -> None:
    dialog = talk(client, locale)
    dialog.intent("StartGroupIntent", group=group)
    say(dialog, name)
    say(dialog, no)
    seat = sharing.groups.membership(owner)
    assert seat is not None and not seat.share
    dialog = talk(client, locale)
    reply = say(dialog, changed)
    assert group.casefold() in reply.casefold(), reply
    seat = sharing.groups.membership(owner)
    assert seat is not None and seat.share


@pytest.mark.parametrize(("said", "echo"), [("proud", "you're proud"), ("calm", "you're calm")])
def test_a_feeling_said_alone_is_echoed_as_a_state_not_you_proud(
    client: FlaskClient, said: str, echo: str
) -> None:
    """"Proud" to a new session was asked back as "Should I keep this as a win: you proud?"."""
    dialog = Dialog(client, now=NOON)
    asked = say(dialog, said)
    assert echo in asked and f"you {said}" not in asked, asked


@pytest.mark.parametrize("said", ["good talk with mom", "long walk after work"])
def test_a_thing_described_is_echoed_as_said_not_you_good_talk(
    client: FlaskClient, said: str
) -> None:
    """"Good talk with mom" was asked back as "... as a win: you good talk with mom?"."""
    dialog = Dialog(client, now=NOON)
    asked = say(dialog, said)
    assert said in asked and f"you {said}" not in asked, asked


# -- "should I keep this as a win?" answered no, or skipped twice ------------------------------


@pytest.mark.parametrize(("locale", "no"), [("en-US", "no"), ("es-US", "no")])
def test_no_to_should_i_keep_this_keeps_nothing_and_asks_for_a_win(
    client: FlaskClient, journal, owner: str, locale: str, no: str
) -> None:
    """ "No" was met with "Say yes to save it, or no.": the answer table held the row for
    "skip" twice, the second over the first, so a no could never be said."""
    dialog = talk(client, locale)
    asked = say(dialog, "zorp blarg")
    assert dialog.attributes["await"]["kind"] == "confirm_save", asked
    reply = say(dialog, no)
    assert dialog.attributes["await"]["kind"] == "win" and not dialog.ended, reply
    assert journal.recent(owner, 5) == []


@pytest.mark.parametrize(("locale", "skip"), [("en-US", "skip"), ("es-US", "salta")])
def test_skip_twice_to_should_i_keep_this_is_a_no_not_the_same_question(
    client: FlaskClient, journal, owner: str, locale: str, skip: str
) -> None:
    """A user test: "skip", "skip" heard "Say yes to save it, or no." twice, word for word."""
    dialog = talk(client, locale)
    asked = say(dialog, "zorp blarg")
    first = say(dialog, skip)
    assert dialog.attributes["await"]["kind"] == "confirm_save" and first != asked, first
    second = say(dialog, skip)
    assert dialog.attributes["await"]["kind"] == "win" and second != first, second
    assert journal.recent(owner, 5) == []


# -- a hedged answer to a follow-up --------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "win", "helped", "felt", "kept"),
    [
        ("en-US", "made my bed", "I don't know, my alarm I guess", "dunno, proud maybe",
         ("my alarm", "proud")),
        ("es-US", "hoy tendí la cama", "pues no sé, mi alarma creo", "no sé, cansada supongo",
         ("mi alarma", "cansada")),
    ],
)  # fmt: skip
def test_a_hedged_answer_to_a_follow_up_is_kept_without_the_hedge(
    client: FlaskClient, journal, owner: str, locale: str, win: str, helped: str, felt: str,
    kept: tuple[str, str],
) -> None:
    """A user test: "I don't know, tired I guess" to "how did it feel?" heard "No problem,
    your win is saved as it is", and the feeling said was lost."""
    dialog = talk(client, locale)
    dialog.intent("RecordWinIntent", win=win)
    dialog.intent("AnswerIntent", answer=helped)
    dialog.intent("AnswerIntent", answer=felt)
    [saved] = journal.recent(owner, 5)
    assert (saved.helped, saved.felt) == kept


@pytest.mark.parametrize(("locale", "hedge"), [("en-US", "I don't know"), ("es-US", "no sé")])
def test_a_hedge_alone_still_skips_the_question(
    client: FlaskClient, journal, owner: str, locale: str, hedge: str
) -> None:
    dialog = talk(client, locale)
    win = "made my bed" if locale == "en-US" else "hoy tendí la cama"
    dialog.intent("RecordWinIntent", win=win)
    dialog.intent("AnswerIntent", answer=hedge)
    assert dialog.attributes["await"]["kind"] == "felt"
    [saved] = journal.recent(owner, 5)
    assert saved.helped is None


# -- a lone reading of danger is asked about, not answered with 911 ----------------------------


@pytest.mark.parametrize(
    "said",
    ["told my wife the truth about where I was", "didn't text my ex even tho I really wanted to"],
)
def test_a_win_only_one_model_reads_as_danger_is_asked_about_first(
    client: FlaskClient, journal, owner: str, said: str
) -> None:
    """A user test: these wins got 911, 988 and SAMHSA. The category model alone read a
    crisis, with no word of danger and the crisis-or-not model leaning the other way: that
    is uncertain, so "are you safe right now?" comes first, and "save it" then keeps it."""
    dialog = talk(client, "en-US")
    asked = say(dialog, f"tell small wins {said}")
    assert ASKED_SAFE["en-US"] in asked and "911" not in asked, asked
    say(dialog, CLEAR_YES["en-US"])
    say(dialog, "save it")
    assert len(journal.recent(owner, 5)) == 1


# -- a question is not a goal -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en-US", "is it normal to still want a drink after six months"),
        ("en-US", "should I go to a meeting tonight"),
        ("es-US", "es normal tener antojo después de seis meses"),
    ],
)
def test_a_question_is_met_with_support_not_taken_for_a_goal(
    client: FlaskClient, journal, owner: str, locale: str, said: str
) -> None:
    """A user test: "is it normal to still want a drink after six months" heard "That's a goal
    worth holding on to: you is it normal to still want a drink after six months"."""
    win = "I went for a walk" if locale == "en-US" else "salí a caminar"
    journal.record(owner, win, at=NOON - timedelta(days=2))
    dialog = talk(client, locale)
    reply = dialog.intent("RecordWinIntent", win=said)
    assert ("goal" not in reply and "meta" not in reply) and not dialog.ended, reply
    assert "walk" in reply or "caminar" in reply, reply
    assert len(journal.recent(owner, 5)) == 1


# -- words that only lead into a win are not kept with it ---------------------------------------


@pytest.mark.parametrize(
    ("locale", "said", "kept"),
    [
        ("en-US", "um so went to work today", "I went to work"),
        ("en-US", "okay so I called my sponsor", "I called my sponsor"),
        ("en-US", "so like I skipped the bar and went home", "I skipped the bar and went home"),
        ("en-US", "yeah made my bed", "I made my bed"),
        ("es-US", "bueno, me levanté temprano y me duché", "me levanté temprano y me duché"),
        ("es-US", "pues fui a una junta", "fui a una junta"),
    ],
)
def test_a_win_is_kept_without_the_words_that_lead_into_it(
    client: FlaskClient, journal, owner: str, locale: str, said: str, kept: str
) -> None:
    """A user test: "um so I went to work" was kept as "I um so I went to work", and
    "bueno, me levanté temprano" could not be turned to "tú" when read back."""
    dialog = talk(client, locale)
    dialog.intent("RecordWinIntent", win=said)
    [win] = journal.recent(owner, 5)
    assert win.text == kept


# -- "pídele a pequeños logros que ...": the one-shot Spanish speakers use ----------------------


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("pídele a pequeños logros que lea mis logros", "ReadWinsIntent"),
        ("pídele a pequeños logros que me lea mis logros", "ReadWinsIntent"),
        ("pídele a pequeños logros que me dé ánimos", "EncourageIntent"),
        # What the export page tells people to say for a new link.
        ("pídele a pequeños logros que me mande mis logros", "ExportWinsIntent"),
        ("pídele a pequeños logros que invite a mi padrino", "InviteBuddyIntent"),
        ("pídele a pequeños logros que cancele mi recordatorio", "CancelReminderIntent"),
        ("pídele a pequeños logros que anote que fui a una junta", "RecordWinIntent"),
    ],
)
def test_a_spanish_request_after_que_reaches_its_intent(said: str, intent: str) -> None:
    """A user test: "pídele a pequeños logros que lea mis logros" was heard as free words and
    met with the greeting. After "que" a request takes the subjunctive ("lea", "me mande"),
    which no sample had: every imperative sample now has its subjunctive beside it."""
    match = _matcher("es-US").match(said, today=NOON.date())
    assert match.intent == intent, match


def test_a_made_bed_is_a_win_and_a_bed_not_left_is_still_hard(
    client: FlaskClient, journal, owner: str
) -> None:
    """Seen in the closing transcripts: "tendí la cama" got comfort and the 988 line, because
    "la cama" is mostly said in the corpus by people who can't get out of it."""
    from skill.understanding import Meaning, classify

    dialog = talk(client, "es-US")
    dialog.launch()
    dialog.intent("AnswerIntent", answer="tendí la cama")
    [win] = journal.recent(owner, 5)
    assert win.text == "tendí la cama"
    assert classify("no salgo de la cama", "es-US") is Meaning.DISTRESS
