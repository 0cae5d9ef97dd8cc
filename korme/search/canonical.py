"""Make Pagefind's output the same on every build (reproducible builds).

Pagefind 1.5 writes filter values, the filter list and the language list in hash-map order,
which changes from run to run; the pages, words and fragments are already stable when pages are
added in a fixed order. This rewrites the filter files and each language's meta file in sorted
order (same CBOR structure, gzip without a timestamp) and renames them by their new content
hash, updating the references, so that equal input gives byte-identical search files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE):])


def _encode(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _rename(old: Path, blob: bytes, prefix: str, digits: int, template: str) -> str:
    """Replace ``old`` by ``blob`` named from its hash (``template`` around the id)."""
    new_id = f"{prefix}_{hashlib.sha256(blob).hexdigest()[:digits]}"
    old.unlink()
    (old.parent / template.format(new_id)).write_bytes(blob)
    return new_id


def canonicalise(folder: Path) -> None:
    """Rewrite the Pagefind index in ``folder`` (``…/pagefind``) in a stable order."""
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for info in entry["languages"].values():
        prefix = info["hash"].rsplit("_", 1)[0]
        meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, ident in meta[3]:
            path = folder / "filter" / f"{ident}.pf_filter"
            data = _read(path)
            data[1] = sorted(data[1], key=lambda value: str(value[0]))
            filters.append([name, _rename(path, _encode(data), prefix, 7, "{}.pf_filter")])
        meta[3] = sorted(filters)
        info["hash"] = _rename(meta_path, _encode(meta), prefix, 10, "pagefind.{}.pf_meta")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
