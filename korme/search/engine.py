"""Running Pagefind: one index per shard, from pages held in memory, read back complete.

Pages reach Pagefind as the small documents :mod:`korme.search.document` made of them while
they were rendered, written into a scratch folder, one per shard, and indexed by Pagefind's
command line (the ``pagefind_bin_extended`` package's executable), several shards at once.
Its Python service gives the same files, but its client reads one answer per 0.1 s: four
requests a shard made a one-item edit wait ~0.8 s for two shards, the command line ~0.1 s.
Every file is read back whole before it is used (each compressed file decompresses to its
end, the entry parses as JSON): the service was seen to leave ``wasm.unknown.pagefind`` at
65,536 of 68,024 bytes when it was closed. Pagefind's JavaScript bundles, which cannot be
checked that way, are taken once per Pagefind version from an in-memory index of the service
(``get_files``) and kept in the cache. A shard's documents are read when its turn comes, and
its files are left in a folder for the write stage to link (never all in memory: a
20,000-item site's index is ~200 MB).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from korme.l10n import _
from korme.search.canonical import canonicalise
from korme.search.document import SearchDoc

ASSETS = ("pagefind.js", "pagefind-worker.js")  # the search page's, from the cache
SERVICES = 8  # Pagefind processes indexing shards at once
SETTLE_SECONDS = 30.0  # how long Pagefind's pending writes may take before the build fails


class SearchFailed(Exception):
    """The search index could not be made; the build stops with this message."""


def pagefind_version() -> str:
    """The Pagefind release in use (its files are cached under this name)."""
    for name in ("pagefind_bin_extended", "pagefind_bin", "pagefind"):
        try:
            return version(name)
        except PackageNotFoundError:
            continue
    return "unknown"


def _service():  # type: ignore[no-untyped-def]
    try:
        from pagefind.service import PagefindService
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise _missing() from exc
    return PagefindService()


def _missing() -> SearchFailed:
    return SearchFailed(_("search needs Pagefind: pip install 'pagefind[extended]'"))


def _whole(path: Path) -> bool:
    """Whether one file that Pagefind wrote is complete."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if path.name == "pagefind-entry.json":
        try:
            json.loads(data)
        except ValueError:
            return False
        return True
    if path.suffix.startswith(".pf_") or path.name.startswith("wasm."):
        try:
            return bool(data) and bool(gzip.decompress(data))
        except (OSError, EOFError, zlib.error):
            return False
    return True  # JavaScript and CSS: not used from here (see ASSETS)


async def _settled(folder: Path) -> None:
    """Wait until every file in ``folder`` reads back whole."""
    deadline = time.monotonic() + SETTLE_SECONDS
    pending = [p for p in folder.rglob("*") if p.is_file()]
    while True:
        pending = [p for p in pending if not _whole(p)]
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(sorted(p.name for p in pending)[:3])
            raise SearchFailed(_("Pagefind left incomplete files: {names}", names=names))
        await asyncio.sleep(0.005)


