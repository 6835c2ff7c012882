"""The conversation as a pure function: (session attributes, what was said) -> reply.

No ask-sdk here: the Alexa adapter, the text chat and the tests all drive the same
function. State goes in and comes out as a flat dict; nothing is kept between calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple, get_args

from .channel import TEXT, Channel
from .flow import CHECK, NO, UNKNOWN, YES, Ask, Done, RedFlag, Walk, first_question, walk
from .render import Card, lower_first, phrases_for, sentences
from .scoring import Assessment, assess
from .state import ASKING, ENDED, IDLE, RESULT, State, load_state

Intent = Literal[
    "launch", "start", "yes", "no", "dont_know", "amount", "explain_cause", "prevention",
    "relief", "overview", "help", "repeat", "back", "start_over", "stop", "fallback", "sign",
    "mention", "skip", "courtesy",
]  # fmt: skip
INTENTS: tuple[Intent, ...] = get_args(Intent)
_MAX_NUMBER_TEXT = 32


class UserInput(NamedTuple):
    """What the person said, already mapped to a core intent; slot texts are untrusted."""

    intent: str
    amount: str | None = None
    unit: str | None = None
    cause: str | None = None
    sign: str | None = None  # a red flag described in the person's own words
    condition: str | None = None  # a condition mentioned in passing (pregnancy, ...)


class Screen(NamedTuple):
    """What a device with a screen shows: the pending question, or the card's content."""

    title: str
    text: str
    hint: str = ""


class Outcome(NamedTuple):
    """What the assessment concluded, for front ends and tests; never the person's answers."""

    urgency: str
    red_flag: str | None
    causes: tuple[tuple[str, str], ...]  # (cause id, rating), in the order spoken
    warnings: tuple[str, ...]
    doctor_reasons: tuple[str, ...]


class Reply(NamedTuple):
    speech: str
    reprompt: str | None
    end_session: bool
    card: Card | None
    attributes: dict[str, Any]
    screen: Screen | None = None
    outcome: Outcome | None = None
    emergency_number: str | None = None  # digits, so a speech engine can read them one by one
    emergency_name: str | None = None  # how the number is said, where that differs ("triple zero")


def outcome_of(assessment: Assessment) -> Outcome:
    return Outcome(
        assessment.urgency,
        assessment.red_flag,
        tuple((rc.cause.id, rc.rating) for rc in assessment.causes),
        assessment.warnings,
        assessment.doctor_reasons,
    )


