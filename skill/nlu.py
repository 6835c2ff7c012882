"""Local language understanding: a line of text -> an Alexa intent and resolved slots.

Built at start-up from ``skill/data/interaction_models/<locale>.json`` (the samples and slot
types Alexa is given) plus ``skill/data/nlu/<language>.json``: phrasings of the built-in intents
that Alexa understands without samples, broader templates with wildcards around each
intent's key phrase (Alexa's statistical model generalises beyond the samples; these
approximate that), contractions, fillers and number phrases. Everything becomes hassil
templates; hassil does the matching, including number words. Exact templates are tried
first and the broad ones only when nothing exact matches. What no template
matches goes through three fallbacks in a fixed order, so one utterance always gives one
intent whatever the dialog state: "I don't know" phrases anywhere, a leading yes or no word
("yeah, I went for a run"), then a fuzzy match (rapidfuzz) against the slot-free samples.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

from hassil.intents import Intents
from hassil.parse_expression import parse_sentence
from hassil.recognize import recognize_best
from hassil.sample import sample_expression
from rapidfuzz import fuzz, process

from .core.knowledge import DEFAULT_LOCALE, data_file, knowledge, read_json
from .core.locale import parse_tag
from .meaning import Lexicon, Meaning

FALLBACK = "AMAZON.FallbackIntent"
YES_INTENT, NO_INTENT, DONT_KNOW_INTENT = "AMAZON.YesIntent", "AMAZON.NoIntent", "DontKnowIntent"
AMOUNT_INTENT, SIGN_INTENT = "WaterIntakeIntent", "ReportSignIntent"
MENTION_INTENT, SKIP_INTENT, COURTESY_INTENT = (
    "MentionConditionIntent",
    "SkipIntent",
    "CourtesyIntent",
)
# Intents that are answers: the meaning reader decides these, templates only back it up.
ANSWER_INTENTS = frozenset({YES_INTENT, NO_INTENT, DONT_KNOW_INTENT, AMOUNT_INTENT})
_BY_MEANING = {"yes": YES_INTENT, "no": NO_INTENT, "unknown": DONT_KNOW_INTENT}
# Inside the package, read through importlib.resources: never from the working directory.
MODEL_DIR: Traversable = data_file("interaction_models")
_NUMBER_TYPE = "AMAZON.NUMBER"
_SLOT = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class SlotValue:
    value: str  # what was heard; numbers as digits
    id: str | None  # the resolved slot value id, for custom slot types


@dataclass(frozen=True)
class Understanding:
    text: str
    intent: str
    slots: Mapping[str, SlotValue] = field(default_factory=dict)

    def heard(self, text: str) -> Understanding:
        """The same understanding, reported against the text as typed."""
        return Understanding(text, self.intent, self.slots)

    def slots_json(self) -> dict[str, dict[str, str | None]]:
        return {name: {"value": s.value, "id": s.id} for name, s in self.slots.items()}

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "intent": self.intent, "slots": self.slots_json()}


def model_path(locale: str) -> Traversable:
    """The interaction model for ``locale``, else en-US (the skill's own fallback too)."""
    path = MODEL_DIR / f"{locale}.json"
    return path if path.is_file() else MODEL_DIR / f"{DEFAULT_LOCALE}.json"


_NOT_TEXT = re.compile(r"[^\w'{}. ]+|_")  # letters of any script stay
_STRAY_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")


def fold_accents(text: str) -> str:
    """The text without its accents and tildes ("sí" -> "si", "año" -> "ano"): people type
    Spanish both ways, so the data and what they type are compared without them."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _folded(data: Any) -> Any:
    """A language's data with every string folded as the normaliser folds what people type,
    so it can be written with its accents ("sí", "está hinchada") and still match."""
    if isinstance(data, str):
        return fold_accents(data)
    if isinstance(data, Mapping):
        return {_folded(key): _folded(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_folded(item) for item in data]
    return data


def _one_pass(patterns: Iterable[str]) -> re.Pattern[str]:
    """One alternation, longest first, so a whole table is applied in a single scan (an empty
    table matches nothing)."""
    return re.compile("|".join(sorted(patterns, key=len, reverse=True)) or "(?!)")


class Normaliser:
    """Lower-cases, strips punctuation, expands contractions, writes number phrases as digits
    ("a couple of" -> 2, "two and a half" -> 2.5) and drops fillers.

    Applied to the samples and to what people type alike, so both sides line up.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._contractions = dict(data["contractions"])
        self._contraction = _one_pass(  # a whole word: no letter or apostrophe either side
            rf"(?<![^\W\d_])(?<!'){re.escape(k)}(?![^\W\d_])(?!')" if k[0] != "'" else re.escape(k)
            for k in self._contractions
        )
        self._suffixes = dict(data["contraction_suffixes"])
        self._suffix = _one_pass(rf"{re.escape(k)}\b" for k in self._suffixes)
        self._fold = bool(data["fold_accents"])
        self._numbers = dict(data["number_phrases"])
        halves = data["and_a_half"]  # "and a half"; "y medio", "y media"
        for half in [halves] if isinstance(halves, str) else halves:
            for whole, word in enumerate(data["number_words"]):
                self._numbers[f"{word} {half}"] = self._numbers[f"{whole} {half}"] = f"{whole}.5"
        self._number = _one_pass(rf"\b{re.escape(k)}\b" for k in self._numbers)
        self._fillers = frozenset(data["fillers"])
        self._leading = sorted((f.split() for f in data["leading_fillers"]), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text).lower()
        text = text.replace("\u2019", "'").replace("\u2018", "'")
        if self._fold:  # "si" and "sí" alike, on the samples' side and the person's
            text = fold_accents(text)
        text = _NOT_TEXT.sub(" ", text)
        text = _STRAY_DOT.sub(" ", text)  # keep only decimal points
        text = self._contraction.sub(lambda m: self._contractions[m.group(0)], text)
        text = self._suffix.sub(lambda m: self._suffixes[m.group(0)], text)
        text = self._number.sub(lambda m: self._numbers[m.group(0)], text)
        words = [w for w in text.replace("'", "").split() if w not in self._fillers]
        stripped = True
        while stripped and words:
            stripped = False
            for filler in self._leading:
                if words[: len(filler)] == filler and len(words) > len(filler):
                    words = words[len(filler) :]
                    stripped = True
        return " ".join(words)


def literal_sentences(template: str) -> Iterable[str]:
    """Every sentence a template without slots stands for.

    hassil 2.2 (Home Assistant 2025.4 to 2025.8) parses a template into a ``Sentence`` that
    is itself the expression; hassil 3 wraps the expression in it. ``sample_expression``
    takes the expression in both.
    """
    sentence: Any = parse_sentence(template)
    return sample_expression(getattr(sentence, "expression", sentence))


def _is_broad(template: str) -> bool:
    return any(wildcard in template for wildcard in ("{pre}", "{mid}", "{post}"))


def _as_digits(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class LanguageUnderstanding:
    def __init__(self, model: Mapping[str, Any], data: Mapping[str, Any]) -> None:
        language_model = model["interactionModel"]["languageModel"]
        if data["fold_accents"]:
            data = _folded(data)
        self.normalise = Normaliser(data)
        self._max_chars = int(data["max_chars"])
        self._cutoff = float(data["fuzzy_cutoff"])
        self.slot_types: dict[str, dict[str, str]] = {}
        lists: dict[str, Any] = {
            "pre": {"wildcard": True},  # free words around a template's key phrase
            "mid": {"wildcard": True},
            "post": {"wildcard": True},
            "number": {"range": {"from": 0, "to": 1000, "words": True}},
            "decimal": {"range": {"from": 0, "to": 100, "fractions": "tenths", "words": False}},
        }
        for slot_type in language_model.get("types", []):
            values = []
            for value in slot_type["values"]:
                name = value["name"]
                for text in [name["value"], *name.get("synonyms", [])]:
                    values.append({"in": self.normalise(text), "out": value.get("id", text)})
            lists[f"type_{slot_type['name']}"] = {"values": values}

        templates: dict[str, list[str]] = {}
        self._fuzzy: dict[str, str] = {}
        for intent in language_model["intents"]:
            name = intent["name"]
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.slot_types[name] = slot_types
            for sample in intent.get("samples", []):
                normalised = self.normalise(sample)
                templates.setdefault(name, []).append(self._template(normalised, slot_types))
                if not _SLOT.search(normalised):
                    self._fuzzy.setdefault(normalised, name)
        for name, extra in data["templates"].items():
            slot_types = self.slot_types.setdefault(name, {})
            templates.setdefault(name, []).extend(self._template(t, slot_types) for t in extra)
        # Text with no digit and no number word cannot fill a number slot, so it is matched
        # against the templates without one: the same answer, a fraction of the work.
        self._number_words = frozenset(data["number_words"] + data["number_word_roots"])
        self._number_endings = tuple(data["number_word_endings"])  # "fourteen", "sixteen"
        # Exact templates (the samples, built-in phrasings) are tried before the broad ones
        # with wildcards, so a sample always wins and most turns never reach the broad stage.
        # Exact templates without slots are expanded into a table of literal sentences: a
        # literal match is the best hassil could find, so a lookup gives the same answer.
        self._literal: dict[str, str] = {}
        exact: dict[str, list[str]] = {}
        for name, ts in templates.items():
            for template in ts:
                if _is_broad(template):
                    continue
                if "{" in template:
                    exact.setdefault(name, []).append(template)
                    continue
                for sentence in literal_sentences(template):
                    literal = " ".join(sentence.split())
                    if self._literal.setdefault(literal, name) != name:
                        raise ValueError(f"{literal!r} is both {self._literal[literal]} and {name}")
        # Broad templates for moving around ("go back, I said yes by mistake") are tried before
        # an answer is read; broad ones about a topic ("not at the moment" could be a request
        # for relief) only after it.
        navigation = frozenset(data["navigation_intents"])
        broad = {name: [t for t in ts if _is_broad(t)] for name, ts in templates.items()}
        moving = {name: ts for name, ts in broad.items() if name in navigation}
        topics = {name: ts for name, ts in broad.items() if name not in navigation}
        self._stages: list[tuple[Intents, Intents]] = []
        for stage in (exact, moving, topics):
            without_numbers = {
                name: [t for t in ts if "{number:" not in t] for name, ts in stage.items()
            }
            self._stages.append(
                (
                    self._compile(data["language"], stage, lists),
                    self._compile(data["language"], without_numbers, lists),
                )
            )
        sample_words = {
            w for ts in templates.values() for t in ts for w in re.findall(r"[^\W\d_]+", t)
        }
        sample_words |= {
            w for v in lists.values() for x in v.get("values", []) for w in x["in"].split()
        }
        self.lexicon = Lexicon(
            data["meaning"], self.normalise, knowledge().glasses_per_unit, sample_words
        )
        self._amount_questions = frozenset(
            q.id for q in knowledge().questions if q.answer == "amount"
        )
        self._fuzzy_choices = list(self._fuzzy)
        # hassil compiles lazily: one text with no number, one with digits, one with words
        for warm_up in ("warm up", "2 warm ups", f"{data['number_words'][3]} warm ups"):
            self.understand(warm_up)

    @staticmethod
    def _compile(language: str, templates: Mapping[str, list[str]], lists: Any) -> Intents:
        intents = {name: {"data": [{"sentences": ts}]} for name, ts in templates.items() if ts}
        return Intents.from_dict({"language": language, "intents": intents, "lists": lists})

    def _has_number(self, normalised: str) -> bool:
        return any(ch.isdigit() for ch in normalised) or any(
            word in self._number_words or word.endswith(self._number_endings)
            for word in normalised.replace("-", " ").split()
        )

    @staticmethod
    def _template(sample: str, slot_types: Mapping[str, str]) -> str:
        def replace(match: re.Match[str]) -> str:
            slot = match.group(1)
            slot_type = slot_types.get(slot)
            if slot_type is None:  # a wildcard such as {pre}, not a slot
                return match.group(0)
            if slot_type == _NUMBER_TYPE:
                return f"({{number:{slot}}}|{{decimal:{slot}}})"
            return f"{{type_{slot_type}:{slot}}}"

        return _SLOT.sub(replace, sample)

    def understand(self, text: str, pending: str | None = None) -> Understanding:
        """The intent of ``text``; ``pending`` names the question being answered, if any.

        Order matters for safety: a described danger sign wins over everything, then a
        mentioned condition; a whole-utterance courtesy or "skip" is never an answer; then
        the exact templates for requests (help, stop, ...), the meaning of an answer, and
        only then the broad templates, which could otherwise take "no, not at the moment"
        for a request about cramps right now.
        """
        normalised = self.normalise(text) if len(text) <= self._max_chars else ""
        if not normalised:
            return Understanding(text, FALLBACK)
        whole = self.lexicon.whole(normalised)
        if whole in self.lexicon.courtesy:
            return Understanding(text, COURTESY_INTENT)
        if whole in self.lexicon.skip:
            return Understanding(text, SKIP_INTENT)
        meaning = self.lexicon.read(text, pending, pending in self._amount_questions)
        if meaning is not None and meaning.kind in ("sign", "mention"):
            return self._from_meaning(text, meaning)
        literal = self._literal.get(normalised)
        if literal is not None and literal not in ANSWER_INTENTS:
            return Understanding(text, literal)
        has_number = self._has_number(normalised)
        exact = self._recognise(normalised, has_number, stage=0)
        if exact is not None and exact.intent not in ANSWER_INTENTS:
            return exact.heard(text)
        moving = self._recognise(normalised, has_number, stage=1)
        if moving is not None:
            return moving.heard(text)
        if pending is not None and meaning is not None:
            return self._from_meaning(text, meaning)
        if literal is not None:
            return Understanding(text, literal)
        if exact is not None:
            return exact.heard(text)
        broad = self._recognise(normalised, has_number, stage=2)
        if broad is not None:
            return broad.heard(text)
        if meaning is not None:
            return self._from_meaning(text, meaning)
        match = process.extractOne(
            normalised, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=self._cutoff
        )
        if match is not None:
            return Understanding(text, self._fuzzy[match[0]])
        return Understanding(text, FALLBACK)

    def _recognise(self, normalised: str, has_number: bool, stage: int) -> Understanding | None:
        with_numbers, without_numbers = self._stages[stage]
        result = recognize_best(normalised, with_numbers if has_number else without_numbers)
        if result is None:
            return None
        return Understanding(normalised, result.intent.name, self._slots(result))

    def _from_meaning(self, text: str, meaning: Meaning) -> Understanding:
        if meaning.kind == "sign":
            return Understanding(
                text, SIGN_INTENT, {"sign": SlotValue(meaning.value or "", meaning.value)}
            )
        if meaning.kind == "mention":
            value = meaning.value or ""
            return Understanding(text, MENTION_INTENT, {"condition": SlotValue(value, value)})
        if meaning.kind == "amount" and meaning.amount is not None:
            slots = {"amount": SlotValue(_as_digits(meaning.amount.value), None)}
            if meaning.amount.unit:
                slots["unit"] = SlotValue(meaning.amount.unit, meaning.amount.unit)
            return Understanding(text, AMOUNT_INTENT, slots)
        return Understanding(text, _BY_MEANING[meaning.kind])

    def _slots(self, result: Any) -> dict[str, SlotValue]:
        slot_types = self.slot_types.get(result.intent.name, {})
        slots: dict[str, SlotValue] = {}
        for name, entity in result.entities.items():
            if name not in slot_types:
                continue
            if slot_types[name] == _NUMBER_TYPE:
                slots[name] = SlotValue(_as_digits(float(entity.value)), None)
            else:
                slots[name] = SlotValue(entity.text.strip(), str(entity.value))
        return slots

    def declared_slots(self, intent: str) -> Iterable[str]:
        return self.slot_types.get(intent, {}).keys()


class UnsupportedLanguage(ValueError):
    """No language understanding exists for the language asked for."""


def understood_languages() -> frozenset[str]:
    return frozenset(
        entry.name.removesuffix(".json")
        for entry in data_file("nlu").iterdir()
        if entry.name.endswith(".json")
    )


def model_key(tag: object) -> str:
    """The interaction model for a language tag in any form: the tag's own ("en-GB"), else
    the language's first model ("en-AU" for en-NZ, ...), so caches stay per model file."""
    language, country = parse_tag(tag)
    if language is None or language not in understood_languages():
        supported = ", ".join(sorted(understood_languages()))
        raise UnsupportedLanguage(f"no language understanding for {tag!r}; supported: {supported}")
    own = f"{language}-{country}"
    if country and MODEL_DIR.joinpath(f"{own}.json").is_file():
        return own
    if language == DEFAULT_LOCALE.split("-")[0]:
        return DEFAULT_LOCALE
    models = sorted(e.name for e in MODEL_DIR.iterdir() if e.name.startswith(f"{language}-"))
    if not models:
        raise UnsupportedLanguage(f"no interaction model for {language!r}")
    return models[0].removesuffix(".json")


def for_locale(locale: str = DEFAULT_LOCALE) -> LanguageUnderstanding:
    """The NLU for a language tag ("en-GB", "en", "en_us"), built once per model file."""
    return _for_model(model_key(locale))


@cache
def _for_model(key: str) -> LanguageUnderstanding:
    path = model_path(key)
    if not path.is_file():
        raise FileNotFoundError(f"no interaction model at {path}: the skill package is incomplete")
    model = read_json(path)
    language = key.split("-")[0]
    return LanguageUnderstanding(model, read_json(data_file("nlu", f"{language}.json")))
