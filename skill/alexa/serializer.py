"""The SDK's serializer, with its model-class lookups remembered.

ask-sdk's ``DefaultSerializer`` resolves every nested model's class from its dotted name with
``__import__`` each time it meets one: about fourteen lookups per request, a tenth of the
time a turn spends in the handler. The names come from the SDK's own model tables, never
from the request, so the answers never change and the set is small; remembering them gives
the same objects, sooner. If a future SDK renames the private method, this override is
simply not called and the SDK resolves classes as before.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer

_MAX_CLASSES = 512  # the SDK models number a few hundred; bounded all the same


_resolve = DefaultSerializer._DefaultSerializer__load_class_from_name  # type: ignore[attr-defined]


class Serializer(DefaultSerializer):
    @lru_cache(maxsize=_MAX_CLASSES)  # noqa: B019 - one serializer lives for the process
    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:
        return _resolve(self, class_name)
