"""Whole assessments through Home Assistant: the main suite's scripted conversations (self-care,
each red-flag level, "I don't know", help, repeat, go back, start over, stop), spoken to the
agent both ways Home Assistant offers, turn by turn.

Each turn must say what the text session says for the same words (with the emergency number
spoken digit by digit), meet the script's own expectations, and listen again exactly while a
question is pending.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant

from ha_support import (
    CONVERSATIONS,
    OPENER,
    WAYS,
    agent_entity,
    assert_same,
    script,
    set_up,
    spoken_digits,
)


def reference_session() -> object:
    """The vendored text session, as the main suite's chat drives it (a US household)."""
    from custom_components.thigh_cramp_helper.assessment.text_session import TextSession

    return TextSession("en", None, None, "US")


def test_the_scripts_cover_what_the_issue_asks_for() -> None:
    names = {path.stem for path in CONVERSATIONS}
    assert {"red_flag_clot_in_lung", "red_flag_leg_clot", "red_flag_dont_know_recheck",
            "navigation_mid_flow", "dehydration_hot_run"} <= names  # fmt: skip
    said = [turn["say"] for path in CONVERSATIONS for turn in script(path)["turns"]]
    for words in ("what do you mean?", "say that again", "wait, go back", "cancel", "not sure"):
        assert words in said


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("path", CONVERSATIONS, ids=lambda p: p.stem)
async def test_a_scripted_conversation(hass: HomeAssistant, way: str, path: Path) -> None:
    hass.config.country = "US"
    await set_up(hass)
    talk = WAYS[way]
    reference = reference_session()
    first = await talk(hass, OPENER)
    assert_same(first, reference.start(), f"{path.stem}: {OPENER!r}")  # type: ignore[attr-defined]
    assert first.continues and "I'm not a doctor" in first.speech
    conversation_id = first.conversation_id
    assert conversation_id
    for step in script(path)["turns"]:
        turn = await talk(hass, step["say"], conversation_id)
        _, reply = reference.say(step["say"])  # type: ignore[attr-defined]
        where = f"{path.stem}: {step['say']!r} -> {turn.speech!r}"
        assert turn.conversation_id == conversation_id, where
        assert_same(turn, reply, where)
        for expected in step.get("expect", []):
            assert spoken_digits(expected) in turn.speech, where
        if "end_session" in step:
            assert turn.continues is not step["end_session"], where
        if "card" in step:
            assert turn.card and step["card"] in turn.card[0], where
    if not turn.continues:
        assert agent_entity(hass).open_conversations == 0, "its answers go when it ends"
