"""Image progress: a count and an ETA (and on a cluster the workers alive); one updating line
on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from korme.l10n import Catalog, Text, _, shown

ProgressCallback = Callable[..., None]
"""Called as ``progress(done, total, eta_seconds)``; ``eta_seconds`` is ``None`` at the start.
On a cluster a fourth argument follows: the number of workers alive."""


class StderrProgress:
    """The default progress display: ``images 12/340, about 1 min 20 s left``."""

    def __init__(self, stream: TextIO | None = None, every: float = 2.0, label: str = "images",
                 catalog: Catalog | None = None):
        self.catalog = catalog or Catalog.english()
        self.label = shown(_label(label), self.catalog)
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every  # seconds between plain lines
        self._last = 0.0

    def __call__(self, done: int, total: int, eta: float | None,
                 workers: int | None = None) -> None:
        now = time.monotonic()
        final = done == total
        if not self.tty and not final and done and now - self._last < self.every:
            return
        self._last = now
        left = "" if eta is None or final else \
            _(", about {time} left", time=format_seconds(eta)).render(self.catalog)
        line = f"{self.label} {done}/{total}{left}"
        if workers is not None:
            line = _("{label}: {done} of {total} tasks done, {workers} workers alive",
                     label=self.label, done=done, total=total, workers=workers
                     ).render(self.catalog) + left
        if self.tty:
            self.stream.write("\r\x1b[2K" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class Tracker:
    """Counts finished jobs and estimates the time left from the pace so far."""

    def __init__(self, total: int, callback: ProgressCallback, workers: int | None = None):
        self.total = total
        self.done = 0
        self.callback = callback
        self.start = time.monotonic()
        callback(0, total, None, *([] if workers is None else [workers]))

    def step(self, count: int = 1, workers: int | None = None) -> None:
        """``count`` jobs finished (``workers``: how many are alive, on a cluster)."""
        self.done += count
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        self.callback(self.done, self.total, eta, *([] if workers is None else [workers]))


def format_seconds(seconds: float) -> Text:
    """``42 s``, ``3 min 5 s``, ``1 h 2 min``."""
    s = round(seconds)
    if s < 60:
        return _("{seconds} s", seconds=s)
    if s < 3600:
        return _("{minutes} min {seconds} s", minutes=s // 60, seconds=s % 60)
    return _("{hours} h {minutes} min", hours=s // 3600, minutes=s % 3600 // 60)


def _label(label: str) -> Text | str:
    """What a stage's progress counts, in curators' words (the build's labels)."""
    words = {"images": _("images"), "pages": _("pages"), "tiles": _("tiles"),
             "full size": _("full size")}
    return words.get(label, label)
