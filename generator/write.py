"""Write stage: assemble the new site beside the output folder, then swap it in atomically.

The output folder must be new, empty, or one Kórme made (it holds :data:`MARKER`); nothing
else is ever deleted. A failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from generator.errors import UsageError

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
        if _exchange(stage, output):
            _remove_ours(stage)
            return
        old = output.parent / f".{output.name}.korme-old-{os.getpid()}"
        output.rename(old)
        stage.rename(output)
        _remove_ours(old)
        return
    if output.exists():
        output.rmdir()
    stage.rename(output)


def _remove_ours(folder: Path) -> None:
    """Delete a folder only when it carries Kórme's marker (an old build of ours)."""
    if (folder / MARKER).is_file() or not any(folder.iterdir()):
        shutil.rmtree(folder)


def write_files(stage: Path, files: dict[str, str | bytes]) -> None:
    """Write rendered files (``{relative path: text or bytes}``) into the staging folder."""
    for rel, content in files.items():
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, "utf-8", newline="\n")
        else:
            target.write_bytes(content)


def copy_file(source: Path, target: Path) -> None:
    """Copy a source file (never linked: editing the output must not change the source)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