def _data_files(folder: Path) -> dict[str, Path]:
    """The index files of one shard (its JavaScript, CSS and WebAssembly left out)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and (rel == "pagefind-entry.json" or path.suffix.startswith(".pf_")):
            out[rel] = path
    return out


# a shard's documents, read when it is indexed
Docs = Callable[[], Iterable[SearchDoc]]


async def _index_one(name: str, docs: Docs, work: Path, keep: Path) -> dict[str, Path]:
    """One shard: its pages written small (see the module's notes), indexed, checked and
    moved into ``keep``."""
    pages = work / "pages" / name
    for doc in docs():
        folder = pages / doc.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(doc.html(), "utf-8")
    target = work / "index" / name
    await _cli(pages, target)
    await _settled(target)
    canonicalise(target)
    shutil.rmtree(pages, ignore_errors=True)
    kept = keep / name
    shutil.rmtree(kept, ignore_errors=True)
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(target, kept)
    return _data_files(kept)


async def _index_shards(shards: Mapping[str, Docs], work: Path, keep: Path
                        ) -> dict[str, dict[str, Path]]:
    """Index the shards on a few Pagefind services at once (each answers a request at a time,
    and its Python client reads one answer per 0.1 s)."""
    queue = list(shards)
    out: dict[str, dict[str, Path]] = {}

    async def worker() -> None:
        while queue:
            name = queue.pop(0)
            out[name] = await _index_one(name, shards[name], work, keep)

    await asyncio.gather(*(worker() for _ in range(min(SERVICES, len(shards)))))
    return {name: out[name] for name in shards}


async def _cli(pages: Path, target: Path) -> None:
    """Pagefind's command line over one shard's pages, its index written to ``target``."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise _missing() from exc
    proc = await asyncio.create_subprocess_exec(
        str(get_executable()), "--site", str(pages), "--output-path", str(target), "--silent",
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    _out, err = await proc.communicate()
    if proc.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        raise SearchFailed(_("Pagefind could not index the site: {error}",
                             error=lines[-1] if lines else f"exit {proc.returncode}"))


def _run(coro):  # type: ignore[no-untyped-def]
    """Run a coroutine in a thread of its own (the preview server builds inside its loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def index_shards(shards: Mapping[str, Docs], keep: Path) -> dict[str, dict[str, Path]]:
    """Each shard's Pagefind files (``pagefind-entry.json``, ``*.pf_meta``, ``index/…``,
    ``fragment/…``, ``filter/…``) from its documents, in a stable order, left in
    ``keep/<shard>/`` (replaced if there)."""
    if not shards:
        return {}
    keep.mkdir(parents=True, exist_ok=True)  # the scratch folder beside it: moves, not copies
    with tempfile.TemporaryDirectory(prefix="korme-pagefind-", dir=keep.parent) as tmp:
        for attempt in (1, 2):  # Pagefind has been seen to fail once under load
            try:
                return _run(_index_shards(shards, Path(tmp), keep))  # type: ignore[no-any-return]
            except Exception as exc:  # its errors come in several kinds
                for child in Path(tmp).iterdir():
                    shutil.rmtree(child, ignore_errors=True)
                if attempt == 2:
                    raise SearchFailed(_("Pagefind could not index the site: {error}",
                                         error=f"{type(exc).__name__}: {exc}")) from None
    raise AssertionError("unreachable")


async def _assets(langs: Iterable[str]) -> dict[str, bytes]:
    service = await _service().launch()
    try:
        out: dict[str, bytes] = {}
        for lang in langs:  # one index per language keeps each answer small
            index = await service.create_index({})
            await index.add_custom_record(url="/", content="korme", language=lang)
            for file in await index.get_files():
                name = Path(file["path"]).name
                if name in ASSETS or name.startswith("wasm."):
                    out[name] = file["content"]
            await index.delete_index()
        return out
    finally:
        await service.close()


def assets(cache: Path, langs: Iterable[str]) -> dict[str, Path]:
    """Pagefind's browser files (its script, worker and each language's WebAssembly) in the
    cache, made once per Pagefind version: ``{name: path}``."""
    folder = cache / "search" / f"pagefind-{pagefind_version()}"
    langs = sorted(set(langs))

    def have(lang: str) -> bool:  # "lang-kk" names the WebAssembly a language uses
        mark = folder / f"lang-{lang}"
        return mark.is_file() and (folder / mark.read_text("utf-8")).is_file()

    missing = [lang for lang in langs if not have(lang)]
    if not missing and not all((folder / n).is_file() for n in ASSETS):
        missing = langs[:1] or ["en"]
    if missing:
        got = _run(_assets(missing))
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in got.items():
            tmp = folder / f".{name}.tmp"
            tmp.write_bytes(data)
            tmp.replace(folder / name)
        for lang in missing:
            (folder / f"lang-{lang}").write_text(_wasm_name(got, lang), "utf-8")
    return {n: folder / n for n in ASSETS} | {
        f"wasm:{lang}": folder / (folder / f"lang-{lang}").read_text("utf-8") for lang in langs}


def _wasm_name(files: dict[str, bytes], lang: str) -> str:
    """The WebAssembly file a language uses: its own (stemming) or ``wasm.unknown``."""
    own = f"wasm.{lang.split('-')[0].lower()}.pagefind"
    return own if own in files else "wasm.unknown.pagefind"
