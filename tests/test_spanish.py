"""Spanish (es-US, es-MX, es-ES) as a Spanish speaker hears it, through the core and through
real Alexa envelopes: none of this needs the Spanish understanding of typed text, which
has its own tests. Where typed text is needed, the test says so and skips without it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from bench.spoken import answer_sets
from skill.chat import run_chat
from skill.core.channel import ALEXA, TEXT
from skill.core.dialog import UserInput, respond
from skill.core.knowledge import data_file, knowledge, read_json
from skill.core.locale import resolve
from skill.core.render import Phrases
from skill.core.scoring import assess
from skill.locales import supported_locales
from skill.nlu import for_locale
from skill.text_session import TextSession
from tests.support import Conversation, missing_understanding

NUMBERS = {"es-US": "911", "es-MX": "911", "es-ES": "112"}
LOCALES = list(NUMBERS)
# Characters espeak-ng reads per second (``make bench`` prints them: bench/spoken.py), in
# the slower voice of each language: en-us for English, es-419 (Latin American) for
# Spanish. A proxy for the spoken budgets that needs no speech engine.
CHARS_PER_SECOND = {"en": 16.7, "es": 15.5}
ENGLISH_WORDS = re.compile(r"\b(you|your|the|and|call|now|today|doctor)\b", re.IGNORECASE)


ANSWER_SETS = list(answer_sets())


# Language tags and emergency numbers ---------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "country", "wording", "number"),
    [
        ("es-US", None, "es-US", "911"),
        ("es-us", None, "es-US", "911"),
        ("es_US", None, "es-US", "911"),
        ("es_US.UTF-8", None, "es-US", "911"),
        ("es-MX", None, "es-MX", "911"),
        ("es_mx", None, "es-MX", "911"),
        ("ES-es", None, "es-ES", "112"),
        ("es", "MX", "es-MX", "911"),
        ("es", "es", "es-ES", "112"),
        ("es", None, "es", None),
        ("es-AR", None, "es", None),
    ],
)
def test_spanish_tags_resolve_in_any_common_form(
    tag: str, country: str | None, wording: str, number: str | None
) -> None:
    locale = resolve(tag, country)
    assert locale.language == "es"
    assert locale.wording == wording
    assert (locale.number.digits if locale.number else None) == number


@pytest.mark.parametrize("locale", LOCALES)
def test_the_emergency_number_by_country_is_marked_to_be_read_digit_by_digit(locale: str) -> None:
    c = Conversation(locale)
    welcome = c.launch()
    assert f"en una emergencia, llame al {NUMBERS[locale]}" in welcome
    reply = c.yes()  # chest pain
    assert c.ended
    assert f"use su teléfono para llamar al {NUMBERS[locale]} ahora" in reply
    assert f'<say-as interpret-as="digits">{NUMBERS[locale]}</say-as>' in c.ssml
    others = set(NUMBERS.values()) | {"999", "000"}
    others.discard(NUMBERS[locale])
    assert not any(number in reply or number in welcome for number in others)


def test_an_unknown_spanish_speaking_country_is_told_its_local_emergency_number() -> None:
    for tag in ("es-AR", "es", "es-ZZ"):
        welcome = respond(None, UserInput("launch"), tag).speech
        assert "llame al número de emergencias de su zona" in welcome
        reply = respond(respond(None, UserInput("launch"), tag).attributes, UserInput("yes"), tag)
        assert "llamar al número de emergencias de su zona ahora" in reply.speech
        assert reply.emergency_number is None
        assert not re.search(r"\b(911|999|000|112)\b", welcome + reply.speech)


# Whole conversations through the Alexa path --------------------------------------------


def screened(c: Conversation) -> None:
    c.launch()
    for _ in range(4):
        c.no()
    assert "vasos de agua" in c.no()


def test_a_self_care_assessment_in_spanish_through_alexa_envelopes() -> None:
    c = Conversation("es-US")
    screened(c)
    assert "sudado mucho" in c.glasses("2")
    assert "desmayos" in c.yes()  # heat stroke follows heavy sweating
    c.no()
    c.yes()  # hard exercise
    c.no()  # rest days
    c.no()  # back pain
    c.no()  # diet
    result = c.no()  # medicines
    assert "Lo más probable es que la causa sea" in result
    assert "la deshidratación" in result or "el cansancio muscular" in result
    assert result.endswith("?") and not c.ended
    assert not ENGLISH_WORDS.search(result), result
    assert c.card_text.startswith("Su revisión de calambres en el muslo")
    sources = c.card_text.split("Fuentes\n", 1)[1].splitlines()
    assert sources[0].startswith("- MedlinePlus en español")
    assert any(line.startswith("- NHS") for line in sources), "the same sources as in English"
    more = c.yes()  # tell me more about the first cause
    assert "Para ayudar a prevenirlo" in more and not ENGLISH_WORDS.search(more)
    goodbye = c.no()
    assert goodbye.startswith("Cuídese") and "911" in goodbye and c.ended


@pytest.mark.parametrize(
    ("answers", "flag", "said"),
    [
        (["yes"], "chest", "ahora"),
        (["no", "yes"], "cauda_equina", "o vaya a la sala de emergencias"),
        (["no", "no", "yes"], "cold_leg", "ahora"),
        (["no", "no", "no", "yes"], "leg_clot", "no se masajee la pierna"),
        (["no", "no", "no", "no", "yes", "yes"], "dark_urine", "comuníquese hoy"),
        (["no", "no", "no", "no", "yes", "no", "yes"], "long_cramp", "comuníquese hoy"),
        (["no", "no", "no", "no", "yes", "no", "no"], "urine_cramp_injury", "comuníquese hoy"),
    ],
)
def test_every_red_flag_ends_in_spanish_at_its_own_level(
    answers: list[str], flag: str, said: str
) -> None:
    c = Conversation("es-US")
    c.launch()
    for answer in answers:
        reply = c.yes() if answer == "yes" else c.no()
    assert c.ended
    assert said in reply
    emergency = knowledge().flags[flag].level == "emergency"
    assert ("Es una emergencia" in reply) == emergency
    assert "Lo más probable" not in reply, "no causes after a red flag"
    assert c.cards[-1]["title"].startswith("Calambres en el muslo")


def test_unknown_red_flags_are_warned_about_at_their_own_level_in_spanish() -> None:
    for locale, number in NUMBERS.items():
        phrases = Phrases(locale)
        signs = phrases.w["warnings"]["signs"]
        for answers in ANSWER_SETS:
            result = assess(phrases.k, answers)
            if not result.warnings:
                continue
            speech = phrases.result(result, answers)
            for flag in result.warnings:
                sentence = next(s for s in speech.split(". ") if signs[flag] in s)
                if knowledge().flags[flag].level == "emergency":
                    assert sentence.endswith(f"llamar al {number} ahora"), sentence
                else:
                    assert "comuníquese hoy" in sentence and number not in sentence, sentence


def test_spanish_is_spoken_with_spanish_joiners() -> None:
    """'y' is 'e' before an i sound and 'o' is 'u' before an o sound; English is unchanged."""
    es = Phrases("es-MX")
    assert es.join_alternatives(["una pierna hinchada", "orina oscura"]) == (
        "una pierna hinchada u orina oscura"
    )
    assert es.join_names(["madre", "hija"]) == "madre e hija"
    assert es.join_names(["agua", "hielo"]) == "agua y hielo"
    assert es.join_names(["a", "b", "c"]) == "a, b y c"  # no serial comma in Spanish
    assert Phrases("en-US").join_alternatives(["a cramp", "orange urine"]) == (
        "a cramp or orange urine"
    )
    wrong = re.compile(r"\b(o h?[oó]\w|y h?[ií](?![aeiouáéó])\w)", re.IGNORECASE)
    for answers in ANSWER_SETS[::7]:
        result = assess(es.k, answers)
        speech = es.result(result, answers)
        card = es.result_card(result, answers).text
        assert not wrong.search(speech) and not wrong.search(card), speech


def test_every_question_fits_in_one_breath_and_every_result_in_fifty_seconds() -> None:
    """The proxy for ``make bench``'s espeak-ng figures: characters at the voice's pace."""
    for locale in sorted({*NUMBERS, "en-US", "en-GB"}):
        phrases = Phrases(locale)
        rate = CHARS_PER_SECOND[locale.split("-")[0]]
        for question_id, forms in phrases.w["questions"].items():
            for form in ("ask", "recheck", "reprompt", "rephrase"):
                if form in forms:
                    text = forms[form]
                    assert len(text) / rate <= 8.0, (locale, question_id, form, text)
                    assert len(text.split()) <= 22, (locale, question_id, form, text)
        longest = max(
            (phrases.result(assess(phrases.k, answers), answers) for answers in ANSWER_SETS),
            key=len,
        )
        assert len(longest) / rate <= 50.0, (locale, len(longest), longest)


def test_the_spanish_wording_says_everything_the_english_says_in_spanish() -> None:
    """Same keys as English, nothing left in English, the same knowledge structure."""
    english = read_json(data_file("wording", "en.json"))
    spanish = read_json(data_file("wording", "es.json"))

    def leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
        if isinstance(node, Mapping):
            for key, value in node.items():
                yield from leaves(value, (*path, key))
        else:
            yield path, node

    skip = {("locale",), ("spelling",), ("result_word_budget",)}
    english_leaves = {p: v for p, v in leaves(english) if p not in skip and p[:1] != ("spelling",)}
    spanish_leaves = {p: v for p, v in leaves(spanish) if p not in skip and p[:1] != ("spelling",)}
    skip_joiners = {("joiners", "sound_changes")}
    assert set(english_leaves) == set(spanish_leaves) - skip_joiners
    same = [p for p, v in english_leaves.items() if v == spanish_leaves[p] and v not in ("", True)]
    assert not same, same
    for path, value in spanish_leaves.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                words = re.sub(r"{[A-Za-z_]+}", "", text)  # placeholders are not spoken
                assert not ENGLISH_WORDS.search(words), (path, text)


def test_each_country_gets_its_own_words() -> None:
    def text(locale: str, *path: str) -> str:
        node: Any = Phrases(locale).w
        for key in path:
            node = node[key]
        return str(node)

    assert "manejando" in text("es-US", "questions", "posture", "help")
    assert "conduciendo" in text("es-ES", "questions", "posture", "help")
    assert text("es-ES", "care", "doctor") == "su médico de cabecera"
    assert text("es-US", "care", "emergency_department") == "la sala de emergencias"
    assert text("es-MX", "care", "emergency_department") == "urgencias"
    assert "frutos secos" in text("es-ES", "questions", "diet", "ask")
    assert "nueces" in text("es-MX", "questions", "diet", "ask")
    relief = {loc: respond(None, UserInput("relief"), loc).speech for loc in LOCALES}
    assert "dolorido" in relief["es-ES"] and "adolorido" in relief["es-US"]
    assert all("no la masajee" in said for said in relief.values())
    everyday = Phrases("es-US").w["questions"]
    assert "para orinar (diuréticos)" in everyday["medicines"]["ask"]
    causes = Phrases("es-US").w["knowledge"]["causes"]
    assert "pastillas para orinar (diuréticos)" in causes["electrolyte_imbalance"]["short"]
    assert "refresco de cola" in everyday["rf_urine_cramp"]["ask"]


def test_spanish_answers_and_cards_never_name_electromagnetic_stimulation() -> None:
    texts = [respond(None, UserInput(i), "es-US").speech for i in ("overview", "relief", "help")]
    texts += [
        respond(None, UserInput("explain_cause", cause=c.id), "es-ES").speech
        for c in knowledge().causes
    ]
    assert texts and not [t for t in texts if "electromagn" in t.lower()]


def test_spanish_through_the_text_session_with_the_english_understanding() -> None:
    """The text front end speaks Spanish whatever understanding reads the typed words: here
    the English one (yes, no, numbers), so this runs before the Spanish one is merged."""
    session = TextSession("es_MX", nlu=for_locale("en-US"))
    welcome = session.start()
    assert welcome.speech.startswith("Hola.") and "911" in welcome.speech
    for text in ["no", "no", "no", "no", "no", "3", "no", "no", "yes", "no", "no", "no"]:
        _, reply = session.say(text)
    assert reply.outcome is not None and reply.outcome.urgency == "self_care"
    assert "pasar horas en la misma postura" in reply.speech
    assert reply.card is not None and reply.card.title == "Su revisión de calambres en el muslo"


def test_a_spanish_locale_is_offered_once_its_understanding_is_in_the_checkout() -> None:
    understood = missing_understanding("es-US") is None
    assert all((locale in supported_locales()) == understood for locale in LOCALES)


@pytest.mark.skipif(missing_understanding("es-US") is not None,
                    reason=str(missing_understanding("es-US")))  # fmt: skip
def test_the_chat_takes_the_assessment_in_spanish() -> None:
    out = io.StringIO()
    lines = "".join(f"{line}\n" for line in ["no", "sí"])
    assert run_chat("es-US", True, io.StringIO(lines), out, err=io.StringIO()) == 0
    turns = [json.loads(line) for line in out.getvalue().splitlines()]
    assert turns[0]["speech"].startswith("Hola.")
    assert turns[-1]["end_session"] and "llamar al 911 ahora" in turns[-1]["speech"]


def test_alexa_and_text_channels_say_the_same_in_spanish_apart_from_the_app() -> None:
    attributes: dict[str, Any] | None = None
    text_attributes: dict[str, Any] | None = None
    for said in ["launch", "no", "no", "no", "yes"]:
        on_alexa = respond(attributes, UserInput(said), "es-ES", ALEXA)
        in_text = respond(text_attributes, UserInput(said), "es-ES", TEXT)
        attributes, text_attributes = on_alexa.attributes, in_text.attributes
    assert on_alexa.speech == f"{in_text.speech} Le he enviado esto a su aplicación de Alexa."
