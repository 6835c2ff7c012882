"""The conversation as a pure function: (session attributes, what was said) -> reply.

No ask-sdk here: the Alexa adapter, the text chat and the tests all drive the same
function. State goes in and comes out as a flat dict; nothing is kept between calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from skill.core.flow import CHECK, NO, UNKNOWN, YES, Ask, Done, RedFlag, Walk, first_question, walk
from skill.core.knowledge import knowledge_for, resolve_locale
from skill.core.render import Card, Phrases, lower_first, sentences
from skill.core.scoring import Assessment, assess
from skill.core.state import ASKING, ENDED, IDLE, RESULT, State, load_state

INTENTS = (
    "launch",
    "start",
    "yes",
    "no",
    "dont_know",
    "amount",
    "explain_cause",
    "prevention",
    "relief",
    "overview",
    "help",
    "repeat",
    "back",
    "start_over",
    "stop",
    "fallback",
)
_MAX_NUMBER_TEXT = 32


class UserInput(NamedTuple):
    """What the person said, already mapped to a core intent; slot texts are untrusted."""

    intent: str
    amount: str | None = None
    unit: str | None = None
    cause: str | None = None


class Screen(NamedTuple):
    """What a device with a screen shows: the pending question, or the card's content."""

    title: str
    text: str
    hint: str = ""


class Reply(NamedTuple):
    speech: str
    reprompt: str | None
    end_session: bool
    card: Card | None
    attributes: dict[str, Any]
    screen: Screen | None = None


def respond(
    attributes: Mapping[str, Any] | None, said: UserInput, locale: str, screen: bool = False
) -> Reply:
    """The reply to ``said``; ``screen=True`` also fills ``Reply.screen`` for a display."""
    return _Turn(attributes, locale, screen).handle(said)


