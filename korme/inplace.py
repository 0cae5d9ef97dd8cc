"""``korme serve``'s private preview folder, brought up to date in place, file by file.

Never used for a folder that visitors are served from while it changes (see
:mod:`korme.write` for that): each file is replaced atomically, but the site as a whole is not.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from korme.fsio import MARKER, MARKER_TEXT, Folders, exchange, unlink
from korme.outputs import Output, Unit, make_unit, put, record, split, unit_of
from korme.state import PLAIN, BuildState, FileRecord, UnitRecord


def update_in_place(output: Path, outputs: dict[str, Output], old: BuildState,
                    pages: dict[str, str]) -> BuildState | None:
    """Bring a private preview folder up to date file by file (``korme serve``).

    Only changed files are written (each atomically) and files no longer produced are
    removed; there is no staging copy, so an edit costs what it changes, not the site's size.
    Never used for a folder that visitors are served from while it changes.
    """
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    (output / MARKER).write_text(MARKER_TEXT, "utf-8")
    files, units = split(outputs)
    gone = [p for p in set(old.files) - set(files) if unit_of(p, units) is None]
    if old.layout != PLAIN:  # from another version: its files are removed, none trusted
        old = BuildState(files={p: r for p, r in old.files.items() if p in gone})
    records: dict[str, FileRecord] = {}
    root = os.fspath(output)
    folders = Folders(root)
    changed = False
    for path in gone:
        unlink(os.path.join(root, path))
        changed = True
    for path in set(old.units) - set(units):
        shutil.rmtree(output / path, ignore_errors=True)
        changed = True
    for path, out in sorted(files.items()):
        target = os.path.join(root, path)
        previous = old.files.get(path)
        if previous is not None and previous.hash == out.hash and old.intact(output, path):
            records[path] = previous
            continue
        _put_at(root, folders, path, out)
        records[path] = record(target, out.hash)
        changed = True
    placed, moved = _units_in_place(output, units, old, folders)
    return BuildState(pages=dict(pages), files=records, units=placed, layout=PLAIN) \
        if changed or moved else None


def in_place(outputs: dict[str, Output], old: BuildState) -> bool:
    """Whether the previous in-place update left each of these outputs as it is now."""
    if old.layout != PLAIN:
        return False
    files, units = split(outputs)
    return all((rec := old.files.get(p)) is not None and rec.hash == o.hash
               for p, o in files.items()) and \
        all((unit := old.units.get(p)) is not None and unit.key == u.key
            for p, u in units.items())


def put_pages(output: Path, pages: dict[str, Output]) -> None:
    """Write these rendered pages into the preview folder now, each atomically, before the
    rest of the build (``korme serve`` shows them first; :func:`update_in_place` then records
    them with the others)."""
    root = os.fspath(output)
    folders = Folders(root)
    for path, out in pages.items():
        _put_at(root, folders, path, out)


def _put_at(root: str, folders: Folders, path: str, out: Output) -> None:
    """Write one output at ``root/path`` atomically (beside it first, then renamed)."""
    folders(path)
    folder, _, name = path.rpartition("/")
    temp = os.path.join(root, folder, f".{name}.korme-tmp")
    put(temp, out)
    os.replace(temp, os.path.join(root, path))


def _units_in_place(output: Path, units: dict[str, Unit], old: BuildState, folders: Folders
                    ) -> tuple[dict[str, UnitRecord], bool]:
    """Each folder output kept, or made beside its place and renamed into it."""
    placed: dict[str, UnitRecord] = {}
    moved = False
    for path, unit in sorted(units.items()):
        target = output / path
        rec = old.units.get(path)
        if rec is not None and rec.holds(target, unit.key):
            placed[path] = rec
            continue
        folders(path)
        temp = target.with_name(f".{target.name}.korme-tmp")
        shutil.rmtree(temp, ignore_errors=True)
        make_unit(os.fspath(temp), unit)
        if not target.exists():
            temp.rename(target)
        elif not exchange(temp, target):  # (then the replaced folder is at temp)
            shutil.rmtree(target)
            temp.rename(target)
        shutil.rmtree(temp, ignore_errors=True)
        placed[path] = UnitRecord.of(unit.key, target)
        moved = True
    return placed, moved
