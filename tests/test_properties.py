"""Random conversations and mangled envelopes: whatever arrives, the skill holds its shape.

At least 1000 random conversations per run go through ``lambda_handler.handler``, mixing
every intent with random, missing and hostile slot values, and with session attributes
that are sometimes tampered with between turns.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lambda_handler
from skill.core.knowledge import knowledge
from skill.core.state import VERSION
from skill.intent_names import INTENT_ROUTES
from tests.support import check_invariants, intent, launch, session_ended, slot

QUESTION_IDS = {q.id for q in knowledge().questions}
SCREEN_IDS = [q.id for q in knowledge().questions if q.stage == "screen" and not q.only_if]
ASSESS_IDS = {q.id for q in knowledge().questions if q.stage == "assess"}
CAUSES = [c.id for c in knowledge().causes]

hostile_text = st.one_of(
    st.sampled_from(["?", "", " ", "2", "-5", "0", "1e309", "99999999999999999999", "nan",
                     "inf", "3.5", "\u0663", "\U0001f600", "x" * 5000, "<speak>", "&amp;"]),
    st.text(max_size=30),
)  # fmt: skip
slot_value = st.one_of(st.none(), hostile_text)
slot_id = st.one_of(st.none(), st.sampled_from([*CAUSES, "glass", "litre", "bogus", ""]))


@st.composite
def turns(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from([*INTENT_ROUTES, "OrderPizzaIntent", "", "AMAZON.PauseIntent"]))
    slots = {}
    for slot_name in draw(
        st.lists(st.sampled_from(["amount", "unit", "cause", "x"]), max_size=3, unique=True)
    ):
        slots[slot_name] = slot(slot_name, draw(slot_value), draw(slot_id))
    return {"intent": name, "slots": slots, "tamper": draw(tampering)}


tampering = st.one_of(
    st.none(),
    st.sampled_from(["drop", "garble", "skip_screen", "oversize", "not_a_dict", "empty"]),
)


def tamper(attributes: Any, how: str | None, draw_value: Any) -> Any:
    if how is None or not isinstance(attributes, dict):
        return attributes
    attributes = copy.deepcopy(attributes)
    if how == "drop" and attributes:
        attributes.pop(sorted(attributes)[0])
    elif how == "garble":
        attributes[draw_value[0]] = draw_value[1]
    elif how == "skip_screen":  # pretend the red flags were answered: they must be asked again
        attributes.update({"v": VERSION, "ph": "ask", "dc": 1, "hydration": 2, "sweating": "yes"})
    elif how == "oversize":
        attributes["padding"] = "x" * 100_000
    elif how == "not_a_dict":
        return ["not", "a", "dict"]
    elif how == "empty":
        return {}
    return attributes


garble = st.tuples(st.sampled_from([*QUESTION_IDS, "v", "ph", "dc", "of", "tp", "zz"]),
                   st.one_of(st.none(), st.integers(), st.floats(), st.booleans(), hostile_text,
                             st.lists(st.integers(), max_size=2)))  # fmt: skip


def assert_red_flags_not_skipped(attributes: dict[str, Any]) -> None:
    reached = attributes.get("ph") == "result" or any(k in ASSESS_IDS for k in attributes)
    if reached:
        for screen_id in SCREEN_IDS:
            assert attributes.get(screen_id) in ("no", "unknown"), attributes


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(turns(), garble), min_size=1, max_size=14), st.booleans())
def test_random_conversations_keep_every_invariant(
    conversation: list[tuple[dict[str, Any], Any]], start_with_launch: bool
) -> None:
    attributes: Any = {}
    most_questions = 0

    def send(event: dict[str, Any]) -> bool:
        nonlocal attributes, most_questions
        response = lambda_handler.handler(copy.deepcopy(event), None)
        check_invariants(event, response)
        attributes = response.get("sessionAttributes") or {}
        assert len(json.dumps(attributes)) < 1024
        most_questions = max(most_questions, sum(1 for k in attributes if k in QUESTION_IDS))
        assert_red_flags_not_skipped(attributes)
        return response["response"].get("shouldEndSession") is True

    ended = send(launch()) if start_with_launch else False
    for turn, garbled in conversation:
        if ended:
            break
        event = intent(turn["intent"], turn["slots"])
        event["session"]["attributes"] = tamper(attributes, turn["tamper"], garbled)
        ended = send(event)
    assert most_questions <= 14


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=6,
)  # fmt: skip


def key_paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path to a key in an envelope, so each mutation lands on something real."""
    if not isinstance(node, dict):
        return []
    found = []
    for key, child in node.items():
        found.append((*prefix, key))
        found += key_paths(child, (*prefix, key))
    return found


def mutate(event: dict[str, Any], path: tuple[str, ...], value: Any, delete: bool) -> bool:
    """Replace or delete the key at ``path``; whether the envelope changed."""
    node: Any = event
    for key in path[:-1]:
        node = node[key]
    before = copy.deepcopy(node)
    if delete or node.get(path[-1]) == value:
        node.pop(path[-1])
    else:
        node[path[-1]] = value
    return node != before


MUTATED = {"examples": 0}


BASE_EVENTS = [
    launch(),
    intent("AMAZON.YesIntent", attributes={"v": VERSION, "ph": "ask", "dc": 1}),
    intent("WaterIntakeIntent", {"amount": slot("amount", "3")}),
    session_ended(),
]


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(range(len(BASE_EVENTS))),
       st.data(),
       st.sampled_from([None, "LaunchRequest", "IntentRequest", "SessionEndedRequest",
                        "CanFulfillIntentRequest", "AudioPlayer.PlaybackStarted",
                        "Messaging.MessageReceived", "Alexa.Presentation.APL.UserEvent",
                        "UnknownRequest", ""]))  # fmt: skip
def test_mangled_envelopes_never_crash(
    base: int, data: st.DataObject, request_type: str | None
) -> None:
    event = copy.deepcopy(BASE_EVENTS[base])
    if request_type is not None:
        event["request"]["type"] = request_type
    changed = False
    for _ in range(data.draw(st.integers(1, 4))):
        choices = key_paths(event)
        if not choices:
            break
        path = data.draw(st.sampled_from(choices))
        changed |= mutate(event, path, data.draw(json_values), data.draw(st.booleans()))
    assert changed, "every example mangles the envelope it was given"
    MUTATED["examples"] += 1
    response = lambda_handler.handler(copy.deepcopy(event), None)
    check_invariants(event, response)
    if isinstance(response.get("sessionAttributes"), dict):
        assert_red_flags_not_skipped(response["sessionAttributes"])


def test_the_mangled_envelopes_were_all_mangled() -> None:
    """Runs after the property above (same module, file order): it counted what it tried."""
    assert MUTATED["examples"] >= 100
