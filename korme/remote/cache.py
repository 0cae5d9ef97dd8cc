"""Remote documents kept between builds, so the next build needs no network.

:class:`RemoteCache` is the small interface the rest of :mod:`korme.remote` uses;
:class:`FolderCache` keeps each document as two files in ``.korme-cache/remote/`` (its bytes
and a small JSON note: the address, the address that answered, the type, when it was fetched).
Writes are atomic (a temporary file renamed), so an interrupted build never leaves half a
document. The build cache may take this role over: anything with ``load`` and ``store`` does.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Cached:
    """A remote document as kept: its bytes and where and when it was fetched."""

    url: str
    final_url: str
    content_type: str
    body: bytes
    fetched: str  # ISO 8601 UTC time of the fetch

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class RemoteCache(Protocol):
    """Where remote documents are kept between builds, by URL."""

    def load(self, url: str) -> Cached | None: ...

    def store(self, doc: Cached) -> None: ...


def _key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]


def now_iso() -> str:
    """The current UTC time, to the second."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


class FolderCache:
    """Documents in a folder (normally ``SITE/.korme-cache/remote``), two files each."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = _key(url)
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def load(self, url: str) -> Cached | None:
        note_path, body_path = self._paths(url)
        try:
            note = json.loads(note_path.read_text("utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(note, dict) or note.get("url") != url or \
                note.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # another URL's key, or a damaged copy: as if never fetched
        return Cached(url, str(note.get("final_url", url)), str(note.get("type", "")), body,
                      str(note.get("fetched", "")))

    def store(self, doc: Cached) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        note_path, body_path = self._paths(doc.url)
        note = {"url": doc.url, "final_url": doc.final_url, "type": doc.content_type,
                "fetched": doc.fetched, "sha256": doc.digest}
        _atomic_write(body_path, doc.body)
        _atomic_write(note_path, (json.dumps(note, ensure_ascii=False, indent=1) + "\n")
                      .encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def site_cache(site_root: Path) -> FolderCache:
    """The remote documents' cache of a site: ``SITE/.korme-cache/remote``."""
    return FolderCache(site_root / ".korme-cache" / "remote")
