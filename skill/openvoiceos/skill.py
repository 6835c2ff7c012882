"""The assessment as an OpenVoiceOS skill: intents open it, ``converse`` carries it on.

Three intents (``start.intent``, ``relief.intent``, ``causes.intent``, one file each per
language under ``locale/``) open a conversation. Each question is spoken with
``expect_response=True`` and the handler returns at once; the answer comes back through
``converse`` (OpenVoiceOS asks active skills first), goes through the same text session and
understanding as every other front end, and the next question or the result is spoken.
Nothing blocks waiting for speech (no ``get_response``), so two sessions (the device and a
satellite) can be assessed at once, each by its own session id.

Once the assessment ends, or the person says stop, or nobody answers for a few minutes, the
session's state is gone and ``converse`` returns False: the skill no longer claims what is
said. Nothing about a person's answers is written to disk (the skill never touches its
settings) or logged (a failed turn logs only the exception's type). A result card's text goes
to the device's own screen when a GUI is connected, and nowhere else.
"""

from __future__ import annotations

import threading
from typing import Any

from ovos_bus_client.message import Message
from ovos_bus_client.session import Session, SessionManager
from ovos_bus_client.util import get_message_lang
from ovos_utils import classproperty
from ovos_utils.process_utils import RuntimeRequirements
from ovos_workshop.skills.converse import ConversationalSkill

from skill.core import TEXT, Reply, UserInput, error_text, preload, respond
from skill.nlu import for_locale, understood_languages
from skill.openvoiceos.conversations import Conversations
from skill.openvoiceos.place import Place, place
from skill.openvoiceos.speech import spoken
from skill.text_session import TextSession

# The longest utterance passed on to the understanding; speech recognisers give a sentence
# or two, so anything longer is noise (or an attack) and is cut rather than parsed whole.
MAX_UTTERANCE = 500
# The device's own session: the only one whose screen is this device's GUI.
DEVICE_SESSION = "default"


def first_utterance(utterances: object) -> str:
    """The recogniser's best transcription, guarded: text, at most ``MAX_UTTERANCE`` long."""
    if isinstance(utterances, str):
        utterances = [utterances]
    if isinstance(utterances, list | tuple):
        for utterance in utterances:
            if isinstance(utterance, str) and utterance.strip():
                return utterance.strip()[:MAX_UTTERANCE]
    return ""


