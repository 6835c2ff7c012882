"""Limits on what a request may hold, checked before anything walks it recursively.

``json.loads``, ``copy.deepcopy``, ``json.dumps`` and the SDK's deserialiser all recurse: a
body of 100,000 ``[`` or session attributes nested 950 deep end in ``RecursionError``
somewhere inside them. An iterative walk with a depth and size limit runs first instead, so
such input is refused cleanly (400 on the web, a fresh start on Lambda). Real Alexa
envelopes nest about 8 deep and hold a few hundred values; this skill's own session
attributes are a flat object of a few hundred bytes.

Strict JSON is enforced too: ``NaN`` and ``Infinity`` (which Python reads and writes, but
JSON does not have) are refused on the way in and never written on the way out.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 32
MAX_VALUES = 10_000
MAX_RESPONSE_BYTES = 24 * 1024  # Alexa refuses larger responses


# Built once: json.dumps with any non-default option builds a new encoder on every call.
_STRICT = json.JSONEncoder(allow_nan=False, check_circular=False, separators=(",", ":"))


class NotStrictJson(ValueError):
    """The text is not strict, bounded JSON."""


def shape_problem(
    value: Any, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES
) -> str | None:
    """What makes ``value`` unfit to process (as a short phrase), or None if it is fine.

    Runs on every Lambda event, so it only descends into containers and looks at each
    scalar once, by exact type where it can (subclasses take the slower, general check).
    Object keys need no look: JSON text cannot make any but strings.
    """
    level: list[Any] = [value]
    depth = 0
    count = 1
    while level:  # one depth at a time: no (node, depth) pairs to build and unpack
        deeper: list[Any] = []
        for node in level:
            if isinstance(node, dict):
                children: Any = node.values()
            elif isinstance(node, list):
                children = node
            else:
                problem = _scalar_problem(node)
                if problem is not None:
                    return problem
                continue
            if depth >= max_depth:
                return f"nested deeper than {max_depth}"
            count += len(children)
            if count > max_values:
                return f"more than {max_values} values"
            for child in children:
                kind = type(child)
                if kind is str or kind is int or kind is bool or child is None:
                    continue
                if kind is float:
                    if not math.isfinite(child):
                        return "NaN or Infinity"
                    continue
                deeper.append(child)
        level = deeper
        depth += 1
    return None


def _scalar_problem(node: Any) -> str | None:
    if isinstance(node, float):
        return None if math.isfinite(node) else "NaN or Infinity"
    if node is None or isinstance(node, str | int):  # bool is an int
        return None
    return f"a {type(node).__name__}, which is not JSON"


def _refuse_constant(name: str) -> Any:
    raise NotStrictJson(f"{name} is not JSON")


def loads_strict(text: bytes | str) -> Any:
    """Parse strict JSON within the limits; ``NotStrictJson`` says why not."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except NotStrictJson:
        raise
    except RecursionError:
        raise NotStrictJson(f"nested deeper than {MAX_DEPTH}") from None
    except (ValueError, UnicodeDecodeError):
        raise NotStrictJson("not JSON") from None
    problem = shape_problem(value)
    if problem is not None:
        raise NotStrictJson(problem)
    return value


def deliverable(response: Any) -> bool:
    """Whether ``response`` serialises as strict JSON within Alexa's response size limit."""
    try:
        raw = _STRICT.encode(response)
    except (ValueError, TypeError, RecursionError):
        return False
    return len(raw) <= MAX_RESPONSE_BYTES  # ensure_ascii: characters are bytes
