"""Names and limits shared by the integration's modules."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "thigh_cramp_helper"
TITLE: Final = "Thigh Cramp Helper"
# An assessment nobody has answered for this long is forgotten, as Home Assistant forgets a
# chat session (homeassistant.helpers.chat_session.CONVERSATION_TIMEOUT, five minutes in
# 2025.4). Kept here too so the answers go even if a later Home Assistant changes its own.
IDLE_SECONDS: Final = 5 * 60
