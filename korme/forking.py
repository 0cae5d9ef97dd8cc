"""Forking worker pools from a build that holds the whole site in memory."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from multiprocessing.pool import Pool
from typing import Any


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


def fork_workers(workers: int | None) -> int:
    """How many forked workers a stage may use: ``workers`` (default every core), or 1 where
    processes cannot be forked (the model is inherited, not pickled)."""
    n = workers or os.cpu_count() or 1
    return n if n > 1 and "fork" in multiprocessing.get_all_start_methods() else 1


@contextlib.contextmanager
def forked_pool(processes: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
                ) -> Iterator[Pool]:
    """A pool of forked workers, started with the heap frozen (see :func:`frozen_heap`);
    ``initargs`` are inherited, not pickled."""
    with frozen_heap(), multiprocessing.get_context("fork").Pool(
            processes, initializer=initializer, initargs=initargs) as pool:
        yield pool
