"""Every path through the dialog, walked in the core: limits that hold on all of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.core.dialog import INTENTS, Reply, UserInput, respond
from skill.core.flow import Ask, question_level, walk
from skill.core.knowledge import available_locales, knowledge
from skill.core.render import Phrases
from skill.core.scoring import assess

SCREEN_IDS = [q.id for q in knowledge().questions if q.stage == "screen" and not q.only_if]
ASSESS_IDS = {q.id for q in knowledge().questions if q.stage == "assess"}
ANSWERS = {"yes": UserInput("yes"), "no": UserInput("no"), "unknown": UserInput("dont_know")}


def questions_asked(reply: Reply) -> int:
    return sum(1 for key in reply.attributes if knowledge().has_question(key))


def paths() -> Iterator[tuple[list[str], Reply, int]]:
    """Depth-first over every answer sequence (yes/no/I don't know; water 2 or 8 glasses)."""
    start = respond(None, UserInput("launch"), "en-US")
    stack: list[tuple[list[str], Reply]] = [([], start)]
    while stack:
        said, reply = stack.pop()
        if reply.end_session or reply.attributes.get("ph") == "result":
            yield said, reply, questions_asked(reply)
            continue
        pending = walk(knowledge(), reply.attributes).step
        assert isinstance(pending, Ask)
        options: dict[str, UserInput] = dict(ANSWERS)
        if pending.question.answer == "amount":
            options = {
                "2": UserInput("amount", amount="2"),
                "8": UserInput("amount", "8"),
                "unknown": UserInput("dont_know"),
            }
        elif pending.question.stage == "assess":
            options.pop("unknown")  # follows the same branch as "no"
        for label, user_input in options.items():
            nxt = respond(reply.attributes, user_input, "en-US")
            stack.append(([*said, f"{pending.question.id}={label}"], nxt))


ALL_PATHS = list(paths())


def test_there_are_many_paths_and_all_end_in_a_result_or_a_red_flag() -> None:
    assert len(ALL_PATHS) > 500
    ended = [r for _, r, _ in ALL_PATHS if r.end_session]
    assert ended and all("call 911" in r.speech for r in ended)


def test_no_path_asks_more_than_fourteen_questions() -> None:
    worst = max(asked for _, _, asked in ALL_PATHS)
    shortest_result = min(a for _, r, a in ALL_PATHS if r.attributes.get("ph") == "result")
    assert worst <= 14, worst
    assert shortest_result >= 11, "every assessment asks the screen and the core questions"


def test_all_no_screen_asks_exactly_five_red_flag_questions_emergencies_first() -> None:
    screen_only = [
        s
        for s, _, _ in ALL_PATHS
        if all(step.split("=")[1] == "no" for step in s if step.startswith("rf_"))
    ]
    assert screen_only
    for said in screen_only:
        asked = [step.split("=")[0] for step in said if step.startswith("rf_")]
        assert asked[:5] == ["rf_chest", "rf_nerve", "rf_cold_leg", "rf_leg", "rf_urine_cramp"]
        assert set(asked[5:]) <= {"rf_heat"}, "heat stroke is asked only after heat or sweating"


def test_a_same_day_answer_never_skips_an_emergency_question() -> None:
    levels = {q.id: question_level(knowledge(), q) for q in knowledge().questions}
    for said, reply, _ in ALL_PATHS:
        flags = reply.outcome.red_flag if reply.outcome else None
        if flags is None or knowledge().flags[flags].level != "same_day":
            continue
        asked = {step.split("=")[0] for step in said}
        emergency = {q for q, level in levels.items() if level == "emergency" and q in SCREEN_IDS}
        assert emergency <= asked, said


def test_each_unknown_red_flag_warns_at_its_own_level() -> None:
    phrases = Phrases("en-US")
    for said, reply, _ in ALL_PATHS:
        if reply.outcome is None or reply.end_session:
            continue
        sentences = reply.speech.split(". ")
        for flag in reply.outcome.warnings:
            sign = phrases.w["warnings"]["signs"][flag]
            sentence = next(s for s in sentences if sign in s)
            if knowledge().flags[flag].level == "emergency":
                assert sentence.endswith("call 911 now"), (said, sentence)
            else:
                assert sentence.endswith("today") and "911" not in sentence, (said, sentence)


def test_red_flag_endings_never_list_causes() -> None:
    phrases = Phrases("en-US")
    for _, reply, _ in ALL_PATHS:
        if reply.end_session:
            assert "likely" not in reply.speech
            assert not any(c.name in reply.speech for c in phrases.k.causes)


def test_spoken_length_budget_on_every_path() -> None:
    for said, reply, _ in ALL_PATHS:
        words = len(reply.speech.split())
        assert words <= 130, (said, words)
        assert reply.card is None or len(reply.card.text) < 8000


LOCALES = sorted(available_locales())


def test_every_question_fits_in_one_breath_in_every_locale() -> None:
    for locale in LOCALES:
        phrases = Phrases(locale)
        for texts in phrases.w["questions"].values():
            for key in ("ask", "reprompt", "rephrase", "recheck"):
                if key in texts:
                    assert len(texts[key].split()) <= 22, (locale, texts[key])
        for offer in phrases.w["offers"].values():
            assert len(offer.split()) <= 22, (locale, offer)


def test_every_result_fits_the_spoken_budget_in_every_locale_and_the_card_has_the_rest() -> None:
    answer_sets = {json.dumps(r.attributes, sort_keys=True) for _, r, _ in ALL_PATHS
                   if r.attributes.get("ph") == "result"}  # fmt: skip
    assert len(answer_sets) > 500
    for locale in LOCALES:
        phrases = Phrases(locale)
        budget = int(phrases.w.get("result_word_budget", 130))
        assert budget <= 130  # about 50 seconds in English; fewer in a slower language
        for encoded in answer_sets:
            answers = {k: v for k, v in json.loads(encoded).items() if knowledge().has_question(k)}
            result = assess(phrases.k, answers)
            speech = phrases.result(result, answers)
            assert len(speech.split()) <= budget, (locale, answers, len(speech.split()))
            card = phrases.result_card(result, answers).text
            for ranked in result.causes:
                assert ranked.cause.short in card


def test_state_stays_small_and_flat_on_every_path() -> None:
    for _, reply, _ in ALL_PATHS:
        encoded = json.dumps(reply.attributes)
        assert len(encoded) < 512
        assert all(not isinstance(v, dict | list) for v in reply.attributes.values())


def test_nothing_spoken_or_carded_presents_electromagnetic_stimulation() -> None:
    texts = []
    for _, reply, _ in ALL_PATHS:
        texts += [reply.speech, reply.card.text if reply.card else ""]
    for intent in ("overview", "prevention", "relief", "help"):
        texts.append(respond(None, UserInput(intent), "en-US").speech)
    for cause in knowledge().causes:
        texts.append(respond(None, UserInput("explain_cause", cause=cause.id), "en-US").speech)
    assert not [t for t in texts if "electromagnetic" in t.lower()]


# Tampered state ---------------------------------------------------------------------------

answer_values = st.one_of(
    st.sampled_from(["yes", "no", "unknown", "check", "", "maybe"]),
    st.integers(-5, 100),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=2),
)
keys = st.sampled_from(
    [q.id for q in knowledge().questions] + ["v", "ph", "dc", "of", "tp", "airportCode"]
)
meta = st.fixed_dictionaries(
    {},
    optional={
        "v": st.sampled_from([1, 2, "1", None]),
        "ph": st.sampled_from(["idle", "ask", "result", "ended", "x"]),
        "dc": st.sampled_from([0, 1, True, "1"]),
        "of": st.sampled_from(["assess", "relief", "cause:dehydration", "cause:x", 3]),
        "tp": st.sampled_from(["result", "relief", "cause:overuse", "which_cause", None]),
        "rs": st.sampled_from(["leg_clot", "chest", "leg_clot leg_clot", "x", 3, ""]),
        "mx": st.sampled_from(["pregnancy", "kidney diabetes", "x", 1]),
        "mc": st.sampled_from([0, 1, 2, True]),
    },
)
attributes = st.builds(
    lambda m, a: {**a, **m}, meta, st.dictionaries(keys, answer_values, max_size=14)
)
inputs = st.builds(
    UserInput,
    st.sampled_from([*INTENTS, "bogus"]),
    st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["2", "?", "-1"])),
    st.one_of(st.none(), st.sampled_from(["glass", "litre", "bucket"])),
    st.one_of(st.none(), st.sampled_from(["overuse", "hiccups"])),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(attributes, inputs)
