"""Which code makes the pixels, named with its version: part of every cache key.

Derivatives are made by Pillow; deep-zoom tiles by libvips (``pyvips``) when it is installed and
can read the source's format, else by Pillow. A cache key names the engine and the versions that
shape the bytes (Pillow and the codec it uses, or libvips), never Kórme's release number: an
upgrade of Kórme that leaves the image code alone does not remake 100,000 scans, while a new
codec does. Workers compare the engine a job was planned for with their own and refuse a job
planned for another, so a cache shared by many machines never holds bytes under a wrong key.

``KORME_TILER`` (``pillow`` or ``libvips``; unset: libvips when installed) picks the tiler.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from importlib import metadata

import PIL
from PIL import features

from korme.l10n import Text, _

PILLOW_CODEC = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "zlib"}
"""The Pillow feature whose library encodes each output format."""

VIPS_LOADERS = {"JPEG": "jpegload", "PNG": "pngload", "TIFF": "tiffload", "WEBP": "webpload",
                "JPEG2000": "jp2kload"}
"""libvips's loader for each accepted source format (never libvips's own format sniffing)."""

TILERS = ("pillow", "libvips")


class EngineError(Exception):
    """The requested engine cannot be used here (not installed, or another version)."""

    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


@functools.cache
def pillow_engine(fmt: str) -> str:
    """Pillow and the codec library behind ``fmt``, e.g. ``pillow 13.0.0 jpg 6.2``."""
    codec = PILLOW_CODEC.get(fmt, fmt)
    return f"pillow {PIL.__version__} {codec} {features.version(codec) or '-'}"


@functools.cache
def vips_version() -> str | None:
    """The version of the libvips that pyvips loaded, or ``None`` without pyvips."""
    try:
        import pyvips
    except (ImportError, OSError):  # not installed, or its library failed to load
        return None
    return ".".join(str(pyvips.version(i)) for i in range(3))


@functools.cache
def vips_loads(source_format: str) -> bool:
    """Whether this libvips has a loader for a source format (``JPEG``, ``TIFF``, …)."""
    if vips_version() is None or source_format not in VIPS_LOADERS:
        return False
    import pyvips

    return bool(pyvips.type_find("VipsOperation", VIPS_LOADERS[source_format]))


def tiler_choice(environ: Mapping[str, str] | None = None) -> str:
    """``KORME_TILER``: ``pillow``, ``libvips`` or ``auto`` (unset or empty)."""
    value = (os.environ if environ is None else environ).get("KORME_TILER", "").strip().lower()
    return value or "auto"


def tile_engine(source_format: str, choice: str = "auto") -> str:
    """The engine that tiles a source of this format: ``libvips 8.18.7`` or Pillow's JPEG name.

    ``choice`` is :func:`tiler_choice`'s value; ``libvips`` without pyvips raises
    :class:`EngineError`. A format this libvips cannot read is tiled by Pillow.
    """
    if choice not in ("auto", *TILERS):
        raise EngineError(_("KORME_TILER={choice}: expected pillow or libvips", choice=choice))
    if choice == "libvips" and vips_version() is None:
        raise EngineError(_("KORME_TILER=libvips, but pyvips is not installed "
                            "(pip install 'korme[vips]')"))
    if choice != "pillow" and vips_loads(source_format):
        return f"libvips {vips_version()}"
    return pillow_engine("jpeg")


def check_engine(expected: str) -> None:
    """Raise :class:`EngineError` unless this process makes ``expected``'s bytes."""
    if expected.startswith("libvips "):
        here = f"libvips {vips_version()}" if vips_version() else "no libvips"
    else:
        fmt = next((f for f, c in PILLOW_CODEC.items() if f" {c} " in expected), "jpeg")
        here = pillow_engine(fmt)
    if here != expected:
        raise EngineError(_("this worker has {here}, the build expects {expected}",
                            here=here, expected=expected))


def engines_key() -> tuple[str, ...]:
    """Every engine this process would use, for the build state (a new one rebuilds).

    libvips is named by its Python packages' versions, read without loading it (a no-op
    rebuild stays fast); the pyramids' own keys carry the loaded library's version.
    """
    vips = []
    for package in ("pyvips", "pyvips-binary"):
        try:
            vips.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            vips.append(f"no {package}")
    return (*(pillow_engine(f) for f in sorted(PILLOW_CODEC)), *vips, tiler_choice())
