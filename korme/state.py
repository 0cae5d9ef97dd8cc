"""The build state: what the last build wrote into an output folder, kept in ``.korme-cache/``.

For every output file it records a content hash and the file's size and mtime, and for every
page its fingerprint (see :mod:`korme.render.deps`). The next build reuses files whose
content is unchanged by hard-linking them from the previous output (they keep their mtimes),
and does nothing at all when no output would change.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from korme import __version__


@dataclass(frozen=True)
class FileRecord:
    hash: str
    size: int
    mtime_ns: int


@dataclass
class BuildState:
    version: str = __version__
    pages: dict[str, str] = field(default_factory=dict)  # path -> fingerprint
    files: dict[str, FileRecord] = field(default_factory=dict)  # path -> record
    inputs: str = ""  # a key of every input file's path, size and mtime, and the options
    diagnostics: list[list[Any]] = field(default_factory=list)  # the warnings it printed

    def output_intact(self, output: Path) -> bool:
        """Whether ``output`` still holds exactly the files this build wrote, untouched.

        One walk of the folder: each file found must be one of ours, with its size and mtime,
        and every one of ours must be found."""
        files = self.files
        if not files:
            return False
        found = 0
        folders = [("", os.fspath(output))]
        while folders:
            prefix, folder = folders.pop()
            try:
                entries = os.scandir(folder)
            except OSError:
                return False
            with entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                        continue
                    rel = prefix + entry.name
                    if rel == ".korme-site":
                        continue
                    rec = files.get(rel)
                    try:
                        st = entry.stat()
                    except OSError:
                        return False
                    if rec is None or st.st_size != rec.size or st.st_mtime_ns != rec.mtime_ns:
                        return False
                    found += 1
        return found == len(files)

    def intact(self, output: Path, path: str) -> bool:
        """Whether the previous output still holds this file exactly as written."""
        rec = self.files.get(path)
        if rec is None:
            return False
        try:
            st = os.stat(os.path.join(output, path))
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
    if data.get("version") != __version__ or not (output / ".korme-site").is_file():
        return BuildState()
    files = {k: FileRecord(*v) for k, v in data.get("files", {}).items()}
    return BuildState(data["version"], dict(data.get("pages", {})), files,
                      data.get("inputs", ""), list(data.get("diagnostics", [])))


def save_state(cache: Path, output: Path, state: BuildState) -> None:
    """Write the state atomically."""
    path = state_path(cache, output)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    data = {"version": state.version, "pages": state.pages, "inputs": state.inputs,
            "diagnostics": state.diagnostics,
            "files": {k: [v.hash, v.size, v.mtime_ns] for k, v in sorted(state.files.items())}}
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
    return hashlib.sha256(data).hexdigest()[:24]
