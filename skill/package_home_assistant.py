"""Builds the Home Assistant integration: ``build/home-assistant/custom_components/
thigh_cramp_helper/`` and ``build/home-assistant/thigh_cramp_helper.zip`` for a HACS release.

The folder is the integration's own files (``custom_components/thigh_cramp_helper/`` in the
repository) plus the assessment vendored into ``assessment/``: the core, the understanding,
the text session and the data they read, copied unchanged. Those modules import each other
relatively and find their data relative to their own package, so the same files work as
``skill`` and as ``custom_components.thigh_cramp_helper.assessment``, and Home Assistant
installs only public packages (hassil, which it ships, and rapidfuzz). Nothing of the Alexa
adapter, the web app or validation goes in: no ask-sdk, Flask, cryptography or jsonschema.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

DOMAIN = "thigh_cramp_helper"
PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE = PACKAGE_DIR.parent / "custom_components" / DOMAIN
VENDORED = "assessment"
# What travels, relative to the skill package: the modules, and all the data but Alexa's own
# (its screen document and store listing), so a new language's files travel by themselves.
MODULES = ("core", "intent_names.py", "meaning.py", "nlu.py", "text_session.py")
ALEXA_ONLY_DATA = ("apl", "manifest")
VENDORED_INIT = '''"""The thigh cramp assessment (core, wording, understanding and data),
vendored unchanged from Thigh Cramp Helper's ``skill`` package by ``python -m skill package``:
edit it there."""
'''
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the same files give the same zip


def vendored_sources() -> dict[str, Path]:
    """Path inside ``assessment/`` -> the skill package's file it is a copy of."""
    sources: dict[str, Path] = {}
    data = sorted(p.name for p in (PACKAGE_DIR / "data").iterdir() if p.name not in ALEXA_ONLY_DATA)
    for name in (*MODULES, *(f"data/{entry}" for entry in data)):
        path = PACKAGE_DIR / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" not in file.parts and file.suffix != ".pyc":
                sources[file.relative_to(PACKAGE_DIR).as_posix()] = file
    return sources


def write_home_assistant(build: Path) -> Path | None:
    """The integration folder (and its zip); None where there is no source folder to build
    from (the integration's own files are in a checkout, not in the wheel)."""
    if not (SOURCE / "manifest.json").is_file():
        return None
    root = build / "home-assistant"
    shutil.rmtree(root, ignore_errors=True)
    target = root / "custom_components" / DOMAIN
    shutil.copytree(SOURCE, target, ignore=_SKIP)
    for name, source in vendored_sources().items():
        copy = target / VENDORED / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, copy)
    (target / VENDORED / "__init__.py").write_text(VENDORED_INIT, encoding="utf-8")
    with zipfile.ZipFile(root / f"{DOMAIN}.zip", "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(p for p in target.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(target).as_posix(), _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zipped.writestr(info, path.read_bytes())
    return target
