"""Thigh Cramp Helper for Home Assistant: the spoken thigh cramp assessment as an Assist
conversation agent, answered entirely inside Home Assistant.

Why the source lives in the repository's ``custom_components/thigh_cramp_helper/`` and not in
the ``skill`` package: it imports Home Assistant, which runs only on Python 3.13 and is no
dependency of the skill (the wheel, ``mypy`` and the main tests stay on Python 3.11 without
it), and HACS looks for an integration's manifest exactly there. This folder alone is not
installable: ``python -m skill package`` builds the one to install, at
``build/home-assistant/custom_components/thigh_cramp_helper/``, from these files plus the
assessment (core, wording, understanding and their data) vendored unchanged into
``assessment/``, and zips it for a HACS release.
"""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

try:
    from .assistant import Assistant
except ModuleNotFoundError as missing:
    if missing.name != f"{__name__}.assessment":
        raise
    raise ImportError(  # the repository's source folder, copied as it is
        "thigh_cramp_helper has no assessment/ folder: install the folder that "
        "`python -m skill package` builds (build/home-assistant/custom_components/"
        "thigh_cramp_helper) or the release zip, not the repository's source folder"
    ) from missing

PLATFORMS = [Platform.CONVERSATION]
ThighCrampConfigEntry = ConfigEntry[Assistant]


async def async_setup_entry(hass: HomeAssistant, entry: ThighCrampConfigEntry) -> bool:
    """Loads the data and the understanding once, in an executor, then adds the agent."""
    entry.runtime_data = await hass.async_add_executor_job(
        Assistant.load, hass.config.language, hass.config.country
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ThighCrampConfigEntry) -> bool:
    """Removing the agent drops every conversation it still holds."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
