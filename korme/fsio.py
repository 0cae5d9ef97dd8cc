"""File-system steps of the write stage: the names Kórme keeps beside an output folder, atomic
exchange of two folders, writing a file without ever writing through a hard link, and removal
limited to folders that carry Kórme's marker.

Beside an output folder ``_site`` (all of them carry :data:`MARKER`):

- ``._site.korme-spare``: the previous site, brought up to date and exchanged with ``_site``;
- ``._site.korme-store``: media and deep-zoom tile folders, which ``_site`` links to;
- ``._site.korme-new-<pid>`` / ``._site.korme-old-<pid>-<n>``: a self-contained build's new
  and replaced trees, removed by the build (or the next one, after a crash).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

MARKER = ".korme-site"
MARKER_TEXT = "This folder was made by Kórme (korme build). It is replaced on every build.\n"
DIRTY = ".korme-dirty"  # in a folder being changed: what it holds is not what was recorded
STORE_ROOTS = ("media", "iiif/images")  # the site's folders kept in the store, linked to


def spare_path(output: Path) -> Path:
    return output.parent / f".{output.name}.korme-spare"


def store_path(output: Path) -> Path:
    return output.parent / f".{output.name}.korme-store"


def in_store(path: str) -> bool:
    """Whether an output path lies in one of :data:`STORE_ROOTS`."""
    return any(path.startswith(root + "/") for root in STORE_ROOTS)


def link_target(output: Path, root: str) -> str:
    """The relative target of the link at ``<output>/<root>``: the same folder in the store
    beside the output (relative, so that moving the output's parent keeps it working)."""
    return "../" * (root.count("/") + 1) + f"{store_path(output).name}/{root}"


def _renameat2() -> object | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


def exchange(a: Path | str, b: Path | str) -> bool:
    """Atomically swap two entries (Linux ``renameat2(RENAME_EXCHANGE)``); ``False`` where the
    system cannot, ``OSError`` when it can but failed."""
    func = _renameat2()
    if func is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if func(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:  # type: ignore[operator]
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(err, os.strerror(err), os.fspath(a))


def swap(new: Path, current: Path, aside: Path) -> None:
    """Put ``new`` at ``current``'s place and what was there at ``aside`` (which must not
    exist): one atomic exchange where the system allows, else two quick renames."""
    if exchange(new, current):
        os.rename(new, aside)
        return
    os.rename(current, aside)
    try:
        os.rename(new, current)
    except OSError:
        os.rename(aside, current)
        raise


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | \
    getattr(os, "O_BINARY", 0)


def write_new(target: str, data: bytes) -> None:
    """Write ``data`` into a new file at ``target``, unlinking what was there first: a file
    there may be a hard link of a served one, which must never change."""
    write_pieces(target, (data,))


def write_pieces(target: str, pieces: Iterable[bytes]) -> None:
    """Write the pieces into a new file at ``target`` (unlinked first, as by
    :func:`write_new`); a failure removes the part written."""
    try:
        fd = os.open(target, _NEW_FILE, 0o666)
    except FileExistsError:
        os.unlink(target)
        fd = os.open(target, _NEW_FILE, 0o666)
    try:
        for data in pieces:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
    except BaseException:
        os.close(fd)
        os.unlink(target)
        raise
    os.close(fd)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link ``source`` at ``target`` (a copy across file systems); ``target`` must not
    exist."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def unlink(path: str) -> bool:
    """Remove a file or link if present; ``True`` if something was removed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


class Folders:
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


def prune_folders(root: str, paths: set[str] | list[str]) -> None:
    """Remove the folders of these (removed) paths that are now empty, up to ``root``."""
    for folder in sorted({p.rpartition("/")[0] for p in paths}, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(root, folder))
            except OSError:
                break
            folder = folder.rpartition("/")[0]


def marked(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, "utf-8")


def remove_ours(folder: Path) -> None:
    """Delete a folder only when it carries Kórme's marker (or is empty)."""
    if not folder.is_dir() or folder.is_symlink():
        return
    if marked(folder) or not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)


def aside_name(output: Path) -> Path:
    """A new name beside ``output`` for a replaced tree, removed after the swap."""
    return output.parent / f".{output.name}.korme-old-{os.getpid()}-{time.monotonic_ns()}"


def walk(root: str) -> tuple[dict[str, os.stat_result], dict[str, str], set[str]]:
    """Every file (with its status), link (with its target) and folder below ``root``, as POSIX
    paths relative to it; links are not followed."""
    files: dict[str, os.stat_result] = {}
    links: dict[str, str] = {}
    folders: set[str] = set()
    todo = [("", root)]
    while todo:
        prefix, folder = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    links[rel] = os.readlink(entry.path)
                elif entry.is_dir():
                    folders.add(rel)
                    todo.append((rel + "/", entry.path))
                else:
                    files[rel] = entry.stat(follow_symlinks=False)
    return files, links, folders
