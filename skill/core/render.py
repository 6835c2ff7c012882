"""Sentences for one locale, built only from the wording file and the knowledge base.

Everything returned is plain text; the Alexa adapter escapes it into SSML and the text chat
prints it as is.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from .channel import Channel
from .flow import Answer, category
from .knowledge import Cause, Knowledge, Question, Step, knowledge_for, wording
from .locale import EmergencyNumber, Locale, resolve
from .scoring import CONTRIBUTING, Assessment, RankedCause

# About 50 seconds spoken: longer and people stop listening; the card holds the rest. A
# language whose words take longer to say sets a smaller budget in its wording
# (``result_word_budget``): ``make bench`` reads every language's longest result aloud.
RESULT_WORD_BUDGET = 130
# Parts of the spoken result dropped first when it runs long; warnings, the urgency with its
# reasons and the offer are always said. The top cause goes last, and only when several
# danger signs could not be ruled out: then the warnings matter more, and the card has it.
_RESULT_DROP_ORDER = (
    "cause3", "step3", "intro", "card_sent", "during", "cause2", "step2", "see_doctor",
    "disclaimer", "step1", "offer_cause", "reason1", "cause1",
)  # fmt: skip
CARE_WORDS = ("urgent_care", "emergency_department", "doctor")


class Card(NamedTuple):
    title: str
    text: str


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Do you ...?' -> 'do you ...?'; '¿Tiene ...?' -> '¿tiene ...?' (opening marks kept)."""
    marks = len(text) - len(text.lstrip("¿¡"))
    return text[:marks] + text[marks : marks + 1].lower() + text[marks + 1 :]


def join_steps(steps: Sequence[str], and_: str = "and") -> str:
    """'a', 'a; and b', 'a; b; and c': semicolons keep long steps apart when spoken."""
    if len(steps) <= 1:
        return "".join(steps)
    return "; ".join(steps[:-1]) + f"; {and_} {steps[-1]}"


def join_names(names: Sequence[str], and_: str = "and", serial_comma: bool = True) -> str:
    """'a and b', 'a, b, and c' (or 'a, b y c' where the language has no serial comma)."""
    if len(names) <= 2:
        return f" {and_} ".join(names)
    return ", ".join(names[:-1]) + ("," if serial_comma else "") + f" {and_} {names[-1]}"


