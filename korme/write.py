"""Write stage: assemble the new site beside the output folder, then swap it in atomically.

The output folder must be new, empty, or one Kórme made (it holds :data:`MARKER`); nothing
else is ever deleted. A failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from korme.errors import UsageError
from korme.state import BuildState, FileRecord, content_hash

MARKER = ".korme-site"
MARKER_TEXT = "This folder was made by Kórme (korme build). It is replaced on every build.\n"
SOURCE_FOLDERS = ("content", "exhibitions", "themes", ".korme-cache")


def check_output(site_root: Path, output: Path) -> None:
    """Refuse output folders that are not safe to replace; raise :class:`UsageError`."""
    site_root, output = site_root.resolve(), output.resolve()
    if output == site_root or site_root.is_relative_to(output):
        raise UsageError(f"the output folder {output} would contain the site itself; "
                         "choose a folder such as _site inside or beside the site")
    for name in SOURCE_FOLDERS:
        if output.is_relative_to(site_root / name):
            raise UsageError(f"the output folder {output} is inside the site's {name}/ folder")
    if output.exists():
        if not output.is_dir():
            raise UsageError(f"the output path {output} is a file, not a folder")
        if (output / MARKER).is_file():
            return
        if any(output.iterdir()):
            raise UsageError(f"the output folder {output} is not empty and was not made by "
                             f"Kórme (no {MARKER} file in it); refusing to replace it")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux ``renameat2(RENAME_EXCHANGE)``)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = func(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


@contextlib.contextmanager
def staging(output: Path) -> Iterator[Path]:
    """A fresh folder beside ``output`` to build into; removed if the build fails."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    stage = output.parent / f".{output.name}.korme-new-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    (stage / MARKER).write_text(MARKER_TEXT, "utf-8")
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def swap_in(stage: Path, output: Path) -> None:
    """Replace ``output`` by ``stage`` atomically where the system allows, then drop the old."""
    output = output.resolve()
    if output.exists() and any(output.iterdir()):
        old = output.parent / f".{output.name}.korme-old-{os.getpid()}-{time.monotonic_ns()}"
        if _exchange(stage, output):
            stage.rename(old)
        else:
            output.rename(old)
            stage.rename(output)
        _remove_ours(old)
        return
    if output.exists():
        output.rmdir()
    stage.rename(output)


def remove_leftovers(output: Path) -> None:
    """Delete staging and old folders that an interrupted build left beside ``output``."""
    output = output.resolve()
    if not output.parent.is_dir():
        return
    for folder in output.parent.glob(f".{output.name}.korme-*"):
        if folder.is_dir() and re.search(r"\.korme-(new|old)-\d+", folder.name):
            _remove_ours(folder)


def _remove_ours(folder: Path) -> None:
    """Delete a folder only when it carries Kórme's marker (an old build of ours)."""
    if (folder / MARKER).is_file() or not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Output:
    """One file of the new site: rendered text, a file to copy, a cached file to link, a page
    kept from the previous build (``kind == "keep"``) or one already written into the staging
    folder by the process that rendered it (``kind == "staged"``)."""

    kind: str  # "text", "copy", "link", "keep" or "staged"
    hash: str
    source: Path | None = None
    data: bytes = b""  # a "text" file's UTF-8 bytes (encoded once: hashed, then written)
    record: FileRecord | None = None  # a "staged" file as written


def text_output(text: str) -> Output:
    data = text.encode("utf-8")
    return Output("text", content_hash(data), data=data)


def copy_output(path: Path) -> Output:
    return Output("copy", content_hash(path.read_bytes()), source=path)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | \
    getattr(os, "O_BINARY", 0)


