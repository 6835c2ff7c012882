"""Multi-turn conversations through lambda_handler.handler, as a person would have them."""

from __future__ import annotations

import pytest

from skill.core.render import phrases_for
from tests.support import Conversation

QUESTIONS = phrases_for("en-US").w["questions"]  # the wording, not copies of it
FIRST_QUESTION = QUESTIONS["rf_chest"]["ask"][0].lower() + QUESTIONS["rf_chest"]["ask"][1:]
SCREEN = 5  # red-flag questions when every answer is no


def screened(conversation: Conversation) -> Conversation:
    """Launch and answer no to every red-flag question."""
    conversation.launch()
    for _ in range(SCREEN - 1):
        conversation.no()
    reply = conversation.no()
    assert "how many glasses" in reply
    return conversation


def answer_all(
    c: Conversation,
    water: str = "8",
    sweating: bool = False,
    exercise: bool = False,
    rest_days: bool = False,
    posture: bool = False,
    back: bool = False,
    radiating: bool = False,
    diet: bool = False,
    medicines: bool = False,
) -> str:
    """The assessment questions after the screen, in order; returns the result speech.

    Sweating leads to the heat-stroke question (answered no); posture is asked only when
    there was no hard exercise to explain the cramps.
    """
    c.glasses(water)
    if sweating:
        c.yes()
        c.no()  # confused, faint or very hot skin?
    else:
        c.no()
    if exercise:
        c.yes()
        c.yes() if rest_days else c.no()
    else:
        c.no()
        c.yes() if posture else c.no()
    if back:
        c.yes()
        c.yes() if radiating else c.no()
    else:
        c.no()
    c.yes() if diet else c.no()
    return c.yes() if medicines else c.no()


def test_welcome_gives_disclaimer_emergency_number_and_relief_hint() -> None:
    c = Conversation()
    reply = c.launch()
    assert "I'm not a doctor" in reply
    assert 'call <say-as interpret-as="digits">911</say-as>' in c.ssml
    assert "how do I stop a cramp" in reply
    assert reply.endswith("First, " + FIRST_QUESTION)
    assert c.reprompt == QUESTIONS["rf_chest"]["reprompt"]


def test_dehydration_path_names_the_cause_and_the_reason() -> None:
    c = screened(Conversation())
    result = answer_all(c, water="2", sweating=True)
    assert "most likely from dehydration, because you said you've had only about 2" in result
    assert "salt and mineral imbalance is also possible" in result
    assert "drink to thirst" in result
    assert len(result.split()) <= 130
    assert "contact a doctor or urgent care today" in result, "when a long cramp needs help"
    assert "call 911" in result, "the result carries the disclaimer"
    assert result.endswith("Would you like more about dehydration, or how to stop a cramp?")
    assert not c.ended


def test_exercise_and_no_rest_point_to_overuse_and_fatigue() -> None:
    c = screened(Conversation())
    result = answer_all(c, exercise=True, rest_days=True)
    assert "most likely from overuse, because you said you train most days without rest" in result
    assert "Muscle fatigue is also likely, as you said you've exercised hard" in result
    assert "rest days" in result


def test_hard_exercise_alone_is_muscle_fatigue_never_electromagnetic() -> None:
    c = screened(Conversation())
    result = answer_all(c, exercise=True)
    assert "most likely from muscle fatigue" in result
    assert "electromagnetic" not in result.lower()
    assert "electromagnetic" not in c.card_text.lower()


def test_long_sitting_points_to_posture() -> None:
    c = screened(Conversation())
    result = answer_all(c, posture=True)
    assert "most likely from staying in one position" in result
    assert "get up and move every hour" in result


def test_back_pain_running_down_the_leg_points_to_a_nerve_and_a_doctor() -> None:
    c = screened(Conversation())
    result = answer_all(c, back=True, radiating=True)
    assert result.index("see your doctor soon") < result.index("nerve")
    assert "pressed nerve in the back, because you said pain or tingling runs down" in result


def test_back_pain_alone_is_only_possible_and_skips_nothing() -> None:
    c = screened(Conversation())
    result = answer_all(c, back=True, radiating=False)
    assert "might be from a pressed nerve" in result
    assert "see your doctor soon" not in result


