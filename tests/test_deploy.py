"""What a developer deploys: the ASK CLI skill package, the Lambda zip, the SAM template."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from skill.package import main as build_package
from tests.support import launch

ROOT = Path(__file__).parent.parent
MODELS = ROOT / "skill" / "data" / "interaction_models"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    assert build_package(folder) == 0
    return folder


def samples(locale: str) -> set[str]:
    model = json.loads((MODELS / f"{locale}.json").read_text())
    return {s for i in model["interactionModel"]["languageModel"]["intents"]
            for s in i.get("samples", [])}  # fmt: skip


def test_skill_json_is_a_complete_honest_manifest(build: Path) -> None:
    manifest: dict[str, Any] = json.loads((build / "skill-package" / "skill.json").read_text())
    m = manifest["manifest"]
    locales = m["publishingInformation"]["locales"]
    assert set(locales) == {"en-US", "en-GB", "en-CA", "en-AU", "en-IN", "es-US", "es-MX", "es-ES"}
    assert set(m["publishingInformation"]["distributionCountries"]) >= {"US", "MX", "ES"}
    assert m["publishingInformation"]["category"] == "HEALTH_AND_FITNESS"
    privacy = m["privacyAndCompliance"]
    assert privacy["isChildDirected"] is False and privacy["containsAds"] is False
    assert privacy["usesPersonalInfo"] is False and privacy["allowsPurchases"] is False
    assert m["apis"]["custom"]["endpoint"]["uri"].startswith("arn:aws:lambda:")
    assert {"type": "CAN_FULFILL_INTENT_REQUEST"} in m["apis"]["custom"]["interfaces"]
    numbers = {"en-US": "911", "en-GB": "999", "en-CA": "911", "en-AU": "000", "en-IN": "112",
               "es-US": "911", "es-MX": "911", "es-ES": "112"}  # fmt: skip
    for locale, info in locales.items():
        if locale.startswith("es"):
            assert "no sustituye el consejo de un profesional de la salud" in info["description"]
            assert f"En una emergencia, llame al {numbers[locale]}." in info["description"]
            prefix = "Alexa, pregunta a calambres musculares "
        else:
            assert "not a substitute for professional medical advice" in info["description"]
            assert f"In an emergency, call {numbers[locale]}." in info["description"]
            prefix = "Alexa, ask thigh cramp helper "
        assert info["name"] and info["summary"] and info["keywords"]
        assert len(info["examplePhrases"]) == 3
        for phrase in info["examplePhrases"]:
            assert phrase.startswith(prefix)
            assert phrase.removeprefix(prefix) in samples(locale)
        model = build / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
        assert json.loads(model.read_text()) == json.loads((MODELS / f"{locale}.json").read_text())


def test_lambda_zip_answers_a_launch_from_an_empty_folder(build: Path, tmp_path: Path) -> None:
    archive = build / "lambda.zip"
    assert archive.stat().st_size < 50 * 1024 * 1024
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        zipped.extractall(tmp_path / "unpacked")
    assert "lambda_handler.py" in names and "skill/data/knowledge.json" in names
    assert any(n.endswith(".cpython-311.pyc") for n in names), "byte-compiled for Python 3.11"
    assert not any(n.startswith("skill/web/") for n in names)
    assert not any(n.startswith("skill/data/interaction_models/") for n in names), "Alexa has them"
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(tmp_path / 'unpacked')!r})\n"
        "import lambda_handler\n"
        "event = json.loads(sys.stdin.read())\n"
        "print(json.dumps(lambda_handler.handler(event, None)))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('jsonschema', 'flask')))))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        input=json.dumps(launch()),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    response_line, modules_line = done.stdout.strip().splitlines()
    response = json.loads(response_line)
    assert "Hi, I'll ask a few quick questions" in response["response"]["outputSpeech"]["ssml"]
    assert json.loads(modules_line) == []


def test_sam_template_passes_cfn_lint() -> None:
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    done = subprocess.run(
        [str(cfn_lint), str(ROOT / "template.yaml")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    template = (ROOT / "template.yaml").read_text()
    for needed in (
        "Handler: lambda_handler.handler",
        "Runtime: python3.11",
        "Timeout: 7",
        "Type: AlexaSkill",
        "SkillId: !Ref SkillId",
        "SKILL_ID: !Ref SkillId",
    ):
        assert needed in template
