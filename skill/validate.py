"""Checks the data files against their JSON Schemas and against each other.

Run by ``python -m skill validate`` and by the test suite, never on the request path: it
imports ``jsonschema``, which would add about 100 ms to a Lambda cold start.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from skill.core.knowledge import (
    available_locales,
    build_knowledge,
    data_file,
    merge,
    read_json,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIRED_CAUSES = (
    "muscle_fatigue",
    "prolonged_posture",
    "dehydration",
    "electrolyte_imbalance",
    "nutritional_deficiency",
    "overuse",
    "nerve_compression",
    "medication_side_effect",
)


# Words Alexa rejects in any invocation name: wake words, "skill" and "app".
WAKE_WORDS = frozenset(["alexa", "amazon", "echo", "computer", "ziggy", "skill", "app"])
# Per language: the launch phrases and connecting words people say around an invocation name
# ("ask ... to", "pregunta a ... si"), which Alexa's invocation name requirements forbid
# inside it, and the articles, prepositions and pronouns a two-word name must not use.
LAUNCH_WORDS = {
    "en": frozenset(["ask", "tell", "open", "launch", "load", "begin", "enable", "start",
                     "resume", "run", "use", "play"]),
    "es": frozenset(["abre", "abrir", "pide", "pídele", "pedir", "pregunta", "pregúntale",
                     "preguntar", "dile", "decir", "inicia", "iniciar", "empieza", "empezar",
                     "comienza", "comenzar", "lanza", "lanzar", "carga", "cargar", "ejecuta",
                     "ejecutar", "activa", "activar", "habilita", "habilitar", "usa", "usar",
                     "juega", "jugar", "arranca", "aplicación", "computadora", "ordenador"]),
}  # fmt: skip
CONNECTING_WORDS = {
    "en": frozenset(["to", "from", "in", "using", "with", "about", "for", "that", "by", "if",
                     "and", "whether"]),
    "es": frozenset(["que", "si", "sobre", "para", "por", "usando", "y", "acerca"]),
}  # fmt: skip
TWO_WORD_FORBIDDEN = {
    "en": frozenset(["the", "a", "an", "for", "to", "of", "my", "about", "up", "by", "at",
                     "off", "with"]),
    "es": frozenset(["el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "a",
                     "al", "en", "con", "para", "por", "mi", "mis", "tu", "su"]),
}  # fmt: skip
REQUIRED_BUILT_INS = (
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
)
CAUSE_SLOT = ("ExplainCauseIntent", "cause")
# Letters Alexa accepts in samples, slot values and invocation names: lower-case Latin ones,
# and in Spanish models á é í ó ú ü ñ. Punctuation such as ¿ ? ¡ ! is rejected in samples
# ("InvalidCharInSamples": only letters, spaces, periods for abbreviations, possessive
# apostrophes and hyphens), so it is rejected here in every language.
_LOWER = "a-záéíóúüñ"
_UPPER = "A-ZÁÉÍÓÚÜÑ"
_WORD = rf"(?:[{_LOWER}]+(?:'[{_LOWER}]+)?|[{_LOWER}]\.|{{[A-Za-z_]+}})"  # word, "e.", {{slot}}
_SAMPLE_TEXT = re.compile(rf"^{_WORD}(?: {_WORD})*$")
_SLOT_VALUE = re.compile(rf"^[{_UPPER}{_LOWER}0-9][{_UPPER}{_LOWER}0-9 '.-]*$")
_INVOCATION = re.compile(rf"[{_LOWER}][{_LOWER} '.]*")


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


def json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = read_json(
        resources.files("skill").joinpath("schemas", f"{name}.schema.json")
    )
    return document


def display_name(path: Any) -> str:
    try:
        return str(Path(str(path)).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def load(path: Any) -> tuple[Any, list[Problem]]:
    """The parsed file, or a problem saying why it is not JSON."""
    try:
        with path.open("r", encoding="utf-8") as handle:
            return json.load(handle), []
    except (OSError, ValueError) as error:
        return None, [Problem(display_name(path), "$", f"not readable JSON: {error}")]


def load_wording(path: Any) -> tuple[Any, list[Problem]]:
    """A country overlay merged over its language's file: the schema checks what is spoken."""
    overlay, problems = load(path)
    if overlay is None:
        return None, problems
    name = str(getattr(path, "name", path))
    language = name.split("-")[0].removesuffix(".json")
    base_path = path.parent.joinpath(f"{language}.json") if hasattr(path, "parent") else None
    if base_path is None or base_path == path or not base_path.is_file():
        return overlay, problems
    base, found = load(base_path)
    if base is None or not isinstance(overlay, dict):
        return overlay, problems + found
    if overlay.get("locale") != name.removesuffix(".json"):
        problems.append(Problem(display_name(path), "$.locale", "must match the file name"))
    return merge(base, overlay), problems


