"""Forking worker pools from a build that holds the whole site in memory."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Fork workers with the parent's objects frozen out of the garbage collector.

    The workers' collections then never walk the inherited site model (which would also copy
    its memory pages into every worker); the parent's objects are unfrozen afterwards. (No
    collection first: it would cost a walk of the whole model before every pool.)"""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
