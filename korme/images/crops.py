"""Still crops of image regions: region figures (``::item ID N region=…``) and story steps.

A crop is planned like any derivative: its names and sizes are known before a pixel is touched
(from the source's digest and header and the region), its bytes are a pure function of the
source's bytes and the image settings, and it is kept in ``<cache>/crops/`` under a name that
holds its cache key. Each crop is a :class:`PlannedImage` of its own, keyed by
:func:`crop_key` (``<rel>#xywh=x,y,w,h``), so pages show it with the same ``<picture>`` code as
any image. A region outside its image is reported here (the plan knows the image's size), at
the line that names it, with the nearest region that fits.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from PIL import Image

from korme.errors import Position, Report
from korme.images import pixels, store
from korme.images.engines import pillow_engine
from korme.images.model import Derivative, PlannedImage
from korme.images.plan import derivative_widths
from korme.images.render import PIL_FORMAT
from korme.images.settings import (
    ALPHA_FORMATS,
    ENCODER_PARAMS,
    ENCODER_REVISION,
    EXTENSION,
    MIME,
    ImageSettings,
)
from korme.images.source import open_source, oriented_by_decoder, quiet_pillow, read_header
from korme.l10n import Text, _
from korme.markdown.directives import Region
from korme.markdown.refs import scan
from korme.model import Site
from korme.outputs import Output
from korme.partner_keys import is_partner

CROP_WIDTHS = (480, 960, 1440)  # a crop is shown at most as wide as the text column, twice
Box = tuple[int, int, int, int]


def crop_key(rel: str, box: Box) -> str:
    """The images mapping's key of a crop of the source ``rel``."""
    return f"{rel}#xywh={','.join(map(str, box))}"


def crops_dir(cache_dir: Path) -> Path:
    return cache_dir / "crops"


def _regions(site: Site) -> Iterator[tuple[str, Region, Position, str]]:
    """Every region a section's ``::item``/``::focus`` line names: (source rel, region,
    position of the region, context)."""
    for ex in site.exhibitions:
        for sec in ex.sections:
            for doc in sec.files.values():
                for ref in scan(doc.body):
                    if ref.kind != "figure" or ref.region is None or ref.directive == "compare":
                        continue
                    item = ex.item(ref.target)
                    if item is None or not 1 <= ref.image <= len(item.images):
                        continue  # reported by validation
                    pos = Position(doc.path, doc.body_line + ref.line - 1, ref.region_column)
                    yield (item.images[ref.image - 1].rel, ref.region, pos,
                           f"section '{sec.slug}': '{ref.target}' image {ref.image}")


# a partner's image's region (korme.partners.crops): the crop as planned, or why it failed
PartnerCrop = Callable[[PlannedImage, Box], "PlannedImage | Text"]


def plan_crops(site: Site, images: Mapping[str, PlannedImage], settings: ImageSettings,
               report: Report, partner: PartnerCrop | None = None) -> dict[str, PlannedImage]:
    """Every crop the sections ask for, by :func:`crop_key`; regions outside their image are
    errors naming the nearest region inside it. A partner's image is cropped by ``partner``
    (its region URL, or a crop made from a size it serves), never from a local file."""
    crops: dict[str, PlannedImage] = {}
    for rel, box, pos, context in check_regions(
            site, lambda rel: (images[rel].width, images[rel].height) if rel in images else None,
            report):
        key = crop_key(rel, box)
        if key in crops:
            continue
        if not is_partner(rel):
            crops[key] = _planned(images[rel], box, settings)
        elif partner is not None:
            made = partner(images[rel], box)
            if isinstance(made, PlannedImage):
                crops[key] = made
            else:
                report.error(pos, _("{context}: cannot make a crop: {problem}",
                                    context=context, problem=made))
    return crops


def check_regions(site: Site, size: Callable[[str], tuple[int, int] | None],
                  report: Report) -> list[tuple[str, Box, Position, str]]:
    """The regions the sections name that lie inside their images, as (source, box, where,
    context); the others are reported. ``size``: an image's display size, ``None`` when it
    failed."""
    out = []
    for rel, region, pos, context in _regions(site):
        wh = size(rel)
        if wh is None:
            continue  # the image failed: reported by the image stage
        box = region.box(*wh)
        if not region.inside(*wh):
            report.error(pos, _(
                "{context}: region={region} lies outside the image ({width} × {height} px); "
                "the nearest region inside it is region={nearest}", context=context,
                region=str(region), width=wh[0], height=wh[1], nearest=",".join(map(str, box))))
            continue
        out.append((rel, box, pos, context))
    return out


def source_size(site_root: Path, rel: str) -> tuple[int, int] | None:
    """A source image's display size from its header (``korme check``), ``None`` if unreadable."""
    try:
        with quiet_pillow(), open_source(site_root / rel) as im:
            return read_header(im).size
    except Exception:  # reported by the checks of the image files
        return None


