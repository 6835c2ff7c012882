"""The conversation agent: one assessment per Home Assistant conversation, held in memory.

Each conversation's state is the small flat dict the assessment core returns, kept here by
``conversation_id`` and nowhere else: never written to disk, never logged. It is dropped
when the assessment ends, when Home Assistant's chat session for it expires, and after the
same idle time by this entity's own timer, in case a chat session outlives that.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import intent
from homeassistant.helpers.chat_session import ChatSession, async_get_chat_session
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from . import ThighCrampConfigEntry
from .assistant import Assistant, Said
from .const import DOMAIN, IDLE_SECONDS

_LOGGER = logging.getLogger(__name__)
IDLE = timedelta(seconds=IDLE_SECONDS)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ThighCrampConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    async_add_entities([ThighCrampHelperAgent(entry, entry.runtime_data)])


@dataclass
class _Conversation:
    """One person's assessment in progress: the core's state and when it last moved."""

    attributes: dict[str, Any] | None = None  # None until the first reply
    last_turn: datetime = field(default_factory=dt_util.utcnow)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one turn at a time


class ThighCrampHelperAgent(conversation.ConversationEntity):
    """``conversation.thigh_cramp_helper``: pick it as an Assist pipeline's agent."""

    _attr_has_entity_name = True
    _attr_name = None

    def __init__(self, entry: ThighCrampConfigEntry, assistant: Assistant) -> None:
        self._assistant = assistant
        self._attr_unique_id = entry.entry_id
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            name=entry.title,
            entry_type=DeviceEntryType.SERVICE,
        )
        self._conversations: dict[str, _Conversation] = {}
        self._cancel_timer: CALLBACK_TYPE | None = None

    @property
    def supported_languages(self) -> list[str]:
        """The languages the packaged data has wording and understanding for."""
        return list(self._assistant.languages)

    @property
    def open_conversations(self) -> int:
        """How many assessments are held in memory right now (for the tests' privacy checks)."""
        return len(self._conversations)

    async def async_will_remove_from_hass(self) -> None:
        if self._cancel_timer is not None:
            self._cancel_timer()
            self._cancel_timer = None
        self._conversations.clear()

    async def async_process(
        self, user_input: conversation.ConversationInput
    ) -> conversation.ConversationResult:
        """One utterance in, one reply out; ``continue_conversation`` while a question waits,
        so a satellite listens again without the wake word."""
        with async_get_chat_session(self.hass, user_input.conversation_id) as session:
            said = await self._turn(session, user_input)
        response = intent.IntentResponse(language=user_input.language)
        response.async_set_speech(said.speech)
        if said.reprompt:
            response.async_set_reprompt(said.reprompt)
        if said.card is not None:
            response.async_set_card(said.card.title, said.card.text)
        return conversation.ConversationResult(
            response=response,
            conversation_id=session.conversation_id,
            continue_conversation=not said.ended,
        )

    async def _turn(self, session: ChatSession, user_input: conversation.ConversationInput) -> Said:
        conversation_id = session.conversation_id
        self._forget_idle(dt_util.utcnow())
        current = self._conversations.get(conversation_id)
        if current is None:
            current = self._conversations[conversation_id] = _Conversation()
            session.async_on_cleanup(lambda: self._forget(conversation_id, current))
        language, country = user_input.language, self.hass.config.country
        async with current.lock:
            try:
                said = await self.hass.async_add_executor_job(
                    self._assistant.turn, current.attributes, user_input.text, language, country
                )
            except Exception as err:  # a turn never raises into Home Assistant
                _log_failure(err)
                said = self._assistant.apology(language, country)
            current.attributes, current.last_turn = said.attributes, dt_util.utcnow()
        if said.ended:
            self._forget(conversation_id, current)
        self._schedule_idle_check()
        return said

    @callback
    def _forget(self, conversation_id: str, which: _Conversation) -> None:
        """Drops one conversation's answers (only that one: the id may have been reused)."""
        if self._conversations.get(conversation_id) is which:
            del self._conversations[conversation_id]

    @callback
    def _forget_idle(self, now: datetime) -> None:
        for conversation_id, current in list(self._conversations.items()):
            if current.last_turn + IDLE <= now:
                self._forget(conversation_id, current)

    @callback
    def _schedule_idle_check(self) -> None:
        """One timer, for the conversation that goes idle first."""
        if self._cancel_timer is None and self._conversations:
            first = min(current.last_turn for current in self._conversations.values())
            delay = max(first + IDLE - dt_util.utcnow(), timedelta(0))
            self._cancel_timer = async_call_later(self.hass, delay, self._idle_check)

    @callback
    def _idle_check(self, now: datetime) -> None:
        self._cancel_timer = None
        self._forget_idle(now)
        self._schedule_idle_check()


def _log_failure(err: Exception) -> None:
    """Where a turn failed, without what was said: the exception's type and the code lines
    it passed through, never its message or values, which could hold the person's words."""
    where = "".join(traceback.format_tb(err.__traceback__))
    _LOGGER.error("A turn failed with %s; the apology was spoken.\n%s", type(err).__name__, where)
