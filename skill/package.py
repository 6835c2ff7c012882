"""Builds what the standard tools deploy: ``build/skill-package/`` and ``build/lambda.zip``.

The skill package is in the ASK CLI layout (``skill.json`` plus one interaction model per
locale). The Lambda zip holds ``lambda_handler.py``, the ``skill`` package with its data,
and the runtime dependencies of the Lambda path, installed by pip for the Lambda platform
(manylinux x86_64, CPython 3.11) and byte-compiled.
"""

from __future__ import annotations

import compileall
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from skill.core.knowledge import available_locales, data_file, read_json, wording
from skill.nlu import MODEL_DIR
from skill.package_home_assistant import write_home_assistant

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:thigh-cramp-helper"
LAMBDA_PYTHON = "3.11"
LAMBDA_PLATFORM = "manylinux2014_x86_64"
# lambda_handler needs only ask-sdk-core; the chat, NLU, web and validation are left out.
LAMBDA_ROOT_REQUIREMENT = "ask-sdk-core"
LAMBDA_EXCLUDE = ("web", "nlu.py", "chat.py", "local_session.py", "package.py", "validate.py",
                  "schemas", "nlu", "interaction_models")  # fmt: skip
COUNTRIES = {"en-US": "US", "en-GB": "GB", "en-CA": "CA", "en-AU": "AU", "en-IN": "IN",
             "es-US": "US", "es-MX": "MX", "es-ES": "ES"}  # fmt: skip


def tested_versions(root: str) -> list[str]:
    """``name==version`` for ``root`` and everything it needs, as installed here and tested."""
    from importlib import metadata

    from packaging.requirements import Requirement

    pins: dict[str, str] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        key = name.lower().replace("_", "-")
        if key in pins:
            continue
        pins[key] = metadata.version(name)
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            marker = requirement.marker
            if marker is None or marker.evaluate({"extra": "", "sys_platform": "linux"}):
                pending.append(requirement.name)
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def example_phrases(template: str, invocation: str, samples: list[list[str]]) -> list[str]:
    """The store's example phrases, in the language's own way of asking a skill."""
    return [template.format(invocation=invocation, sample=sample) for _, sample in samples]


def manifest(locales: list[str]) -> dict[str, Any]:
    publishing = read_json(data_file("manifest", "publishing.json"))
    info: dict[str, Any] = {}
    for locale in locales:
        model = read_json(MODEL_DIR / f"{locale}.json")
        invocation = model["interactionModel"]["languageModel"]["invocationName"]
        number = wording(locale)["emergency_number"]
        store = publishing["languages"][locale.split("-")[0]]
        info[locale] = {
            "name": wording(locale)["skill_name"],
            "summary": store["summary"],
            "description": store["description"].format(emergency=number),
            "examplePhrases": example_phrases(
                store["example_phrase"], invocation, store["example_samples"]
            ),
            "keywords": store["keywords"],
        }
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": info,
                "isAvailableWorldwide": False,
                "distributionCountries": sorted({COUNTRIES[loc] for loc in locales}),
                "testingInstructions": publishing["testing_instructions"],
                "category": publishing["category"],
                "distributionMode": "PUBLIC",
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
            },
            "apis": {
                "custom": {
                    "endpoint": {"uri": LAMBDA_ARN},
                    "interfaces": [
                        {"type": "ALEXA_PRESENTATION_APL",
                         "supportedViewports": [
                             {"mode": "HUB", "shape": "ROUND", "minWidth": 480, "maxWidth": 480,
                              "minHeight": 480, "maxHeight": 480},
                             {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 1024,
                              "maxWidth": 1280, "minHeight": 600, "maxHeight": 800}]},
                        {"type": "CAN_FULFILL_INTENT_REQUEST"},
                    ],
                }
            },
        }
    }  # fmt: skip


def write_skill_package(build: Path) -> Path:
    target = build / "skill-package"
    shutil.rmtree(target, ignore_errors=True)
    models = target / "interactionModels" / "custom"
    models.mkdir(parents=True)
    locales = sorted(loc for loc in available_locales() if (MODEL_DIR / f"{loc}.json").is_file())
    for locale in locales:
        (models / f"{locale}.json").write_bytes((MODEL_DIR / f"{locale}.json").read_bytes())
    (target / "skill.json").write_text(json.dumps(manifest(locales), indent=2) + "\n")
    return target


def write_lambda_zip(build: Path) -> Path:
    staging = build / "lambda"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--target", str(staging), "--platform", LAMBDA_PLATFORM, "--implementation", "cp",
         "--python-version", LAMBDA_PYTHON, "--only-binary=:all:", "--no-deps",
         *tested_versions(LAMBDA_ROOT_REQUIREMENT)],
        check=True, timeout=600,
    )  # fmt: skip
    shutil.copyfile(ROOT / "lambda_handler.py", staging / "lambda_handler.py")
    shutil.copytree(
        ROOT / "skill", staging / "skill",
        ignore=shutil.ignore_patterns("__pycache__", *LAMBDA_EXCLUDE),
    )  # fmt: skip
    for leftover in staging.glob("*.dist-info/RECORD"):
        leftover.unlink()  # pip's file hashes stop matching once we byte-compile
    compileall.compile_dir(staging, quiet=1, legacy=False, workers=0)
    archive = build / "lambda.zip"
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(staging))
    return archive


def default_build() -> Path:
    """``build/`` beside ``pyproject.toml`` in a checkout; in the working folder when installed."""
    return ROOT / "build" if (ROOT / "pyproject.toml").is_file() else Path("build").resolve()


def main(build: Path | None = None) -> int:
    build = build or default_build()
    package = write_skill_package(build)
    archive = write_lambda_zip(build)
    size = archive.stat().st_size
    print(f"skill package: {package}")
    print(f"lambda zip: {archive} ({size / 1024 / 1024:.2f} MB; Lambda allows 50 MB zipped)")
    integration = write_home_assistant(build)
    if integration is None:
        print("home assistant: skipped (its source, custom_components/, is in a checkout only)")
    else:
        print(f"home assistant: {integration} (HACS zip: {integration.parents[1]}/*.zip)")
    return 0
