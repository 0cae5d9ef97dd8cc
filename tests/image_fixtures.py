"""Tiny, hand-made image fixtures for the image pipeline tests (no binary files in the repo).

Pillow writes most of them; the few it cannot (a 16-bit RGB TIFF, an Adobe RGB ICC profile, a
PNG whose header declares 40000×40000) are assembled here byte by byte.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image

from korme.errors import Position
from korme.images import ImageRequest, ImageUse
from korme.images.pixels import TRANSPOSE

RED, BLUE, WHITE = (220, 30, 30), (30, 30, 220), (255, 255, 255)
UNDO = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}  # the rest are involutions

# Adobe RGB (1998): primaries adapted to D50 as in Adobe's profile, gamma 563/256.
ADOBE_RGB_XYZ = (
    (0.60974, 0.31111, 0.01947),
    (0.20528, 0.62567, 0.06087),
    (0.14919, 0.06322, 0.74457),
)
ADOBE_GAMMA = 563 / 256
D50 = (0.9642, 1.0, 0.8249)


def request(path: Path, root: Path, item: str = "ms-1") -> ImageRequest:
    """A request with one use, as the content stage would make it."""
    rel = path.relative_to(root).as_posix()
    use = ImageUse(Position("exhibitions/x/items.yaml", 7, 11), f"item '{item}': images[0].file")
    return ImageRequest(source=path, rel=rel, uses=(use,))


def upright(size: tuple[int, int] = (48, 32)) -> Image.Image:
    """White with a red top-left and a blue top-right corner: any wrong turn shows."""
    im = Image.new("RGB", size, WHITE)
    w, h = size
    im.paste(RED, (0, 0, w // 3, h // 3))
    im.paste(BLUE, (w - w // 3, 0, w, h // 3))
    return im


def oriented_jpeg(path: Path, orientation: int) -> Path:
    """A JPEG stored turned so that applying ``orientation`` shows :func:`upright`."""
    stored = upright()
    undo = UNDO.get(orientation, TRANSPOSE.get(orientation))
    if undo is not None:
        stored = stored.transpose(undo)
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, quality=95, exif=exif)
    return path


def rgb16_tiff(path: Path, size: tuple[int, int], rgb16: tuple[int, int, int]) -> Path:
    """An uncompressed 48-bit RGB TIFF filled with one 16-bit colour."""
    w, h = size
    data = struct.pack("<3H", *rgb16) * (w * h)
    bits_at, data_at = 8, 16
    entries = [
        (256, 3, 1, w),
        (257, 3, 1, h),
        (258, 3, 3, bits_at),
        (259, 3, 1, 1),
        (262, 3, 1, 2),
        (273, 4, 1, data_at),
        (277, 3, 1, 3),
        (278, 3, 1, h),
        (279, 4, 1, len(data)),
        (284, 3, 1, 1),
    ]
    ifd_at = data_at + len(data)
    head = b"II*\x00" + struct.pack("<I", ifd_at) + struct.pack("<3H", 16, 16, 16) + b"\0\0"
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        packed = struct.pack("<H", value) + b"\0\0" if typ == 3 and count == 1 else None
        ifd += struct.pack("<HHI", tag, typ, count) + (packed or struct.pack("<I", value))
    ifd += struct.pack("<I", 0)
    path.write_bytes(head + data + ifd)
    return path


def huge_png(path: Path, size: tuple[int, int] = (40000, 40000)) -> Path:
    """A small file whose PNG header declares a huge image (a decompression bomb's shape)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", *size, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def adobe_rgb_profile() -> bytes:
    """A minimal ICC v2 matrix/TRC profile of Adobe RGB (1998)."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(v: tuple[float, float, float]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(s15(c) for c in v)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(ADOBE_GAMMA * 256)) + b"\0\0"
    text = b"Adobe RGB (1998) test"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text) + 1) + text + b"\0"
    desc += b"\0" * 8 + b"\0\0\0" + b"\0" * 67
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(D50)),
        (b"rXYZ", xyz(ADOBE_RGB_XYZ[0])),
        (b"gXYZ", xyz(ADOBE_RGB_XYZ[1])),
        (b"bXYZ", xyz(ADOBE_RGB_XYZ[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0no copyright\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = struct.pack(">I", size) + b"\0" * 4 + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
    header += b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
    header += b"".join(s15(c) for c in D50) + b"\0" * 48
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def adobe_to_srgb(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """The expected sRGB value of an Adobe RGB colour (matrix maths, independent of LittleCMS)."""
    lin = [(c / 255) ** ADOBE_GAMMA for c in rgb]
    x = [sum(lin[i] * ADOBE_RGB_XYZ[i][k] for i in range(3)) for k in range(3)]
    # XYZ (D50) to linear sRGB: the inverse of sRGB's D50-adapted primaries.
    m = (
        (3.1338561, -1.6168667, -0.4906146),
        (-0.9787684, 1.9161415, 0.0334540),
        (0.0719453, -0.2289914, 1.4052427),
    )
    out = []
    for row in m:
        v = min(1.0, max(0.0, sum(a * b for a, b in zip(row, x, strict=True))))
        v = 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
        out.append(round(v * 255))
    return (out[0], out[1], out[2])
