"""make load works from a clean checkout: a short run against gunicorn has no errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_short_load_run_has_no_errors() -> None:
    env = {**os.environ, "LOAD_SECONDS": "2", "LOAD_CLIENTS": "2"}
    done = subprocess.run([sys.executable, "-m", "bench.load"], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "errors 0" in done.stdout and "requests/s" in done.stdout
