"""Sentences for one locale, built only from the wording file and the knowledge base.

Everything returned is plain text; the Alexa adapter escapes it into SSML and the text chat
prints it as is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from skill.core.flow import Answer
from skill.core.knowledge import Cause, Knowledge, Question, knowledge_for, resolve_locale, wording
from skill.core.scoring import Assessment, RankedCause

# About 50 seconds spoken: longer and people stop listening; the card holds the rest.
RESULT_WORD_BUDGET = 130
# Parts of the spoken result dropped first when it runs long; warnings, urgency, the top cause,
# one prevention step, when to see a doctor, the disclaimer and the offer are always said.
_RESULT_DROP_ORDER = ("cause3", "step3", "intro", "card_sent", "during", "cause2", "step2")


class Card(NamedTuple):
    title: str
    text: str


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def join_steps(steps: Sequence[str]) -> str:
    """'a', 'a and b', 'a; b; and c': semicolons keep long steps apart when spoken."""
    if len(steps) <= 1:
        return "".join(steps)
    if len(steps) == 2:
        return f"{steps[0]}; and {steps[1]}"
    return "; ".join(steps[:-1]) + f"; and {steps[-1]}"


def join_names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + f", and {names[-1]}"


def sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


class Phrases:
    """The wording of one locale, with its emergency number filled into every template.

    A locale without its own wording file (en-NZ, say) gets en-US wording but no number.
    """

    def __init__(self, locale: str, kb: Knowledge | None = None) -> None:
        self.w: Mapping[str, Any] = wording(locale)
        self.k = kb or knowledge_for(resolve_locale(locale))
        # Another locale's number could be wrong where the person is: say so generically.
        exact = locale == self.w["locale"]
        self.emergency = self.w["emergency_number" if exact else "emergency_fallback"]

    def say(self, template: str, **values: Any) -> str:
        return template.format(emergency=self.emergency, **values)

    def text(self, key: str, **values: Any) -> str:
        return self.say(self.w[key], **values)

    # Questions -------------------------------------------------------------------------

    def question(self, question: Question, rechecking: bool = False) -> str:
        texts = self.w["questions"][question.id]
        return texts["recheck"] if rechecking else texts["ask"]

    def reprompt(self, question: Question) -> str:
        return self.w["questions"][question.id]["reprompt"]

    def help(self, question: Question) -> str:
        hint = self.w["amount_hint" if question.answer == "amount" else "yes_no_hint"]
        return sentences(self.w["questions"][question.id]["help"], hint)

    def rephrase(self, question: Question) -> str:
        return self.w["questions"][question.id]["rephrase"]

    def ack(self, turn: int, screening: bool) -> str:
        choices = self.w["screen_acks" if screening else "acks"]
        return choices[turn % len(choices)]

    # Results ---------------------------------------------------------------------------

    def reason(self, ranked: RankedCause, answers: Mapping[str, Answer]) -> str:
        key = f"{ranked.reason_question}:{ranked.reason_category}"
        value = answers.get(ranked.reason_question)
        if ranked.reason_question == "hydration":
            glasses = round(value) if isinstance(value, int | float) else 0
            if glasses <= 0:
                return self.w["reasons"]["hydration:none"]
            amount = self.w["glasses"]["one" if glasses == 1 else "other"].format(n=glasses)
            return self.w["reasons"][key].format(glasses=amount)
        return self.w["reasons"][key]

    def prevention_steps(self, causes: Sequence[Cause], limit: int = 3) -> list[str]:
        """The first step of each cause, then further steps, without repeats."""
        steps: list[str] = []
        for depth in range(max((len(c.prevention) for c in causes), default=0)):
            for cause in causes:
                if depth < len(cause.prevention) and cause.prevention[depth] not in steps:
                    steps.append(cause.prevention[depth])
        if not causes:
            steps = list(self.k.general_prevention)
        return steps[:limit]

    def result(self, assessment: Assessment, answers: Mapping[str, Answer]) -> str:
        """The spoken result, offer included, within ``RESULT_WORD_BUDGET`` (see the drop order)."""
        r = self.w["result"]
        causes = [
            r[f"{'first' if i == 0 else 'next'}_{rc.rating}"].format(
                cause=rc.cause.name,
                Cause=capitalise(rc.cause.name),
                reason=self.reason(rc, answers),
            )
            for i, rc in enumerate(assessment.causes)
        ] or [r["nothing_stands_out"]]
        steps = self.prevention_steps([rc.cause for rc in assessment.causes], limit=3)
        offer = self.result_offer(assessment)
        warnings = [self.say(self.w["warnings"][w]) for w in assessment.warnings]
        urgency = self.say(r["urgency"].get(assessment.urgency, ""))
        disclaimer = self.say(r["disclaimer"])
        speech = ""
        for count in range(len(_RESULT_DROP_ORDER) + 1):
            dropped = set(_RESULT_DROP_ORDER[:count])
            kept_causes = [c for i, c in enumerate(causes) if f"cause{i + 1}" not in dropped]
            kept_steps = [s for i, s in enumerate(steps) if f"step{i + 1}" not in dropped]
            speech = sentences(
                "" if "intro" in dropped else r["intro"],
                *warnings,
                urgency,
                *kept_causes,
                r["prevention"].format(steps=join_steps(kept_steps)),
                "" if "during" in dropped else r["during"],
                r["see_doctor"],
                "" if "card_sent" in dropped else r["card_sent"],
                disclaimer,
                offer,
            )
            if len(speech.split()) <= RESULT_WORD_BUDGET:
                break
        return speech

    def result_offer(self, assessment: Assessment) -> str:
        r = self.w["result"]
        if assessment.causes:
            return r["offer"].format(cause=assessment.causes[0].cause.name)
        return r["offer_general"]

    def result_card(self, assessment: Assessment) -> Card:
        """The card shows causes and advice but never the person's answers: others may see it."""
        c = self.w["cards"]
        causes = [rc.cause for rc in assessment.causes]
        blocks = [self.say(self.w["warnings"][w]) for w in assessment.warnings]
        if assessment.urgency in self.w["result"]["urgency"]:
            blocks.append(self.say(self.w["result"]["urgency"][assessment.urgency]))
        if causes:
            blocks.append(
                c["causes_heading"]
                + "\n"
                + "\n".join(
                    f"- {capitalise(rc.cause.name)} ({c[rc.rating]}): {rc.cause.short}"
                    for rc in assessment.causes
                )
            )
        else:
            blocks.append(c["none_heading"])
        blocks.append(self._bullets(c["prevention_heading"], self.prevention_steps(causes, 6)))
        blocks.append(self._bullets(c["during_heading"], self.k.relief_steps))
        blocks.append(f"{c['doctor_heading']}\n{self.k.see_doctor_text}")
        source_ids = [s for cause in causes for s in cause.sources] + list(self.k.relief_sources)
        blocks.append(self._sources(source_ids))
        blocks.append(self.say(c["disclaimer"]))
        return Card(c["result_title"], "\n\n".join(b for b in blocks if b))

    def red_flag(self, flag_id: str) -> str:
        return sentences(self.say(self.w["red_flag_advice"][flag_id]), self.w["red_flag_sent"])

    def red_flag_card(self, flag_id: str) -> Card:
        c = self.w["cards"]
        text = "\n\n".join(
            [self.say(self.w["red_flag_advice"][flag_id]), self.say(c["disclaimer"])]
        )
        return Card(c["red_flag_title"], text)

    # General answers -------------------------------------------------------------------

    def overview(self) -> str:
        names = [cause.name for cause in self.k.causes]
        return self.w["general"]["overview"].format(causes=join_names(names))

    def prevention(self, causes: Sequence[Cause]) -> str:
        g = self.w["general"]
        general = g["prevention"].format(steps=join_steps(list(self.k.general_prevention)))
        if not causes:
            return general
        personal = join_steps(self.prevention_steps(causes, 6))
        return sentences(g["prevention_personal"].format(steps=personal), general)

    def relief(self) -> str:
        notes = " ".join(capitalise(note) + "." for note in self.k.relief_notes)
        return self.w["general"]["relief"].format(
            steps=join_steps(self.k.relief_steps), notes=notes
        )

    def cause(self, cause: Cause) -> str:
        steps = join_steps(list(cause.prevention))
        return self.w["general"]["cause"].format(long=cause.long, steps=steps)

    def which_cause(self) -> str:
        names = [cause.name for cause in self.k.causes]
        return self.w["general"]["which_cause"].format(causes=join_names(names))

    def general_card(self, text: str) -> Card:
        return Card(
            self.w["cards"]["general_title"],
            sentences(text, self.say(self.w["cards"]["disclaimer"])),
        )

    # Helpers -----------------------------------------------------------------------------

    @staticmethod
    def _bullets(heading: str, items: Sequence[str]) -> str:
        return heading + "\n" + "\n".join(f"- {capitalise(item)}" for item in items)

    def _sources(self, source_ids: Sequence[str]) -> str:
        seen = list(dict.fromkeys(source_ids))
        lines = []
        for sid in seen:
            src = self.k.sources[sid]
            line = f"- {src['publisher']}: {src['title']}"
            lines.append(f"{line} ({src['url']})" if "url" in src else line)
        return self.w["cards"]["sources_heading"] + "\n" + "\n".join(lines)