def test_poor_diet_alone_only_might_add_to_cramps_and_promises_no_supplements() -> None:
    c = screened(Conversation())
    result = answer_all(c, diet=True)
    assert "A diet low in minerals might add to them" in result
    assert "most likely" not in result
    assert "balanced diet" in result
    c.say("ExplainCauseIntent", cause=("diet", "nutritional_deficiency"))
    explanation = c.say("AMAZON.RepeatIntent")
    assert "probably does not prevent cramps" in explanation


def test_medicine_is_only_possible_and_says_why_to_see_a_doctor() -> None:
    c = screened(Conversation())
    result = answer_all(c, medicines=True)
    assert "might be from a side effect of a medicine" in result
    assert "most likely" not in result
    assert "see your doctor soon, because a medicine you take could be causing them" in result
    assert "if it's a statin, contact your doctor today about these cramps" in result
    assert "never stop a medicine on your own" in result
    assert "replace salt" not in result.lower(), "no salt advice without sweating"


def test_nothing_standing_out_is_said_honestly_with_general_prevention() -> None:
    c = screened(Conversation())
    result = answer_all(c)
    assert "Nothing you told me points clearly to one cause" in result
    assert "most likely" not in result
    assert "stretch your thighs gently before bed" in result
    assert result.endswith("Would you like to hear how to stop a cramp?")


def test_result_card_has_causes_and_advice_but_not_the_answers() -> None:
    c = screened(Conversation())
    answer_all(c, water="1", sweating=True, medicines=True)
    card = c.card_text
    assert "Dehydration (likely)" in card
    assert "Sources" in card and "NHS" in card
    assert "In an emergency, call 911" in card
    for private in (
        "because you said",
        "you've had",
        "1 glass",
        "you take a statin, water pills",
        "you've been sweating",
    ):
        assert private not in card


def test_after_the_result_tell_me_more_and_no_thanks() -> None:
    c = screened(Conversation())
    answer_all(c, water="2", sweating=True)
    more = c.yes()
    assert "Losing more fluid than you take in" in more
    assert more.endswith("Would you like to hear how to stop a cramp while it's happening?")
    relief = c.yes()
    assert "stretch the muscle gently" in relief
    goodbye = c.no()
    assert "Take care" in goodbye and "911" in goodbye
    assert c.ended


@pytest.mark.parametrize(
    ("intent_name", "starts"),
    [("AMAZON.HelpIntent", "I can ask a few quick questions"),
     ("AMAZON.FallbackIntent", "Sorry, I can't help with that."),
     ("DontKnowIntent", "I can ask a few quick questions")],
)  # fmt: skip
def test_help_fallback_and_dont_know_after_the_result_offer_the_top_cause(
    intent_name: str, starts: str
) -> None:
    c = screened(Conversation())
    answer_all(c, water="2", sweating=True)
    reply = c.say(intent_name)
    assert reply.startswith(starts)
    assert reply.endswith("Would you like more about dehydration, or how to stop a cramp?")
    assert "Losing more fluid" in c.yes()


def test_explain_cause_by_name_and_unknown_cause_lists_them() -> None:
    c = Conversation()
    c.launch()
    c.say("AMAZON.StopIntent")
    c = Conversation()
    reply = c.say("ExplainCauseIntent", cause=("sciatica", "nerve_compression"))
    assert "slipped disc" in reply and "I'm not a doctor" in reply
    listing = c.say("ExplainCauseIntent", cause="hiccups")
    assert "I can tell you about muscle fatigue" in listing
    assert listing.endswith("Which one would you like?")


# Red flags --------------------------------------------------------------------------------


def test_chest_pain_is_asked_of_everyone_first_and_is_an_emergency() -> None:
    c = Conversation()
    c.launch()
    reply = c.yes()
    assert "blood clot in the lungs" in reply
    assert "use your phone to call 911 now" in reply
    assert c.ended and "likely" not in reply
    assert "get help now" in c.card_text