def parse_amount(text: str | None) -> float | None:
    """A slot's number as a float, or None for '?', words, blanks, NaN and other noise."""
    if not isinstance(text, str) or len(text) > _MAX_NUMBER_TEXT:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _Turn:
    def __init__(self, attributes: Mapping[str, Any] | None, locale: str, screen: bool) -> None:
        self.want_screen = screen
        self.k = knowledge_for(resolve_locale(locale))
        self.p = Phrases(locale, self.k)
        self.state, self.lost, route = load_state(self.k, attributes)
        self._walked: tuple[tuple[Any, ...], Walk] = (tuple(self.state.answers.items()), route)

    def _route(self) -> Walk:
        """Where the answers lead, walked once per change of the answers, not per question."""
        key = tuple(self.state.answers.items())
        if self._walked[0] != key:
            self._walked = (key, walk(self.k, self.state.answers))
        return self._walked[1]

    def handle(self, said: UserInput) -> Reply:
        if said.intent == "stop":
            return self._end(self.p.text("stop"))
        if said.intent == "launch":
            return self._begin(welcome=True)
        if self.lost:
            return self._begin(lead=self.p.w["restart_lost"])
        handler: Callable[[UserInput], Reply] = getattr(
            self, f"_on_{said.intent}", self._on_fallback
        )
        return handler(said)

    # Replies -----------------------------------------------------------------------------

    def _reply(self, speech: str, reprompt: str, card: Card | None = None) -> Reply:
        if not self.state.disclaimed:
            speech = sentences(self.p.text("disclaimer"), speech)
            self.state.disclaimed = True
        return Reply(speech, reprompt, False, card, self.state.to_attributes(), self._screen(card))

    def _end(self, speech: str, card: Card | None = None) -> Reply:
        screen = self._screen(card) if card else None
        return Reply(speech, None, True, card, self.state.to_attributes(), screen)

    def _screen(self, card: Card | None) -> Screen | None:
        if not self.want_screen:
            return None
        if card is not None:
            return Screen(card.title, card.text)
        title = self.p.w["skill_name"]
        if self.state.phase == ASKING:
            pending = self._pending()
            question = pending.question
            hint = self.p.w["amount_hint" if question.answer == "amount" else "yes_no_hint"]
            return Screen(title, self.p.question(question, pending.rechecking), hint)
        return Screen(title, self._offer_text() if self.state.offer else self.p.w["help_general"])

    def _begin(self, welcome: bool = False, lead: str = "") -> Reply:
        """Start the questions at the red flags, with the disclaimer once per session."""
        first_time = not self.state.disclaimed
        self.state = State(phase=ASKING, disclaimed=True)
        question = first_question(self.k)
        speech = sentences(
            lead,
            self.p.w["welcome"] if welcome else "",
            self.p.text("disclaimer") if first_time else "",
            self.p.w["cramping_now"] if first_time else "",
            self.p.w["first_question"].format(question=lower_first(self.p.question(question))),
        )
        return self._reply(speech, self.p.reprompt(question))

    def _pending(self) -> Ask:
        step = self._route().step
        assert isinstance(step, Ask), "only called while asking"
        return step

    def _ask(self, template: str = "{question}", lead: str = "") -> Reply:
        pending = self._pending()
        question = self.p.question(pending.question, pending.rechecking)
        speech = sentences(lead, self.p.say(template, question=question))
        return self._reply(speech, self.p.reprompt(pending.question))

    def _offer(self) -> str:
        return self.state.offer or ("assess" if self.state.phase == IDLE else "relief")

    def _offer_text(self) -> str:
        offer = self._offer()
        cause = self.k.cause(offer.removeprefix("cause:")) if offer.startswith("cause:") else None
        if cause is not None:
            return self.p.w["result"]["offer"].format(cause=cause.name)
        return self.p.w["offers"][offer]

    def _general(self, text: str, topic: str, offer: str, card: bool = True) -> Reply:
        """A general answer: mid-assessment it returns to the question, else it offers more."""
        if self.state.phase == ASKING:
            return self._ask(self.p.w["back_to_question"], lead=text)
        self.state.topic, self.state.offer = topic, offer
        offer_text = self._offer_text()
        the_card = self.p.general_card(text) if card else None
        return self._reply(sentences(text, offer_text), offer_text, the_card)

    # Answers to questions ----------------------------------------------------------------

    def _answer(self, value: str) -> Reply:
        pending = self._pending()
        question = pending.question
        if value == UNKNOWN and question.recheck and not pending.rechecking:
            self.state.answers[question.id] = CHECK
            return self._ask()
        self.state.answers[question.id] = value
        return self._advance(screening_ok=question.stage == "screen" and value == NO)

    def _advance(self, screening_ok: bool = False) -> Reply:
        step = self._route().step
        if isinstance(step, Ask):
            return self._ask(lead=self.p.ack(len(self.state.answers), screening_ok))
        if isinstance(step, RedFlag):
            self.state.phase = ENDED
            return self._end(self.p.red_flag(step.flag_id), self.p.red_flag_card(step.flag_id))
        assert isinstance(step, Done)
        return self._result()

    def _assessment(self) -> Assessment:
        return assess(self.k, self.state.answers)

    def _result(self) -> Reply:
        result = self._assessment()
        self.state.phase, self.state.topic = RESULT, "result"
        self.state.offer = f"cause:{result.causes[0].cause.id}" if result.causes else "relief"
        speech = self.p.result(result, self.state.answers)
        return self._reply(speech, self.p.result_offer(result), self.p.result_card(result))

    def _on_yes(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._answer(YES)
        return self._take_offer(self._offer())

    def _on_no(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._answer(NO)
        return self._end(self.p.text("goodbye"))

    def _on_dont_know(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._answer(UNKNOWN)
        return self._on_help(said)

    def _on_amount(self, said: UserInput) -> Reply:
        if self.state.phase != ASKING:
            return self._on_fallback(said)
        question = self._pending().question
        if question.answer != "amount":
            return self._ask(self.p.w["need_yes_no"])
        amount = parse_amount(said.amount)
        if amount is None and said.amount is None and said.unit:
            amount = 1.0  # "a glass", "a bottle"
        if amount is None:
            return self._ask(self.p.w["need_amount"])
        glasses = amount * self.k.glasses_per_unit.get(said.unit or "glass", 1.0)
        if not 0 <= glasses <= self.k.max_glasses:
            return self._ask(self.p.w["amount_out_of_range"])
        self.state.answers[question.id] = round(glasses, 2)
        return self._advance()

    # Offers and general answers ------------------------------------------------------------

    def _take_offer(self, offer: str) -> Reply:
        if offer.startswith("cause:"):
            return self._explain(offer.removeprefix("cause:"))
        if offer == "relief":
            return self._on_relief(UserInput("relief"))
        if offer == "prevention":
            return self._on_prevention(UserInput("prevention"))
        return self._begin()

    def _on_start(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._ask(self.p.w["carry_on"])
        return self._begin()

    def _explain(self, cause_id: str | None) -> Reply:
        offered = (self.state.offer or "").removeprefix("cause:")
        cause = self.k.cause(cause_id) or (self.k.cause(offered) if cause_id is None else None)
        if cause is None:
            if self.state.phase == ASKING:
                return self._ask(self.p.w["back_to_question"], lead=self.p.which_cause())
            self.state.topic, self.state.offer = "which_cause", None
            return self._reply(self.p.which_cause(), self.p.w["general"]["which_cause_reprompt"])
        return self._general(self.p.cause(cause), f"cause:{cause.id}", "relief")

    def _on_explain_cause(self, said: UserInput) -> Reply:
        return self._explain(said.cause)

    def _result_causes(self) -> list[Any]:
        if self.state.phase != RESULT:
            return []
        return [ranked.cause for ranked in self._assessment().causes]

    def _on_prevention(self, said: UserInput) -> Reply:
        return self._general(self.p.prevention(self._result_causes()), "prevention", "relief")

    def _on_relief(self, said: UserInput) -> Reply:
        offer = "assess" if self.state.phase == IDLE else "prevention"
        return self._general(self.p.relief(), "relief", offer)

    def _on_overview(self, said: UserInput) -> Reply:
        offer = "assess" if self.state.phase == IDLE else "relief"
        return self._general(self.p.overview(), "overview", offer, card=False)

    # Navigation --------------------------------------------------------------------------

    def _on_help(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            pending = self._pending()
            return self._ask(lead=self.p.help(pending.question))
        offer = self._offer_text()
        return self._reply(sentences(self.p.w["help_general"], offer), offer)

    def _on_repeat(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._ask()
        topic = self.state.topic or ""
        if topic == "result":
            return self._result()
        if topic.startswith("cause:") or topic == "which_cause":
            return self._explain(topic.removeprefix("cause:"))
        repeaters: dict[str, Callable[[UserInput], Reply]] = {
            "overview": self._on_overview,
            "prevention": self._on_prevention,
            "relief": self._on_relief,
        }
        return repeaters.get(topic, self._on_help)(said)

    def _on_back(self, said: UserInput) -> Reply:
        if self.state.phase not in (ASKING, RESULT):
            offer = self._offer_text()
            return self._reply(sentences(self.p.w["nothing_to_go_back"], offer), offer)
        route = self._route()
        if isinstance(route.step, Ask) and route.step.rechecking:
            del self.state.answers[route.step.question.id]
        elif route.answered:
            del self.state.answers[route.answered[-1].id]
        else:
            return self._ask(self.p.w["go_back_first"])
        self.state.phase, self.state.topic, self.state.offer = ASKING, None, None
        return self._ask(self.p.w["go_back"])

    def _on_start_over(self, said: UserInput) -> Reply:
        return self._begin(lead=self.p.w["start_over"])

    def _on_fallback(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            pending = self._pending()
            lead = self.p.w["fallback_question"].format(rephrase=self.p.rephrase(pending.question))
            return self._reply(lead, self.p.reprompt(pending.question))
        offer = self._offer_text()
        return self._reply(sentences(self.p.w["fallback_general"], offer), offer)