def respond(
    attributes: Mapping[str, Any] | None,
    said: UserInput,
    locale: str,
    channel: Channel = TEXT,
    country: str | None = None,
) -> Reply:
    """The reply to ``said`` in a language tag (and country, where the platform knows it)
    on a channel: cards are announced only where an app shows them, and ``Reply.screen``
    is filled only for a display."""
    return _Turn(attributes, locale, channel, country).handle(said)


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
    def __init__(
        self,
        attributes: Mapping[str, Any] | None,
        locale: str,
        channel: Channel,
        country: str | None,
    ) -> None:
        self.want_screen = channel.screen
        self.p = phrases_for(locale, country).on(channel)
        self.k = self.p.k
        self.state, self.lost, route = load_state(self.k, attributes)
        self.misses = 0
        self._walked: tuple[tuple[Any, ...], Walk] = (self._route_key(), route)

    def _route_key(self) -> tuple[Any, ...]:
        return (*self.state.answers.items(), *self.state.reported)

    def _route(self) -> Walk:
        """Where the answers lead, walked once per change of the answers, not per question."""
        key = self._route_key()
        if self._walked[0] != key:
            self._walked = (key, walk(self.k, self.state.answers, self.state.reported))
        return self._walked[1]

    def handle(self, said: UserInput) -> Reply:
        self.misses, self.state.misses = self.state.misses, 0
        if said.intent == "sign" and said.sign is not None and said.sign in self.k.flags:
            return self._report_sign(said.sign)
        if said.intent == "stop":
            return self._end(self.p.text("stop"))
        if said.intent == "launch":
            return self._begin(welcome=True)
        if self.lost:
            return self._begin(lead=self.p.w["restart_lost"])
        return _HANDLERS.get(said.intent, _Turn._on_fallback)(self, said)

    # Replies -----------------------------------------------------------------------------

    def _reply(
        self,
        speech: str,
        reprompt: str,
        card: Card | None = None,
        outcome: Outcome | None = None,
    ) -> Reply:
        if not self.state.disclaimed:
            speech = sentences(self.p.text("disclaimer"), speech)
            self.state.disclaimed = True
        return Reply(
            speech, reprompt, False, card, self.state.to_attributes(), self._screen(card),
            outcome, self.p.emergency_number, self.p.emergency_name,
        )  # fmt: skip

    def _end(self, speech: str, card: Card | None = None, outcome: Outcome | None = None) -> Reply:
        screen = self._screen(card) if card else None
        return Reply(
            speech, None, True, card, self.state.to_attributes(), screen,
            outcome, self.p.emergency_number, self.p.emergency_name,
        )  # fmt: skip

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
            return self.p.t("result", "offer").format(cause=cause.name)
        return self.p.t("offers", offer)

    def _general(self, text: str, topic: str, offer: str, card: bool = True) -> Reply:
        """A general answer: mid-assessment it returns to the question, else it offers more."""
        if self.state.phase == ASKING:
            return self._ask(self.p.w["back_to_question"], lead=text)
        self.state.topic, self.state.offer = topic, offer
        offer_text = self._offer_text()
        the_card = self.p.general_card(text) if card else None
        return self._reply(sentences(text, offer_text), offer_text, the_card)

    # Answers to questions ----------------------------------------------------------------

    def _answer(self, value: str, lead: str = "") -> Reply:
        pending = self._pending()
        question = pending.question
        if value == UNKNOWN and question.recheck and not pending.rechecking and not lead:
            self.state.answers[question.id] = CHECK
            return self._ask()
        self.state.answers[question.id] = value
        if value != CHECK and not self.state.reported:  # carry on from the question asked
            route = walk(self.k, self.state.answers, (), after=self._walked[1])
            self._walked = (self._route_key(), route)
        return self._advance(screening_ok=question.stage == "screen" and value == NO, lead=lead)

    def _advance(self, screening_ok: bool = False, lead: str = "") -> Reply:
        step = self._route().step
        if isinstance(step, Ask):
            return self._ask(lead=lead or self.p.ack(len(self.state.answers), screening_ok))
        if isinstance(step, RedFlag):
            return self._red_flag(step.flag_id)
        assert isinstance(step, Done)
        return self._result()

    def _red_flag(self, flag_id: str) -> Reply:
        self.state.phase, self.state.offer, self.state.topic = ENDED, None, None
        assessment = self._assessment()
        speech = self.p.red_flag(flag_id, assessment.warnings)
        return self._end(speech, self.p.red_flag_card(flag_id), outcome_of(assessment))

    def _miss(self, template: str) -> Reply:
        """A turn that gave no usable answer: re-ask once, then count it as "I don't know"."""
        if self.misses:
            return self._answer(UNKNOWN, lead=self.p.w["moving_on"])
        self.state.misses = 1
        return self._ask(template)

    def _assessment(self) -> Assessment:
        s = self.state
        return assess(self.k, s.answers, s.reported, s.mentions)

    def _result(self) -> Reply:
        result = self._assessment()
        self.state.phase, self.state.topic = RESULT, "result"
        speech, cause_offered = self.p.spoken_result(result, self.state.answers)
        self.state.offer = f"cause:{result.causes[0].cause.id}" if cause_offered else "relief"
        card = self.p.result_card(result, self.state.answers)
        reprompt = self.p.result_offer(result, name_cause=cause_offered)
        return self._reply(speech, reprompt, card, outcome_of(result))

    # Signs, mentions and turns that are not answers ------------------------------------

    def _report_sign(self, flag_id: str) -> Reply:
        """A danger sign in the person's own words counts at any turn, whatever is pending."""
        if flag_id not in self.state.reported:
            self.state.reported = (*self.state.reported, flag_id)
        if self.lost or self.state.phase == IDLE:
            self.state = State(phase=ASKING, disclaimed=self.state.disclaimed, reported=(flag_id,))
        elif self.state.phase == ENDED:
            self.state.answers = {}
            self.state.reported = (flag_id,)
        elif self.state.phase == RESULT:
            self.state.phase = ASKING
        step = self._route().step
        if isinstance(step, RedFlag):
            return self._red_flag(step.flag_id)
        self.state.phase, self.state.offer, self.state.topic = ASKING, None, None
        return self._ask(lead=self.p.w["sign_noted"])

    def _on_mention(self, said: UserInput) -> Reply:
        condition = said.condition if said.condition in self.k.conditions else None
        if condition is None:
            return self._on_fallback(said)
        known = condition in self.state.mentions
        if not known:
            self.state.mentions = (*self.state.mentions, condition)
        if self.state.phase != ASKING:
            offer = self._offer_text()
            lead = self.p.w["mention_noted"].format(question="").strip()
            return self._reply(sentences(lead, offer), offer)
        if known:  # said again: no new information, so it counts towards moving on
            return self._miss(self.p.w["mention_noted"])
        return self._ask(self.p.w["mention_noted"])

    def _on_skip(self, said: UserInput) -> Reply:
        if self.state.phase != ASKING:
            return self._on_fallback(said)
        if self._pending().question.stage == "screen":
            return self._miss(self.p.w["skip_red_flag"])
        return self._answer(UNKNOWN, lead=self.p.w["skipped"])

    def _on_courtesy(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._miss(self.p.w["courtesy_question"])
        offer = self._offer_text()
        return self._reply(offer, offer)

    def _on_yes(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._yes_no(YES)
        return self._take_offer(self._offer())

    def _on_no(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._yes_no(NO)
        return self._end(self.p.text("goodbye"))

    def _on_dont_know(self, said: UserInput) -> Reply:
        if self.state.phase == ASKING:
            return self._answer(UNKNOWN)
        return self._on_help(said)

    def _yes_no(self, value: str) -> Reply:
        """A yes or no is no amount: "no" to "how many glasses" is asked again, not guessed."""
        if self._pending().question.answer == "amount":
            return self._miss(self.p.w["need_amount"])
        return self._answer(value)

    def _on_amount(self, said: UserInput) -> Reply:
        if self.state.phase != ASKING:
            return self._on_fallback(said)
        question = self._pending().question
        amount = parse_amount(said.amount)
        if amount is None and said.amount is None and said.unit:
            amount = 1.0  # "a glass", "a bottle"
        if question.answer != "amount":
            if amount == 0:  # "none", "nothing" to a yes-or-no question
                return self._answer(NO)
            return self._miss(self.p.w["need_yes_no"])
        if amount is None:
            return self._miss(self.p.w["need_amount"])
        glasses = amount * self.k.glasses_per_unit.get(said.unit or "glass", 1.0)
        if not 0 <= glasses <= self.k.max_glasses:
            return self._miss(self.p.w["amount_out_of_range"])
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
        return self._general(
            self.p.cause(cause, self.state.answers, self.state.mentions),
            f"cause:{cause.id}",
            "relief",
        )

    def _on_explain_cause(self, said: UserInput) -> Reply:
        return self._explain(said.cause)

    def _result_causes(self) -> list[Any]:
        if self.state.phase != RESULT:
            return []
        return [ranked.cause for ranked in self._assessment().causes]

    def _on_prevention(self, said: UserInput) -> Reply:
        return self._general(
            self.p.prevention(self._result_causes(), self.state.answers, self.state.mentions),
            "prevention",
            "relief",
        )

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
            if self.misses:
                return self._answer(UNKNOWN, lead=self.p.w["moving_on"])
            self.state.misses = 1
            pending = self._pending()
            lead = self.p.w["fallback_question"].format(rephrase=self.p.rephrase(pending.question))
            return self._reply(lead, self.p.reprompt(pending.question))
        offer = self._offer_text()
        return self._reply(sentences(self.p.w["fallback_general"], offer), offer)


# The closed table of what each intent does once the turn is under way (launch, stop and a
# reported sign are decided first in ``_Turn.handle``); anything else is a fallback.
_HANDLERS: dict[str, Callable[[_Turn, UserInput], Reply]] = {
    "start": _Turn._on_start,
    "yes": _Turn._on_yes,
    "no": _Turn._on_no,
    "dont_know": _Turn._on_dont_know,
    "amount": _Turn._on_amount,
    "explain_cause": _Turn._on_explain_cause,
    "prevention": _Turn._on_prevention,
    "relief": _Turn._on_relief,
    "overview": _Turn._on_overview,
    "help": _Turn._on_help,
    "repeat": _Turn._on_repeat,
    "back": _Turn._on_back,
    "start_over": _Turn._on_start_over,
    "fallback": _Turn._on_fallback,
    "mention": _Turn._on_mention,
    "skip": _Turn._on_skip,
    "courtesy": _Turn._on_courtesy,
}
assert set(_HANDLERS) | {"launch", "stop", "sign"} == set(INTENTS), "every intent is handled"


def error_text(locale: str, country: str | None = None) -> str:
    """What to say when something failed on the front end's side, in the person's language."""
    return str(phrases_for(locale, country).w["error"])


def pending_question(
    attributes: Mapping[str, Any] | None, locale: str, country: str | None = None
) -> str | None:
    """The question waiting for an answer, so a local understanding can read the reply in
    context ("none" to the drinks question is an amount); None when nothing is pending."""
    kb = phrases_for(locale, country).k
    state, lost, route = load_state(kb, attributes)
    if lost or state.phase != ASKING or not isinstance(route.step, Ask):
        return None
    return route.step.question.id
