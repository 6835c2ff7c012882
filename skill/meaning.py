"""What an answer means, read from the whole utterance rather than its first word.

The safety of the red-flag screen rests here. A person answers "absolutely not", "I'm fine",
"I haven't checked", "no, but my chest feels tight" or "the left one is puffy and hot"; a
keyword or leading-word match gets several of those backwards. This module reads, in order:

1. danger signs described in the person's own words, whatever question is pending, with the
   scope of a negation limited to its clause ("no, but my chest hurts" reports chest pain;
   "my chest doesn't hurt" does not), and a hedge ("I'm not sure if it's swollen") kept as
   uncertainty rather than a sign;
2. conditions mentioned in passing (pregnancy, kidney disease), unless negated;
3. amounts for the drinks question ("I'd say about 8", "8ish", "maybe 3 or 4", "none");
4. answers phrased around the question's topic ("I sit at a desk all day", "I hardly eat
   vegetables"), negation flipping them;
5. yes, no or "I don't know" from emphasis, negation and hedges together.

Every word list and pattern is per-language data (``skill/data/nlu/<language>.json``, key
``meaning``); the code knows no language. Patterns are regular expressions over the text as
the normaliser leaves it (lower case, contractions expanded, numbers as digits).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import pairwise
from typing import Any, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

YES, NO, UNKNOWN = "yes", "no", "unknown"
SIGN_CUE = "sign:"  # a question cue that reports a sign ("like strong tea" about urine)
VOLUMES = frozenset({"litre", "millilitre", "ounce", "gallon", "pint"})  # a container's size
SIZE_IN_MILLILITRES = 50  # a size after a container ("a bottle of 600") at least this is in ml
_PUNCTUATION = re.compile(r"[,;:!?¿¡()\[\]\"«»]+|(?<!\d)\.|\.(?!\d)|\s-\s|\u2014|\u2013")


class Clauses(list[str]):
    """Clauses of one utterance, with the pairs joined only by "and" (weak) kept apart: a
    sign told over two of them ("I slipped, and my leg won't hold me") still counts."""

    pairs: list[str]


class Amount(NamedTuple):
    value: float  # in units of ``unit``
    unit: str | None


class Meaning(NamedTuple):
    """One reading of an utterance; ``kind`` is sign, mention, amount, yes, no or unknown."""

    kind: str
    value: str | None = None
    amount: Amount | None = None


class _Concept(NamedTuple):
    """Words of two or three kinds that together describe a sign, in any order within a
    clause ("my chest ... like someone sat on it"): broader than a phrase pattern."""

    groups: tuple[re.Pattern[str], ...]


class _Pattern(NamedTuple):
    regex: re.Pattern[str]
    # Negating words the pattern spells itself ("cannot breathe", "sin sensibilidad"): where a
    # match uses one, the match says its own negation and is not flipped by it.
    spelled: frozenset[str]

    def says_negation(self, matched: str) -> bool:
        """Whether this match spells its negation ("numb or no feeling" matched as "no feeling"
        does; matched as "numbness" it does not, so "no numbness" is still a denial)."""
        return bool(self.spelled) and bool(self.spelled & set(matched.split()))


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


def _patterns(raw: Mapping[str, Any] | Sequence[str], negators: frozenset[str]) -> list[_Pattern]:
    """``["..."]`` or ``{"plain": [...], "negative": [...]}``. A match that spells out a
    negation itself ("cannot breathe", "hardly eat") is not flipped by the words it matches."""
    if not isinstance(raw, Mapping):
        raw = {"plain": raw}
    texts = [*raw.get("plain", []), *raw.get("negative", [])]
    return [
        _Pattern(_compile([text]), negators & frozenset(re.findall(r"[^\W\d_]+", text)))
        for text in texts
    ]


def _nth(match: re.Match[str], index: int) -> str:
    """The ``index``-th letter of a character class, or its last: "[oa]" -> "o", "a"."""
    letters = match.group(1)
    return letters[min(index, len(letters) - 1)]


_CLASS = re.compile(r"\[([^\]\\^-]+)\]")  # a simple character class: "[oa]", not "[2-9]"


def _words(phrases: Iterable[str]) -> set[str]:
    """The words a list of patterns or phrases spells, "colou?r" giving "color" and "colour",
    "hinchad[oa]" giving "hinchado" and "hinchada" (never the stem, which is no word)."""
    words: set[str] = set()
    for phrase in phrases:
        for variant in (re.sub(r"\w\?", "", phrase), phrase.replace("?", "")):
            width = max((len(m) for m in _CLASS.findall(variant)), default=1)
            for i in range(width):
                spelled = _CLASS.sub(partial(_nth, index=i), variant)
                words.update(re.findall(r"[^\W\d_]+", re.sub(r"\\\w", " ", spelled)))
    return words


class Lexicon:
    """One language's cues, compiled once; ``read`` applies them to an utterance."""

    def __init__(
        self,
        data: Mapping[str, Any],
        normalise: Callable[[str], str],
        glasses_per_unit: Mapping[str, float],
        extra_words: Iterable[str] = (),
    ) -> None:
        """``extra_words`` are more words known to be spelled right (the model's samples):
        a typed slip is only mended when the word is not a real one."""
        self.normalise = normalise
        self.glasses_per_unit = glasses_per_unit
        self.breaks = _compile(data["clause_breaks"])
        self.joins = _compile(data["clause_joins"])
        self.plural_pronouns = frozenset(data["plural_pronouns"])
        self.plural_things = _compile(data["plural_things"])
        self.negators = frozenset(data["negators"])
        self.window = int(data["negation_window"])
        # What may follow a sign to deny it ("hinchada no", "dolor de pecho no tengo").
        self.denied_after = re.compile(data.get("denied_after") or "(?!)")
        self.list_joiners = frozenset(data["list_joiners"])
        self.sound_alikes = [(re.compile(a), b) for a, b in data["sound_alikes"].items()]
        self.uncertain = _compile(data["uncertain"])
        self.definitional = _compile(data["definitional"])
        self.question_start = re.compile(r"^(?:" + "|".join(data["question_starts"]) + r")\b")
        self.signs = {flag: _patterns(raw, self.negators) for flag, raw in data["signs"].items()}
        self.unless = {
            flag: _compile(raw["unless"]) for flag, raw in data["signs"].items() if "unless" in raw
        }
        self.concepts = {
            flag: [_Concept(tuple(_compile(group) for group in groups)) for groups in raw]
            for flag, raw in data["concepts"].items()
        }
        self.not_mine = _compile(data["not_mine"])
        self.long_standing = _compile(data["long_standing"])
        self.recent = _compile(data["recent"])
        self.new_only = frozenset(data.get("new_signs_only", ()))  # "numb for years": no sign
        self.anyone = frozenset(data["anyones_signs"])  # an ambulance for anyone is urgent
        # Emergencies that need the number called whoever has them now ("my wife can't
        # breathe"); only the distant past, or an animal, rules them out.
        self.others_now = frozenset(data.get("others_emergencies", ()))
        not_now = data.get("not_happening_now")
        self.not_now = _compile(not_now) if not_now else self.not_mine
        self.mentions = {
            cond: _patterns(raw, self.negators) for cond, raw in data["mentions"].items()
        }
        self.unless.update(
            {c: _compile(raw["unless"]) for c, raw in data["mentions"].items() if "unless" in raw}
        )
        self.cues = {
            qid: {answer: _patterns(raw, self.negators) for answer, raw in cues.items()}
            for qid, cues in data["question_cues"].items()
        }
        polarity = data["polarity"]
        self.phrases = [
            (answer, _compile([phrase]))
            for answer in (NO, UNKNOWN, YES)
            for phrase in sorted(polarity[answer], key=len, reverse=True)
        ]
        self.yes_words = frozenset(polarity["yes_words"])
        self.no_words = frozenset(polarity["no_words"])
        self.hedges = _compile(polarity["hedges"])  # "maybe"; "a lo mejor", "tal vez"
        # Words that look like an answer but are not one here: the "si" of "solo si" is "if".
        self.neutral = _compile(polarity.get("neutral") or ["(?!)"])
        self.flip_after = frozenset(polarity["flip_after"])
        amounts = data["amounts"]
        self.numbers = {word: float(value) for word, value in amounts["number_words"].items()}
        self.about_endings = tuple(amounts["about_endings"])
        self.zero = _compile(amounts["zero"])
        self.little = _compile(amounts["little"])
        self.plenty = _compile(amounts["plenty"])
        self.little_glasses = float(amounts["little_glasses"])
        self.plenty_glasses = float(amounts["plenty_glasses"])
        self.units = {word: unit for unit, words in amounts["units"].items() for word in words}
        self.range_joiners = frozenset(amounts["range_joiners"])
        self.content_joiners = frozenset(amounts["content_joiners"])
        self.heard_numbers = {w: float(v) for w, v in amounts["heard_numbers"].items()}
        self.not_counting = frozenset(amounts["not_counting_after"])
        # Words between tens and units: "treinta y cinco" is 35 as "thirty five" is.
        self.tens_joiners = frozenset(amounts.get("tens_joiners", []))
        # Words that count one more of the last drink named: "un vaso ... y otro".
        self.repeaters = frozenset(amounts.get("repeaters", []))
        self.vocatives = frozenset(data["vocatives"])
        self.courtesy = frozenset(normalise(t) for t in data["courtesy"])
        self.skip = frozenset(normalise(t) for t in data["skip"])
        texts = [p for raw in data["signs"].values() for v in raw.values() for p in v]
        texts += [p for raw in data["question_cues"].values() for c in raw.values() for p in c]
        texts += polarity[NO] + polarity[YES] + polarity[UNKNOWN] + data["negators"]
        self.vocabulary = sorted(w for w in _words(texts) if len(w) >= 4)
        self.known = frozenset(
            _words(data["known_words"])
            | _words(texts)
            | set(self.numbers)
            | set(self.units)
            | _words(data["courtesy"])
            | _words(data["skip"])
            | set(extra_words)
        )
        self.typo_cutoff = float(data["typo_cutoff"])

    # Preparing the text ----------------------------------------------------------------

    def whole(self, normalised: str) -> str:
        """The utterance without a trailing "mate" or "love", for whole-utterance lists."""
        words = normalised.split()
        while len(words) > 1 and words[-1] in self.vocatives:
            words.pop()
        return " ".join(words)

    def clauses(self, text: str) -> Clauses:
        """The utterance as normalised clauses: punctuation and words like "but" split it.

        Questions about the question ("what do you mean by trouble breathing?") are dropped:
        they neither answer it nor report what they name.
        """
        parts = _PUNCTUATION.split(text.replace("\u2019", "'"))
        clauses = Clauses()
        clauses.pairs = []
        for part in parts:
            prepared = self._digits(self._spelled(self.normalise(part)))
            for pattern, replacement in self.sound_alikes:
                prepared = pattern.sub(replacement, prepared)
            for strong in self.breaks.split(prepared):
                weak = [c.strip() for c in self.joins.split(strong or "") if c and c.strip()]
                weak = [c for c in weak if not self.definitional.search(c)]
                clauses.pairs += [f"{a} {b}" for a, b in pairwise(weak)]
                for clause in weak:
                    if clauses and self._continues_denial(clauses[-1], clause):
                        clauses[-1] = f"{clauses[-1]} {clause}"  # "no swelling, redness or heat"
                    else:
                        clauses.append(clause)
        return clauses

    def _continues_denial(self, previous: str, clause: str) -> bool:
        """A short list item after a denial belongs to it: "no swelling, redness or heat"."""
        words = clause.split()
        return (
            previous.split()[0] in self.negators
            and len(previous.split()) > 1
            and len(words) <= 4
            and any(w in self.list_joiners for w in words)
        )

    def _spelled(self, text: str) -> str:
        """Typed slips mended against the lexicon's own words ("cehst" -> "chest", "noo")."""
        words = []
        for word in text.split():
            if word in self.known or not word.isalpha():
                words.append(word)
                continue
            squeezed = re.sub(r"(.)\1+", r"\1", word)
            if squeezed in self.known:
                words.append(squeezed)
                continue
            match = None
            if len(word) >= 5:  # transpositions count once: "cehst" is one slip from "chest"
                match = process.extractOne(
                    word,
                    self.vocabulary,
                    scorer=OSA.normalized_similarity,
                    score_cutoff=self.typo_cutoff,
                )
            words.append(match[0] if match else word)
        return " ".join(words)

    def _digits(self, text: str) -> str:
        """Number words as digits ("twenty five" -> 25, "8ish" -> 8) for patterns and amounts."""
        out: list[str] = []
        for word in text.split():
            for ending in self.about_endings:  # "8ish", "eightish"; "finish" stays
                stem = word.removesuffix(ending)
                if stem != word and (_as_number(stem) is not None or stem in self.numbers):
                    word = stem
            value = _as_number(word)
            if value is not None:
                out.append(word)
                continue
            value = self.numbers.get(word)
            if value is not None and out and out[-1] in self.not_counting:
                value = None  # "the left one" is a leg, not a number
            if value is None:
                out.append(word)
                continue
            if out and value < 10 and re.fullmatch(r"[2-9]0", out[-1]):
                out[-1] = str(int(out[-1]) + int(value))  # "twenty five"
            elif (
                len(out) > 1
                and 0 < value < 10
                and out[-1] in self.tens_joiners
                and re.fullmatch(r"[3-9]0", out[-2])
            ):
                out[-2:] = [str(int(out[-2]) + int(value))]  # "treinta y cinco"
            else:
                out.append(f"{value:g}")
        return " ".join(out)

    # Reading ---------------------------------------------------------------------------

    def _negated(self, clause: str, start: int, end: int, pattern: _Pattern) -> bool:
        """Negated by a word shortly before it in its clause, or inside it ("chest does not
        hurt"), unless the pattern spells out its own negation ("cannot breathe")."""
        if pattern.says_negation(clause[start:end]):
            return False
        before = clause[:start].split()
        near = before[-self.window :]
        if any(word in self.negators for word in near):
            return True
        wide = before[-2 * self.window :]  # "neither of them is warm or swollen"
        negator = max((i for i, w in enumerate(wide) if w in self.negators), default=-1)
        if negator >= 0 and any(w in self.list_joiners for w in wide[negator:]):
            return True
        if self.denied_after.fullmatch(clause[end:].strip()):
            return True
        return any(word in self.negators for word in clause[start:end].split())

    def _found(
        self,
        clauses: Sequence[str],
        patterns: Sequence[_Pattern],
        unless: re.Pattern[str] | None = None,
    ) -> tuple[str | None, set[int]]:
        """("yes" if a clause says it, "unknown" if only hedged, else None), and the clauses
        where it was named but negated. ``unless`` rules a clause out ("my feet are always
        cold"); a clause echoed and then denied ("chest pain? no") does not count either."""
        hedged = False
        negated: set[int] = set()
        for index, clause in enumerate(clauses):
            if unless is not None and unless.search(clause):
                continue
            for pattern in patterns:
                match = pattern.regex.search(clause)
                if match is None:
                    continue
                if self.uncertain.search(clause[: match.start()]):
                    hedged = True
                elif self._negated(clause, match.start(), match.end(), pattern):
                    negated.add(index)
                elif not self._denied_next(clauses, index):
                    return YES, negated
        return (UNKNOWN if hedged else None), negated

    def _denied_next(self, clauses: Sequence[str], index: int) -> bool:
        following = clauses[index + 1] if index + 1 < len(clauses) else ""
        return bool(following) and all(word in self.negators for word in following.split())

    def sign(self, clauses: Sequence[str]) -> tuple[str | None, bool]:
        """The first sign reported, and whether any sign was only hedged about.

        Phrase patterns are tried first for every sign, then the broader word concepts; a
        clause about someone else ("my mum had a clot") or the distant past counts for none.
        """
        mine = self.mine(clauses)
        now = [c for c in clauses if not self.not_now.search(c)]
        hedged = False
        unchanged = self.unchanged(clauses)
        for flag, patterns in self.signs.items():
            if unchanged and flag in self.new_only:
                continue
            scope = now if flag in self.anyone or flag in self.others_now else mine
            found, _ = self._found(scope, patterns, self.unless.get(flag))
            if found == YES:
                return flag, hedged
            hedged = hedged or found == UNKNOWN
        pairs = self.mine([*getattr(clauses, "pairs", []), *self._resolved(mine)])
        if unchanged:
            return None, hedged  # the broad readings below need a sign that is new
        for flag, concepts in self.concepts.items():
            scope = [*now, *pairs] if flag in self.others_now else [*mine, *pairs]
            if self._described(scope, concepts, self.unless.get(flag)):
                return flag, hedged
        return None, hedged

    def _resolved(self, clauses: Sequence[str]) -> list[str]:
        """Clauses that open with "they" said again with what "they" are: "both legs now,
        ..., and they're getting weaker"."""
        resolved = []
        named: str | None = None
        for clause in clauses:
            words = clause.split()
            if named and words and words[0] in self.plural_pronouns:
                resolved.append(" ".join([named, *words[1:]]))
            found = self.plural_things.search(clause)
            named = found.group(0) if found else named
        return resolved

    def unchanged(self, clauses: Sequence[str]) -> bool:
        """Said to be long-standing ("always been that way, nothing new") and not recent."""
        text = " ".join(clauses)
        return bool(self.long_standing.search(text)) and not self.recent.search(text)

    def elsewhere(self, clauses: Sequence[str], question: str | None) -> bool:
        """Whether the answer is told only of someone else or the distant past ("my mum has
        a swollen leg", "my husband drives a truck"), or of a sign the person has always had
        ("it leaks when I cough, for years now"): an answer that they have not got it."""
        if self.unchanged(clauses) and any(
            p.regex.search(c) for patterns in self.signs.values() for p in patterns for c in clauses
        ):
            return True
        others = [c for c in clauses if self.not_mine.search(c)]
        if not others:
            return False
        if any(
            self._found(others, patterns, self.unless.get(flag))[0] == YES
            for flag, patterns in self.signs.items()
        ):
            return True
        cues = self.cues.get(question or "", {})
        return any(
            p.regex.search(c) for patterns in cues.values() for p in patterns for c in others
        )

    def mine(self, clauses: Sequence[str]) -> list[str]:
        """Clauses about the person now, not someone else or the distant past."""
        return [c for c in clauses if not self.not_mine.search(c)]

    def _described(
        self,
        clauses: Sequence[str],
        concepts: Sequence[_Concept],
        unless: re.Pattern[str] | None,
    ) -> bool:
        for index, clause in enumerate(clauses):
            if unless is not None and unless.search(clause):
                continue
            if self.uncertain.search(clause) or self._denied_next(clauses, index):
                continue
            for concept in concepts:
                found = [group.search(clause) for group in concept.groups]
                matches = [m for m in found if m is not None]
                if len(matches) == len(found) and not self._concept_negated(clause, matches):
                    return True
        return False

    def _concept_negated(self, clause: str, matches: Sequence[re.Match[str]]) -> bool:
        """Negated by a negator just before its first word or inside it ("no swelling",
        "legs not swollen"), unless a word of it names the negation ("cannot feel")."""
        words = {w for m in matches for w in m.group(0).split()}
        if self.negators & words:
            return False
        start = min(m.start() for m in matches)
        end = max(m.end() for m in matches)
        if self.denied_after.fullmatch(clause[end:].strip()):
            return True
        before = clause[:start].split()[-self.window :]
        return any(w in self.negators for w in [*before, *clause[start:end].split()])

    def mention(self, clauses: Sequence[str]) -> tuple[str | None, set[int]]:
        """A condition mentioned, and the clauses that deny one ("I'm not pregnant")."""
        denied: set[int] = set()
        joined = [" ".join(clauses)] if len(clauses) > 1 else []  # may span "and it ..."
        for condition, patterns in self.mentions.items():
            found, negated = self._found([*clauses, *joined], patterns, self.unless.get(condition))
            if found == YES:
                return condition, denied
            denied |= negated
        return None, denied

    def topic_answer(self, clauses: Sequence[str], question: str | None) -> str | None:
        """An answer in the question's own terms ("I sit at a desk all day": yes).

        With no question pending, every question's cues are tried, and they count only when
        all that match agree (and report no sign, which needs its question).
        """
        if question is None:
            found = {self.topic_answer(clauses, q) for q in self.cues} - {None}
            readings = [f for f in found if f is not None]
            return (
                readings[0] if len(readings) == 1 and not readings[0].startswith(SIGN_CUE) else None
            )
        cues = self.cues.get(question)
        if not cues:
            return None
        mine = self.mine(clauses)
        for answer, patterns in cues.items():
            for index, clause in enumerate(mine):
                for pattern in patterns:
                    match = pattern.regex.search(clause)
                    if match is None:
                        continue
                    if self.uncertain.search(clause[: match.start()]):
                        return UNKNOWN
                    span = clause[match.start() : match.end()].split()
                    if answer == NO and not pattern.says_negation(" ".join(span)):
                        # "nope, breathing fine": a denial before a denial is no flip
                        negated = any(word in self.negators for word in span)
                    else:
                        negated = self._negated(clause, match.start(), match.end(), pattern)
                        negated = negated or self._denied_next(mine, index)  # "red? no"
                    if not negated:
                        return str(answer)
                    if answer == YES:
                        return NO
                    if answer == NO:
                        return YES
        return None

    def amount(self, clauses: Sequence[str]) -> Amount | None:
        """How much was drunk, in glasses where units are mixed ("a bottle and a can").

        A range gives its middle ("3 or 4"), a unit alone counts once ("just coffee"), and
        "none", "hardly anything" and "plenty" give their own amounts.
        """
        words = " ".join(clauses).split()
        items: list[tuple[float, str | None]] = []
        number: float | None = None
        since_number = 0
        last_unit_at = -10
        counted = any_counted = False  # whether the last unit, or any, had its own number
        repeated: str | None = None  # the drink "another" stands for, until a unit is named
        for at, word in enumerate(words):
            value = _as_number(word)
            if value is None and at + 1 < len(words) and words[at + 1] in self.units:
                value = self.heard_numbers.get(word)  # "for glasses", "tree glasses"
            if value is not None:
                if number is not None and since_number <= 2 and self._joined(words, at):
                    number = (number + value) / 2  # "3 or 4", "between 6 and 8"
                elif (
                    items
                    and last_unit_at >= at - 2
                    and value < 1
                    and words[at - 1] not in self.content_joiners
                ):
                    previous, unit = items[-1]
                    items[-1] = (previous + value, unit)  # "a litre and a half"
                else:
                    number = value
                since_number = 0
                continue
            since_number += 1
            if word in self.repeaters and items and number is None:
                number, since_number, repeated = 1.0, 0, items[-1][1]  # "y otro (café)"
                continue
            if word in self.content_joiners and number is not None and since_number == 1 and items:
                items.append((number, items[-1][1]))  # "a glass of juice and two of water"
                number, counted, any_counted = None, True, True
                continue
            unit = self.units.get(word)
            if (
                unit is not None
                and number is not None
                and since_number == 1
                and last_unit_at == at - 3
                and words[at - 2] in self.content_joiners
            ):
                items[-1] = (items[-1][0] * number, unit)  # "two bottles of half a litre"
                number, last_unit_at, counted, any_counted = None, at, True, True
                continue
            joined = at >= 2 and words[at - 1] in self.content_joiners
            if unit in VOLUMES and joined and last_unit_at == at - 2:
                items[-1] = (items[-1][0], unit)  # "una botella de litro": a litre each
                last_unit_at = at
                continue
            if unit is not None and joined and last_unit_at == at - 2:
                continue  # "a cup of tea": the tea is what the cup held
            if unit is not None and not (last_unit_at == at - 1 and counted):
                counted = number is not None and since_number <= 3
                any_counted = any_counted or counted
                items.append((number if counted and number is not None else 1.0, unit))
                number, last_unit_at, repeated = None, at, None
            elif unit is not None:
                last_unit_at = at  # "a 2 litre bottle": the bottle is the litres
        text = " ".join(words)
        if repeated is not None and number == 1.0:
            items.append((1.0, repeated))  # "un vaso en la mañana y otro en la tarde"
            number, any_counted = None, True
        if (
            items
            and number is not None
            and number >= SIZE_IN_MILLILITRES
            and words[-2:] == [words[-2], f"{number:g}"]
            and len(words) >= 2
            and words[-2] in self.content_joiners
        ):
            # "una botella de 600": a bottle's size, said in millilitres
            items[-1] = (items[-1][0] * number, "millilitre")
            number, any_counted = None, True
        if items and (any_counted or number is None):
            phrase = None if any_counted else self._amount_phrase(text)
            if phrase is not None:
                return phrase  # "heaps, I always have water on me"
            units = {unit for _, unit in items}
            if len(units) == 1:
                return Amount(sum(q for q, _ in items), items[0][1])
            return Amount(sum(q * self.per_glass(u) for q, u in items), None)
        if number is not None:
            return Amount(number, None)
        return self._amount_phrase(text)

    def _amount_phrase(self, text: str) -> Amount | None:
        if self.zero.search(text):
            return Amount(0.0, None)
        if self.little.search(text):
            return Amount(self.little_glasses, None)
        if self.plenty.search(text):
            return Amount(self.plenty_glasses, None)
        return None

    def _drinks(self, clauses: Sequence[str]) -> bool:
        """A number of drinks ("5 or 6 cups of tea"): an answer to the drinks question."""
        words = " ".join(clauses).split()
        return any(
            _as_number(word) is not None and words[at + 1] in self.units
            for at, word in enumerate(words[:-1])
        )

    def _joined(self, words: Sequence[str], at: int) -> bool:
        between = [w for w in words[max(0, at - 3) : at] if _as_number(w) is None]
        return bool(between) and all(w in self.range_joiners for w in between)

    def per_glass(self, unit: str | None) -> float:
        return self.glasses_per_unit.get(unit or "", 1.0)

    def polarity(self, clauses: Sequence[str]) -> str | None:
        """Yes, no or unknown from the whole answer.

        "I'm not sure" wins unless a later clause starts with a clear answer ("not sure,
        probably not"); otherwise the last clear cue wins a contradiction ("no, I mean
        yes"), and a hedge with nothing else ("maybe") is unknown.
        """
        cues: list[tuple[int, int, str, bool]] = []  # clause, position, answer, opens clause
        hedged = False
        for number, clause in enumerate(clauses):
            if self.question_start.search(clause):
                continue
            taken = [(m.start(), m.end()) for m in self.neutral.finditer(clause)]
            for answer, regex in self.phrases:
                for match in regex.finditer(clause):
                    if any(s < match.end() and match.start() < e for s, e in taken):
                        continue
                    taken.append((match.start(), match.end()))
                    cues.append((number, match.start(), answer, match.start() == 0))
            for match in self.hedges.finditer(clause):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append((match.start(), match.end()))
                    hedged = True
            words = clause.split()
            position = 0
            for index, word in enumerate(words):
                at = clause.find(word, position)
                position = at + len(word)
                if any(s <= at < e for s, e in taken):
                    continue
                if word in self.no_words:
                    cues.append((number, at, NO, index == 0))
                elif word in self.yes_words:
                    following = words[index + 1] if index + 1 < len(words) else ""
                    flipped = word in self.flip_after and following in self.negators
                    cues.append((number, at, NO if flipped else YES, index == 0))
        if not cues:
            return UNKNOWN if hedged else None
        cues.sort()
        unsure = [c for c in cues if c[2] == UNKNOWN]
        if unsure:
            later = [c for c in cues if c[0] > unsure[-1][0] and c[2] != UNKNOWN and c[3]]
            return later[-1][2] if later else UNKNOWN
        answers = {c[2] for c in cues}
        if answers == {YES, NO} and all(len(c.split()) == 1 for c in clauses):
            return UNKNOWN  # "yes... well, no": torn, not a correction ("no, I mean yes")
        if hedged and answers == {YES}:
            return UNKNOWN  # "maybe a bit": nothing described, so not a yes
        return cues[-1][2]

    def read(self, text: str, question: str | None, amount_expected: bool) -> Meaning | None:
        """The meaning of ``text`` as an answer to ``question``, or None if it is no answer."""
        clauses = self.clauses(text)
        if not clauses:
            return None
        flag, hedged = self.sign(clauses)
        if flag is not None:
            return Meaning("sign", flag)
        condition, denied = self.mention(clauses)
        if condition is not None:
            return Meaning("mention", condition)
        answering = [c for i, c in enumerate(clauses) if i not in denied]
        if not answering:
            return None
        if amount_expected:  # "can I take ibuprofen?" asks, it names no can
            amount = self.amount([c for c in answering if not self.question_start.search(c)])
            if amount is not None:
                return Meaning("amount", amount=amount)
        elif self._drinks(answering):
            return None  # "probably 5 or 6 cups of tea" answers another question, not this one
        topic = self.topic_answer(answering, question)
        if topic is not None and topic.startswith(SIGN_CUE) and self.unchanged(answering):
            topic = NO
        if topic is not None and topic.startswith(SIGN_CUE):
            return Meaning("sign", topic.removeprefix(SIGN_CUE))
        if topic is not None:
            return Meaning(topic)
        answer = self.polarity(answering)
        if answer is None and hedged:
            return Meaning(UNKNOWN)
        if answer is None and self.elsewhere(answering, question):
            return Meaning(NO)
        return Meaning(answer) if answer is not None else None


def _as_number(word: str) -> float | None:
    try:
        value = float(word)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None
