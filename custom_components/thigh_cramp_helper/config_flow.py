"""Adding the integration: nothing to ask, one entry per Home Assistant."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN, TITLE


class ThighCrampHelperConfigFlow(ConfigFlow, domain=DOMAIN):
    """A confirmation form with no fields. The agent needs no settings: the language comes
    from the Assist pipeline and the emergency number from Home Assistant's country."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()  # a second agent would be the same agent
        if user_input is None:
            return self.async_show_form(step_id="user", data_schema=vol.Schema({}))
        return self.async_create_entry(title=TITLE, data={})
