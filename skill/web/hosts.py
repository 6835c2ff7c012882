"""Which Host names the simulator answers to.

The simulator needs no signature, so it is served only on loopback. That alone does not
keep it private: a web page can point its own DNS name at 127.0.0.1 (DNS rebinding) and then
drive the simulator from the visitor's browser, and a proxy or tunnel in front of a loopback
server forwards the whole internet to it. Both arrive with a Host header that is not a
loopback name, so the simulator checks it: loopback IP literals (which cannot be rebound),
``localhost``, and whatever the operator adds with ``SIMULATOR_HOSTS`` (comma-separated) or
``create_app(simulator_hosts=...)``. A browser's ``Origin``, when sent, must pass too.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def configured_hosts(extra: Iterable[str] | None = None) -> frozenset[str]:
    """The allowed names: loopback names, ``extra`` if given, else ``SIMULATOR_HOSTS``."""
    names = extra if extra is not None else os.environ.get("SIMULATOR_HOSTS", "").split(",")
    return LOOPBACK_NAMES | {name.strip().lower() for name in names if name.strip()}


def host_name(host_header: str | None) -> str | None:
    """The name in a Host header (``name``, ``name:port``, ``[::1]:port``), lower-cased."""
    if not host_header or any(mark in host_header for mark in "@/\\?# "):
        return None
    try:
        name = urlsplit(f"//{host_header}").hostname
    except ValueError:
        return None
    return name.lower() if name else None


def is_allowed(name: str | None, allowed: frozenset[str]) -> bool:
    if name is None:
        return False
    if name in allowed:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def origin_allowed(origin: str | None, allowed: frozenset[str]) -> bool:
    """No Origin (not a browser, or a same-origin GET) is fine; a foreign one is not."""
    if origin is None:
        return True
    try:
        name = urlsplit(origin).hostname
    except ValueError:
        return False
    return is_allowed(name.lower() if name else None, allowed)
