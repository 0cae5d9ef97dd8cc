"""Planning: read headers and digests (cached), decide every derivative's name and size.

No pixels are decoded here. A source's digest and header are remembered in the cache by path,
size and modification time, so an unchanged multi-hundred-megabyte TIFF is not re-read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

from korme.errors import Diagnostic, Position, Severity
from korme.images import store
from korme.images.engines import pillow_engine
from korme.images.model import Derivative, ImagePlan, ImageRequest, PlannedImage
from korme.images.settings import (
    ALPHA_FORMATS,
    ENCODER_PARAMS,
    ENCODER_REVISION,
    EXTENSION,
    MIME,
    ImageSettings,
)
from korme.images.source import (
    Header,
    SourceError,
    check_size,
    header_exif,
    open_source,
    quiet_pillow,
    read_header,
)
from korme.l10n import Text, _, message_of

CHUNK = 1 << 20
TAIL = 4096
CLOSE_WIDTHS = 0.85  # a configured width this close below the source's own is dropped
LARGEST_AREA = (3, 4)  # the largest derivative's area as a fraction of max(widths)²
SNAP = 0.95  # an area-capped width this close to the largest width is the largest width


def plan_images(
    requests: Sequence[ImageRequest], settings: ImageSettings, cache_dir: Path
) -> ImagePlan:
    """Plan every derivative of every requested image; problems become diagnostics per use."""
    if problems := settings.problems():
        site = Position("site.yaml")
        return ImagePlan(diagnostics=tuple(Diagnostic(site, _("images.{problem}", problem=p))
                                           for p in problems))
    index_path = store.sources_index(cache_dir)
    index = store.load_index(index_path)
    known = dict(index)
    stale = [r for r in requests if _cached(index, r) is None]
    with quiet_pillow(), ThreadPoolExecutor(max_workers=max(1, min(8, len(stale)))) as pool:
        fresh = dict(zip([r.rel for r in stale], pool.map(_probe, stale), strict=True))

    images: dict[str, PlannedImage] = {}
    diagnostics: list[Diagnostic] = []
    for request in requests:
        entry = _cached(index, request) or fresh[request.rel]
        if not isinstance(entry, dict):
            diagnostics += _report(request, entry)
            continue
        index[str(request.source)] = entry
        header = Header(**{k: tuple(v) if k == "stored" else v for k, v in entry["header"].items()})
        try:
            check_size(header, settings.max_pixels)
        except SourceError as e:
            diagnostics += _report(request, message_of(e))
            continue
        if header.frames > 1:
            note = _("has {count} pages; only the first is published", count=header.frames)
            diagnostics += _report(request, note, Severity.WARNING)
        images[request.rel] = _planned(request, entry["digest"], header, entry, settings)
    if index != known:
        with contextlib.suppress(OSError):  # the index only saves time; make reports write errors
            store.save_index(index_path, index)
    return ImagePlan(images=images, diagnostics=tuple(diagnostics))


def derivative_widths(width: int, height: int, widths: Sequence[int]) -> list[int]:
    """The widths to make for a ``width`` × ``height`` source, ascending.

    Never upscaled: a source narrower than a configured width gets its own width instead (and a
    configured width within 15 % below it is dropped as redundant). The largest derivative
    holds no more pixels than a 4:3 landscape at the largest configured width, so a portrait
    page's largest is about as tall as a landscape's (screens are wide; zoom shows detail).
    """
    top = max(widths)
    num, den = LARGEST_AREA
    area_cap = math.isqrt(top * top * num * width // (den * height))
    if area_cap >= SNAP * top:
        area_cap = top  # a scan a few pixels taller than 4:3 keeps the full largest width
    limit = min(width, area_cap)
    out = [w for w in sorted(widths) if w < limit]
    if limit <= top:
        if out and out[-1] > CLOSE_WIDTHS * limit:
            out.pop()
        out.append(limit)
    return out


def _cached(index: dict, request: ImageRequest) -> dict | None:
    """The index entry of an unchanged source, or ``None``."""
    entry = index.get(str(request.source))
    try:
        st = request.source.stat()
    except OSError:
        return None
    if entry and entry.get("size") == st.st_size and entry.get("mtime_ns") == st.st_mtime_ns:
        return entry
    return None


def _probe(request: ImageRequest) -> dict | str | Text:
    """Read one source's header and digest; an error message if it cannot be used."""
    try:
        st = request.source.stat()
        with open_source(request.source) as im:
            header = read_header(im)
            copyright_ = _has_copyright(im)
        digest, tail = _hash(request.source)
    except SourceError as e:
        return message_of(e)
    except OSError as e:
        return _("cannot read: {error}", error=e.strerror or str(e))
    except Exception as e:  # a damaged header can fail in many ways; never a traceback
        return f"cannot read its header ({e or type(e).__name__})"
    if header.format == "JPEG" and b"\xff\xd9" not in tail:
        return "truncated JPEG (no end-of-image marker)"
    if header.format == "PNG" and b"IEND" not in tail[-64:]:
        return "truncated PNG (no IEND chunk)"
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "digest": digest,
        "header": asdict(header),
        "copyright": copyright_,
    }