class ThighCrampHelperSkill(ConversationalSkill):  # type: ignore[misc]  # untyped base
    """Thigh Cramp Helper for OpenVoiceOS (entry point ``thigh-cramp-helper.openvoiceos``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Set before the base class starts the skill (it does when given a bus and an id).
        self.conversations = Conversations()
        self._turns = threading.Lock()
        self._gui_connected = False
        super().__init__(*args, **kwargs)

    @classproperty  # type: ignore[untyped-decorator]  # ovos-utils has no types
    def runtime_requirements(self) -> RuntimeRequirements:
        """Everything is local: no network, before loading or after; a screen is optional."""
        return RuntimeRequirements(
            internet_before_load=False,
            network_before_load=False,
            requires_internet=False,
            requires_network=False,
            no_internet_fallback=True,
            no_network_fallback=True,
            no_gui_fallback=True,
        )

    def initialize(self) -> None:
        """Read every data file now, at load time, never on a turn; register the intents
        (ovos-workshop reads each file for every language the device is set up for)."""
        preload()
        for language in sorted(understood_languages()):
            for_locale(language)
        self.register_intent_file("start.intent", self.handle_start)
        self.register_intent_file("relief.intent", self.handle_relief)
        self.register_intent_file("causes.intent", self.handle_causes)
        self.add_event("gui.status.request.response", self._on_gui_status, speak_errors=False)
        self.add_event("mycroft.gui.connected", self._on_gui_connected, speak_errors=False)
        self._ask_gui_status()

    def shutdown(self) -> None:
        self.conversations.close()

    # Intents --------------------------------------------------------------------------

    def handle_start(self, message: Message) -> None:
        """ "check my thigh cramps": the welcome and the first question."""
        self._ask_gui_status()
        self._open(message, "launch")

    def handle_relief(self, message: Message) -> None:
        """ "how do I stop a thigh cramp": relief now, then the offer to assess."""
        self._open(message, "relief")

    def handle_causes(self, message: Message) -> None:
        """ "what causes thigh cramps": the overview, then the offer to assess."""
        self._open(message, "overview")

    # Converse ---------------------------------------------------------------------------

    def can_converse(self, message: Message) -> bool:
        """Only while this session has an assessment (or an offer) waiting for an answer."""
        return self._session_id(message) in self.conversations

    def converse(self, message: Message) -> bool:
        """The answer to the pending question; False (not ours) when nothing is pending."""
        with self._turns:
            session_id = self._session_id(message)
            attributes = self.conversations.get(session_id)
            if attributes is None:
                return False
            where = self._place(message)
            heard = first_utterance(message.data.get("utterances"))
            try:
                text_session = TextSession(where.locale, attributes, country=where.country)
                _, reply = text_session.say(heard)
            except Exception as error:  # the person hears an apology, never silence
                self._fail(message, session_id, where, error)
                return True
            self._deliver(message, session_id, reply)
            return True

    # Stop -------------------------------------------------------------------------------

    def can_stop(self, message: Message) -> bool:
        return self._session_id(message) in self.conversations

    def stop_session(self, session: Session) -> bool:
        """ "stop" (or the global stop): the core's goodbye, and the state is forgotten."""
        with self._turns:
            session_id = session.session_id if isinstance(session.session_id, str) else ""
            attributes = self.conversations.get(session_id)
            if attributes is None or not self.conversations.drop(session_id):
                return False
            where = place(session.lang, session.location_preferences)
            reply = respond(attributes, UserInput("stop"), where.locale, TEXT, where.country)
            self.speak(spoken(reply), expect_response=False)
            return True

    # Turns ------------------------------------------------------------------------------

    def _open(self, message: Message, intent: str) -> None:
        with self._turns:
            session_id = self._session_id(message)
            where = self._place(message)
            attributes = self.conversations.get(session_id)
            try:
                reply = respond(attributes, UserInput(intent), where.locale, TEXT, where.country)
            except Exception as error:
                self._fail(message, session_id, where, error)
                return
            self._deliver(message, session_id, reply)

    def _deliver(self, message: Message, session_id: str, reply: Reply) -> None:
        """Keep or forget the state, show the card on this device's screen, then speak."""
        if reply.end_session:
            self.conversations.drop(session_id)
        else:
            self.conversations.put(session_id, reply.attributes)
        if reply.card is not None and self._gui_connected and session_id == DEVICE_SESSION:
            self.gui.show_text(reply.card.text, title=reply.card.title)
        self.speak(spoken(reply), expect_response=not reply.end_session)
        if reply.end_session:
            self.deactivate()  # OpenVoiceOS stops offering this session's utterances to us

    def _fail(self, message: Message, session_id: str, where: Place, error: Exception) -> None:
        """A turn that failed: the apology, the state forgotten, the type of error logged."""
        self.conversations.drop(session_id)
        self.log.warning("turn failed: %s", type(error).__name__)
        self.speak(error_text(where.locale), expect_response=False)
        self.deactivate()

    # What the message says --------------------------------------------------------------

    @staticmethod
    def _session_id(message: Message) -> str:
        session_id = SessionManager.get(message).session_id
        return session_id if isinstance(session_id, str) else DEVICE_SESSION

    def _place(self, message: Message) -> Place:
        """The request's language (the message's, else the session's or the device's) and
        the country of the session's location (a satellite's own, else the device's)."""
        lang = get_message_lang(message) or self.lang
        return place(lang, SessionManager.get(message).location_preferences)

    # The screen -------------------------------------------------------------------------

    def _ask_gui_status(self) -> None:
        """Ask, without waiting, whether a GUI is connected; the answer arrives as an event."""
        self.bus.emit(Message("gui.status.request", context={"skill_id": self.skill_id}))

    def _on_gui_status(self, message: Message) -> None:
        self._gui_connected = message.data.get("connected") is True

    def _on_gui_connected(self, message: Message) -> None:
        self._gui_connected = True
