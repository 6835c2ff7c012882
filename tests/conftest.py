"""Hypothesis runs with a fixed, reproducible profile in CI (derandomized, no example
database), and with fresh random examples on a developer's machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="module")
def ovos_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Everything OpenVoiceOS would write (settings, caches, logs) goes to a fresh folder,
    one per test module, so a test can show what was written."""
    home = tmp_path_factory.mktemp("ovos-home")
    with pytest.MonkeyPatch.context() as patch:
        for kind in ("CONFIG", "DATA", "CACHE", "STATE"):
            patch.setenv(f"XDG_{kind}_HOME", str(home / kind.lower()))
        yield home
