"""Results one process keeps between its builds (``korme serve``).

Each stage that can reuse work keeps a named :class:`Kept` store of results of pure steps,
keyed by a digest of everything the step read, so a rebuild after one edit redoes the work of
that edit only. Entries a build did not use are forgotten at its end, so memory stays bounded
by one site's worth. A build without a memo (``korme build``) simply does all the work.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any


class Kept:
    """A store of results that keeps what the last build used and forgets the rest."""

    def __init__(self) -> None:
        self._old: dict[Hashable, Any] = {}
        self._new: dict[Hashable, Any] = {}

    def get(self, key: Hashable) -> Any | None:
        """The kept result for ``key`` (marking it used by this build), or ``None``."""
        if key in self._new:
            return self._new[key]
        if key in self._old:
            value = self._new[key] = self._old.pop(key)
            return value
        return None

    def put(self, key: Hashable, value: Any) -> None:
        self._new[key] = value

    def end_build(self, success: bool) -> None:
        """Forget what this build did not use (after a failed build, or a build that skipped
        this step, keep everything)."""
        if success and self._new:
            self._old, self._new = self._new, {}
        else:
            self._old.update(self._new)
            self._new = {}

    def __len__(self) -> int:
        return len(self._old) + len(self._new)


@dataclass
class Memo:
    """Named :class:`Kept` stores, one per reusing step (``memo.kept("items")``)."""

    stores: dict[str, Kept] = field(default_factory=dict)
    owned: dict[str, dict[Any, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one build at a time

    def kept(self, name: str) -> Kept:
        return self.stores.setdefault(name, Kept())

    def lasting(self, name: str) -> dict[Any, Any]:
        """A plain store that outlives builds; its owner forgets what it no longer needs."""
        return self.owned.setdefault(name, {})

    def end_build(self, success: bool) -> None:
        for store in self.stores.values():
            store.end_build(success)