def test_swollen_leg_alone_needs_a_doctor_today_after_the_emergency_questions() -> None:
    c = Conversation()
    c.launch()
    for _ in range(3):
        assert not c.ended
        c.no()
    reply = c.yes()
    assert "contact a doctor or urgent care today" in reply
    assert "call 911 straight away" in reply
    assert "don't massage the leg" in reply
    assert c.ended and "most likely" not in reply


def test_groin_numbness_or_bladder_trouble_is_an_emergency() -> None:
    c = Conversation()
    c.launch()
    c.no()
    reply = c.yes()
    assert "nerves at the base of your spine" in reply
    assert "use your phone to call 911 now" in reply
    assert c.ended


def test_a_leg_suddenly_cold_pale_or_blue_is_an_emergency_asked_on_its_own() -> None:
    c = Conversation()
    c.launch()
    c.no()
    question = c.no()
    assert "suddenly gone cold, pale, blue or numb" in question
    assert "weak" not in question, "weakness after a long cramp is no sign of a blocked artery"
    reply = c.yes()
    assert "blood supply is blocked" in reply and "call 911 now" in reply
    assert c.ended


def test_dark_urine_long_cramp_or_injury_each_get_their_own_advice() -> None:
    advice = {"yes": "muscle breakdown", "no-yes": "won't ease", "no-no": "can't stand on"}
    for answers, expected in advice.items():
        c = Conversation()
        c.launch()
        for _ in range(4):
            c.no()
        assert "urine that's dark" in c.yes(), "a yes to three signs asks which it was"
        *first, last = answers.split("-")
        for answer in first:
            assert "ten minutes" in (c.yes() if answer == "yes" else c.no())
        reply = c.yes() if last == "yes" else c.no()
        assert expected in reply and "today" in reply and c.ended


def test_dont_know_to_a_red_flag_asks_to_check_then_warns_at_its_own_level() -> None:
    c = Conversation()
    c.launch()
    assert c.dont_know().startswith("Take a moment: any chest pain")
    assert "numbness around your groin" in c.dont_know()
    for _ in range(SCREEN - 1):
        c.no()
    result = answer_all(c, water="2", sweating=True)
    assert result.removeprefix("Thanks. ").startswith(
        "If you notice chest pain, breathlessness or coughed-up blood, "
        "use your phone to call 911 now."
    )


def test_dont_know_then_yes_on_recheck_follows_the_red_flag() -> None:
    c = Conversation()
    c.launch()
    c.dont_know()
    assert "call 911 now" in c.yes()
    assert c.ended


def test_a_same_day_sign_in_own_words_still_gets_every_emergency_question() -> None:
    c = Conversation()
    c.launch()
    reply = c.say("ReportSignIntent", sign=("swollen leg", "leg_clot"))
    assert "needs checking today" in reply and reply.endswith("coughing up blood?")
    assert not c.ended
    assert "groin" in c.no()
    assert "cold, pale, blue or numb" in c.no()
    reply = c.no()
    assert "blood clot" in reply and "contact a doctor or urgent care today" in reply
    assert c.ended


def test_an_emergency_sign_at_any_question_ends_at_once() -> None:
    c = screened(Conversation())
    c.glasses("3")
    reply = c.say("ReportSignIntent", sign=("call an ambulance", "ambulance"))
    assert "use your phone to call 911 now" in reply
    assert c.ended


def test_two_answers_that_cannot_be_understood_count_as_dont_know_with_its_warning() -> None:
    c = Conversation()
    c.launch()
    c.no()
    c.no()
    assert c.say("AMAZON.FallbackIntent").startswith("Sorry, I didn't catch that.")
    moved = c.say("AMAZON.FallbackIntent")
    assert "note it as I don't know" in moved and "swollen, red or darker" in moved
    for _ in range(2):
        c.no()
    result = answer_all(c)
    assert (
        "If you notice a leg suddenly cold, pale, blue or numb, use your phone to call 911 now."
        in result
    )