def schema_problems(document: Any, schema_name: str, file: str) -> list[Problem]:
    validator = Draft202012Validator(schema(schema_name))
    errors: Iterator[ValidationError] = validator.iter_errors(document)
    return sorted(
        (Problem(file, json_path(e.absolute_path), e.message) for e in errors),
        key=lambda p: p.path,
    )


def knowledge_problems(raw: Mapping[str, Any], file: str) -> list[Problem]:
    """Cross-references the schema cannot express."""
    problems: list[Problem] = []
    sources = set(raw["sources"])
    causes = [c["id"] for c in raw["causes"]]
    flags = {f["id"] for f in raw["red_flags"]}

    def add(path: list[Any], message: str) -> None:
        problems.append(Problem(file, json_path(path), message))

    for cid in REQUIRED_CAUSES:
        if cid not in causes:
            add(["causes"], f"missing required cause {cid!r}")
    for section in ("causes", "red_flags"):
        for i, item in enumerate(raw[section]):
            for j, sid in enumerate(item["sources"]):
                if sid not in sources:
                    add([section, i, "sources", j], f"unknown source {sid!r}")
    for section in ("causes", "red_flags", "conditions"):
        for i, item in enumerate(raw[section]):
            shared = [s for s in item["sources"] if "language" not in raw["sources"].get(s, {})]
            if not shared:  # a claim is traced to the same sources in every language
                add([section, i, "sources"], "needs a source that is not for one language only")
    for i, item in enumerate(raw["conditions"]):
        for j, sid in enumerate(item["sources"]):
            if sid not in sources:
                add(["conditions", i, "sources", j], f"unknown source {sid!r}")
        for cid in item.get("weights", {}):
            if cid not in causes:
                add(["conditions", i, "weights", cid], f"unknown cause {cid!r}")
    questions = [q["id"] for q in raw["questions"]]
    for i, item in enumerate(raw["red_flags"]):
        if "question" in item and item["question"] not in questions:
            add(["red_flags", i, "question"], f"unknown question {item['question']!r}")
    for key in ("relief", "see_doctor"):
        for j, sid in enumerate(raw[key]["sources"]):
            if sid not in sources:
                add([key, "sources", j], f"unknown source {sid!r}")
    seen: list[str] = []
    for i, q in enumerate(raw["questions"]):
        if q["id"] in seen:
            add(["questions", i, "id"], f"duplicate question id {q['id']!r}")
        for dep in q.get("only_if", {}):
            if dep not in seen:
                add(["questions", i, "only_if", dep], "must name an earlier question")
        for cat, flag in q.get("ends", {}).items():
            if flag not in flags:
                add(["questions", i, "ends", cat], f"unknown red flag {flag!r}")
        for cat, weights in q.get("weights", {}).items():
            for cid in weights:
                if cid not in causes:
                    add(["questions", i, "weights", cat, cid], f"unknown cause {cid!r}")
        seen.append(q["id"])
    if len(set(causes)) != len(causes):
        add(["causes"], "cause ids must be unique")
    return problems


