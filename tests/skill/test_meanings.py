"""Issue 9 through the real webhook: every example the issue names, handled as meant.

Crisis anywhere gets help first; uncertain danger is asked about first; distress, questions,
thanks and goals are never offered or saved as wins; a win inside a hard sentence is saved
as that win; and the dialogue slips the issue lists stay fixed.
"""

from __future__ import annotations

import pytest
from flask import Flask

from sharing import Sharing
from skill.understanding import win_part
from tests.support.dialog import Dialog


@pytest.fixture
def sharing(app: Flask) -> Sharing:
    return app.extensions["sharing-pages"].sharing


def speech(dialog: Dialog) -> str:
    return dialog.last["response"]["outputSpeech"]["ssml"]


# -- crisis and danger ---------------------------------------------------------------------------


def test_a_dangerous_place_is_asked_about_first_and_a_no_gets_911(
    dialog: Dialog, wins_of, owner: str
) -> None:
    said = dialog.intent("RecordWinIntent", win="standing on the bridge right now")
    assert "safe right now" in said and "988" in dialog.last["response"]["card"]["content"]
    dialog.intent("AMAZON.NoIntent")
    assert "911" in speech(dialog) and not dialog.ended
    assert wins_of(owner) == []


def test_signs_of_an_overdose_say_911_before_asking_if_safe(dialog: Dialog, wins_of, owner) -> None:
    dialog.intent("AnswerIntent", answer="my heart is racing after using")
    said = dialog.last["response"]["outputSpeech"]["ssml"]
    assert "911" in said and "safe right now" in said and said.index("911") < said.index("safe")
    assert wins_of(owner) == []


def test_nothing_left_is_asked_about_first_never_offered_an_idea(
    dialog: Dialog, wins_of, owner: str
) -> None:
    dialog.launch()
    said = dialog.intent("AnswerIntent", answer="i have nothing left")
    assert "safe right now" in said and wins_of(owner) == []
    dialog.intent("AMAZON.NoIntent")
    assert "911" in speech(dialog) and not dialog.ended


def test_a_final_goodbye_through_a_carrier_is_asked_about_first(
    dialog: Dialog, wins_of, owner
) -> None:
    # "it was {answer}" hands over "nice knowing you all": it was greeted as small talk.
    dialog.launch()
    said = dialog.intent("AnswerIntent", answer="nice knowing you all")
    assert "safe right now" in said and wins_of(owner) == []


def test_a_yes_to_are_you_safe_gets_gentle_support_and_nothing_saved(
    dialog: Dialog, wins_of, owner: str
) -> None:
    dialog.intent("RecordWinIntent", win="used more than usual and my heart is racing")
    assert "safe right now" in speech(dialog)
    said = dialog.intent("AnswerIntent", answer="yes I'm okay")
    assert "glad" in said or "Thank you" in said
    assert wins_of(owner) == []


def test_after_a_yes_to_are_you_safe_save_it_keeps_the_words_said(
    dialog: Dialog, wins_of, owner: str
) -> None:
    """Safe, the person may still have meant a win: "save it" keeps the words held, once."""
    dialog.intent("RecordWinIntent", win="said goodbye to my sister at the airport")
    assert "safe right now" in speech(dialog)
    dialog.intent("AMAZON.YesIntent")
    assert wins_of(owner) == []
    dialog.intent("SaveItIntent")
    [win] = wins_of(owner)
    assert "goodbye to my sister at the airport" in win
    said = dialog.intent("SaveItIntent")  # kept already: not kept twice
    assert "saved already" in said or "kept already" in said
    assert len(wins_of(owner)) == 1


def test_save_it_after_a_win_was_saved_keeps_the_follow_up_question(
    dialog: Dialog, journal, owner: str
) -> None:
    """ "Save it" at "what helped?" used to hear "nothing to save, tell me a win", and the
    answer that came next, "my sponsor", was kept as a second win."""
    dialog.intent("RecordWinIntent", win="went to a meeting")
    said = dialog.intent("SaveItIntent")
    assert "saved already" in said or "kept already" in said
    dialog.intent("AnswerIntent", answer="my sponsor")
    [win] = journal.recent(owner, 5)
    assert win.helped == "my sponsor"
    said = dialog.intent("SaveItIntent")
    assert "how did it feel" in said.lower()


