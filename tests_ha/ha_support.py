"""Talking to the agent the two ways Home Assistant offers: ``conversation.async_converse``
(what an Assist pipeline calls) and the ``conversation.process`` service (what automations,
scripts and the developer tools call)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeassistant.components import conversation
from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_platform
from homeassistant.setup import async_setup_component

from conftest import BUILT, ROOT

DOMAIN = "thigh_cramp_helper"
AGENT = "conversation.thigh_cramp_helper"
CONVERSATIONS = sorted((ROOT / "tests" / "data" / "conversations").glob("*.json"))
# A first utterance that is not itself a request: it starts the assessment.
OPENER = "I keep getting thigh cramps"


@dataclass(frozen=True)
class Turn:
    speech: str
    reprompt: str | None
    card: tuple[str, str] | None
    continues: bool
    conversation_id: str | None

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Turn:
        response = result["response"]
        plain = response["speech"].get("plain", {})
        card = response.get("card", {}).get("simple")
        reprompt = response.get("reprompt", {}).get("plain", {}).get("reprompt")
        return cls(
            plain.get("speech", ""),
            reprompt,
            (card["title"], card["content"]) if card else None,
            result["continue_conversation"],
            result["conversation_id"],
        )


async def set_up(hass: HomeAssistant) -> ConfigEntry:
    """Adds the integration as a person does: the config flow, with nothing to fill in.
    (The core integration first: a running Home Assistant always has it.)"""
    assert await async_setup_component(hass, "homeassistant", {})
    flow = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert flow["type"] == "form" and flow["data_schema"].schema == {}
    done = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    await hass.async_block_till_done()
    assert done["type"] == "create_entry", done
    entry: ConfigEntry = done["result"]
    return entry


async def converse(
    hass: HomeAssistant, text: str, conversation_id: str | None = None, language: str = "en"
) -> Turn:
    result = await conversation.async_converse(
        hass, text, conversation_id, Context(), language=language, agent_id=AGENT
    )
    return Turn.from_result(result.as_dict())


async def process(
    hass: HomeAssistant, text: str, conversation_id: str | None = None, language: str = "en"
) -> Turn:
    data = {"text": text, "agent_id": AGENT, "language": language}
    if conversation_id is not None:
        data["conversation_id"] = conversation_id
    result = await hass.services.async_call(
        "conversation", "process", data, blocking=True, return_response=True
    )
    assert result is not None
    return Turn.from_result(dict(result))


WAYS = {"async_converse": converse, "conversation.process": process}


def agent_entity(hass: HomeAssistant) -> Any:
    (platform,) = entity_platform.async_get_platforms(hass, DOMAIN)
    return platform.entities[AGENT]


def script(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def spoken_digits(text: str) -> str:
    """Text with every run of digits spaced out, as the agent speaks an emergency number."""
    return re.sub(r"\d{3}", lambda m: " ".join(m.group(0)), text)


def built_languages() -> list[str]:
    """The languages the built folder's data has both wording and understanding for."""
    data = BUILT / "assessment" / "data"
    wording = {p.stem for p in (data / "wording").glob("*.json")}
    wording = {stem for stem in wording if re.fullmatch(r"[a-z]{2,3}", stem)}
    understood = {p.stem for p in (data / "nlu").glob("*.json")}
    return sorted(wording & understood)


def assert_same(turn: Turn, reply: Any, where: str) -> None:
    """A turn through Home Assistant says and shows what the text session's reply does."""
    assert turn.speech == spoken_digits(reply.speech), where
    assert turn.continues is (not reply.end_session), where
    card = (reply.card.title, reply.card.text) if reply.card else None
    assert turn.card == card, where
    if turn.continues:
        assert turn.reprompt == spoken_digits(reply.reprompt or ""), where
        assert turn.reprompt, f"{where}: a pending question is asked again when nobody answers"
