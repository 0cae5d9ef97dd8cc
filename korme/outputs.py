"""The files of a built site as the stages hand them to the write stage, and putting one in place.

An :class:`Output` is one file (rendered text, a file to copy or hard-link, a page kept from
the previous build or already written by the process that rendered it) or one folder (a
``tree``: a cache folder published whole, such as an image's deep-zoom tiles; outputs below a
tree's path, such as its ``info.json``, are written into that folder).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from korme.fsio import link_or_copy, unlink, write_new
from korme.state import FileRecord, content_hash


@dataclass(frozen=True)
class Output:
    """One output: rendered text, a file to copy, a cached file to link, a page kept from the
    previous build (``kind == "keep"``), one already written into the staging folder by the
    process that rendered it (``kind == "staged"``) or a folder (``kind == "tree"``: its
    ``source`` folder's files, linked; its hash names everything that made them)."""

    kind: str  # "text", "copy", "link", "keep", "staged" or "tree"
    hash: str
    source: Path | None = None
    data: bytes = b""  # a "text" file's UTF-8 bytes (encoded once: hashed, then written)
    record: FileRecord | None = None  # a "staged" file as written


@dataclass
class PageStream:
    """A page's HTML as its template makes it: the ``body`` in pieces, then ``head()``, what
    goes in front of it (empty unless the template makes its head last: korme.render.streamed)."""

    body: Iterator[str]
    head: Callable[[], str] = lambda: ""

    def whole(self) -> str:
        """The page's whole HTML (the body first: the head is known once it is made)."""
        body = "".join(self.body)
        return self.head() + body


def text_output(text: str) -> Output:
    data = text.encode("utf-8")
    return Output("text", content_hash(data), data=data)


def copy_output(path: Path) -> Output:
    return Output("copy", content_hash(path.read_bytes()), source=path)


def tree_output(folder: Path, key: str) -> Output:
    """A folder published whole: every file below ``folder``, hard-linked."""
    return Output("tree", key, source=folder)


def put(target: str, out: Output) -> None:
    """Write one output file's content at ``target``, replacing (never writing through) what
    was there: a file there may be a hard link of a served one."""
    if out.kind == "text":
        write_new(target, out.data)
    elif out.kind in ("copy", "link") and out.source is not None:
        unlink(target)
        if out.kind == "copy":
            shutil.copyfile(out.source, target)
        else:
            link_or_copy(out.source, target)
    else:
        raise RuntimeError(f"no content for {target}")  # a page kept without a file


def record(target: str, digest: str) -> FileRecord:
    """The record of a file just written."""
    st = os.stat(target)
    return FileRecord(digest, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class Unit:
    """A folder output with the files written into it; ``key`` names all of its content."""

    source: Path
    key: str
    extras: dict[str, Output] = field(default_factory=dict)  # relative path -> output


def split(outputs: dict[str, Output]) -> tuple[dict[str, Output], dict[str, Unit]]:
    """The outputs as files (outside every folder output) and folder outputs (with the
    outputs below each, such as an image's ``info.json``)."""
    trees = {p: o for p, o in outputs.items() if o.kind == "tree"}
    files: dict[str, Output] = {}
    extras: dict[str, dict[str, Output]] = {p: {} for p in trees}
    for path, out in outputs.items():
        if out.kind == "tree":
            continue
        unit = unit_of(path, trees) if trees else None
        if unit is None:
            files[path] = out
        else:
            extras[unit][path[len(unit) + 1:]] = out
    units = {}
    for path, tree in trees.items():
        assert tree.source is not None
        h = hashlib.sha256(tree.hash.encode())
        for rel, out in sorted(extras[path].items()):
            h.update(f"\n{rel}={out.hash}".encode())
        units[path] = Unit(tree.source, h.hexdigest()[:24], extras[path])
    return files, units


def unit_of(path: str, units: dict[str, object] | set[str]) -> str | None:
    """The folder output ``path`` lies in, if any."""
    folder = path
    while "/" in folder:
        folder = folder.rpartition("/")[0]
        if folder in units:
            return folder
    return None


def make_unit(target: str, unit: Unit) -> None:
    """Make a folder output at ``target`` (which must not exist): the source folder's files
    hard-linked, then its extra files written."""
    os.mkdir(target)
    todo = [(os.fspath(unit.source), target)]
    while todo:
        source, into = todo.pop()
        with os.scandir(source) as entries:
            for entry in entries:
                dest = os.path.join(into, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(dest)
                    todo.append((entry.path, dest))
                else:
                    link_or_copy(entry.path, dest)
    for rel, out in sorted(unit.extras.items()):
        dest = os.path.join(target, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        put(dest, out)


def unit_files(folder: str | Path) -> list[str]:
    """Every file below a folder output, as POSIX paths relative to it."""
    out: list[str] = []
    todo = [("", os.fspath(folder))]
    while todo:
        prefix, path = todo.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    out.append(prefix + entry.name)
    return sorted(out)