def test_withdrawal_signs_are_asked_about_first(dialog: Dialog, wins_of, owner: str) -> None:
    dialog.intent(
        "RecordWinIntent", win="stopped drinking three days ago and I'm shaking and seeing things"
    )
    assert "safe right now" in speech(dialog)
    dialog.intent("AnswerIntent", answer="I don't know")  # not a clear yes: help
    assert "911" in speech(dialog)
    assert wins_of(owner) == []


def test_help_to_are_you_safe_gets_help_and_repeat_asks_again(
    dialog: Dialog, wins_of, owner: str
) -> None:
    """ "Help" answering "are you safe right now?" is a call for help, not a request for the
    skill's help text; "say that again" asks the question again."""
    dialog.intent("RecordWinIntent", win="standing on the bridge right now")
    dialog.intent("AMAZON.RepeatIntent")
    assert "safe right now" in speech(dialog) and not dialog.ended
    dialog.intent("AMAZON.HelpIntent")
    assert "911" in speech(dialog) and "You can say" not in speech(dialog)
    assert wins_of(owner) == []


def test_someone_else_in_danger_gets_911_first(dialog: Dialog, wins_of, owner: str) -> None:
    said = dialog.intent("RecordWinIntent", win="my friend is not breathing")
    assert said.startswith("Call") and "911" in speech(dialog)
    assert wins_of(owner) == []


def test_a_passive_wish_to_die_gets_resources_and_is_not_offered_as_a_win(
    dialog: Dialog, wins_of, owner: str
) -> None:
    said = dialog.intent("RecordWinIntent", win="wish I could go to sleep and not wake up")
    assert "988" in speech(dialog)
    assert "save it" not in said and "win" not in said
    assert wins_of(owner) == []


def test_crisis_as_the_answer_to_a_follow_up_gets_resources(
    dialog: Dialog, journal, owner: str
) -> None:
    dialog.intent("RecordWinIntent", win="went to a meeting")
    dialog.intent("AnswerIntent", answer="nothing, I want to die")
    assert "988" in speech(dialog)
    [win] = journal.recent(owner, 5)
    assert win.helped is None


