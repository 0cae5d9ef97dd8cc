"""The Pagefind full-text index, built on the staging folder before it is swapped in.

Pagefind reads every page that has a ``data-pagefind-body`` (sections, items, site pages,
exhibitions) and writes one index per ``<html lang>`` into ``pagefind/``. When no page changed
since the last build, the previous index files are kept as they are.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from korme.errors import UsageError
from korme.search.canonical import canonicalise
from korme.state import BuildState
from korme.write import Output

FOLDER = "pagefind"
# Pagefind's own UI bundles: the theme has its own search page, so they are not published.
_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
           "pagefind-highlight.")


class SearchFailed(Exception):
    """The search index could not be made; the build stops with this message."""


@dataclass
class Indexer:
    """Runs Pagefind on a staging folder (the ``on_stage`` hook of :func:`assemble`)."""

    offline: bool = False
    seconds: float = 0.0
    pages: int = 0

    def __call__(self, stage: Path) -> list[str]:
        """Index ``stage``; return the files written, relative to it."""
        try:
            from pagefind.index import PagefindIndex
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise UsageError("search needs Pagefind: pip install 'pagefind[extended]'") from exc
        start = time.perf_counter()
        target = stage / FOLDER
        config = {"output_path": str(target), "keep_index_url": self.offline}

        async def run() -> int:
            async with PagefindIndex(config) as index:  # type: ignore[arg-type]
                done = await index.add_directory(str(stage))
                return int(done.get("page_count", 0))

        for attempt in (1, 2):  # Pagefind's service has been seen to fail once under load
            try:
                # a thread of its own: the preview server calls builds inside its event loop
                with ThreadPoolExecutor(1) as pool:
                    self.pages = pool.submit(asyncio.run, run()).result()
                for path in list(target.iterdir()):
                    if path.name.startswith(_UNUSED):
                        path.unlink()
                canonicalise(target)
                break
            except Exception as exc:  # its errors come in several kinds
                shutil.rmtree(target, ignore_errors=True)
                if attempt == 2:
                    raise SearchFailed(f"Pagefind could not index the site: "
                                       f"{type(exc).__name__}: {exc}") from None
        self.seconds = time.perf_counter() - start
        return sorted(p.relative_to(stage).as_posix() for p in target.rglob("*") if p.is_file())


def plan_index(outputs: dict[str, Output], old: BuildState, output: Path, offline: bool
               ) -> Indexer | None:
    """Keep the previous index when no page changed (adding it to ``outputs``), else return
    the :class:`Indexer` to run on the stage."""
    pages = {p: o.hash for p, o in outputs.items() if p.endswith(".html")}
    before = {p: r.hash for p, r in old.files.items() if p.endswith(".html")}
    kept = {p: r for p, r in old.files.items() if p.startswith(FOLDER + "/")}
    if kept and pages == before and all(old.intact(output, p) for p in kept):
        for path, record in kept.items():
            outputs[path] = Output("keep", record.hash)
        return None
    return Indexer(offline)