def _planned(source: PlannedImage, box: Box, settings: ImageSettings) -> PlannedImage:
    """A crop's derivatives: every format at each width up to the crop's own, never enlarged."""
    x, y, w, h = box
    derivatives = []
    for width in derivative_widths(w, h, CROP_WIDTHS):
        height = max(1, round(h * width / w))
        for fmt in settings.formats:
            quality = "" if fmt == "png" else f"-q{settings.quality_for(fmt)}"
            flat = f"-b{settings.background[1:]}" if source.alpha and fmt not in ALPHA_FORMATS \
                else ""
            name = (f"media/{source.digest[:16]}-r{x}-{y}-{w}-{h}-w{width}{quality}{flat}"
                    f"-e{ENCODER_REVISION}.{EXTENSION[fmt]}")
            key = hashlib.sha256(json.dumps({
                "engine": pillow_engine(fmt), "digest": source.digest, "name": name,
                "encoder": ENCODER_PARAMS[fmt]}, sort_keys=True).encode()).hexdigest()
            derivatives.append(Derivative(name, width, height, fmt, MIME[fmt], key))
    ident = hashlib.sha256(f"{source.digest}:{box}".encode()).hexdigest()
    return PlannedImage(crop_key(source.rel, box), source.source, ident, w, h,
                        tuple(derivatives), source.alpha, source.uses, source.format)


def cached(cache_dir: Path, d: Derivative) -> Path:
    """A crop derivative's cache file: its public name with its cache key."""
    name = PurePosixPath(d.path)
    return crops_dir(cache_dir) / f"{name.stem}.{d.cache_key[:16]}{name.suffix}"


def make_crops(crops: Mapping[str, PlannedImage], settings: ImageSettings, cache_dir: Path,
               report: Report) -> None:
    """Make every crop missing from the cache (one decode per source image)."""
    by_source: dict[Path, list[PlannedImage]] = {}
    for crop in crops.values():
        if is_partner(crop.rel):
            continue  # made from the partner's pixels (korme.partners.crops)
        if not all(cached(cache_dir, d).exists() for d in crop.derivatives):
            by_source.setdefault(crop.source, []).append(crop)
    if not by_source:
        return
    workers = max(1, min(len(by_source), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda group: _make(group, settings, cache_dir), by_source.values())
        for group, problem in zip(by_source.values(), results, strict=True):
            if problem:
                for use in group[0].uses:
                    report.error(use.where, _("{context}: cannot make a crop: {problem}",
                                              context=use.context, problem=problem))


def _make(group: list[PlannedImage], settings: ImageSettings, cache_dir: Path) -> str:
    """Decode a source once and write its crops; an error message, or empty."""
    try:
        with quiet_pillow(), open_source(group[0].source) as im:
            header = read_header(im)
            icc = im.info.get("icc_profile")
            im.load()
            orientation = 1 if oriented_by_decoder(im, header.orientation) else \
                header.orientation
            work = pixels.to_srgb(pixels.orient(pixels.to_working(im), orientation), icc)
        for crop in group:
            x, y, w, h = (int(v) for v in crop.rel.rsplit("=", 1)[1].split(","))
            part = work.crop((x, y, x + w, y + h))
            for d in crop.derivatives:
                sized = part if (d.width, d.height) == part.size else part.resize(
                    (d.width, d.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                store.write_atomic(cached(cache_dir, d), _encode(sized, d, settings))
    except Exception as e:  # a damaged source fails in many ways; never a traceback
        return str(e) or type(e).__name__
    return ""


def _encode(im: Image.Image, d: Derivative, settings: ImageSettings) -> bytes:
    if d.format not in ALPHA_FORMATS:
        im = pixels.flatten(im, settings.background)
    if d.format in ("webp", "avif") and im.mode in ("L", "LA"):
        im = im.convert("RGBA" if im.mode == "LA" else "RGB")
    params = dict(ENCODER_PARAMS[d.format])
    if d.format != "png":
        params["quality"] = settings.quality_for(d.format)
    buf = io.BytesIO()
    im.save(buf, format=PIL_FORMAT[d.format], **params)
    return buf.getvalue()


def crop_outputs(crops: Mapping[str, PlannedImage], cache_dir: Path) -> dict[str, Output]:
    """The crops' files in the site (linked from the cache)."""
    out = {}
    for crop in crops.values():
        if is_partner(crop.rel):
            continue  # the partner's URL, or a file korme.partners.crops publishes
        for d in crop.derivatives:
            path = cached(cache_dir, d)
            if path.exists():
                out[d.path] = Output("link", d.path, source=path)
    return out


def prune_crops(crops: Mapping[str, PlannedImage], cache_dir: Path) -> None:
    """Remove cached crops no longer planned (after a successful build)."""
    folder = crops_dir(cache_dir)
    if not folder.is_dir():
        return
    wanted = {cached(cache_dir, d).name for c in crops.values() for d in c.derivatives}
    for path in folder.iterdir():
        if path.name not in wanted:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