def test_crisis_in_a_buddy_name_gets_resources_and_no_name(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    dialog.intent("InviteBuddyIntent")
    dialog.intent("AnswerIntent", answer="I want to kill myself")
    assert "988" in speech(dialog)
    assert sharing.recipients.me(owner).name is None


# -- distress, questions, thanks, goals, hard wins -----------------------------------------------


def test_distress_gets_support_and_one_offer_of_help_never_a_win(
    dialog: Dialog, wins_of, owner: str
) -> None:
    said = dialog.intent("RecordWinIntent", win="I'm in a really dark place")
    assert "988" in said and "win?" not in said and "keep" not in said.lower().split("win")[0]
    assert wins_of(owner) == []
    dialog.launch()
    said = dialog.intent("AnswerIntent", answer="I'm in a really dark place")
    assert wins_of(owner) == []


def test_distress_with_a_past_win_reads_it_back(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win="went for a walk instead of drinking")
    dialog.intent("AMAZON.StopIntent")
    said = dialog.intent("DistressIntent")
    assert "walk" in said and "988" in said


def test_questions_are_answered_not_saved(dialog: Dialog, wins_of, owner: str) -> None:
    assert "You can say" in dialog.intent(
        "RecordWinIntent", win="what can you do"
    ) or "Try" in speech(dialog)
    said = dialog.intent("RecordWinIntent", win="how am I doing this month")
    assert "am you" not in said
    said = dialog.intent("RecordWinIntent", win="how many days have I been sober")
    assert "days clean" in said
    said = dialog.intent("RecordWinIntent", win="what time is my reminder")
    assert "reminder" in said
    said = dialog.intent("RecordWinIntent", win="can you email my wins to my sponsor")
    assert "invite my sponsor" in said
    assert wins_of(owner) == []


def test_a_reminder_asked_for_with_a_time_is_set_not_reported(dialog: Dialog) -> None:
    said = dialog.intent("RecordWinIntent", win="remind me at 9 pm")
    assert "permission" in said and "don't have a daily reminder" not in said


def test_a_bare_name_is_neither_saved_nor_alarmed(dialog: Dialog, wins_of, owner: str) -> None:
    said = dialog.intent("AnswerIntent", answer="Maria")
    assert "988" not in said and not dialog.ended
    assert dialog.attributes["await"]["kind"] == "confirm_save"
    assert wins_of(owner) == []


def test_violent_words_meant_harmlessly_are_kept_only_after_a_yes(
    dialog: Dialog, wins_of, owner: str
) -> None:
    # Nothing danger-adjacent is saved without a clear word: "my boss is gonna kill me for
    # being late" was saved as a win at "what's a win from today?".
    dialog.launch()
    said = dialog.intent("AnswerIntent", answer="my boss is gonna kill me for being late")
    assert "988" not in said and "as a win" in said
    assert "your boss is gonna kill you for being late" in said
    assert dialog.attributes["await"]["kind"] == "confirm_save" and wins_of(owner) == []
    # Said through the "I {win}" carrier too, and a yes keeps it.
    dialog.intent("AMAZON.StopIntent")
    dialog.launch()
    said = dialog.intent("RecordWinIntent", win="killed it at my interview today")
    assert "as a win" in said and wins_of(owner) == []
    dialog.intent("AMAZON.YesIntent")
    assert wins_of(owner) == ["I killed it at my interview"]
    # No violent word, no question: kept at once.
    dialog.intent("AMAZON.StopIntent")
    dialog.launch()
    dialog.intent("AnswerIntent", helped="my sister")
    assert wins_of(owner)[0] == "my sister helped me"


def test_days_sober_asked_is_answered_from_the_journal(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win="went for a walk instead of drinking")
    dialog.intent("AMAZON.StopIntent")
    said = dialog.intent("RecordWinIntent", win="how many days have I been sober")
    assert "days clean" in said and "one day" in said


def test_alexa_routes_the_questions_itself(dialog: Dialog) -> None:
    assert "days clean" in dialog.intent("SoberDaysIntent")
    assert "reminder" in dialog.intent("ReminderStatusIntent")
    assert "sponsor" in dialog.intent("SharingHowIntent")


def test_thanks_gets_a_warm_close(dialog: Dialog, wins_of, owner: str) -> None:
    said = dialog.intent("RecordWinIntent", win="thanks")
    assert dialog.ended and ("welcome" in said or "Any time" in said)
    dialog.intent("ThanksIntent")
    assert dialog.ended
    assert wins_of(owner) == []


def test_small_talk_is_answered_by_what_it_is(dialog: Dialog, wins_of, owner: str) -> None:
    # "You're welcome" to "good morning" was a non sequitur: a hello gets a hello and the
    # day's question, a goodbye a goodbye.
    said = dialog.intent("RecordWinIntent", win="good morning")
    assert not dialog.ended and "welcome" not in said and "?" in said
    said = dialog.intent("RecordWinIntent", win="okay bye")
    assert dialog.ended and "welcome" not in said
    assert wins_of(owner) == []


def test_i_feel_great_keeps_its_words_away_from_how_did_it_feel(
    dialog: Dialog, journal, owner: str
) -> None:
    # "I feel {feeling}" hands over only "great": kept as a win, it read back "you great".
    dialog.launch()
    dialog.intent("AnswerIntent", feeling="great")
    assert all(win.text != "great" for win in journal.recent(owner, 5))
    dialog.intent("AMAZON.StopIntent")
    dialog.intent("RecordWinIntent", win="made my bed")
    dialog.intent("SkipIntent")
    assert dialog.intent("AnswerIntent", feeling="proud") and dialog.ended
    assert journal.recent(owner, 1)[0].felt == "proud"


def test_what_helped_said_unasked_is_heard_whole(dialog: Dialog, journal, owner: str) -> None:
    # "{helped} helped me" hands over only "my sister": offered back, it was "save this as a
    # win: your sister?". Said with no question open, it is heard whole.
    said = dialog.intent("AnswerIntent", helped="my sister")
    assert "your sister helped you" in said
    dialog.intent("AMAZON.StopIntent")
    said = dialog.intent("AnswerIntent", helped="calling my sponsor")
    assert "calling your sponsor helped you" in said and "you're" not in said
    dialog.intent("AMAZON.StopIntent")
    dialog.launch()
    dialog.intent("AnswerIntent", helped="my sister")
    assert journal.recent(owner, 1)[0].text == "my sister helped me"
    # At "what helped?" the same words are the answer, kept without the carrier.
    dialog.intent("AMAZON.StopIntent")
    dialog.intent("RecordWinIntent", win="went to a meeting")
    dialog.intent("AnswerIntent", helped="my sister")
    assert journal.recent(owner, 1)[0].helped == "my sister"


def test_lo_que_me_ayudo_dicho_sin_pregunta_se_oye_entero(client, clock) -> None:
    spanish = Dialog(client, now=clock(), locale="es-US")
    said = spanish.intent("AnswerIntent", helped="mi hermana")
    assert "tu hermana te ayudó" in said


def test_an_unsure_win_is_echoed_in_the_second_person(dialog: Dialog) -> None:
    # Free speech with no question open is asked about first: never "keep made dinner".
    said = dialog.intent("AnswerIntent", answer="made dinner at home")
    assert "as a win" in said and "you made dinner at home" in said


def test_an_unclear_word_is_echoed_as_said_not_made_a_sentence(dialog: Dialog) -> None:
    # A bare name is asked about; "you carlos" would mangle it.
    said = dialog.intent("AnswerIntent", answer="carlos")
    assert "as a win" in said and ": carlos?" in said and "you carlos" not in said


def test_small_talk_kinds_per_language() -> None:
    from skill.sharing_words import small_talk

    assert small_talk("thank you so much", "en-US") == "thanks"
    assert small_talk("cheers", "en-GB") == "thanks"
    assert small_talk("night night", "en-US") == "farewell"
    assert small_talk("hey how are you", "en-US") == "hello"
    assert small_talk("muchas gracias", "es-MX") == "thanks"
    assert small_talk("hasta mañana", "es-ES") == "farewell"
    assert small_talk("buenos días", "es-US") == "hello"


def test_an_intention_is_a_goal_not_a_win(dialog: Dialog, wins_of, owner: str) -> None:
    said = dialog.intent("RecordWinIntent", win="I want to quit drinking")
    assert "goal" in said and "you want to quit drinking" in said
    assert wins_of(owner) == []


def test_a_win_inside_a_hard_sentence_is_saved_as_that_win(
    dialog: Dialog, wins_of, owner: str
) -> None:
    said = dialog.intent("RecordWinIntent", win="this craving is killing me but I went for a run")
    assert "988" not in said and "saved" in said.lower()
    assert wins_of(owner) == ["I went for a run"]


def test_with_no_but_the_win_is_read_after_so_i_or_and_then() -> None:
    assert win_part("the cravings were so bad so I called my sponsor") == "called my sponsor"
    assert win_part("tenía muchas ganas así que llamé a mi padrino", "es-US") == (
        "llamé a mi padrino"
    )


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en-US", "um so I went to work today, was late but I went"),
        ("en-US", "skipped happy hour with the guys and went to the gym and then made dinner"),
        ("es-US", "pues llegué tarde al trabajo pero sí fui"),
        ("es-US", "no fui a la cantina y me fui al gimnasio y luego hice de cenar en casa"),
    ],
)
def test_a_win_is_cut_only_from_a_hard_part(locale: str, said: str) -> None:
    """A user test: "was late but I went" was kept as "I went", and a win of three steps
    joined by "and then" as its last step. Only a part that reads as hard is cut off."""
    assert win_part(said, locale) == said


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        (
            "today was rough and I almost stopped at the liquor store but I took my dog out "
            "for a long walk and then I called my sponsor",
            "I took my dog out for a long walk and then I called my sponsor",
        ),
    ],
)
def test_a_win_of_several_steps_after_a_but_is_kept_whole(
    dialog: Dialog, wins_of, owner: str, said: str, kept: str
) -> None:
    # "and then" joins the win's own steps: it used to cut the walk off.
    dialog.intent("RecordWinIntent", win=said)
    assert wins_of(owner) == [kept]