def test_skip_skips_an_ordinary_question_but_never_a_red_flag() -> None:
    c = Conversation()
    c.launch()
    refused = c.say("SkipIntent")
    assert "can't skip it" in refused and refused.endswith(FIRST_QUESTION[1:])
    c = screened(Conversation())
    skipped = c.say("SkipIntent")
    assert skipped.startswith("Okay, let's skip that one.") and "sweating" in skipped


def test_a_courtesy_is_not_an_answer() -> None:
    c = Conversation()
    c.launch()
    reply = c.say("CourtesyIntent")
    assert reply.endswith(FIRST_QUESTION[1:]) and not c.ended
    assert c.attributes.get("rf_chest") is None


def test_pregnancy_mentioned_is_kept_and_spoken_in_the_result() -> None:
    c = Conversation()
    c.launch()
    reply = c.say("MentionConditionIntent", condition=("pregnant", "pregnancy"))
    assert reply.startswith("Thanks for telling me") and reply.endswith(FIRST_QUESTION[1:])
    for _ in range(SCREEN):
        c.no()
    result = answer_all(c)
    assert "your midwife or doctor should hear about cramps in pregnancy" in result


# Navigation -------------------------------------------------------------------------------


def test_help_explains_the_question_then_asks_it_again() -> None:
    c = screened(Conversation())
    c.glasses("8")
    c.no()
    c.no()
    reply = c.say("AMAZON.HelpIntent")
    assert reply.startswith("Staying still for long stretches")
    assert "You can say yes, no, or I don't know." in reply
    assert reply.endswith("Have you been sitting or standing in one position for hours at a time?")


def test_repeat_says_the_question_again_and_reprompt_is_the_question_alone() -> None:
    c = screened(Conversation())
    c.glasses("8")
    first = c.reprompt
    again = c.say("AMAZON.RepeatIntent")
    assert again == QUESTIONS["sweating"]["ask"]
    assert c.reprompt == first == QUESTIONS["sweating"]["reprompt"]


def test_go_back_undoes_the_previous_answer() -> None:
    c = screened(Conversation())
    c.glasses("8")
    c.no()
    assert "rest" in c.yes()  # exercise yes -> rest days
    back = c.say("AMAZON.PreviousIntent")
    assert back == "Sure. Have you done hard or unusually long exercise in the last two days?"
    assert "sitting or standing" in c.no(), "with exercise now no, rest days is skipped"
    result = answer_all_rest(c)
    assert "overuse" not in result and "muscle fatigue" not in result


def answer_all_rest(c: Conversation) -> str:
    for _ in range(4):  # posture, back pain, diet, medicines
        reply = c.no()
    return reply


def test_go_back_at_the_first_question_says_so() -> None:
    c = Conversation()
    c.launch()
    reply = c.say("AMAZON.PreviousIntent")
    assert reply == "This is the first question. " + FIRST_QUESTION[0].upper() + FIRST_QUESTION[1:]


def test_go_back_after_the_result_reopens_the_last_question() -> None:
    c = screened(Conversation())
    answer_all(c)
    reply = c.say("AMAZON.PreviousIntent")
    assert reply.endswith(QUESTIONS["medicines"]["ask"])
    assert "side effect of a medicine" in c.yes()


def test_start_over_mid_flow_returns_to_the_red_flags() -> None:
    c = screened(Conversation())
    c.glasses("3")
    reply = c.say("AMAZON.StartOverIntent")
    assert reply == "Okay, let's start again. First, " + FIRST_QUESTION
    assert set(c.attributes) == {"v", "ph", "dc"}


@pytest.mark.parametrize(
    "intent_name", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"]
)
def test_stop_mid_flow_says_goodbye_with_the_emergency_line(intent_name: str) -> None:
    c = screened(Conversation())
    reply = c.say(intent_name)
    assert "goodbye" in reply.lower() and "call 911" in reply
    assert c.ended and "reprompt" not in c.last["response"]


def test_fallback_rephrases_the_question() -> None:
    c = screened(Conversation())
    reply = c.say("AMAZON.FallbackIntent")
    assert (
        reply == "Sorry, I didn't catch that. Roughly how much have you had to drink today, "
        "in glasses?"
    )
    assert c.reprompt == "How many glasses of drinks have you had today?"


