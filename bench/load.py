"""make load: the shipped gunicorn configuration on loopback, driven from a second process.

Every genuine request is a turn of a recorded full assessment, re-stamped with the current
time, carrying the session attributes the server returned, and signed with a throwaway test
CA that the served app trusts. Alongside, LOAD_HOSTILE (default 1) clients send unsigned
requests that must all be refused with 400 and cost no downloads: certificate URLs with a
query, and distinct canonical URLs with a signature of the right length that signs nothing.
Runs for LOAD_SECONDS (default 10) with LOAD_CLIENTS (default 4) genuine clients after a
short warm-up, then reports requests/s, p50/p99 latency, errors, certificate downloads and
the workers' memory before and after; any error, or memory growth over LOAD_MAX_GROWTH_MB
(default 16), fails the run.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
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
from bench.serving import free_port, wait_until_up  # noqa: E402
from tests import pki  # noqa: E402
from tests.support import SKILL_ID  # noqa: E402

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
JUNK_SIGNATURE = base64.b64encode(b"\x01" * 256).decode()


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


def hostile(port: int, deadline: float, counts: dict[str, int], lock: threading.Lock) -> None:
    """Unsigned requests: each must be a 400, and none may cost a download."""
    number = 0
    while time.monotonic() < deadline:
        number += 1
        if number % 2:
            url, signature = f"{CERT_URL}?n={number}", "AAAA"
        else:
            url, signature = f"https://s3.amazonaws.com/echo.api/c-{number}.pem", JUNK_SIGNATURE
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request(
                "POST",
                "/alexa",
                body=b'{"request": {"type": "LaunchRequest"}}',
                headers={"SignatureCertChainUrl": url, "Signature-256": signature},
            )
            status = connection.getresponse().status
        except OSError:
            status = 0
        finally:
            connection.close()
        with lock:
            counts["sent"] += 1
            counts["wrong"] += status != 400


def worker_rss_mb(parent: int) -> float:
    """Resident memory of the gunicorn workers (the parent's children), in MB."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return total / 1e6


def run_clients(driver: Driver, clients: int, hostiles: int, seconds: float,
                counts: dict[str, int]) -> float:  # fmt: skip
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    threads = [threading.Thread(target=driver.client, args=(deadline,)) for _ in range(clients)]
    threads += [threading.Thread(target=hostile, args=(driver.port, deadline, counts, lock))
                for _ in range(hostiles)]  # fmt: skip
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def main() -> int:
    seconds = float(os.environ.get("LOAD_SECONDS", "10"))
    clients = int(os.environ.get("LOAD_CLIENTS", "4"))
    hostiles = int(os.environ.get("LOAD_HOSTILE", "1"))
    max_growth = float(os.environ.get("LOAD_MAX_GROWTH_MB", "16"))
    test_pki = pki.build(now=datetime.now(UTC))
    events = record()
    port = free_port()
    counts = {"sent": 0, "wrong": 0}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "root.pem").write_bytes(test_pki.root_pem)
        (Path(folder) / "chain.pem").write_bytes(test_pki.chains["good"])
        env = {**os.environ, "LOAD_PKI_DIR": folder, "SKILL_ID": SKILL_ID}
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(
            [str(gunicorn), "-c", str(CONFIG), "--bind", f"127.0.0.1:{port}",
             "--log-level", "error", "bench.load_app:app"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_until_up(port, time.monotonic() + 30)
            # Warm-up with signed traffic alone, so each worker has fetched Alexa's chain
            # before the unsigned client starts using up its budget of new URLs.
            run_clients(Driver(port, test_pki, events), clients, 0,
                        min(2.0, seconds / 2), counts)  # fmt: skip
            before = worker_rss_mb(server.pid)
            driver = Driver(port, test_pki, events)
            elapsed = run_clients(driver, clients, hostiles, seconds, counts)
            after = worker_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        downloads_file = Path(folder) / "downloads.txt"
        downloads = len(downloads_file.read_text().splitlines()) if downloads_file.exists() else 0
    latencies = sorted(driver.latencies)
    count = len(latencies)
    p99 = latencies[min(count - 1, int(count * 0.99))] * 1000 if count else 0.0
    p50 = statistics.median(latencies) * 1000 if count else 0.0
    print(f"gunicorn -c deploy/gunicorn.conf.py on 127.0.0.1, {clients} clients, {elapsed:.1f} s: "
          f"{count} signed requests, {count / elapsed:.0f} requests/s, "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, errors {len(driver.errors)}")  # fmt: skip
    print(f"unsigned requests alongside: {counts['sent']}, not refused with 400: "
          f"{counts['wrong']}; certificate downloads in all workers: {downloads}")  # fmt: skip
    print(f"worker memory after warm-up {before:.1f} MB, at the end {after:.1f} MB "
          f"(growth {after - before:+.1f} MB)")  # fmt: skip
    for error in sorted(set(driver.errors))[:10]:
        print(f"  error: {error}")
    grew = after - before > max_growth
    if grew:
        print(f"  error: memory grew more than {max_growth:g} MB")
    return 1 if driver.errors or counts["wrong"] or grew or not count else 0


if __name__ == "__main__":
    sys.exit(main())
