"""Pixel fidelity: any source mode to 8-bit sRGB, orientation, alpha, metadata, placeholder.

Every function takes and returns a Pillow image and never touches files; :mod:`render` calls
them in the order: decode → :func:`to_working` → resize → :func:`orient` → :func:`to_srgb`.
Colour conversion runs after the first (largest) resize, on far fewer pixels.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageCms

from korme.l10n import _

TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
KEPT_TAGS = (0x013B, 0x8298)  # EXIF Artist, Copyright
WORKING_MODES = frozenset({"L", "LA", "RGB", "RGBA", "CMYK"})


class PixelError(Exception):
    """The decoded pixels cannot be turned into a web image (unsupported mode, bad profile)."""


def to_working(im: Image.Image) -> Image.Image:
    """The decoded image as 8-bit L, LA, RGB, RGBA or CMYK (transparency made an alpha band)."""
    mode = im.mode
    has_trns = "transparency" in im.info
    if mode in ("P", "PA"):
        return im.convert("RGBA" if has_trns or mode == "PA" else "RGB")
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I;16") or mode in ("I", "F"):
        out = _scale_to_8bit(im)
        return out.convert("LA") if has_trns else out
    if mode in ("La", "RGBa"):
        return im.convert(mode.replace("a", "A"))
    if mode in ("RGBX", "YCbCr", "HSV"):
        return im.convert("RGB")
    if mode == "LAB":
        lab = ImageCms.createProfile("LAB")
        return ImageCms.profileToProfile(im, lab, _srgb(), outputMode="RGB")
    if mode in ("L", "RGB") and has_trns:
        return im.convert(mode + "A")
    if mode in WORKING_MODES:
        return im
    raise PixelError(_("unsupported pixel mode {mode}", mode=mode))


def _scale_to_8bit(im: Image.Image) -> Image.Image:
    """16-bit or 32-bit greyscale to 8-bit, keeping the full range (not clipping at 255)."""
    if im.mode == "F":
        hi = im.getextrema()[1]
        top = 255.0 if hi > 1.0 else 1.0
        return im.point(lambda v: v * (255.0 / top)).convert("L")
    i32 = im if im.mode == "I" else im.convert("I")
    top = 65535 if im.mode.startswith("I;16") or i32.getextrema()[1] > 255 else 255
    return i32.point(lambda v: v * (255.0 / top)).convert("L")


def orient(im: Image.Image, orientation: int) -> Image.Image:
    """Apply an EXIF orientation so the image is upright."""
    method = TRANSPOSE.get(orientation)
    return im.transpose(method) if method is not None else im


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def is_srgb(icc: bytes) -> bool:
    """Whether an embedded profile is (a variant of) sRGB, so no conversion is needed."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        desc = ImageCms.getProfileDescription(profile).lower()
    except (OSError, ImageCms.PyCMSError):
        return False
    return "srgb" in desc or "iec61966-2" in desc.replace(" ", "").replace(".", "-")


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to sRGB through the embedded profile; without one, CMYK is converted naively.

    Returns L, LA, RGB or RGBA. The alpha band is carried round the colour transform.
    """
    alpha = im.getchannel("A") if im.mode in ("LA", "RGBA") else None
    base = im.convert(im.mode[:-1]) if alpha is not None else im
    if icc and not is_srgb(icc):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGB"
            base = ImageCms.profileToProfile(
                base,
                source,
                _srgb(),
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                outputMode=out_mode,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
            )
            if im.mode in ("L", "LA"):
                base = base.convert("L")  # grey stays grey: R = G = B after the transform
        except (OSError, ImageCms.PyCMSError, ValueError) as e:
            raise PixelError(_("cannot apply its embedded colour profile ({error})", error=str(e))
                             ) from e
    if base.mode == "CMYK":
        base = base.convert("RGB")
    if alpha is None:
        return base
    if alpha.getextrema() == (255, 255):
        return base  # transparency declared but unused: cheaper to encode opaque
    base.putalpha(alpha)
    return base


def flatten(im: Image.Image, background: str) -> Image.Image:
    """Composite a transparent image onto ``background`` (``#rrggbb``) for JPEG."""
    if im.mode not in ("LA", "RGBA"):
        return im
    rgba = im.convert("RGBA")
    canvas = Image.new("RGB", im.size, background)
    canvas.paste(rgba, mask=rgba.getchannel("A"))
    return canvas


def kept_exif(source_exif: Image.Exif | None, keep_copyright: bool) -> bytes:
    """EXIF for derivatives: nothing, or only Artist and Copyright when asked to keep them."""
    if not keep_copyright or source_exif is None:
        return b""
    exif = Image.Exif()
    for tag in KEPT_TAGS:
        value = source_exif.get(tag)
        if value:
            exif[tag] = value
    return exif.tobytes() if len(exif) else b""


def dominant_colour(im: Image.Image, background: str) -> str:
    """The most common of a few colours of a tiny copy, as ``#rrggbb`` (a loading placeholder).

    A transparent image's is ``background``: the placeholder stays behind the picture once it
    has loaded, and its AVIF and WebP keep their transparency, so they are shown on the colour
    its JPEG is flattened on (a dark seal on a transparent ground would otherwise be shown on
    its own dark colour)."""
    if im.mode in ("LA", "RGBA") and im.getchannel("A").getextrema()[0] < 255:
        return background.lower()
    small = flatten(im, background).convert("RGB")
    small.thumbnail((48, 48), Image.Resampling.BOX)
    quant = small.quantize(colors=4, method=Image.Quantize.MEDIANCUT)
    index = max(quant.getcolors() or [(1, 0)])[1]
    palette = quant.getpalette() or [0, 0, 0]
    r, g, b = palette[3 * index : 3 * index + 3]
    return f"#{r:02x}{g:02x}{b:02x}"
