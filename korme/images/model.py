"""The image stage's data: what content asks for, what the plan promises, what the workers made.

Everything here is a frozen dataclass of plain values so that it pickles cheaply into the
process pool and can be compared in tests. Names and sizes are known from the plan, before any
pixel is touched; pixels are made by :mod:`korme.images.make`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from korme.errors import Diagnostic, Position
from korme.l10n import Text


@dataclass(frozen=True)
class ImageUse:
    """One reference to a source image from content (for error messages)."""

    where: Position  # the position of the `file:` field (or the cover path)
    context: str | Text  # e.g. "item 'ms-0142': images[0].file"


@dataclass(frozen=True)
class ImageRequest:
    """A source image the site needs, with every place that uses it."""

    source: Path  # absolute path, already checked to lie inside the site folder
    rel: str  # site-relative POSIX path, used in messages
    uses: tuple[ImageUse, ...]


@dataclass(frozen=True)
class Derivative:
    """One output file: a width of a source in one format."""

    path: str  # output-relative POSIX path, e.g. "media/3fa2c9e1b0d4a5f6-w960-q55-e1.avif"
    width: int
    height: int
    format: str  # "avif", "webp", "jpeg" or "png"
    mime: str  # e.g. "image/avif"
    cache_key: str = ""  # hash of everything that makes these bytes, incl. the engine's version


@dataclass(frozen=True)
class PlannedImage:
    """A source image and every derivative the build will publish for it."""

    rel: str
    source: Path
    digest: str  # hex digest of the source bytes
    width: int  # display width, after EXIF orientation
    height: int
    derivatives: tuple[Derivative, ...]  # ascending width; every format at every width
    alpha: bool = False  # the source has transparency (kept in AVIF/WebP/PNG)
    uses: tuple[ImageUse, ...] = ()  # where content uses it (for errors found while decoding)
    format: str = ""  # the source's format as Pillow names it ("JPEG", "TIFF", …)

    @cached_property
    def _by_format(self) -> dict[str, tuple[Derivative, ...]]:
        groups: dict[str, list[Derivative]] = {}
        for d in self.derivatives:
            groups.setdefault(d.format, []).append(d)
        return {fmt: tuple(ds) for fmt, ds in groups.items()}

    def by_format(self, fmt: str) -> tuple[Derivative, ...]:
        """The derivatives of one format, ascending width."""
        return self._by_format.get(fmt, ())

    @cached_property
    def formats(self) -> tuple[str, ...]:
        """The formats present, in the order of the settings (modern first, fallback last)."""
        return tuple(self._by_format)

    @cached_property
    def fallback(self) -> tuple[Derivative, ...]:
        """The derivatives of the fallback format (the last one: JPEG, or PNG for alpha)."""
        return self.by_format(self.formats[-1])

    @property
    def largest(self) -> Derivative:
        """The largest fallback derivative (what a visitor downloads)."""
        return self.fallback[-1]


@dataclass(frozen=True)
class ImagePlan:
    """The plan for the whole site: images by site-relative path, and header problems."""

    images: dict[str, PlannedImage] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class ImageResults:
    """What the workers made: a placeholder colour per image, problems, and how much was decoded."""

    placeholders: dict[str, str] = field(default_factory=dict)  # rel -> "#rrggbb"
    diagnostics: tuple[Diagnostic, ...] = ()
    decoded: int = 0  # number of source images decoded in this build
    peak_worker_kb: int = 0  # largest peak resident memory of a worker (0 when none ran)
    cpu_seconds: float = 0.0  # processor time the workers spent on this build's images
