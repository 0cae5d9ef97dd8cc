"""The build state: what the last build wrote into an output folder, kept in ``.korme-cache/``.

For every output file it records a content hash and the file's size and mtime, for every
folder output (an image's deep-zoom tiles) its key and the folder's identity, and for every
page its fingerprint (see :mod:`korme.render.fingerprint`); with the store layout, also what
the spare folder beside the output holds (see :mod:`korme.write`). The next build reuses
files whose content is unchanged (they keep their inodes and mtimes), and does nothing at all
when no output would change.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from korme import __version__
from korme.fsio import DIRTY, MARKER, STORE_ROOTS, in_store, link_target, store_path

STORE, PLAIN = "store", "plain"  # the two layouts (see korme.write)


@dataclass(frozen=True)
class FileRecord:
    hash: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class UnitRecord:
    """A folder output as placed: its key, and the folder's inode and ctime (a folder is only
    ever replaced whole, by a rename, which changes both)."""

    key: str
    ino: int
    ctime_ns: int

    @classmethod
    def of(cls, key: str, folder: str | Path) -> UnitRecord:
        st = os.stat(folder)
        return cls(key, st.st_ino, st.st_ctime_ns)

    def holds(self, folder: str | Path, key: str | None = None) -> bool:
        """Whether ``folder`` is this unit, untouched (and of ``key``, when given)."""
        if key is not None and key != self.key:
            return False
        try:
            st = os.stat(folder)
        except OSError:
            return False
        return st.st_ino == self.ino and st.st_ctime_ns == self.ctime_ns


@dataclass
class BuildState:
    version: str = __version__
    pages: dict[str, str] = field(default_factory=dict)  # path -> fingerprint
    files: dict[str, FileRecord] = field(default_factory=dict)  # path -> record
    units: dict[str, UnitRecord] = field(default_factory=dict)  # folder path -> record
    layout: str = ""  # STORE or PLAIN
    spare: dict[str, FileRecord] = field(default_factory=dict)  # what the spare folder holds
    spare_id: tuple[int, int] = (0, 0)  # the spare folder's inode and ctime when recorded
    retired: list[str] = field(default_factory=list)  # store entries kept one build more
    inputs: str = ""  # a key of every input file's path, size and mtime, and the options
    diagnostics: list[list[Any]] = field(default_factory=list)  # the warnings it printed

    def place(self, output: Path, path: str) -> Path:
        """Where the file or folder of ``path`` physically is."""
        if self.layout == STORE and in_store(path):
            return store_path(output) / path
        return output / path

    def output_intact(self, output: Path) -> bool:
        """Whether ``output`` still holds exactly the files this build wrote, untouched.

        One walk of the folder: each file found must be one of ours, with its size and mtime,
        and every one of ours must be found; folder outputs are checked as folders, and with
        the store layout the links into the store and the store's entries are checked too."""
        if not self.files and not self.units:
            return False
        found = self._walk(output)
        if found < 0:
            return False
        if self.layout == STORE:
            store = store_path(output)
            if (store / DIRTY).exists():  # a build was killed while changing the store
                return False
            for path, rec in self.files.items():
                if in_store(path):
                    if not _same(store / path, rec):
                        return False
                    found += 1
        if not all(u.holds(self.place(output, p)) for p, u in self.units.items()):
            return False
        return found == len(self.files)

    def _walk(self, output: Path) -> int:
        """How many recorded files the output folder itself holds (-1: one not ours)."""
        files, units, store = self.files, self.units, self.layout == STORE
        found = 0
        folders = [("", os.fspath(output))]
        while folders:
            prefix, folder = folders.pop()
            try:
                entries = os.scandir(folder)
            except OSError:
                return -1
            with entries:
                for entry in entries:
                    rel = prefix + entry.name
                    if entry.is_symlink():
                        if not (store and rel in STORE_ROOTS and
                                os.readlink(entry.path) == link_target(output, rel)):
                            return -1
                    elif entry.is_dir():
                        if rel not in units:  # a folder output is checked whole, apart
                            folders.append((rel + "/", entry.path))
                    elif rel != MARKER:
                        if not _same(entry.path, files.get(rel)):
                            return -1
                        found += 1
        return found

    def intact(self, output: Path, path: str) -> bool:
        """Whether the previous output still holds this file exactly as written."""
        return _same(os.path.join(output, path), self.files.get(path))