# -- dialogue slips ------------------------------------------------------------------------------


def test_skipping_what_helped_still_asks_how_it_felt(dialog: Dialog, journal, owner: str) -> None:
    dialog.intent("RecordWinIntent", win="made my bed")
    assert "feel" in dialog.intent("SkipIntent") and not dialog.ended
    assert dialog.intent("AnswerIntent", answer="proud") and dialog.ended
    [win] = journal.recent(owner, 5)
    assert (win.helped, win.felt) == (None, "proud")


def test_keeping_what_helped_private_moves_on_calmly(dialog: Dialog, journal, owner: str) -> None:
    # It was met with crisis lines: the models hear "keep ... to myself" mostly from people
    # hiding how they are.
    dialog.intent("RecordWinIntent", win="made my bed")
    said = dialog.intent("AnswerIntent", answer="i'd rather keep that to myself")
    assert "feel" in said and "988" not in said and not dialog.ended
    dialog.intent("AnswerIntent", answer="proud")
    [win] = journal.recent(owner, 5)
    assert (win.helped, win.felt) == (None, "proud")


def test_a_hedge_around_what_helped_is_not_kept(dialog: Dialog, journal, owner: str) -> None:
    # "My dog I guess" was read back as "What helped: your dog you guess".
    dialog.intent("RecordWinIntent", win="made my bed")
    dialog.intent("AnswerIntent", answer="my dog i guess")
    dialog.intent("AnswerIntent", answer="proud i think")
    [win] = journal.recent(owner, 5)
    assert (win.helped, win.felt) == ("my dog", "proud")


