"""The Home Assistant tests run against the folder ``python -m skill package`` builds, so what
ships is what is tested: ``build/home-assistant`` goes first on ``sys.path``, and the
repository itself (which has the integration's source folder, without the assessment, and
the ``skill`` package) stays off it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "home-assistant"
BUILT = BUILD / "custom_components" / "thigh_cramp_helper"

if not (BUILT / "assessment" / "core" / "__init__.py").is_file():
    raise pytest.UsageError(f"no built integration at {BUILT}: run `make test-ha`, which builds it")
sys.path[:] = [str(BUILD), *(p for p in sys.path if Path(p or ".").resolve() != ROOT)]
# Imported now, from the build: Home Assistant's loader imports ``custom_components`` with its
# configuration folder first on the path (the harness's own, in site-packages), and keeps
# whatever is imported already.
import custom_components  # noqa: E402, F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> Iterator[None]:
    """Home Assistant loads custom integrations in these tests (it skips them by default)."""
    yield
