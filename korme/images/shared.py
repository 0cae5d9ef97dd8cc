"""A cache every worker reaches: a folder all workers mount, or object storage through fsspec.

Set by ``--image-cache`` or site.yaml's ``images.cache`` (a folder, or a URL such as
``s3://bucket/korme-cache/``). Its layout follows the local cache's, addressed by content hash::

    media/<public stem>.<cache key><ext>   one derivative
    tiles/<key>/…                          one pyramid, in a folder cache (renamed in when whole)
    tiles/<key>.tar                        one pyramid, in object storage (one object, put whole)
    sources/<digest><suffix>               a source, put there by the build for a cluster's workers

Everything is written whole under its real name (a temporary name and a rename in a folder; an
object store's put is atomic), so a cancelled build or a lost worker leaves nothing half-made.
The build copies (or hard-links) what it publishes into its own cache, reading only the names
it needs, and never deletes anything here: other sites and builds may share it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from korme.images.pool import ClusterError
from korme.l10n import _

TILE_NAME = re.compile(r"(full|\d+,\d+,\d+,\d+)/(max|\d+,\d+)/0/default\.jpg")
"""The only member names a pyramid archive may hold."""


class SharedCache(Protocol):
    """What the build does with a shared cache (see the two kinds below)."""

    url: str
    remote: bool  # object storage: pyramids are archives, sources are uploaded

    def names(self, folder: str) -> set[str]: ...
    def target(self, folder: str, name: str) -> str: ...
    def fetch(self, folder: str, wanted: Iterable[tuple[str, Path]]) -> None: ...
    def put(self, folder: str, files: Iterable[tuple[Path, str]]) -> None: ...
    def read(self, folder: str, names: list[str]) -> dict[str, str]: ...


def open_shared(spec: str) -> SharedCache:
    """The shared cache at a folder path or URL; ``ClusterError`` when it cannot be used."""
    if "://" not in spec or spec.startswith("file://"):
        return FolderCache(Path(spec.removeprefix("file://")))
    try:
        import fsspec

        fs, root = fsspec.core.url_to_fs(spec)
    except (ImportError, ValueError) as e:  # fsspec, or the protocol's package, missing
        raise ClusterError(_("cannot open the shared image cache {url}: {error}",
                             url=spec, error=str(e) or type(e).__name__)) from e
    return ObjectCache(spec.rstrip("/"), fs, root.rstrip("/"))


class FolderCache:
    """A folder every worker mounts at the same path (NFS, SMB, a cluster file system)."""

    remote = False

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.url = str(self.root)

    def names(self, folder: str) -> set[str]:
        try:
            return set(os.listdir(self.root / folder))
        except OSError:
            return set()

    def target(self, folder: str, name: str) -> str:
        return str(self.root / folder / name)

    def fetch(self, folder: str, wanted: Iterable[tuple[str, Path]]) -> None:
        """Hard-link (or copy) files or pyramid folders into the local cache, whole."""
        for name, local in wanted:
            source = self.root / folder / name
            if source.is_dir():
                _place_tree(source, local)
            else:
                _place_file(source, local)

    def put(self, folder: str, files: Iterable[tuple[Path, str]]) -> None:
        for local, name in files:
            _place_file(local, self.root / folder / name)

    def read(self, folder: str, names: list[str]) -> dict[str, str]:
        """Small text files (placeholder colours); unreadable ones are left out."""
        found = {}
        for name in names:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                found[name] = (self.root / folder / name).read_text("ascii")[:64].strip()
        return found


class ObjectCache:
    """Object storage reached through fsspec (``s3://``, ``gs://``, ``az://``, …).

    Credentials and endpoints come from the storage's usual configuration (for S3: the AWS
    variables and files, ``AWS_ENDPOINT_URL`` for MinIO and other S3-compatible stores), the
    same on the build machine and every worker.
    """

    remote = True

    def __init__(self, url: str, fs, root: str):
        self.url, self.fs, self.root = url, fs, root

    def names(self, folder: str) -> set[str]:
        path = f"{self.root}/{folder}"
        self.fs.invalidate_cache(path)  # workers wrote since the last look
        try:
            return {p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(path, detail=False)}
        except FileNotFoundError:
            return set()

    def target(self, folder: str, name: str) -> str:
        return f"{self.url}/{folder}/{name}"

    def fetch(self, folder: str, wanted: Iterable[tuple[str, Path]]) -> None:
        """Download files (one batch; fsspec runs it concurrently), unpacking pyramids."""
        pairs = list(wanted)
        if not pairs:
            return
        pairs[0][1].parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".fetch-", dir=pairs[0][1].parent) as tmp:
            temps = [str(Path(tmp) / f"{i}-{name}") for i, (name, _) in enumerate(pairs)]
            self.fs.get([f"{self.root}/{folder}/{name}" for name, _ in pairs], temps)
            for temp, (name, local) in zip(temps, pairs, strict=True):
                if name.endswith(".tar"):
                    _unpack(Path(temp), local)
                else:
                    os.chmod(temp, 0o644)
                    os.replace(temp, local)

    def put(self, folder: str, files: Iterable[tuple[Path, str]]) -> None:
        pairs = list(files)
        if pairs:
            self.fs.put([str(p) for p, _ in pairs],
                        [f"{self.root}/{folder}/{name}" for _, name in pairs])

    def read(self, folder: str, names: list[str]) -> dict[str, str]:
        """Small text files (placeholder colours), fetched in one batch."""
        if not names:
            return {}
        paths = {f"{self.root}/{folder}/{n}": n for n in names}
        blobs = self.fs.cat(list(paths), on_error="omit")
        return {paths[p]: b[:64].decode("ascii", "replace").strip() for p, b in blobs.items()
                if p in paths}


def _place_file(source: Path, target: Path) -> None:
    """``target`` becomes ``source``'s bytes, whole: a hard link, else a copy and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".tmp-{target.name}-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _place_tree(source: Path, target: Path) -> None:
    """A pyramid folder linked (or copied) file by file, renamed into place when whole."""
    tmp = target.with_name(f".tmp-{target.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        for path in source.rglob("*.jpg"):
            _place_file(path, tmp / path.relative_to(source))
        os.replace(tmp, target)
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def pack(folder: Path, archive: Path) -> None:
    """A pyramid folder as one uncompressed tar (JPEG tiles do not compress)."""
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*.jpg")):
            tar.add(path, path.relative_to(folder).as_posix(), recursive=False)


def _unpack(archive: Path, target: Path) -> None:
    """A pyramid archive into ``target``, whole; only tile names and regular files are read."""
    tmp = target.with_name(f".tmp-{target.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with tarfile.open(archive, "r:") as tar:
            for member in tar:
                if not (member.isfile() and TILE_NAME.fullmatch(member.name)):
                    raise OSError(f"unexpected member {member.name!r} in {archive.name}")
                data = tar.extractfile(member)
                path = tmp / member.name
                path.parent.mkdir(parents=True, exist_ok=True)
                with data, open(path, "wb") as out:
                    shutil.copyfileobj(data, out)
                os.chmod(path, 0o644)
        os.replace(tmp, target)
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
