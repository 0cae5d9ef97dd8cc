"""Write stage: put the new site in place so that visitors only ever see a complete one.

The output folder must be new, empty, or one Kórme made (it holds :data:`MARKER`); nothing
else is ever deleted. A failed build leaves the previous site as it was. Two layouts, recorded
in the build state:

- **store** (the default): the site's pages and data (HTML, JSON, the search index, server
  configuration) are one folder, swapped in whole by one atomic exchange (``renameat2``);
  media and deep-zoom tile folders are in the store beside it (:mod:`korme.store`), which the
  site links to (``media`` and ``iiif/images`` are relative links). The new site is made in
  the *spare* folder, which holds the site before the previous one: only files that differ
  are written there, the others kept or hard-linked from the served site, so a build costs
  what changed, not the size of the site. After the swap, the spare holds the previous site.
- **plain** (``--offline``, or a file system without links): every file inside the output
  folder, made anew in a staging folder each build and swapped in the same way; such a folder
  can be copied anywhere as it is.

``korme serve``'s private folder is updated in place instead (:func:`update_in_place`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from korme.errors import UsageError
from korme.fsio import (
    MARKER,
    MARKER_TEXT,
    STORE_ROOTS,
    Folders,
    aside_name,
    exchange,
    in_store,
    link_target,
    mark,
    marked,
    prune_folders,
    remove_ours,
    spare_path,
    store_path,
    swap,
    unlink,
    walk,
)
from korme.inplace import update_in_place
from korme.l10n import _
from korme.outputs import (
    Output,
    Unit,
    copy_output,
    make_unit,
    put,
    record,
    split,
    text_output,
)
from korme.state import (
    PLAIN,
    STORE,
    BuildState,
    FileRecord,
    UnitRecord,
    content_hash,
)
from korme.store import Store

__all__ = ["MARKER", "MARKER_TEXT", "Output", "Stage", "assemble", "check_output",
           "copy_output", "remove_leftovers", "staging", "text_output", "update_in_place"]

SOURCE_FOLDERS = ("content", "exhibitions", "themes", ".korme-cache")


def check_output(site_root: Path, output: Path) -> None:
    """Refuse output folders that are not safe to replace; raise :class:`UsageError`."""
    site_root, output = site_root.resolve(), output.resolve()
    if output == site_root or site_root.is_relative_to(output):
        raise UsageError(_("the output folder {path} would contain the site itself; choose a "
                           "folder such as _site inside or beside the site", path=output))
    for name in SOURCE_FOLDERS:
        if output.is_relative_to(site_root / name):
            raise UsageError(_("the output folder {path} is inside the site's {name}/ folder",
                               path=output, name=name))
    for folder in (spare_path(output), store_path(output)):  # kept beside it by Kórme
        if folder.is_symlink() or (folder.exists() and (
                not folder.is_dir() or (not marked(folder) and any(folder.iterdir())))):
            raise UsageError(_("{path} is in the way of the output folder's companion folders "
                               "and was not made by Kórme; refusing to replace it",
                               path=folder))
    if output.exists():
        if not output.is_dir():
            raise UsageError(_("the output path {path} is a file, not a folder", path=output))
        if marked(output):
            return
        if any(output.iterdir()):
            raise UsageError(_("the output folder {path} is not empty and was not made by "
                               "Kórme (no {marker} file in it); refusing to replace it",
                               path=output, marker=MARKER))


def remove_leftovers(output: Path) -> None:
    """Delete staging and replaced folders that an interrupted build left beside ``output``."""
    output = output.resolve()
    if not output.parent.is_dir():
        return
    for folder in output.parent.glob(f".{output.name}.korme-*"):
        if folder.is_dir() and re.search(r"\.korme-(new|old)-\d+", folder.name):
            remove_ours(folder)


@dataclass
class Stage:
    """The folder a build makes the new site in, and what it holds already."""

    root: Path
    layout: str  # STORE (the spare folder) or PLAIN (a new staging folder)
    known: dict[str, FileRecord] = field(default_factory=dict)  # held as recorded
    found: dict[str, tuple[int, int]] = field(default_factory=dict)  # held: size, mtime
    links: dict[str, str] = field(default_factory=dict)  # links it holds: their targets

    def holds(self, path: str, digest: str) -> bool:
        """Whether the folder holds this content at ``path`` already."""
        rec = self.known.get(path)
        return rec is not None and rec.hash == digest and \
            self.found.get(path) == (rec.size, rec.mtime_ns)


@contextlib.contextmanager
def staging(output: Path, old: BuildState | None = None, plain: bool = False
            ) -> Iterator[Stage]:
    """The folder to make the new site in (see the module's layouts). A new staging folder is
    removed if the build fails; the spare folder is kept, as whatever it then holds."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    stage = None if plain else _spare(output, old or BuildState())
    if stage is not None:
        yield stage
        return
    root = output.parent / f".{output.name}.korme-new-{os.getpid()}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir()
    (root / MARKER).write_text(MARKER_TEXT, "utf-8")
    try:
        yield Stage(root, PLAIN)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _spare(output: Path, old: BuildState) -> Stage | None:
    """The spare folder and what it holds (``None``: links cannot be made here).

    One walk of it finds every file with its size and mtime; a file counts as the recorded
    one only when both are the recorded ones (any write, link or removal by a build that was
    killed changes them), and only if the folder is the one recorded (its inode and ctime)."""
    root = spare_path(output)
    root.mkdir(exist_ok=True)
    st = os.stat(root)
    trusted = old.layout == STORE and (st.st_ino, st.st_ctime_ns) == tuple(old.spare_id) \
        and marked(root)
    if old.layout != STORE and not _links_work(root):
        remove_ours(root)
        return None
    if not marked(root):
        mark(root)
    files, links, _ = walk(os.fspath(root))
    found = {p: (s.st_size, s.st_mtime_ns) for p, s in files.items() if p != MARKER}
    return Stage(root, STORE, dict(old.spare) if trusted else {}, found, links)


def _links_work(folder: Path) -> bool:
    probe = folder / ".korme-link-probe"
    unlink(os.fspath(probe))
    try:
        os.symlink("x", probe)
    except OSError:
        return False
    os.unlink(probe)
    return True


def assemble(output: Path, outputs: dict[str, Output], old: BuildState, pages: dict[str, str],
             stage: Stage, on_stage: Callable[[Path], list[str]] | None = None
             ) -> BuildState | None:
    """Complete the new site in ``stage`` (from :func:`staging`, holding the pages a
    :class:`PageSink` wrote) and swap it in for ``output``; ``None`` when nothing changed.

    Unchanged files keep their inodes and mtimes. ``on_stage`` runs on the complete stage
    before the swap (the search indexer) and returns the files it added there.
    """
    output = output.resolve()
    files, units = split(outputs)
    # (the walk of the output last: a build after an edit has changed files, found at once)
    if on_stage is None and old.layout == stage.layout and \
            {p: o.hash for p, o in files.items()} == {p: r.hash for p, r in old.files.items()} \
            and {p: u.key for p, u in units.items()} == {p: r.key for p, r in old.units.items()} \
            and old.output_intact(output):
        if stage.layout == PLAIN:
            shutil.rmtree(stage.root, ignore_errors=True)
        return None
    if stage.layout == PLAIN:
        return _assemble_plain(output, files, units, old, pages, stage, on_stage)
    return _assemble_store(output, files, units, old, pages, stage, on_stage)


def _assemble_store(output: Path, files: dict[str, Output], units: dict[str, Unit],
                    old: BuildState, pages: dict[str, str], stage: Stage,
                    on_stage: Callable[[Path], list[str]] | None) -> BuildState:
    """The store layout: the store changed around one exchange of the spare and the site."""
    store = Store(output)
    store.open()
    stored = {p: o for p, o in files.items() if in_store(p)}
    store.add(stored, units, old)
    records = _fill(stage, {p: o for p, o in files.items() if p not in stored}, old, output)
    _link_store(stage, output, {r for r in STORE_ROOTS for p in (*stored, *units)
                                if p.startswith(r + "/")})
    records.update(_indexed(stage.root, on_stage))
    had_site = output.is_dir() and any(output.iterdir())
    try:  # from here on, only renames: the point where the new site goes live
        store.commit()
        _swap_in(stage.root, output)
    except BaseException:
        store.rollback()
        raise
    spare_id = (0, 0)
    if had_site:  # the spare folder now holds the previous site
        st = os.stat(spare_path(output))
        spare_id = (st.st_ino, st.st_ctime_ns)
    records.update(store.files)
    return BuildState(pages=dict(pages), files=records, units=dict(store.units), layout=STORE,
                      spare={p: r for p, r in old.files.items() if not in_store(p)}
                      if had_site else {},
                      spare_id=spare_id, retired=store.finish(old))


def _indexed(root: Path, on_stage: Callable[[Path], list[str]] | None) -> dict[str, FileRecord]:
    """Run the hook on the complete stage; the records of the files it added."""
    out = {}
    for path in on_stage(root) if on_stage else ():
        target = os.path.join(root, path)
        out[path] = record(target, content_hash(Path(target).read_bytes()))
    return out


def _swap_in(stage: Path, output: Path) -> None:
    """Exchange the stage and the output folder (the stage then holds the previous site)."""
    if output.exists() and any(output.iterdir()):
        if not exchange(stage, output):
            aside = aside_name(output)
            swap(stage, output, aside)
            os.rename(aside, stage)
        return
    if output.exists():
        output.rmdir()
    stage.rename(output)


def _fill(stage: Stage, outputs: dict[str, Output], old: BuildState, output: Path
          ) -> dict[str, FileRecord]:
    """Bring the stage to hold exactly these files: each kept, hard-linked from the previous
    output, or written; files it holds that are not among them removed."""
    records: dict[str, FileRecord] = {}
    before, root = os.fspath(output), os.fspath(stage.root)
    folders = Folders(root)
    join = os.path.join
    for path, out in sorted(outputs.items()):
        if out.kind == "staged" and out.record is not None:
            records[path] = out.record
            continue
        if stage.holds(path, out.hash):
            records[path] = stage.known[path]
            continue
        folders(path)
        target = join(root, path)
        if path in stage.links:
            os.unlink(target)
        previous = old.files.get(path)
        if previous is not None and previous.hash == out.hash and old.intact(output, path):
            unlink(target)  # never through a link: the name gets the served file's inode
            os.link(join(before, path), target)
            records[path] = previous
            continue
        put(target, out)
        records[path] = record(target, out.hash)
    gone = [p for p in stage.found if p not in outputs]
    gone += [p for p in stage.links if p not in outputs and p not in STORE_ROOTS]
    for path in gone:
        unlink(join(root, path))
    prune_folders(root, gone)
    return records


def _link_store(stage: Stage, output: Path, roots: set[str]) -> None:
    """The links from the stage into the store, for the store's folders in use."""
    for name in STORE_ROOTS:
        path = stage.root / name
        target = link_target(output, name)
        if name in roots and stage.links.get(name) == target:
            continue
        if path.is_symlink():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)  # a folder of the plain layout, inside our own spare
        if name in roots:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, path)


def _assemble_plain(output: Path, files: dict[str, Output], units: dict[str, Unit],
                    old: BuildState, pages: dict[str, str], stage: Stage,
                    on_stage: Callable[[Path], list[str]] | None) -> BuildState:
    """The plain layout: every file in a new tree, swapped in whole; the old tree removed."""
    records = _fill(stage, files, old, output)
    placed: dict[str, UnitRecord] = {}
    for path, unit in sorted(units.items()):
        target = os.path.join(stage.root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        make_unit(target, unit)
        placed[path] = UnitRecord.of(unit.key, target)
    records.update(_indexed(stage.root, on_stage))
    if output.exists() and any(output.iterdir()):
        aside = aside_name(output)
        swap(stage.root, output, aside)
        remove_ours(aside)
    else:
        if output.exists():
            output.rmdir()
        stage.root.rename(output)
    for folder in (spare_path(output), store_path(output)):  # the store layout's, if any
        remove_ours(folder)
    # folders keep their inode and ctime through the rename of the tree above them
    return BuildState(pages=dict(pages), files=records, units=placed, layout=PLAIN)