def test_a_question_back_at_a_follow_up_asks_it_again(dialog: Dialog, journal, owner: str) -> None:
    # "Why do you ask?" was kept as how it felt.
    dialog.intent("RecordWinIntent", win="made my bed")
    dialog.intent("SkipIntent")
    said = dialog.intent("AnswerIntent", answer="why do you ask?")
    assert not dialog.ended and "felt" in said
    dialog.intent("AnswerIntent", answer="calm")
    [win] = journal.recent(owner, 5)
    assert win.felt == "calm"


def test_i_dont_know_to_what_helped_still_asks_how_it_felt(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win="made my bed")
    assert "feel" in dialog.intent("NoIdeaIntent") and not dialog.ended
    dialog.intent("AnswerIntent", answer="proud")
    dialog.intent("RecordWinIntent", win="went to a meeting")
    assert "feel" in dialog.intent("AnswerIntent", answer="I don't know") and not dialog.ended


def test_the_name_step_takes_only_a_name_and_it_can_be_changed_later(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    dialog.intent("InviteBuddyIntent")
    said = dialog.intent("AnswerIntent", answer="say it again")
    assert "name" in said and sharing.recipients.me(owner).name is None
    said = dialog.intent("AMAZON.RepeatIntent")
    assert "name" in said and sharing.recipients.me(owner).name is None
    said = dialog.intent("AnswerIntent", answer="Sam")
    assert sharing.recipients.me(owner).name == "Sam"
    assert "change my name" in said and "code" in said
    said = dialog.intent("ChangeNameIntent", name="Lee")
    assert "Lee" in said and sharing.recipients.me(owner).name == "Lee"
    dialog.intent("ChangeNameIntent")
    dialog.intent("AnswerIntent", answer="call me Robin")
    assert sharing.recipients.me(owner).name == "Robin"


def test_no_say_save_it_after_a_crisis_reply(dialog: Dialog) -> None:
    dialog.intent("RecordWinIntent", win="want to end it all")
    assert "save it" not in speech(dialog)
    assert "save it" not in dialog.last["response"]["reprompt"]["outputSpeech"]["ssml"]


def test_invite_my_sister_knows_who_she_is(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    sharing.recipients.update_me(owner, name="Sam")
    request = Dialog.intent_request("InviteBuddyIntent", role="sister")
    request["intent"]["slots"]["role"]["resolutions"] = {
        "resolutionsPerAuthority": [
            {
                "authority": "amzn1.er-authority.echo-sdk.skill.ROLE",
                "status": {"code": "ER_SUCCESS_MATCH"},
                "values": [{"value": {"name": "sister", "id": "PERSON"}}],
            }
        ]
    }
    said = dialog.send(dialog.envelope(request))
    assert "your sister" in said and "buddy" not in said


def test_echoes_never_mangle_pronouns() -> None:
    from skill.wording import reflect

    assert reflect("how am I doing this month") == "how are you doing this month"
    assert reflect("I am proud") == "you are proud"


@pytest.mark.parametrize("sound", ["ugh", "yeah", "um well", "meh"])
def test_a_sound_alone_is_neither_saved_nor_offered_as_a_win(
    dialog: Dialog, wins_of, owner: str, sound: str
) -> None:
    # Said where a win is expected, a breath before the words is met with a gentler question.
    said = dialog.intent("AnswerIntent", answer=sound)
    assert "as a win" not in said and "saved" not in said.lower()
    assert "What did you do" in said or "Tell me one thing" in said
    assert wins_of(owner) == []


@pytest.mark.parametrize(
    ("locale", "topic"),
    [
        # What Alexa hands over from "no puedo dejar de pensar en morirme" and "I'm tempted
        # to end it".
        ("es-US", "morirme"),
        ("es-US", "desaparecer"),
        ("en-US", "end it"),
        ("en-US", "just sleep forever"),
    ],
)
def test_a_crisis_carried_by_a_craving_sample_gets_resources(client, clock, locale, topic) -> None:
    dialog = Dialog(client, now=clock(), locale=locale)
    dialog.intent("EncourageIntent", topic=topic)
    assert "988" in speech(dialog)


@pytest.mark.parametrize(("locale", "topic"), [("es-US", "una cerveza"), ("en-US", "a beer")])
def test_a_craving_carried_alone_still_gets_encouragement(client, clock, locale, topic) -> None:
    dialog = Dialog(client, now=clock(), locale=locale)
    dialog.intent("EncourageIntent", topic=topic)
    assert "988" not in speech(dialog)


@pytest.mark.parametrize(
    ("locale", "asked"),
    [("en-US", "does amazon see my wins"), ("en-US", "do you record everything I say"),
     ("es-US", "amazon ve mis logros")],
)  # fmt: skip
def test_a_privacy_question_is_answered_honestly_about_amazon(
    client, clock, locale: str, asked: str
) -> None:
    """ "Does Amazon see my wins" heard only "never shared unless you say so", which is not the
    whole truth: Alexa hears the words. The answer says what the skill gets and where Amazon's
    part is explained, and how to delete everything."""
    dialog = Dialog(client, now=clock(), locale=locale)
    dialog.intent("AMAZON.HelpIntent")
    said = dialog.intent("AnswerIntent", answer=asked)
    assert "Amazon" in said and ("recording" in said or "grabación" in said)
    assert "delete all my data" in said or "borra todos mis datos" in said


@pytest.mark.parametrize(
    ("locale", "asked", "heard"),
    [
        ("en-US", "can my kids hear this", ("hears what I read", "in the room hears")),
        ("es-US", "mis hijos pueden oír esto", ("quien esté cerca",)),
    ],
)
def test_the_privacy_answer_says_who_hears_and_how_long_wins_stay(
    client, clock, locale: str, asked: str, heard: tuple[str, ...]
) -> None:
    # It said who sees the wins, never that anyone near the speaker hears them read back, nor
    # how long they are kept (user test, round 3).
    dialog = Dialog(client, now=clock(), locale=locale)
    dialog.intent("AMAZON.HelpIntent")
    said = dialog.intent("AnswerIntent", answer=asked)
    assert any(words.lower() in said.lower() for words in heard), said
    assert "until you" in said or "hasta que los borres" in said