def wording_problems(raw_knowledge: Mapping[str, Any], wording: Any, file: str) -> list[Problem]:
    """Every question, reason, red flag and warning the dialog can speak must have wording."""
    problems: list[Problem] = []
    kb = build_knowledge(raw_knowledge)
    needed: list[tuple[str, str]] = [("questions", q.id) for q in kb.questions]
    needed += [("red_flag_advice", flag) for flag in kb.flags]
    needed += [("doctor_reasons", reason) for q in kb.questions for reason in q.doctor.values()]
    needed += [("doctor_reasons", c.id) for c in kb.causes if c.see_doctor]
    needed += [("doctor_reasons", condition) for condition in kb.conditions]
    needed += [
        ("reasons", f"{condition.id}:mentioned")
        for condition in kb.conditions.values()
        if condition.weights
    ]
    signs = wording.get("warnings", {}).get("signs", {})
    for q in kb.questions:
        if q.unknown_warning and q.unknown_warning not in signs:
            where = json_path(["warnings", "signs", q.unknown_warning])
            problems.append(Problem(file, where, "missing wording"))
    needed += [("reasons", f"{q.id}:{cat}") for q in kb.questions for cat in q.weights] + [
        ("reasons", "hydration:none")
    ]
    for section, key in needed:
        if key not in wording.get(section, {}):
            problems.append(Problem(file, json_path([section, key]), "missing wording"))
    for q in kb.questions:
        texts = wording.get("questions", {}).get(q.id, {})
        if q.recheck and "recheck" not in texts:
            problems.append(Problem(file, json_path(["questions", q.id, "recheck"]), "missing"))
    cause_words = wording.get("knowledge", {}).get("causes", {})
    for cause in kb.causes:
        place = ["knowledge", "causes", cause.id]
        if cause.id not in cause_words:
            problems.append(Problem(file, json_path(place), "missing wording"))
            continue
        steps = cause_words[cause.id].get("prevention", {})
        for step in cause.prevention:
            if step.text not in steps:  # the structure's step texts are the step ids
                where_step = json_path([*place, "prevention", step.text])
                problems.append(Problem(file, where_step, "missing wording"))
        for step_id in steps:
            if step_id not in {step.text for step in cause.prevention}:
                where_step = json_path([*place, "prevention", step_id])
                problems.append(Problem(file, where_step, "not a step of this cause"))
    for cause_id in cause_words:
        if kb.cause(cause_id) is None:
            where = json_path(["knowledge", "causes", cause_id])
            problems.append(Problem(file, where, "not a cause in the knowledge base"))
    return problems


def model_problems(
    document: Mapping[str, Any], file: str, cause_ids: Iterable[str]
) -> list[Problem]:
    """Alexa's build and certification rules that a schema cannot express."""
    problems: list[Problem] = []
    lm = document["interactionModel"]["languageModel"]
    base = ["interactionModel", "languageModel"]

    def add(path: list[Any], message: str) -> None:
        problems.append(Problem(file, json_path(base + path), message))

    name = lm["invocationName"]
    words = name.split()
    language = Path(file).name.split("-")[0].split(".")[0].lower()
    if len(words) < 2:
        add(["invocationName"], "must have at least two words")
    if not _INVOCATION.fullmatch(name):
        add(["invocationName"], "only lowercase letters, spaces, apostrophes and periods")
    forbidden = WAKE_WORDS | LAUNCH_WORDS.get(language, LAUNCH_WORDS["en"])
    connecting = CONNECTING_WORDS.get(language, CONNECTING_WORDS["en"])
    for word in words:
        if word.strip(".'") in forbidden:
            add(["invocationName"], f"must not contain the launch or wake word {word!r}")
        elif word.strip(".'") in connecting:
            add(["invocationName"], f"must not contain the connecting word {word!r}")
    two_word = TWO_WORD_FORBIDDEN.get(language, TWO_WORD_FORBIDDEN["en"])
    if len(words) == 2 and two_word & set(words):
        found = sorted(two_word & set(words))[0]
        add(["invocationName"], f"two words, one of them the article or preposition {found!r}")

    types = {t["name"]: t for t in lm.get("types", [])}
    owners: dict[str, str] = {}
    intents = {intent["name"] for intent in lm["intents"]}
    for i, intent in enumerate(lm["intents"]):
        slots = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for j, slot in enumerate(intent.get("slots", [])):
            if slot["type"] not in types and not slot["type"].startswith("AMAZON."):
                add(["intents", i, "slots", j, "type"], f"undefined slot type {slot['type']!r}")
        for j, sample in enumerate(intent.get("samples", [])):
            where = ["intents", i, "samples", j]
            if not _SAMPLE_TEXT.match(sample):
                add(where, f"{sample!r} has characters or spacing Alexa rejects")
            for slot in re.findall(r"{([^}]*)}", sample):
                if slot not in slots:
                    add(where, f"{{{slot}}} is not a slot of {intent['name']}")
            key = " ".join(sample.lower().split())
            if key in owners and owners[key] != intent["name"]:
                add(where, f"{sample!r} is also a sample of {owners[key]}")
            owners.setdefault(key, intent["name"])
    for required in REQUIRED_BUILT_INS:
        if required not in intents:
            add(["intents"], f"missing required built-in intent {required}")
    for i, slot_type in enumerate(lm.get("types", [])):
        for j, value in enumerate(slot_type["values"]):
            texts = [value["name"]["value"], *value["name"].get("synonyms", [])]
            for text in texts:
                if not _SLOT_VALUE.match(text):
                    add(["types", i, "values", j], f"slot value {text!r} has forbidden characters")
    cause_type = next(
        (slot["type"] for intent in lm["intents"] if intent["name"] == CAUSE_SLOT[0]
         for slot in intent.get("slots", []) if slot["name"] == CAUSE_SLOT[1]),
        None,
    )  # fmt: skip
    if cause_type is None or cause_type not in types:
        add(["intents"], "ExplainCauseIntent needs a 'cause' slot of a custom type")
    else:
        ids = {value.get("id") for value in types[cause_type]["values"]}
        for cause_id in cause_ids:
            if cause_id not in ids:
                index = list(types).index(cause_type)
                add(["types", index, "values"], f"cause {cause_id!r} is not a value id")
    return problems


