"""The store beside an output folder: the site's media and deep-zoom tile folders.

``<output>/media`` and ``<output>/iiif/images`` are relative links into the store
(``.<output>.korme-store/``), so that the site's pages and data can be swapped in whole
(:mod:`korme.write`) without copying or linking tens of thousands of pictures and tiles each
time. The store changes so that whatever a served page refers to is always there:

1. **before the swap**, new entries are put in place at once (no served page refers to them
   yet: media are named by their content, a new image's tile folder is at a new address),
   and changed ones are made under ``.tmp/``;
2. **just before the swap**, changed entries (a tile folder whose source or ``info.json``
   changed, a logo) are put in place, each by one rename (a folder by an exchange), and the
   replaced ones moved to ``.trash/``;
3. **after the swap**, entries that neither this build's pages nor the previous build's refer
   to are removed (a visitor who loaded a page just before the swap still gets its pictures).

A failed build rolls step 2 back, and may leave new entries no page refers to (pruned by the
next build, which also repairs a store a killed build left half-changed: ``.korme-dirty``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from korme.errors import UsageError
from korme.fsio import (
    DIRTY,
    MARKER,
    exchange,
    in_store,
    mark,
    marked,
    prune_folders,
    store_path,
    unlink,
)
from korme.l10n import _
from korme.outputs import Output, Unit, make_unit, put, record, unit_files
from korme.state import STORE, BuildState, FileRecord, UnitRecord

_WORK = (".tmp", ".trash")


class Store:
    """One build's changes to the store."""

    def __init__(self, output: Path) -> None:
        self.root = store_path(output)
        self.tmp, self.trash = self.root / ".tmp", self.root / ".trash"
        self.files: dict[str, FileRecord] = {}
        self.units: dict[str, UnitRecord] = {}
        self.dirty = False  # a previous build left the store half-changed
        self._pending: list[tuple[str, str, str]] = []  # (path, made under .tmp, its key)
        self._done: list[tuple[str, str]] = []  # (path, where the replaced entry went)
        self._n = 0

    def open(self) -> None:
        """Make the store (or check it is ours) and clear what an interrupted build left."""
        root = self.root
        if root.exists() and not marked(root) and any(root.iterdir()):
            raise UsageError(_("{path} is not empty and was not made by Kórme; refusing to "
                               "use it", path=root))
        root.mkdir(exist_ok=True)
        mark(root)
        self.dirty = (root / DIRTY).exists()
        (root / DIRTY).touch()
        for name in _WORK:
            shutil.rmtree(root / name, ignore_errors=True)
            (root / name).mkdir()

    def _temp(self) -> str:
        self._n += 1
        return os.path.join(self.tmp, str(self._n))

    def add(self, files: dict[str, Output], units: dict[str, Unit], old: BuildState) -> None:
        """Step 1: every entry of the new site, kept, added or made ready to replace."""
        ours = old.layout == STORE
        for path, out in sorted(files.items()):
            rec = old.files.get(path) if ours else None
            final = os.path.join(self.root, path)
            if rec is not None and rec.hash == out.hash and _same(final, rec):
                self.files[path] = rec
                continue
            temp = self._temp()
            put(temp, out)
            self._place(path, temp, out.hash)
        for path, unit in sorted(units.items()):
            urec = old.units.get(path) if ours else None
            if urec is not None and urec.holds(self.root / path, unit.key):
                self.units[path] = urec
                continue
            temp = self._temp()
            make_unit(temp, unit)
            self._place(path, temp, unit.key)

    def _place(self, path: str, temp: str, key: str) -> None:
        """Put a new entry in place now, or keep a changed one for :meth:`commit`."""
        final = os.path.join(self.root, path)
        if os.path.lexists(final):
            self._pending.append((path, temp, key))
            return
        os.makedirs(os.path.dirname(final), exist_ok=True)
        os.rename(temp, final)
        self._note(path, key)

    def _note(self, path: str, key: str) -> None:
        final = os.path.join(self.root, path)
        if os.path.isdir(final):
            self.units[path] = UnitRecord.of(key, final)
        else:
            self.files[path] = record(final, key)

    def commit(self) -> None:
        """Step 2: put every changed entry in place, each by one rename."""
        for path, temp, key in self._pending:
            final = os.path.join(self.root, path)
            aside = os.path.join(self.trash, str(len(self._done)))
            if os.path.isdir(temp):
                if exchange(temp, final):
                    os.rename(temp, aside)
                else:
                    os.rename(final, aside)
                    os.rename(temp, final)
            else:
                os.link(final, aside)  # kept to roll back to
                os.replace(temp, final)
            self._done.append((path, aside))
            self._note(path, key)

    def rollback(self) -> None:
        """Undo :meth:`commit` (the swap failed): the replaced entries back in place."""
        for path, aside in reversed(self._done):
            final = os.path.join(self.root, path)
            if os.path.isdir(aside):
                if not exchange(aside, final):
                    shutil.rmtree(final, ignore_errors=True)
                    os.rename(aside, final)
            else:
                os.replace(aside, final)
        self._done.clear()

    def finish(self, old: BuildState) -> list[str]:
        """Step 3 (after the swap): remove what no page of this build or the previous one
        refers to; returns the entries kept one build more."""
        for name in _WORK:
            shutil.rmtree(self.root / name, ignore_errors=True)
        wanted = set(self.files) | set(self.units)
        previous = {p for p in old.files if in_store(p)} | set(old.units) \
            if old.layout == STORE else set()
        retired = sorted(previous - wanted)
        gone = [p for p in old.retired if p not in wanted and p not in previous]
        for path in gone:
            _remove(self.root / path)
        prune_folders(os.fspath(self.root), gone)
        if self.dirty or old.layout != STORE:  # anything a killed build left behind
            keep = wanted | set(retired)
            _sweep(self.root, "", keep, {f for p in keep for f in _folders(p)})
        unlink(os.fspath(self.root / DIRTY))
        return retired


def _same(path: str, rec: FileRecord) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == rec.size and st.st_mtime_ns == rec.mtime_ns


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        unlink(os.fspath(path))


def _folders(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts))]


def _sweep(folder: Path, prefix: str, keep: set[str], leading: set[str]) -> bool:
    """Remove every entry below ``folder`` that is not in ``keep`` nor one of the folders
    ``leading`` to one; returns whether anything is left."""
    left = False
    with os.scandir(folder) as entries:
        items = list(entries)
    for entry in items:
        rel = prefix + entry.name
        if (not prefix and entry.name in (MARKER, DIRTY, *_WORK)) or rel in keep:
            left = True
        elif rel in leading and entry.is_dir(follow_symlinks=False):
            if _sweep(Path(entry.path), rel + "/", keep, leading):
                left = True
            else:
                with contextlib.suppress(OSError):
                    os.rmdir(entry.path)
        else:
            _remove(Path(entry.path))
    return left


def published(output: Path, state: BuildState) -> dict[str, str]:
    """Every file the output holds, through the links into the store, with a content key: the
    files the build recorded and each file of each folder output."""
    files = {p: r.hash for p, r in state.files.items()}
    for path, unit in state.units.items():
        for rel in unit_files(state.place(output, path)):
            files[f"{path}/{rel}"] = f"{unit.key}:{rel}"
    return files
