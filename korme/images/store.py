"""The image stage's cache layout and its small JSON indexes, written atomically.

``<cache>/media/`` holds derivatives named ``<public stem>.<cache key>.<ext>``;
``<cache>/images/sources.json`` remembers each source's digest and header by path, size and
mtime; ``<cache>/images/placeholders.json`` the placeholder colour by digest. Only the parent
process writes the indexes. A worker also leaves each placeholder colour in
``<cache>/placeholders/<key>`` once all its job's derivatives are written, so a build cancelled
before it saved the index (or a cluster's shared cache) still knows it without decoding again.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from korme.images.model import Derivative

INDEX_VERSION = 2
COLOUR = re.compile(r"#[0-9a-f]{6}")
"""A placeholder colour read from a file goes into pages only if it is one."""


def media_dir(cache_dir: Path) -> Path:
    """Where derivatives are kept between builds."""
    return cache_dir / "media"


def cached_path(cache_dir: Path, derivative: Derivative) -> Path:
    """The cache file of one derivative: its public name with the cache key before the suffix."""
    name = PurePosixPath(derivative.path)
    return media_dir(cache_dir) / f"{name.stem}.{derivative.cache_key[:16]}{name.suffix}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; published files must be world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_index(path: Path) -> dict[str, Any]:
    """A JSON index, or an empty one when missing, unreadable or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def save_index(path: Path, entries: dict[str, Any]) -> None:
    """Write a JSON index atomically (sorted, so unchanged content gives unchanged bytes)."""
    blob = json.dumps({"version": INDEX_VERSION, "entries": entries}, sort_keys=True, indent=0)
    write_atomic(path, blob.encode("utf-8"))


def sources_index(cache_dir: Path) -> Path:
    """The index of source digests and headers."""
    return cache_dir / "images" / "sources.json"


def placeholders_index(cache_dir: Path) -> Path:
    """The index of placeholder colours."""
    return cache_dir / "images" / "placeholders.json"


def placeholders_dir(cache_dir: Path) -> Path:
    """Where workers leave placeholder colours, one small file each."""
    return cache_dir / "placeholders"


def placeholder_name(key: str) -> str:
    """A placeholder key (``digest`` or ``digest:#rrggbb-bg``) as a file name."""
    return key.replace(":#", "-")


def read_colours(folder: Path, keys: Iterable[str]) -> dict[str, str]:
    """The placeholder colours of ``keys`` found as files in ``folder`` (valid ones only)."""
    found = {}
    for key in keys:
        try:
            text = (folder / placeholder_name(key)).read_text("ascii")[:16].strip()
        except (OSError, UnicodeDecodeError):
            continue
        if COLOUR.fullmatch(text):
            found[key] = text
    return found