def _write_bytes(target: str, data: bytes) -> None:
    """Create (or replace) a file with these bytes: one open, write and close."""
    fd = os.open(target, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _put(target: Path | str, out: Output) -> None:
    """Write one output file's content at ``target``."""
    if out.kind == "text":
        _write_bytes(os.fspath(target), out.data)
    elif out.kind == "copy" and out.source is not None:
        shutil.copyfile(out.source, target)
    elif out.kind == "link" and out.source is not None:
        try:
            os.link(out.source, target)
        except OSError:
            shutil.copyfile(out.source, target)
    else:
        raise RuntimeError(f"no content for {target}")  # a page kept without a file


class _Folders:
    """Makes each folder below ``root`` once (a build writes thousands of files into thousands
    of folders): one ``mkdir`` per folder, none for a folder already made."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.made: set[str] = {""}

    def __call__(self, path: str) -> None:
        """Make the folder of ``path`` (a POSIX path relative to the root)."""
        folder = path.rpartition("/")[0]
        if folder not in self.made:
            self._make(folder)

    def _make(self, folder: str) -> None:
        parent = folder.rpartition("/")[0]
        if parent not in self.made:
            self._make(parent)
        # its parent exists (made above); another process may make the same folder
        with contextlib.suppress(FileExistsError):
            os.mkdir(os.path.join(self.root, folder))
        self.made.add(folder)


class PageSink:
    """Where rendered pages go, used by whichever process renders them (forked workers too).

    With a staging folder, each page is written straight into it (no HTML travels back to the
    parent), or, when its content equals the previous build's intact file, left to be linked
    from there. Without one (serve's in-place updates), pages are kept as encoded bytes."""

    def __init__(self, stage: Path | None = None, old: BuildState | None = None,
                 output: Path | None = None) -> None:
        self.stage = os.fspath(stage) if stage is not None else None
        self.old = old or BuildState()
        self.output = output
        self._folders = _Folders(self.stage) if self.stage is not None else None

    def take(self, path: str, html: str) -> Output:
        """The page at ``path`` (relative to the site root) as an :class:`Output`."""
        data = html.encode("utf-8")
        digest = content_hash(data)
        if self.stage is None or self._folders is None:
            return Output("text", digest, data=data)
        previous = self.old.files.get(path)
        if previous is not None and previous.hash == digest and self.output is not None \
                and self.old.intact(self.output, path):
            return Output("keep", digest)  # linked from the previous output by assemble
        self._folders(path)
        target = os.path.join(self.stage, path)
        _write_bytes(target, data)
        return Output("staged", digest, record=_record(target, digest))


def _record(target: str, digest: str) -> FileRecord:
    st = os.stat(target)
    return FileRecord(digest, st.st_size, st.st_mtime_ns)


def assemble(output: Path, outputs: dict[str, Output], old: BuildState, pages: dict[str, str],
             stage: Path, on_stage: Callable[[Path], list[str]] | None = None
             ) -> BuildState | None:
    """Complete the new site in ``stage`` (made by :func:`staging`, and holding the pages a
    :class:`PageSink` wrote) and swap it in for ``output``; ``None`` when nothing changed (the
    stage is then removed).

    Files whose content is unchanged are hard-linked from the previous output, so they keep
    their mtimes and inodes; files no longer produced are gone with the old folder.
    ``on_stage`` runs on the complete staging folder before the swap (the search indexer) and
    returns the files it added there.
    """
    output = output.resolve()
    wanted = {p: o.hash for p, o in outputs.items()}
    if on_stage is None and wanted == {p: r.hash for p, r in old.files.items()} and \
            old.output_intact(output):  # (a hook to run, such as a missing index: not the same)
        shutil.rmtree(stage, ignore_errors=True)
        return None
    records = _fill(stage, output, outputs, old)
    for path in on_stage(stage) if on_stage else ():
        target = os.path.join(stage, path)
        records[path] = _record(target, content_hash(Path(target).read_bytes()))
    swap_in(stage, output)
    return BuildState(pages=dict(pages), files=records)


def _fill(stage: Path, output: Path, outputs: dict[str, Output], old: BuildState
          ) -> dict[str, FileRecord]:
    """Put every output file into the staging folder (linked, copied or written)."""
    records: dict[str, FileRecord] = {}
    before = os.fspath(output)
    root = os.fspath(stage)
    folders = _Folders(root)
    join = os.path.join
    for path, out in sorted(outputs.items()):
        if out.kind == "staged" and out.record is not None:
            records[path] = out.record
            continue
        folders(path)
        target = join(root, path)
        previous = old.files.get(path)
        if previous is not None and previous.hash == out.hash and old.intact(output, path):
            # the same inode: its size and mtime are the ones just checked
            os.link(join(before, path), target)
            records[path] = previous
            continue
        _put(target, out)
        records[path] = _record(target, out.hash)
    return records


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
    records: dict[str, FileRecord] = {}
    root = os.fspath(output)
    folders = _Folders(root)
    changed = False
    for path, out in sorted(outputs.items()):
        target = os.path.join(root, path)
        previous = old.files.get(path)
        if previous is not None and previous.hash == out.hash and old.intact(output, path):
            records[path] = previous
            continue
        folders(path)
        folder, _, name = path.rpartition("/")
        temp = os.path.join(root, folder, f".{name}.korme-tmp")
        _put(temp, out)
        os.replace(temp, target)
        records[path] = _record(target, out.hash)
        changed = True
    for path in set(old.files) - set(outputs):
        (output / path).unlink(missing_ok=True)
        changed = True
    return BuildState(pages=dict(pages), files=records) if changed else None
