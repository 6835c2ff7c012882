"""make load: gunicorn on loopback, driven with signed Alexa requests from a second process.

Every request is a turn of a recorded full assessment, re-stamped with the current time,
carrying the session attributes the server returned, and signed with a throwaway test CA
that the served app trusts. Runs for LOAD_SECONDS (default 10) with LOAD_CLIENTS (default 4)
concurrent clients, then reports requests/s, p50/p99 latency and errors; any error fails.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.recorded import record  # noqa: E402
from tests import pki  # noqa: E402
from tests.support import SKILL_ID  # noqa: E402

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


class Driver:
    def __init__(self, port: int, test_pki: pki.TestPKI, events: list[dict[str, Any]]) -> None:
        self.port, self.pki, self.events = port, test_pki, events
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def post(self, event: dict[str, Any]) -> dict[str, Any] | None:
        event["request"]["timestamp"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = json.dumps(event).encode()
        headers = {"Content-Type": "application/json", "SignatureCertChainUrl": CERT_URL,
                   "Signature-256": pki.sign(self.pki.leaf_key, body)}  # fmt: skip
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("POST", "/alexa", body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        except OSError as error:
            self.record(start, f"{type(error).__name__}")
            return None
        finally:
            connection.close()
        if response.status != 200:
            self.record(start, f"HTTP {response.status}: {payload[:200]!r}")
            return None
        answer = json.loads(payload)
        spoken = event["request"]["type"] in ("LaunchRequest", "IntentRequest")
        if spoken and "outputSpeech" not in answer.get("response", {}):
            self.record(start, "no speech in the reply")
            return None
        self.record(start, None)
        return answer

    def record(self, start: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(time.perf_counter() - start)
            if error:
                self.errors.append(error)

    def client(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            attributes: dict[str, Any] = {}
            for template in self.events:
                if time.monotonic() >= deadline:
                    return
                event = json.loads(json.dumps(template))
                event["session"]["attributes"] = attributes
                answer = self.post(event)
                if answer is None:
                    break
                attributes = answer.get("sessionAttributes") or {}


def main() -> int:
    seconds = float(os.environ.get("LOAD_SECONDS", "10"))
    clients = int(os.environ.get("LOAD_CLIENTS", "4"))
    test_pki = pki.build(now=datetime.now(UTC))
    events = record()
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "root.pem").write_bytes(test_pki.root_pem)
        (Path(folder) / "chain.pem").write_bytes(test_pki.chains["good"])
        env = {**os.environ, "LOAD_PKI_DIR": folder, "SKILL_ID": SKILL_ID}
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(
            [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", "bench.load_app:app"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_until_up(port, time.monotonic() + 30)
            driver = Driver(port, test_pki, events)
            deadline = time.monotonic() + seconds
            threads = [threading.Thread(target=driver.client, args=(deadline,))
                       for _ in range(clients)]  # fmt: skip
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies = sorted(driver.latencies)
    count = len(latencies)
    p99 = latencies[min(count - 1, int(count * 0.99))] * 1000 if count else 0.0
    print(f"gunicorn (2 sync workers) on 127.0.0.1, {clients} clients, {elapsed:.1f} s: "
          f"{count} signed requests, {count / elapsed:.0f} requests/s, "
          f"p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99:.1f} ms, "
          f"errors {len(driver.errors)}")  # fmt: skip
    for error in sorted(set(driver.errors))[:10]:
        print(f"  error: {error}")
    return 1 if driver.errors or not count else 0


if __name__ == "__main__":
    sys.exit(main())
