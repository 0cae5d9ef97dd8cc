"""Opening source images safely: known formats only, our own pixel limit, errors as text.

Pillow's ``Image.open`` applies its process-wide ``MAX_IMAGE_PIXELS`` check; we never change
that global. Instead the plugin factories are called directly, the size is checked against the
site's own limit from the header, and Pillow's bomb warnings and errors become messages.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import (
    Image,
    ImageFile,
    Jpeg2KImagePlugin,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    WebPImagePlugin,
)

from korme.l10n import _

SOURCE_FORMATS: dict[str, tuple] = {
    "JPEG": (JpegImagePlugin.jpeg_factory, JpegImagePlugin._accept),
    "PNG": (PngImagePlugin.PngImageFile, PngImagePlugin._accept),
    "TIFF": (TiffImagePlugin.TiffImageFile, TiffImagePlugin._accept),
    "WEBP": (WebPImagePlugin.WebPImageFile, WebPImagePlugin._accept),
    "JPEG2000": (Jpeg2KImagePlugin.Jpeg2KImageFile, Jpeg2KImagePlugin._accept),
}
"""Formats accepted as sources, with Pillow's factory and signature test for each."""

ORIENTATION_TAG = 0x0112
TRANSPARENT_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})


class SourceError(Exception):
    """A source image cannot be used; the message says why, for a content diagnostic."""


@dataclass(frozen=True)
class Header:
    """What the header says: stored size, display size, and what the decoder will need."""

    format: str
    mode: str
    stored: tuple[int, int]  # as stored in the file
    orientation: int  # EXIF orientation 1..8
    alpha: bool
    frames: int

    @property
    def size(self) -> tuple[int, int]:
        """Display size, after EXIF orientation."""
        w, h = self.stored
        return (h, w) if self.orientation in (5, 6, 7, 8) else (w, h)


@contextmanager
def quiet_pillow() -> Iterator[None]:
    """Silence Pillow's bomb and damaged-tag warnings; our own checks report instead.

    Warning filters are process-wide: enter this once around any threads, not inside them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)
        yield


def open_source(path: Path) -> ImageFile.ImageFile:
    """Open ``path`` lazily as one of :data:`SOURCE_FORMATS`, without Pillow's global limit."""
    try:
        fp = open(path, "rb")  # noqa: SIM115 - the image owns the file from here on
    except FileNotFoundError as e:
        raise SourceError(_("file not found")) from e
    except OSError as e:
        raise SourceError(_("cannot read: {error}", error=e.strerror or str(e))) from e
    kind = "image"
    try:
        prefix = fp.read(16)
        for name, (factory, accept) in SOURCE_FORMATS.items():
            if not accept(prefix):
                continue
            kind = name
            fp.seek(0)
            im = factory(fp, str(path))
            im._exclusive_fp = True  # close the file with the image
            return im
    except Image.DecompressionBombError as e:
        fp.close()
        raise SourceError(_("too large for Pillow's decoder ({error})", error=str(e))) from e
    except Exception as e:  # Pillow's parsers raise many kinds of errors on damaged headers
        fp.close()
        raise SourceError(_("not a readable {kind} image ({error})", kind=kind,
                            error=str(e) or type(e).__name__)) from e
    fp.close()
    raise SourceError(_("not a supported image (expected JPEG, PNG, WebP, TIFF or JPEG 2000)"))


def header_exif(im: ImageFile.ImageFile) -> Image.Exif:
    """The EXIF found in the header, without decoding (Pillow's PNG ``getexif`` loads pixels)."""
    if im.format != "PNG":
        try:
            return im.getexif()
        except Exception:  # a broken EXIF block is not worth failing the image for
            return Image.Exif()
    exif = Image.Exif()
    raw = im.info.get("exif")
    if isinstance(raw, bytes):
        try:
            exif.load(raw)
        except Exception:
            return Image.Exif()
    return exif


def read_header(im: ImageFile.ImageFile) -> Header:
    """The header facts of an opened (not loaded) image."""
    try:
        orientation = int(header_exif(im).get(ORIENTATION_TAG, 1) or 1)
    except (TypeError, ValueError):
        orientation = 1
    if orientation not in range(1, 9):
        orientation = 1
    alpha = im.mode in TRANSPARENT_MODES or "transparency" in im.info
    frames = int(getattr(im, "n_frames", 1) or 1) if im.format == "TIFF" else 1
    stored = im.size
    tile_size = getattr(im, "_tile_size", None)  # Pillow ≥ 11 reports a TIFF's display size
    if im.format == "TIFF" and tile_size and orientation in (5, 6, 7, 8):
        stored = (int(tile_size[0]), int(tile_size[1]))
    return Header(im.format or "", im.mode, stored, orientation, alpha, frames)


def oriented_by_decoder(im: ImageFile.ImageFile, orientation: int) -> bool:
    """Whether loading already applied the EXIF orientation (Pillow does so for TIFF)."""
    tags = getattr(im, "tag_v2", None)
    return (
        orientation != 1
        and im.format == "TIFF"
        and tags is not None
        and ORIENTATION_TAG not in tags
    )


def check_size(header: Header, max_pixels: int) -> None:
    """Refuse an image whose header declares more pixels than allowed, before any decoding."""
    w, h = header.stored
    if w < 1 or h < 1:
        raise SourceError(_("declares an empty size {width}×{height}", width=w, height=h))
    if w * h > max_pixels:
        raise SourceError(_("{width}×{height} is {pixels} pixels, over the limit of {limit} "
                            "(images.max_pixels in site.yaml)", width=w, height=h,
                            pixels=f"{w * h:,}", limit=f"{max_pixels:,}"))
