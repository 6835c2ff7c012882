"""The Home Assistant integration as ``python -m skill package`` builds it, checked without
Home Assistant (its own tests, on Python 3.13, are ``make test-ha``): the assessment travels
unchanged, imports under the integration's name without the ``skill`` package, and needs
nothing Home Assistant would not install."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from skill.package_home_assistant import (
    DOMAIN,
    SOURCE,
    VENDORED,
    vendored_sources,
    write_home_assistant,
)
from tests.support import third_party_imports

ROOT = Path(__file__).parent.parent
# What the built folder may import: the standard library, its own modules, Home Assistant
# (with voluptuous, which it ships) and the two packages the manifest names.
ALLOWED = {"homeassistant", "voluptuous", "hassil", "rapidfuzz"}
TRAVELLING = ["core", "intent_names.py", "meaning.py", "nlu.py", "text_session.py"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = write_home_assistant(tmp_path_factory.mktemp("build"))
    assert target is not None, "a checkout has the integration's source"
    return target


def python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_integration_is_its_source_plus_the_assessment_copied_unchanged(built: Path) -> None:
    source_files = {p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    built_files = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    vendored = {f"{VENDORED}/{name}" for name in vendored_sources()}
    assert built_files == source_files | vendored | {f"{VENDORED}/__init__.py"}
    for name in source_files:
        assert (built / name).read_bytes() == (SOURCE / name).read_bytes(), name
    for name, source in vendored_sources().items():
        assert (built / VENDORED / name).read_bytes() == source.read_bytes(), name
    needed = {"core/dialog.py", "nlu.py", "data/knowledge.json", "data/nlu/en.json",
              "data/wording/en.json", "data/interaction_models/en-US.json"}  # fmt: skip
    assert needed <= set(vendored_sources())


def test_nothing_of_alexa_the_web_or_validation_goes_in(built: Path) -> None:
    outside = third_party_imports(python_files(built), built, ALLOWED)
    assert outside == {}
    names = {p.name for p in built.rglob("*")}
    assert not names & {"alexa", "web", "schemas", "apl", "manifest", "validate.py", "package.py"}


@pytest.mark.parametrize("module", TRAVELLING)
def test_the_modules_that_travel_import_the_project_only_relatively(module: str) -> None:
    path = ROOT / "skill" / module
    for file in python_files(path) if path.is_dir() else [path]:
        text = file.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith("skill"), file
            if isinstance(node, ast.Import):
                assert not [a for a in node.names if a.name.split(".")[0] == "skill"], file
        assert 'files("skill")' not in text, f"{file}: data found by the package's own name"


def test_the_built_assessment_runs_under_the_integrations_name_without_skill(
    built: Path,
) -> None:
    """In a fresh interpreter where ``skill`` cannot be imported at all (it is installed in
    this venv, so it is blocked), the integration's HA-free part takes a whole assessment."""
    code = f"""
import importlib.abc, json, sys, types
class NoSkill(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "skill" or name.startswith("skill."):
            raise ImportError("the skill package is not there in Home Assistant")
sys.meta_path.insert(0, NoSkill())
for name, folder in (("custom_components", {str(built.parent)!r}),
                     ("custom_components.{DOMAIN}", {str(built)!r})):
    package = types.ModuleType(name)  # the folder, without running its Home Assistant part
    package.__path__ = [folder]
    sys.modules[name] = package
from custom_components.{DOMAIN}.assistant import Assistant
assistant = Assistant.load("en", "GB")
said = []
state = None
for words in ["hello", "no", "no", "no", "yeah the left one is all puffy"]:
    reply = assistant.turn(state, words, "en", "GB")
    said.append([reply.speech, reply.ended])
    state = reply.attributes
skill = sorted(m for m in sys.modules if m.startswith("skill"))
print(json.dumps([said, assistant.languages, skill]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=built.parent, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    said, languages, skill_modules = json.loads(done.stdout)
    assert skill_modules == []
    assert "en" in languages
    assert "I'm not a doctor" in said[0][0] and not said[0][1]
    assert "call 9 9 9" in said[0][0], "a British household, the number digit by digit"
    assert [ended for _, ended in said] == [False, False, False, False, True]
    assert "needs checking today" in said[-1][0] and "call 9 9 9 straight away" in said[-1][0]


def test_the_manifest_asks_for_what_the_skill_needs_and_home_assistant_allows() -> None:
    manifest = json.loads((SOURCE / "manifest.json").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert manifest["domain"] == DOMAIN == SOURCE.name
    assert manifest["version"] == project["version"]
    assert manifest["config_flow"] is True and "conversation" in manifest["dependencies"]
    # The base dependencies, spec for spec: hassil>=2.2.3 admits 2.2.3 (Home Assistant
    # 2025.4 to 2025.8) and 3.x (2025.9 on); rapidfuzz is not in Home Assistant's constraints.
    assert sorted(manifest["requirements"]) == sorted(project["dependencies"])
    tested = (ROOT / "tests_ha" / "requirements.txt").read_text().split()
    assert [r for r in manifest["requirements"] if not r.startswith("hassil")] == [
        r for r in tested if r.startswith("rapidfuzz")
    ], "the Home Assistant tests install what the manifest asks for"


def test_the_hacs_zip_holds_the_built_folder(built: Path) -> None:
    hacs = json.loads((ROOT / "hacs.json").read_text())
    archive = built.parents[1] / hacs["filename"]
    assert hacs["zip_release"] is True
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        files = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
        assert names == files and "manifest.json" in names
        assert zipped.read("assessment/nlu.py") == (ROOT / "skill" / "nlu.py").read_bytes()