def join_alternatives(items: Sequence[str], or_: str = "or") -> str:
    """'a', 'a or b', 'a; b; or c': semicolons keep lists that hold commas apart."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2 and not any("," in item for item in items):
        return f"{items[0]} {or_} {items[1]}"
    return "; ".join(items[:-1]) + f"; {or_} {items[-1]}"


def sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def phrases_for(tag: object, country: object = None) -> Phrases:
    """The phrases for a request's language tag (and country, where the platform knows it),
    built once per wording and emergency number: raw tags never grow a cache."""
    return _phrases(resolve(tag, country))


@cache
def _phrases_by(wording_key: str, number: EmergencyNumber | None) -> Phrases:
    return Phrases(Locale(wording_key.split("-")[0], None, wording_key, number))


def _phrases(locale: Locale) -> Phrases:
    return _phrases_by(locale.wording, locale.number)


@cache
def _on_channel(phrases: Phrases, app: str | None) -> Phrases:
    if app is None:
        return phrases
    named = copy.copy(phrases)
    named.app = phrases.w["apps"].get(app)
    return named


class Phrases:
    """The wording of one locale, with its emergency number filled into every template.

    Where the country is unknown (or has no number in ``countries.json``) the person is told
    to call "your local emergency number": another country's number could be wrong.
    """

    def __init__(self, locale: Locale | str, kb: Knowledge | None = None) -> None:
        if isinstance(locale, str):
            locale = resolve(locale)
        self.locale = locale
        self.w: Mapping[str, Any] = wording(locale.wording)
        self.k = kb or knowledge_for(locale.wording)
        number = locale.number
        self.emergency_number: str | None = number.digits if number else None
        self.emergency_name: str | None = number.name if number else None
        if self.emergency_number is None:
            self.emergency = self.w["emergency_fallback"]
        elif self.emergency_name:
            self.emergency = f"{self.emergency_name} ({self.emergency_number})"
        else:
            self.emergency = self.emergency_number
        self._fill = {word: self.w["care"][word] for word in CARE_WORDS}
        self.app: str | None = None  # the companion app that receives cards, by name

    def t(self, *path: str) -> str:
        """One text of the wording by its keys; the schema vouches that it is text."""
        node: Any = self.w
        for key in path:
            node = node[key]
        if not isinstance(node, str):
            raise TypeError(f"wording {'.'.join(path)} is not text")
        return node

    def say(self, template: str, **values: Any) -> str:
        return template.format(emergency=self.emergency, app=self.app, **self._fill, **values)

    def _joiner(self, key: str, items: Sequence[str]) -> str:
        """The joiner before the last item, as the language says it there: Spanish "y" is "e"
        before an "i" sound ("hija", not "hielo"), "o" is "u" before an "o" ("u orina")."""
        joiner = str(self.w["joiners"][key])
        last = items[-1] if items else ""
        for change in self.w["joiners"].get("sound_changes", ()):
            if change["joiner"] == joiner and re.match(change["before"], last):
                return str(change["becomes"])
        return joiner

    def join_steps(self, steps: Sequence[str]) -> str:
        return join_steps(steps, self._joiner("and", steps))

    def join_names(self, names: Sequence[str]) -> str:
        j = self.w["joiners"]
        return join_names(names, self._joiner("and", names), bool(j["serial_comma"]))

    def join_alternatives(self, items: Sequence[str]) -> str:
        return join_alternatives(items, self._joiner("or", items))

    def on(self, channel: Channel) -> Phrases:
        """These phrases for a channel: its companion app named where cards go, or none."""
        return _on_channel(self, channel.app)

    def text(self, key: str, **values: Any) -> str:
        return self.say(self.w[key], **values)

    # Questions -------------------------------------------------------------------------

    def question(self, question: Question, rechecking: bool = False) -> str:
        texts = self.w["questions"][question.id]
        return str(texts["recheck"] if rechecking else texts["ask"])

    def reprompt(self, question: Question) -> str:
        return self.t("questions", question.id, "reprompt")

    def help(self, question: Question) -> str:
        hint = self.w["amount_hint" if question.answer == "amount" else "yes_no_hint"]
        return sentences(self.w["questions"][question.id]["help"], hint)

    def rephrase(self, question: Question) -> str:
        return self.t("questions", question.id, "rephrase")

    def ack(self, turn: int, screening: bool) -> str:
        choices = self.w["screen_acks" if screening else "acks"]
        return str(choices[turn % len(choices)])

    # Results ---------------------------------------------------------------------------

    def reason(self, ranked: RankedCause, answers: Mapping[str, Answer]) -> str:
        key = f"{ranked.reason_question}:{ranked.reason_category}"
        value = answers.get(ranked.reason_question)
        if ranked.reason_question == "hydration":
            glasses = round(value) if isinstance(value, int | float) else 0
            if glasses <= 0:
                return self.t("reasons", "hydration:none")
            amount = self.w["glasses"]["one" if glasses == 1 else "other"].format(n=glasses)
            return self.t("reasons", key).format(glasses=amount)
        return self.t("reasons", key)

    def _fits(
        self, step: Step, answers: Mapping[str, Answer], mentions: Collection[str] = ()
    ) -> bool:
        """Advice such as "replace salt" only for those whose answers call for it, and never
        for those it could harm (fluid and salt on dialysis)."""
        if any(condition in mentions for condition in step.unless_mentioned):
            return False
        for question_id, wanted in step.only_if.items():
            value = answers.get(question_id)
            if value is None:
                return False
            if category(self.k, self.k.question(question_id), value) not in wanted:
                return False
        return True

    def prevention_steps(
        self,
        causes: Sequence[Cause],
        limit: int = 3,
        answers: Mapping[str, Answer] | None = None,
        mentions: Collection[str] = (),
    ) -> list[str]:
        """The first fitting step of each cause, then further steps, without repeats."""
        fitting = [
            [s.text for s in c.prevention if self._fits(s, answers or {}, mentions)] for c in causes
        ]
        steps: list[str] = []
        for depth in range(max((len(texts) for texts in fitting), default=0)):
            for texts in fitting:
                if depth < len(texts) and texts[depth] not in steps:
                    steps.append(texts[depth])
        if not causes:
            steps = list(self.k.general_prevention)
        return steps[:limit]

    def warnings(self, flags: Sequence[str]) -> list[str]:
        """One sentence per level for the signs the person could not rule out, most urgent
        first, each at its own level: "If you get ..., call 911 now" or "... today"."""
        w = self.w["warnings"]
        sentences_ = []
        for level in ("emergency", "same_day"):
            signs = [w["signs"][f] for f in flags if self.k.flags[f].level == level]
            if signs:
                sentences_.append(self.say(w[level], signs=self.join_alternatives(signs)))
        return sentences_

    def safety_nets(self, assessment: Assessment) -> list[str]:
        """The signs to warn about: those not ruled out, and with a pressed nerve in the
        back, the nerve emergency's signs (NHS: groin numbness or bladder trouble with
        sciatica means A and E)."""
        flags = list(assessment.warnings)
        if "nerve_compression" in assessment.doctor_reasons and "cauda_equina" not in flags:
            flags.append("cauda_equina")
        return flags

    def urgency(self, assessment: Assessment) -> str:
        """Why to see a doctor, spoken with its reasons; the statin safety net when it applies."""
        r = self.w["result"]
        if not assessment.doctor_reasons:
            return self.say(r["urgency"].get(assessment.urgency, ""))
        reasons = self.join_names([self.w["doctor_reasons"][d] for d in assessment.doctor_reasons])
        text = self.say(r["urgency"][assessment.urgency], reasons=reasons)
        if "medicines" in assessment.doctor_reasons:
            text = sentences(text, self.say(r["statin_note"]))
        return text

    def result(self, assessment: Assessment, answers: Mapping[str, Answer]) -> str:
        """The spoken result, offer included, within the language's word budget (see the drop
        order)."""
        return self.spoken_result(assessment, answers)[0]

    def spoken_result(
        self, assessment: Assessment, answers: Mapping[str, Answer]
    ) -> tuple[str, bool]:
        """The spoken result, and whether its offer still names the top cause: when the
        budget drops that, a "yes" must get what was offered, how to stop a cramp."""
        r = self.w["result"]
        budget = int(self.w.get("result_word_budget", RESULT_WORD_BUDGET))

        def cause_sentence(i: int, rc: RankedCause, with_reason: bool) -> str:
            key = f"{'first' if i == 0 else 'next'}_{rc.rating}"
            template = str(r[key] if with_reason or i else r[f"{key}_plain"])
            return template.format(
                cause=rc.cause.name,
                Cause=capitalise(rc.cause.name),
                reason=self.reason(rc, answers),
            )

        opening = not assessment.causes or assessment.causes[0].rating == CONTRIBUTING
        causes_found = [rc.cause for rc in assessment.causes]
        steps = self.prevention_steps(causes_found, 3, answers, assessment.mentions)
        warnings = self.warnings(self.safety_nets(assessment))
        urgency = self.urgency(assessment)
        disclaimer = self.say(r["disclaimer"])
        speech = ""
        for count in range(len(_RESULT_DROP_ORDER) + 1):
            dropped = set(_RESULT_DROP_ORDER[:count])
            causes = [
                cause_sentence(i, rc, "reason1" not in dropped)
                for i, rc in enumerate(assessment.causes)
                if f"cause{i + 1}" not in dropped
            ]
            kept_steps = [s for i, s in enumerate(steps) if f"step{i + 1}" not in dropped]
            offer = self.result_offer(assessment, "offer_cause" not in dropped)
            speech = sentences(
                "" if "intro" in dropped else r["intro"],
                *warnings,
                urgency,
                r["nothing_stands_out"] if opening and "cause1" not in dropped else "",
                *causes,
                r["prevention"].format(steps=self.join_steps(kept_steps)) if kept_steps else "",
                "" if "during" in dropped else r["during"],
                "" if "see_doctor" in dropped else self.say(r["see_doctor"]),
                "" if "card_sent" in dropped or not self.app else self.say(r["card_sent"]),
                "" if "disclaimer" in dropped else disclaimer,
                offer,
            )
            if len(speech.split()) <= budget:
                break
        return speech, bool(assessment.causes) and "offer_cause" not in dropped

    def result_offer(self, assessment: Assessment, name_cause: bool = True) -> str:
        if assessment.causes and name_cause:
            return self.t("result", "offer").format(cause=assessment.causes[0].cause.name)
        return self.t("result", "offer_general")

    def result_card(
        self, assessment: Assessment, answers: Mapping[str, Answer] | None = None
    ) -> Card:
        """The card shows causes and advice but never the person's answers: others may see it."""
        c = self.w["cards"]
        causes = [rc.cause for rc in assessment.causes]
        blocks = self.warnings(self.safety_nets(assessment))
        blocks.append(self.urgency(assessment))
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
        blocks.append(
            self._bullets(
                c["prevention_heading"],
                self.prevention_steps(causes, 6, answers, assessment.mentions),
            )
        )
        blocks.append(
            self._bullets(c["during_heading"], [c["during_caveat"], *self.k.relief_steps])
        )
        blocks.append(f"{c['doctor_heading']}\n{self.k.see_doctor_text}")
        source_ids = [s for cause in causes for s in cause.sources] + list(self.k.relief_sources)
        blocks.append(self._sources(source_ids))
        blocks.append(self.say(c["disclaimer"]))
        return Card(c["result_title"], "\n\n".join(b for b in blocks if b))

    def red_flag(self, flag_id: str, warnings: Sequence[str] = ()) -> str:
        """The advice for a red flag; signs of a higher level the person could not rule out
        are still warned about ("if you get chest pain, call 911 now")."""
        level = self.k.flags[flag_id].level
        higher = [f for f in warnings if self.k.flags[f].level == "emergency" != level]
        return sentences(
            self.say(self.w["red_flag_advice"][flag_id]),
            *self.warnings(higher),
            self.say(self.w["red_flag_sent"]) if self.app else "",
        )

    def red_flag_card(self, flag_id: str) -> Card:
        c = self.w["cards"]
        text = "\n\n".join(
            [self.say(self.w["red_flag_advice"][flag_id]), self.say(c["disclaimer"])]
        )
        emergency = self.k.flags[flag_id].level == "emergency"
        return Card(c["red_flag_title" if emergency else "red_flag_today_title"], text)

    # General answers -------------------------------------------------------------------

    def overview(self) -> str:
        names = [cause.name for cause in self.k.causes]
        return self.t("general", "overview").format(causes=self.join_names(names))

    def prevention(
        self, causes: Sequence[Cause], answers: Mapping[str, Answer], mentions: Collection[str]
    ) -> str:
        g = self.w["general"]
        general = g["prevention"].format(steps=self.join_steps(list(self.k.general_prevention)))
        if not causes:
            return str(general)
        personal = self.join_steps(self.prevention_steps(causes, 6, answers, mentions))
        return sentences(g["prevention_personal"].format(steps=personal), general)

    def relief(self) -> str:
        notes = " ".join(capitalise(note) + "." for note in self.k.relief_notes)
        return self.t("general", "relief").format(
            steps=self.join_steps(self.k.relief_steps), notes=notes
        )

    def cause(self, cause: Cause, answers: Mapping[str, Answer], mentions: Collection[str]) -> str:
        steps = self.join_steps(
            [s.text for s in cause.prevention if self._fits(s, answers, mentions)]
        )
        return self.t("general", "cause").format(long=cause.long, steps=steps)

    def which_cause(self) -> str:
        names = [cause.name for cause in self.k.causes]
        return self.t("general", "which_cause").format(causes=self.join_names(names))

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
        # Sources written in the reader's language first (MedlinePlus en español); then those
        # every language's text is traced to.
        seen.sort(key=lambda sid: "language" not in self.k.sources[sid])
        lines = []
        for sid in seen:
            src = self.k.sources[sid]
            line = f"- {src['publisher']}: {src['title']}"
            lines.append(f"{line} ({src['url']})" if "url" in src else line)
        return self.t("cards", "sources_heading") + "\n" + "\n".join(lines)
