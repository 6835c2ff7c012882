"""Adding the integration: the config flow, the agent, its languages, and what it loads."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from conftest import BUILD, BUILT, ROOT
from ha_support import AGENT, DOMAIN, built_languages, converse, set_up


async def test_the_integration_under_test_is_the_built_folder_without_the_skill_package(
    hass: HomeAssistant,
) -> None:
    await set_up(hass)
    integration = sys.modules["custom_components.thigh_cramp_helper"]
    assert integration.__file__ == str(BUILT / "__init__.py")
    assert list(sys.modules["custom_components"].__path__) == [str(BUILD / "custom_components")]
    vendored = sys.modules["custom_components.thigh_cramp_helper.assessment.core"]
    assert vendored.__file__ == str(BUILT / "assessment" / "core" / "__init__.py")
    assert importlib.util.find_spec("skill") is None, "the repository's package is not reachable"
    # Home Assistant itself uses cryptography; nothing here brings the Alexa or web stack.
    assert not {"ask_sdk_core", "ask_sdk_model", "flask", "jsonschema"} & set(sys.modules)


async def test_the_config_flow_creates_one_entry_and_a_second_attempt_aborts(
    hass: HomeAssistant,
) -> None:
    entry = await set_up(hass)
    assert entry.title == "Thigh Cramp Helper"
    assert entry.data == {}
    assert entry.state is ConfigEntryState.LOADED
    again = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert again["type"] == "abort" and again["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_the_agent_is_an_entity_on_a_service_device(hass: HomeAssistant) -> None:
    entry = await set_up(hass)
    registered = er.async_get(hass).async_get(AGENT)
    assert registered is not None and registered.config_entry_id == entry.entry_id
    device = dr.async_get(hass).async_get(registered.device_id or "")
    assert device is not None and device.name == "Thigh Cramp Helper"
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    assert hass.states.get(AGENT) is not None


async def test_the_languages_offered_to_assist_are_those_the_data_supports(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    await set_up(hass)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "conversation/agent/list"})
    listed = await client.receive_json()
    assert listed["success"], listed
    (agent,) = [a for a in listed["result"]["agents"] if a["id"] == AGENT]
    assert agent["name"] == "Thigh Cramp Helper"
    assert agent["supported_languages"] == built_languages()
    assert "en" in agent["supported_languages"]
    # A British pipeline finds the agent: Home Assistant matches "en-GB" to "en".
    await client.send_json_auto_id(
        {"type": "conversation/agent/list", "language": "en-GB", "country": "GB"}
    )
    british = await client.receive_json()
    (agent,) = [a for a in british["result"]["agents"] if a["id"] == AGENT]
    assert agent["supported_languages"] == ["en"]


async def test_data_and_understanding_load_once_off_the_event_loop(hass: HomeAssistant) -> None:
    from custom_components.thigh_cramp_helper import assistant

    real_load = assistant.Assistant.load.__func__  # type: ignore[attr-defined]
    threads: list[int] = []

    def load(cls: type[assistant.Assistant], *args: Any) -> assistant.Assistant:
        threads.append(threading.get_ident())
        loaded: assistant.Assistant = real_load(cls, *args)
        return loaded

    loop_thread = threading.get_ident()
    original = assistant.Assistant.load
    assistant.Assistant.load = classmethod(load)  # type: ignore[method-assign,assignment]
    try:
        await set_up(hass)
        for text in ("start", "no", "no"):
            await converse(hass, text, "one")
            await converse(hass, text, "two")
    finally:
        assistant.Assistant.load = original  # type: ignore[method-assign]
    assert len(threads) == 1, "loaded once, not per conversation or turn"
    assert threads[0] != loop_thread, "loaded in an executor, not on Home Assistant's loop"


async def test_removing_the_integration_removes_the_agent(hass: HomeAssistant) -> None:
    entry = await set_up(hass)
    assert (await converse(hass, "start", "kept")).continues
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(AGENT) is None
    assert er.async_get(hass).async_get(AGENT) is None


def test_the_repositorys_source_folder_alone_says_to_install_the_built_one() -> None:
    """Copying ``custom_components/thigh_cramp_helper`` from a checkout (no assessment in it)
    fails with a message that names the folder to install instead."""
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import custom_components.thigh_cramp_helper\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode != 0
    assert "ImportError: thigh_cramp_helper has no assessment/ folder" in done.stderr
    assert "build/home-assistant/custom_components/" in done.stderr