def test_tampered_state_never_crashes_or_skips_the_red_flags(
    attrs: dict[str, Any], said: UserInput
) -> None:
    reply = respond(attrs, said, "en-US")
    assert reply.speech
    assert reply.end_session or reply.reprompt
    state = reply.attributes
    reached_assessment = state.get("ph") == "result" or any(k in ASSESS_IDS for k in state)
    if reached_assessment:
        for screen_id in SCREEN_IDS:
            assert state.get(screen_id) in ("no", "unknown"), (attrs, state)
    # whatever came in, what goes out is a state the dialog accepts as its own
    if not reply.end_session:
        again = respond(state, UserInput("repeat"), "en-US")
        assert not again.speech.startswith("Sorry, I lost track")


def test_a_yes_to_the_result_gets_what_the_result_offered() -> None:
    """When a long result drops the top cause from its offer, "yes" must bring how to stop a
    cramp, as offered, not more about a cause nobody offered."""
    results = [(said, r) for said, r, _ in ALL_PATHS if r.attributes.get("ph") == "result"]
    general = [r for _, r in results if "Would you like more about" not in r.speech]
    assert general, "some paths are long enough to lose the cause from the offer"
    for _, reply in results:
        offered_cause = "Would you like more about" in reply.speech
        assert reply.reprompt is not None
        assert ("Would you like more about" in reply.reprompt) == offered_cause
        assert reply.attributes["of"].startswith("cause:") == offered_cause
    for reply in general:
        assert reply.attributes["of"] == "relief"
        assert "stretch" in respond(reply.attributes, UserInput("yes"), "en-US").speech