def test_a_number_while_a_yes_no_question_is_pending_gets_a_re_ask() -> None:
    c = Conversation()
    c.launch()
    reply = c.glasses("3")
    assert (
        reply
        == "I need a yes or a no for this one. " + FIRST_QUESTION[0].upper() + FIRST_QUESTION[1:]
    )


def test_an_unknown_intent_mid_flow_gets_a_re_ask_not_an_error() -> None:
    c = screened(Conversation())
    reply = c.say("airportInfoIntent", AirportCode="JFK")
    assert reply.startswith("Sorry, I didn't catch that.") and reply.endswith("in glasses?")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("?", "Sorry, I didn't catch how much."),
        (None, "Sorry, I didn't catch how much."),
        ("lots", "Sorry, I didn't catch how much."),
        ("-3", "That doesn't sound quite right."),
        ("100000", "That doesn't sound quite right."),
        ("1e400", "Sorry, I didn't catch how much."),
        ("9" * 5000, "Sorry, I didn't catch how much."),
    ],
)
def test_water_amount_is_guarded(amount: str | None, expected: str) -> None:
    c = screened(Conversation())
    reply = c.say("WaterIntakeIntent", **({"amount": amount} if amount is not None else {}))
    assert reply.startswith(expected)
    assert c.reprompt == "How many glasses of drinks have you had today?"


def test_water_accepts_units_and_re_asks_a_plain_no_once() -> None:
    c = screened(Conversation())
    c.glasses("2", unit=("litres", "litre"))  # 8 glasses: not low
    result = answer_all_after_water(c)
    assert "dehydration" not in result
    c = screened(Conversation())
    assert c.no().startswith("Sorry, I didn't catch how much."), "no is not an amount"
    moved = c.no()
    assert "note it as I don't know" in moved and "sweating" in moved
    result = answer_all_after_water(c, sweating=True)
    assert "haven't had much to drink" not in result
    c = screened(Conversation())
    assert "sweating" in c.say("WaterIntakeIntent", unit=("bottle", "bottle"))


def answer_all_after_water(c: Conversation, sweating: bool = False) -> str:
    if sweating:
        c.yes()
        c.no()  # heat stroke
    else:
        c.no()
    for _ in range(4):  # exercise, posture, back pain, diet
        c.no()
    return c.no()  # medicines


def test_general_questions_mid_flow_answer_then_return_to_the_question() -> None:
    c = screened(Conversation())
    reply = c.say("ReliefIntent")
    assert "stretch the muscle gently" in reply
    assert reply.endswith(
        "Now, back to my question. About how many glasses of water or other "
        "drinks have you had today?"
    )
    overview = c.say("CausesOverviewIntent")
    assert "tired or overworked muscles" in overview and overview.endswith("today?")
    prevention = c.say("PreventionIntent")
    assert "drink to thirst" in prevention and prevention.endswith("today?")


@pytest.mark.parametrize(
    ("intent_name", "expected"),
    [
        ("ReliefIntent", "stretch the muscle gently"),
        ("CausesOverviewIntent", "Common triggers are tired or overworked muscles"),
        ("PreventionIntent", "To help prevent thigh cramps"),
    ],
)
def test_one_shot_general_questions_carry_the_disclaimer_and_offer_more(
    intent_name: str, expected: str
) -> None:
    c = Conversation()
    reply = c.say(intent_name)
    assert reply.startswith("I'm not a doctor, and in an emergency call 911.")
    assert expected in reply
    assert not c.ended


def test_one_shot_start_skips_the_welcome_but_keeps_the_disclaimer() -> None:
    c = Conversation()
    reply = c.say("StartAssessmentIntent")
    assert not reply.startswith("Hi")
    assert reply.startswith("I'm not a doctor, and in an emergency call 911.")
    assert reply.endswith("First, " + FIRST_QUESTION)


def test_one_shot_relief_then_yes_starts_the_assessment() -> None:
    c = Conversation()
    c.say("ReliefIntent")
    reply = c.yes()
    assert reply.endswith("First, " + FIRST_QUESTION)
    assert "I'm not a doctor" not in reply, "the disclaimer is said once per session"