def _same(path: str | Path, rec: FileRecord | None) -> bool:
    if rec is None:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == rec.size and st.st_mtime_ns == rec.mtime_ns


def state_path(cache: Path, output: Path) -> Path:
    """One state file per output folder."""
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return cache / "state" / f"{key}.json"


def load_state(cache: Path, output: Path) -> BuildState:
    """The state of the last build into ``output``; empty when unknown or from another version."""
    path = state_path(cache, output)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return BuildState()
    if data.get("version") != __version__ or not (output / MARKER).is_file():
        return BuildState()
    files = {k: FileRecord(*v) for k, v in data.get("files", {}).items()}
    units = {k: UnitRecord(*v) for k, v in data.get("units", {}).items()}
    spare = {k: FileRecord(*v) for k, v in data.get("spare", {}).items()}
    ino, ctime = data.get("spare_id", (0, 0))
    return BuildState(data["version"], dict(data.get("pages", {})), files, units,
                      data.get("layout", ""), spare, (ino, ctime), list(data.get("retired", [])),
                      data.get("inputs", ""), list(data.get("diagnostics", [])))


def save_state(cache: Path, output: Path, state: BuildState) -> None:
    """Write the state atomically."""
    path = state_path(cache, output)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    data = {"version": state.version, "pages": state.pages, "inputs": state.inputs,
            "diagnostics": state.diagnostics,
            "files": {k: [v.hash, v.size, v.mtime_ns] for k, v in sorted(state.files.items())},
            "units": {k: [v.key, v.ino, v.ctime_ns] for k, v in sorted(state.units.items())},
            "layout": state.layout, "retired": state.retired, "spare_id": list(state.spare_id),
            "spare": {k: [v.hash, v.size, v.mtime_ns] for k, v in sorted(state.spare.items())}}
    tmp.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    tmp.replace(path)


def input_key(folders: list[Path], extra: Any) -> str:
    """A key of every file below ``folders`` (path, size, mtime) and ``extra`` (options)."""
    h = hashlib.sha256(json.dumps(extra, sort_keys=True, default=str).encode())
    for folder in folders:
        if folder.is_file():
            st = folder.stat()
            h.update(f"{folder}|{st.st_size}|{st.st_mtime_ns}\n".encode())
            continue
        for base, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(base, name)
                try:
                    st = os.stat(path)
                except OSError:  # a dangling link: the build reports it
                    st = os.lstat(path)
                h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def content_hash(data: bytes) -> str:
    """The hash a file is recorded by."""
    return short_digest(hashlib.sha256(data))


def short_digest(h: Any) -> str:
    """The recorded hash of what was fed to ``h`` (a ``hashlib.sha256()``, piece by piece)."""
    return str(h.hexdigest())[:24]


class KeptStates:
    """``korme serve``'s build states, one per output folder, kept in memory between rebuilds
    and written to disk once the server is quiet (``quiet`` seconds after a rebuild, not while
    it ends and the browser reloads; a rebuild that starts first replaces it): a rebuild
    neither reads nor writes the state file on its way to the reload. A state not written (the
    server stopped at once) only costs the next start a check of the files it finds."""

    def __init__(self, quiet: float = 1.0) -> None:
        self.states: dict[Path, BuildState] = {}
        self.quiet = quiet
        self._writer: threading.Timer | None = None

    def load(self, cache: Path, output: Path) -> BuildState:
        """The last state of ``output`` (read from disk the first time)."""
        self._take()
        kept = self.states.get(output)
        if kept is not None and (output / MARKER).is_file():
            return kept
        return load_state(cache, output)

    def save(self, cache: Path, output: Path, state: BuildState) -> None:
        """Keep ``state``; write it when the server is quiet."""
        self._take()
        self.states[output] = state
        self._writer = threading.Timer(self.quiet, save_state, args=(cache, output, state))
        self._writer.name = "korme-state"
        self._writer.start()

    def flush(self) -> None:
        """Write the last state now (again, if it was written already)."""
        writer = self._take()
        if writer is not None:
            save_state(*writer.args)  # type: ignore[arg-type]

    def _take(self) -> threading.Timer | None:
        """The pending writer, stopped if it has not started, waited for if it has."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.cancel()
            writer.join()
        return writer
