#!/usr/bin/env bash
# Builds .venv-ha from Python 3.13 with tests_ha/requirements.txt, constrained by the
# package_constraints.txt inside the Home Assistant wheel the harness pins (without it pip
# backtracks for minutes). Prints how long it took and how big the venv is.
set -euo pipefail
cd "$(dirname "$0")/.."
HA_VERSION=2025.4.4
VENV=.venv-ha

python=$(bash .ci/python3.13)
echo "Installing the Home Assistant $HA_VERSION test harness into $VENV with $python" \
     "(about 620 MB; a few minutes the first time)..."
start=$(date +%s)
rm -rf "$VENV"
"$python" -m venv "$VENV"
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
pip=("$VENV/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" download --quiet --no-deps "homeassistant==$HA_VERSION" -d "$wheels"
"$VENV/bin/python" - "$wheels/homeassistant-$HA_VERSION-py3-none-any.whl" \
  > "$VENV/package_constraints.txt" <<'PY'
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as wheel:
    sys.stdout.write(wheel.read("homeassistant/package_constraints.txt").decode())
PY
"${pip[@]}" install --quiet --find-links "$wheels" \
  -c "$VENV/package_constraints.txt" -r tests_ha/requirements.txt
seconds=$(( $(date +%s) - start ))
size=$(du -sm "$VENV" | cut -f1)
echo "$VENV: installed in ${seconds} s, ${size} MB"
touch "$VENV/.installed"