def _has_copyright(im) -> bool:
    """Whether the EXIF carries Artist or Copyright (so ``keep_copyright`` changes the bytes)."""
    exif = header_exif(im)
    return bool(exif.get(0x013B) or exif.get(0x8298))


def _hash(path: Path) -> tuple[str, bytes]:
    """SHA-256 of the file's bytes and its last few kilobytes."""
    h = hashlib.sha256()
    tail = b""
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            tail = (tail + chunk)[-TAIL:]
    return h.hexdigest(), tail


def _report(request: ImageRequest, message: str | Text, severity=Severity.ERROR
            ) -> list[Diagnostic]:
    """One diagnostic per use of the image, so every item that uses it is named."""
    return [
        Diagnostic(u.where, _("{context}: {image}: {message}", context=u.context,
                              image=request.rel, message=message), severity)
        for u in request.uses
    ]


def _planned(
    request: ImageRequest, digest: str, header: Header, entry: dict, settings: ImageSettings
) -> PlannedImage:
    """The planned derivatives of one source: every format at every width, ascending."""
    width, height = header.size
    derivatives = []
    for w in derivative_widths(width, height, settings.all_widths()):
        h = max(1, round(height * w / width))
        for fmt in settings.formats:
            name = _name(digest, w, fmt, settings, header.alpha)
            key = _cache_key(digest, name, fmt, settings, header.alpha, entry.get("copyright"))
            derivatives.append(Derivative(name, w, h, fmt, MIME[fmt], key))
    return PlannedImage(
        rel=request.rel,
        source=request.source,
        digest=digest,
        width=width,
        height=height,
        derivatives=tuple(derivatives),
        alpha=header.alpha,
        uses=request.uses,
        format=header.format,
    )


def _name(digest: str, width: int, fmt: str, settings: ImageSettings, alpha: bool) -> str:
    """The public name: content hash and the derivative's parameters, not the tool's version."""
    quality = "" if fmt == "png" else f"-q{settings.quality_for(fmt)}"
    flat = f"-b{settings.background[1:]}" if alpha and fmt not in ALPHA_FORMATS else ""
    return f"media/{digest[:16]}-w{width}{quality}{flat}-e{ENCODER_REVISION}.{EXTENSION[fmt]}"


def _cache_key(
    digest: str, name: str, fmt: str, settings: ImageSettings, alpha: bool, copyright_: bool
) -> str:
    """Everything that makes a derivative's bytes: the source, the parameters, the image code's
    revision (in the name) and the engine with its version, never Kórme's release number."""
    data = {
        "engine": pillow_engine(fmt),
        "digest": digest,
        "name": name,
        "encoder": ENCODER_PARAMS[fmt],
        "background": settings.background if alpha and fmt not in ALPHA_FORMATS else None,
        "keep_copyright": bool(copyright_ and settings.keep_copyright),
    }
    blob = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()
