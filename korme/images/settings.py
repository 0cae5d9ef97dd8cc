"""Image pipeline settings (site.yaml ``images:``) and the encoder parameters behind each format.

Defaults were chosen by measurement on scan-like pages (``bench/RESULTS.md``): AVIF quality 55
at speed 8 is at or above the SSIM of JPEG quality 80 at every width for 40-46 % of its bytes;
quality 50 fell just below JPEG's SSIM, speed 6 took 2.5-3x as long for a few % fewer bytes,
speed 10 needed 20 % more bytes. WebP at equal SSIM was larger than AVIF at 960 px and above.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from korme.l10n import Text, _

SUPPORTED_FORMATS: tuple[str, ...] = ("avif", "webp", "jpeg", "png")
"""Output formats the pipeline can write. JPEG and PNG are fallbacks; AVIF and WebP are modern."""

ALPHA_FORMATS: frozenset[str] = frozenset({"avif", "webp", "png"})
"""Formats that keep transparency; JPEG output of an alpha source is flattened on ``background``."""

MIME: dict[str, str] = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

EXTENSION: dict[str, str] = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}

ENCODER_REVISION = 1
"""Bump when encoder parameters or the pixel pipeline change output; it is part of every name."""

ENCODER_PARAMS: dict[str, dict[str, Any]] = {
    # speed 8 (see the module docstring); one thread per worker process because the pool
    # already uses every core. Chroma 4:2:0, or 4:0:0 for greyscale (Pillow's defaults).
    # libaom's TPL model changes no byte of a still image here but allocates ~10 MB: off.
    "avif": {"speed": 8, "max_threads": 1, "advanced": {"enable-tpl-model": "0"}},
    "webp": {"method": 4},
    "jpeg": {"optimize": True, "progressive": True, "subsampling": "4:2:0"},
    "png": {"optimize": False, "compress_level": 6},
}
"""Keyword arguments passed to ``Image.save`` besides ``quality``; part of every cache key."""

DEFAULT_QUALITY: dict[str, int] = {"avif": 55, "webp": 75, "jpeg": 80, "png": 0}


def _frozen_quality(value: Mapping[str, int] | tuple[tuple[str, int], ...]) -> tuple:
    """Quality as a sorted tuple of ``(format, quality)`` pairs (hashable, picklable)."""
    pairs = dict(value.items() if isinstance(value, Mapping) else value)
    return tuple(sorted((str(k).lower(), int(v)) for k, v in pairs.items()))


@dataclass(frozen=True)
class ImageSettings:
    """How derivatives are made; every field has a default so site.yaml may override any subset.

    ``quality`` may be given as a mapping (``{"avif": 50, "jpeg": 80}``); it is stored as sorted
    pairs so the settings stay hashable. Formats missing from it use :data:`DEFAULT_QUALITY`.
    """

    widths: tuple[int, ...] = (480, 960, 1600, 2400)
    # the smallest width, for thumbnails (a timeline's 3rem, a filmstrip's 5rem); its doublings
    # below the smallest of ``widths`` are made too (64, 128, 256), for sharp screens; 0: none
    thumbnail: int = 64
    formats: tuple[str, ...] = ("avif", "jpeg")  # modern first, fallback last
    quality: tuple[tuple[str, int], ...] = field(
        default_factory=lambda: _frozen_quality({"avif": 55, "jpeg": 80})
    )
    zoom: bool | int = True  # deep-zoom tiles; a number: only above that many px (IIIF stage)
    max_pixels: int = 150_000_000  # per image, checked from the header before decoding
    background: str = "#f7f4ee"  # JPEG flattening colour for transparent sources
    keep_copyright: bool = False  # keep EXIF Artist and Copyright in derivatives
    workers: int = 0  # 0: one per available core
    cluster: str | None = None  # a Dask scheduler's address: the jobs run there, not in a pool
    cache: str | None = None  # a shared cache the workers write into: a folder or an fsspec URL

    def __post_init__(self) -> None:
        """Normalise lists and mappings; invalid values are kept for :meth:`problems`."""
        set_ = object.__setattr__
        set_(self, "formats", tuple(str(f).lower() for f in self.formats))
        try:
            set_(self, "widths", tuple(sorted({int(w) for w in self.widths})))
            set_(self, "quality", _frozen_quality(self.quality))
            set_(self, "background", normalise_colour(self.background))
        except (TypeError, ValueError):
            pass  # reported by problems()

    def all_widths(self) -> tuple[int, ...]:
        """``widths`` and, below the smallest of them, ``thumbnail`` and its doublings."""
        t = self.thumbnail
        if not t or not self.widths or t < 16:
            return self.widths
        small, top = [], min(self.widths)
        while t < top:
            small.append(t)
            t *= 2
        return tuple(sorted({*self.widths, *small}))

    def quality_for(self, fmt: str) -> int:
        """The encoder quality of one format."""
        return dict(self.quality).get(fmt, DEFAULT_QUALITY.get(fmt, 80))

    def problems(self) -> list[Text]:
        """What is wrong with these settings (empty when valid), for site.yaml diagnostics."""
        out = []
        try:
            normalise_colour(self.background)
        except ValueError:
            out.append(_("background: expected a colour like #f7f4ee, got '{value}'",
                         value=self.background))
        try:
            _frozen_quality(self.quality)
            widths = [int(w) for w in self.widths]
        except (TypeError, ValueError):
            return [*out, _("widths and quality: expected whole numbers")]
        if not widths or any(w < 16 or w > 16384 for w in widths):
            out.append(_("widths: expected a list of widths between 16 and 16384"))
        if isinstance(self.thumbnail, bool) or not isinstance(self.thumbnail, int) or \
                (self.thumbnail and not 16 <= self.thumbnail <= 16384):
            out.append(_("thumbnail: expected a width between 16 and 16384, or 0 for none"))
        unknown = [f for f in self.formats if f not in SUPPORTED_FORMATS]
        if unknown:
            out.append(_("formats: unknown {unknown}; expected one of {known}",
                         unknown=", ".join(unknown), known=", ".join(SUPPORTED_FORMATS)))
        if not self.formats or self.formats[-1] not in ("jpeg", "png"):
            out.append(_("formats: the last format must be a fallback (jpeg or png)"))
        if len(set(self.formats)) != len(self.formats):
            out.append(_("formats: listed twice"))
        if any(not 0 <= q <= 100 for _f, q in self.quality):
            out.append(_("quality: expected 0 to 100"))
        if self.zoom is not True and self.zoom is not False and not 1 <= self.zoom <= 10**6:
            out.append(_("zoom: expected true, false or a size in pixels"))
        if self.max_pixels < 1:
            out.append(_("max_pixels: expected a positive number"))
        if self.workers < 0:
            out.append(_("workers: expected 0 (all cores) or a positive number"))
        return out

    def settings_key(self) -> str:
        """A stable hash of everything that affects outputs (where they are made does not)."""
        data = asdict(self)
        for where in ("workers", "cluster", "cache"):
            data.pop(where)
        data["revision"] = ENCODER_REVISION
        data["encoders"] = ENCODER_PARAMS
        blob = json.dumps(data, sort_keys=True, default=list).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def run_where(settings: ImageSettings, root: Path, cluster: str | None,
              cache: str | None) -> ImageSettings:
    """The settings with the command line's ``--cluster`` and ``--image-cache`` over site.yaml's.

    A cache folder given in site.yaml is relative to the site, one on the command line to the
    working folder; a URL (``s3://…``) is kept as it is.
    """
    if cache:
        cache = cache if "://" in cache else str(Path(cache).resolve())
    elif settings.cache and "://" not in settings.cache:
        cache = str((root / settings.cache).resolve())
    return replace(settings, cluster=cluster or settings.cluster, cache=cache or settings.cache)


def normalise_colour(colour: str) -> str:
    """``#abc`` or ``#aabbcc`` (any case) as ``#aabbcc``; anything else raises ``ValueError``."""
    text = str(colour).strip().lower()
    digits = text[1:] if text.startswith("#") else text
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6 or any(c not in "0123456789abcdef" for c in digits):
        raise ValueError(_("background: expected a colour like #f7f4ee, got '{value}'",
                           value=colour))
    return "#" + digits


def settings_key(settings: ImageSettings) -> str:
    """Module-level alias of :meth:`ImageSettings.settings_key`."""
    return settings.settings_key()


DEFAULT_SETTINGS = ImageSettings()