WORDING_DIR, MODELS_DIR = "skill/data/wording", "skill/data/interaction_models"


def packaged_locales() -> list[str]:
    """The locales with a wording overlay in the package; none if its folder is missing."""
    try:
        return sorted(available_locales())
    except (FileNotFoundError, NotADirectoryError):
        return []


def packaged_models() -> list[Any]:
    """The interaction models in the package, read through importlib.resources."""
    folder = data_file("interaction_models")
    if not folder.is_dir():
        return []
    found = [entry for entry in folder.iterdir() if entry.name.endswith(".json")]
    return sorted(found, key=lambda entry: entry.name)


def validate_files(
    knowledge_path: Any = None,
    wording_paths: Iterable[Any] | None = None,
    model_paths: Iterable[Any] | None = None,
) -> list[Problem]:
    """All problems in the given files (the packaged ones by default)."""
    knowledge_path = knowledge_path or data_file("knowledge.json")
    # Checking nothing is a failure, never "valid": a package built without its data must not pass.
    nothing: list[Problem] = []
    if wording_paths is None:
        wording_paths = [data_file("wording", f"{loc}.json") for loc in packaged_locales()]
        if not wording_paths:
            nothing.append(Problem(WORDING_DIR, "$", "no wording files to check"))
    if model_paths is None:
        model_paths = packaged_models()
        if not model_paths:
            nothing.append(Problem(MODELS_DIR, "$", "no interaction models to check"))

    kb_file = display_name(knowledge_path)
    raw, problems = load(knowledge_path)
    if raw is not None:
        problems += schema_problems(raw, "knowledge", kb_file)
        if not problems:
            problems += knowledge_problems(raw, kb_file)
    knowledge_ok = raw is not None and not problems
    for path in wording_paths:
        document, found = load_wording(path)
        if document is not None:
            found += schema_problems(document, "wording", display_name(path))
            if knowledge_ok and not found:
                found += wording_problems(raw, document, display_name(path))
        problems += found
    cause_ids = [cause["id"] for cause in raw["causes"]] if knowledge_ok else []
    for path in model_paths:
        document, found = load(path)
        if document is not None:
            found += schema_problems(document, "interaction_model", display_name(path))
            if not found:
                found += model_problems(document, display_name(path), cause_ids)
        problems += found
    return nothing + problems
