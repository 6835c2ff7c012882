"""The data files validate, and broken ones fail with the file and the JSON path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skill.core.knowledge import data_file, merge, read_json
from skill.validate import validate_files

ROOT = Path(__file__).parent.parent
MODELS = ROOT / "skill" / "data" / "interaction_models"


def write(tmp_path: Path, name: str, document: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_packaged_data_and_models_are_valid() -> None:
    assert validate_files() == []


def test_validate_command_succeeds_on_the_packaged_files() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "skill", "validate"], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    assert "valid" in run.stdout


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda kb: kb["causes"][2].pop("prevention"),
            "$.causes[2]: 'prevention' is a required property",
        ),
        (lambda kb: kb["causes"][0].update(name="muscle fatigue"), "$.causes[0]"),
        (
            lambda kb: kb["causes"][1]["sources"].append("blog_post"),
            "$.causes[1].sources[3]: unknown source 'blog_post'",
        ),
        (
            lambda kb: kb["questions"][8]["weights"]["yes"].update(gout=2),
            "$.questions[8].weights.yes.gout: unknown cause 'gout'",
        ),
        (
            lambda kb: kb["questions"][1]["ends"].update(yes="nosebleed"),
            "$.questions[1].ends.yes: unknown red flag 'nosebleed'",
        ),
        (lambda kb: kb["red_flags"][0].update(level="whenever"), "$.red_flags[0].level"),
        (lambda kb: kb["causes"].pop(5), "$.causes: missing required cause 'overuse'"),
    ],
)
def test_a_broken_knowledge_base_names_file_and_path(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    kb = read_json(data_file("knowledge.json"))
    mutate(kb)
    path = write(tmp_path, "knowledge.json", kb)
    problems = [str(p) for p in validate_files(path, [], [])]
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(path)) for p in problems)


def test_wording_missing_a_question_is_reported(tmp_path: Path) -> None:
    wording = merge(read_json(data_file("wording", "en.json")), {"locale": "en-US"})
    wording["emergency_number"] = "911"
    del wording["questions"]["posture"]
    wording["disclaimer"] = "No emergency number here."
    path = write(tmp_path, "en-US.json", wording)
    problems = [str(p) for p in validate_files(None, [path], [])]
    assert f"{path}: $.questions.posture: missing wording" not in problems  # schema fails first
    assert any("$.disclaimer" in p for p in problems), problems
    wording["disclaimer"] = "I'm not a doctor; call {emergency}."
    path = write(tmp_path, "en-US.json", wording)
    problems = [str(p) for p in validate_files(None, [path], [])]
    assert problems == [f"{path}: $.questions.posture: missing wording"]


@pytest.mark.parametrize(
    ("language", "mutate", "expected"),
    [
        (
            "en",
            lambda w: w["knowledge"]["causes"]["muscle_fatigue"].update(
                name="electromagnetic stimulation"
            ),
            "$.knowledge.causes.muscle_fatigue.name",
        ),
        (
            "es",
            lambda w: w["knowledge"]["causes"]["muscle_fatigue"].update(
                name="la estimulación electromagnética"
            ),
            "$.knowledge.causes.muscle_fatigue.name",
        ),
        (
            "es",
            lambda w: w["knowledge"]["causes"]["dehydration"]["prevention"].pop("replace_fluids"),
            "$.knowledge.causes.dehydration.prevention.replace_fluids: missing wording",
        ),
        (
            "en",
            lambda w: w["knowledge"]["causes"].pop("overuse"),
            "$.knowledge.causes.overuse: missing wording",
        ),
        (
            "es",
            lambda w: w["knowledge"]["relief"].pop("notes"),
            "$.knowledge.relief: 'notes' is a required property",
        ),
    ],
)
def test_the_knowledge_bases_words_are_checked_in_every_language(
    tmp_path: Path, language: str, mutate: Any, expected: str
) -> None:
    """Cause names, steps and relief live in each language's wording: a language that lacks
    one, or names electromagnetic stimulation as a cause, fails with the file and the path."""
    locale = f"{language}-US"
    wording = merge(read_json(data_file("wording", f"{language}.json")), {"locale": locale})
    wording["emergency_number"] = "911"
    assert validate_files(None, [write(tmp_path, f"{locale}.json", wording)], []) == []
    mutate(wording)
    path = write(tmp_path, f"{locale}.json", wording)
    problems = [str(p) for p in validate_files(None, [path], [])]
    assert any(p.startswith(f"{path}: {expected}") for p in problems), problems


def test_validate_command_fails_on_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "knowledge.json"
    path.write_text("{ not json")
    run = subprocess.run(
        [sys.executable, "-m", "skill", "validate", "--knowledge", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert f"{path}: $: not readable JSON" in run.stderr


def test_a_broken_interaction_model_is_reported(tmp_path: Path) -> None:
    model = json.loads((MODELS / "en-US.json").read_text())
    model["interactionModel"]["languageModel"]["intents"][0]["samples"].append("Why 2 cramps?")
    path = write(tmp_path, "en-US.json", model)
    problems = [str(p) for p in validate_files(None, [], [path])]
    assert len(problems) == 1
    assert "$.interactionModel.languageModel.intents[0].samples[" in problems[0]


def test_validate_fails_when_the_package_has_no_models_or_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import skill.validate as validate

    monkeypatch.setattr(validate, "packaged_models", lambda: [])
    monkeypatch.setattr(validate, "packaged_locales", lambda: [])
    problems = [str(p) for p in validate_files()]
    assert problems == [
        "skill/data/wording: $: no wording files to check",
        "skill/data/interaction_models: $: no interaction models to check",
    ]


def test_validate_command_fails_on_a_package_without_its_models(tmp_path: Path) -> None:
    """A copy of the package that lost its interaction models: an error, never "valid"."""
    shutil.copytree(ROOT / "skill", tmp_path / "skill",
                    ignore=shutil.ignore_patterns("__pycache__", "interaction_models"))  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "skill", "validate"],
        capture_output=True, text=True, cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )  # fmt: skip
    assert run.returncode == 1, run.stdout
    assert "skill/data/interaction_models: $: no interaction models to check" in run.stderr
    assert "valid" not in run.stdout


SPANISH_MODELS = {
    "question marks in a sample": (
        lambda lm: lm["intents"][0]["samples"].append("¿por qué me dan calambres?"),
        "'¿por qué me dan calambres?' has characters or spacing Alexa rejects"),
    "exclamation marks in a sample": (
        lambda lm: lm["intents"][0]["samples"].append("¡ayúdame ya!"),
        "'¡ayúdame ya!' has characters or spacing Alexa rejects"),
    "digits in a sample": (
        lambda lm: lm["intents"][0]["samples"].append("tengo 2 calambres"),
        "'tengo 2 calambres' has characters or spacing Alexa rejects"),
    "Spanish launch word in the invocation": (
        lambda lm: lm.update(invocationName="abre calambres musculares"),
        "must not contain the launch or wake word 'abre'"),
    "Spanish connecting word in the invocation": (
        lambda lm: lm.update(invocationName="ayuda para calambres"),
        "must not contain the connecting word 'para'"),
    "article in a two-word invocation": (
        lambda lm: lm.update(invocationName="los calambres"),
        "two words, one of them the article or preposition 'los'"),
    "capital letters with accents in the invocation": (
        lambda lm: lm.update(invocationName="Calambres Musculares"),
        "only lowercase letters, spaces, apostrophes and periods"),
}  # fmt: skip


def spanish_model_at(tmp_path: Path, mutate: Any) -> Path:
    model = json.loads((MODELS / "es-US.json").read_text(encoding="utf-8"))
    mutate(model["interactionModel"]["languageModel"])
    return write(tmp_path, "es-US.json", model)


@pytest.mark.parametrize("rule", list(SPANISH_MODELS))
def test_a_spanish_model_breaking_alexas_rules_is_reported(tmp_path: Path, rule: str) -> None:
    mutate, expected = SPANISH_MODELS[rule]
    path = spanish_model_at(tmp_path, mutate)
    problems = [str(p) for p in validate_files(None, [], [path])]
    assert any(expected in p for p in problems), problems


def test_spanish_letters_are_accepted_where_alexa_takes_them(tmp_path: Path) -> None:
    """á é í ó ú ü ñ in samples, slot values and the invocation name are what Alexa builds."""

    def mutate(lm: dict[str, Any]) -> None:
        lm["invocationName"] = "músculo pingüino señal"
        lm["intents"][0]["samples"] += ["por qué me dan calambres al año", "qué pingüino"]
        lm["types"][1]["values"][0]["name"]["synonyms"].append("Vasito Ñoño")

    assert validate_files(None, [], [spanish_model_at(tmp_path, mutate)]) == []


def test_english_words_that_are_spanish_launch_words_stay_allowed_in_english(
    tmp_path: Path,
) -> None:
    """An English launch word is "use"; "usa" is only a Spanish one."""
    model = json.loads((MODELS / "en-US.json").read_text())
    model["interactionModel"]["languageModel"]["invocationName"] = "usa cramp facts"
    path = write(tmp_path, "en-US.json", model)
    assert validate_files(None, [], [path]) == []
