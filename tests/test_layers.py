"""Each layer imports alone, and the Lambda cold path stays lean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return done.stdout.strip()


def test_the_assessment_core_runs_without_ask_sdk() -> None:
    out = run_python(
        "import json, sys\n"
        "from skill.core.dialog import respond, UserInput\n"
        "r = respond(None, UserInput('launch'), 'en-US')\n"
        "sdk = any(m.startswith('ask_sdk') for m in sys.modules)\n"
        "print(json.dumps([r.speech[:2], sdk]))"
    )
    assert json.loads(out) == ["Hi", False]


def test_lambda_cold_path_answers_without_importing_jsonschema() -> None:
    launch = json.dumps(
        json.loads(
            (ROOT / "tests" / "fixtures" / "alexa-app" / "intent_request_launch.json").read_text()
        )
    )
    out = run_python(
        "import json, sys\n"
        "import lambda_handler\n"
        f"r = lambda_handler.handler(json.loads({launch!r}))\n"
        "print(json.dumps(['outputSpeech' in r['response'], 'jsonschema' in sys.modules]))"
    )
    assert json.loads(out) == [True, False]


def test_the_core_imports_only_the_standard_library() -> None:
    out = run_python(
        "import json, sys\n"
        "before = set(sys.modules)  # what the interpreter and site packages loaded\n"
        "import skill.core, skill.core.dialog, skill.core.flow, skill.core.knowledge\n"
        "import skill.core.locale, skill.core.render, skill.core.scoring, skill.core.state\n"
        "tops = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(json.dumps(sorted(tops - set(sys.stdlib_module_names) - {'skill', '__main__'})))"
    )
    assert json.loads(out) == []


def test_the_understanding_and_the_text_session_need_no_alexa_and_no_web() -> None:
    out = run_python(
        "import json, sys\n"
        "from skill.text_session import TextSession\n"
        "reply = TextSession('en-GB').start()\n"
        "heavy = [m for m in ('ask_sdk_core', 'flask', 'cryptography', 'jsonschema')\n"
        "         if m in sys.modules]\n"
        "print(json.dumps([reply.speech[:2], heavy]))"
    )
    assert json.loads(out) == ["Hi", []]


def test_the_core_finds_its_data_when_imported_from_a_zip(tmp_path: Path) -> None:
    """Installed as files the core reads its data as plain paths; imported from a zip (where
    there is no folder to read) it must still find it, through importlib.resources."""
    import zipfile

    archive = tmp_path / "skill.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (ROOT / "skill").rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, path.relative_to(ROOT).as_posix())
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(archive)!r})\n"
        "from skill.core import UserInput, respond\n"
        "print(sys.modules['skill.core.knowledge'].__file__.startswith(sys.path[0]))\n"
        "print(respond(None, UserInput('launch'), 'en-GB').speech)\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[0] == "True", "the core came from the zip"
    assert "call 999" in done.stdout
