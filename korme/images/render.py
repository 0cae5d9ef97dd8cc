"""The worker's side: one job per source image, one decode, a resize chain, every format.

Jobs and results are small frozen dataclasses of plain values (paths as strings), so they pickle
cheaply into the process pool. Nothing here raises: every failure becomes a message.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from korme.images import pixels
from korme.images.engines import EngineError, check_engine
from korme.images.settings import ALPHA_FORMATS, ENCODER_PARAMS
from korme.images.source import (
    SourceError,
    check_size,
    header_exif,
    open_source,
    oriented_by_decoder,
    quiet_pillow,
    read_header,
)
from korme.images.store import write_atomic
from korme.l10n import Text, _, message_of

PIL_FORMAT = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
LANCZOS = Image.Resampling.LANCZOS
M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
MMAP_THRESHOLD = 256 * 1024


def prepare_worker() -> None:
    """Pool initializer: give freed image buffers back to the system at once.

    glibc raises its mmap threshold after large frees, so later decodes come from the heap and
    stay resident when freed; a worker's memory then creeps up with every image. A fixed
    threshold keeps it flat (measured: 164 MiB peak for 2, 6 or 12 images, against 165-194).
    Only worker processes call this; elsewhere (non-glibc systems) it does nothing.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


class OutputError(Exception):
    """A derivative could not be written to the cache (disk full, permissions)."""


@dataclass(frozen=True)
class Output:
    """One file to write: size, format, quality and the cache path."""

    width: int
    height: int
    format: str
    quality: int
    path: str


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to make one source's missing derivatives."""

    source: str
    digest: str
    outputs: tuple[Output, ...]
    background: str
    keep_copyright: bool
    max_pixels: int
    engines: tuple[str, ...] = ()  # engines.pillow_engine() of each format: checked by the worker
    placeholder_path: str = ""  # where the worker leaves the placeholder colour, last
    chain: tuple[tuple[int, int], ...] = ()  # every planned size: the resize chain always
    # passes through all of them, so a job making only some outputs (the rest cached) makes
    # the same bytes and placeholder as one making all


@dataclass(frozen=True)
class JobResult:
    """What one job did: placeholder colour, problems, whether it decoded, its cost."""

    digest: str
    placeholder: str | None = None
    errors: tuple[str | Text, ...] = ()
    decoded: bool = False
    cpu_seconds: float = 0.0
    peak_rss_kb: int = 0
    files: tuple[tuple[str, int], ...] = ()  # names and sizes written to a shared cache


def run(job: Job) -> JobResult:
    """Make a job's outputs; never raises (worker exceptions would be tracebacks)."""
    start = time.process_time()
    stage: list[str] = []
    try:
        for engine in job.engines:
            check_engine(engine)
        with quiet_pillow():
            placeholder = _make(job, stage)
        errors: tuple[str | Text, ...] = ()
    except EngineError as e:
        placeholder, errors = None, (e.message,)
    except (SourceError, pixels.PixelError, OutputError) as e:
        placeholder, errors = None, (message_of(e),)
    except Image.DecompressionBombError as e:
        placeholder, errors = None, (_("too large for Pillow's decoder ({error})", error=str(e)),)
    except MemoryError:
        placeholder, errors = None, (_("not enough memory to decode it"),)
    except Exception as e:  # a corrupt file can raise nearly anything inside a decoder
        placeholder, errors = None, (_("cannot decode: {error}", error=_describe(e)),)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time() - start
    return JobResult(job.digest, placeholder, errors, "decode" in stage, cpu, peak)


def _describe(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return text[0].lower() + text[1:] if text else text


def _make(job: Job, stage: list[str]) -> str:
    """Decode once, resize from the largest width down, encode every format; the placeholder."""
    widths = sorted({(o.width, o.height) for o in job.outputs} | set(job.chain), reverse=True)
    im = open_source(Path(job.source))
    try:
        header = read_header(im)
        check_size(header, job.max_pixels)
        exif = header_exif(im) if job.keep_copyright else None
        icc = im.info.get("icc_profile")
        swap = header.orientation in (5, 6, 7, 8)
        first = widths[0][::-1] if swap else widths[0]  # the largest, as stored
        box = _reduce_on_load(im, first)
        stage.append("decode")
        im.load()
        orientation = header.orientation
        if oriented_by_decoder(im, orientation):
            orientation, first = 1, widths[0]
        work = pixels.to_working(_cmyk_fixed(im))
        box = box or (0, 0, *work.size)
        if work.size != first or box != (0, 0, *work.size):
            work = work.resize(first, LANCZOS, box=box, reducing_gap=3.0)
        elif work is im:
            work = im.copy()  # the source is already the largest size: detach from the file
    finally:
        im.close()  # frees the full-size decode before encoding starts
    work = pixels.to_srgb(pixels.orient(work, orientation), icc)
    work.info = {}
    exif_bytes = pixels.kept_exif(exif, job.keep_copyright)
    current = work
    for size in widths:
        if current.size != size:
            current = current.resize(size, LANCZOS, reducing_gap=3.0)
        for out in (o for o in job.outputs if (o.width, o.height) == size):
            data = _encode(current, out, job.background, exif_bytes)
            try:
                write_atomic(Path(out.path), data)
            except OSError as e:
                raise OutputError(_("cannot write {path}: {error}", path=out.path,
                                    error=e.strerror or str(e))) from e
    return pixels.dominant_colour(current, job.background)


def _reduce_on_load(im: Image.Image, size: tuple[int, int]) -> tuple[float, ...] | None:
    """Decode at a reduced scale when the format allows (JPEG draft, JPEG 2000 levels)."""
    if im.format == "JPEG":
        result = im.draft(None, size)
        return tuple(result[1]) if result else None
    if im.format == "JPEG2000" and im.filename:
        usable = [
            level
            for level in range(1, _j2k_levels(Path(im.filename)) + 1)
            if all(n >> level >= want for n, want in zip(im.size, size, strict=True))
            and all(_pillow_rounds_like_openjpeg(n, level) for n in im.size)
        ]
        im.reduce = max(usable, default=0)  # type: ignore[method-assign,assignment]
    return None


def _pillow_rounds_like_openjpeg(n: int, level: int) -> bool:
    """Pillow 13 sizes a reduced JPEG 2000 as round(n / 2**level), OpenJPEG as the ceiling;
    where they differ the decode fails ("broken data stream"), so such levels are not used."""
    p = 1 << level
    return n % p == 0 or n % p >= p // 2


def _j2k_levels(path: Path) -> int:
    """The number of wavelet decomposition levels in a JPEG 2000 file's COD marker (0 if unknown).

    Decoding at a reduction beyond it fails, so it bounds the reduction.
    """
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    at = head.find(b"\xff\x4f\xff\x51")  # SOC, then SIZ: the codestream's main header
    if at < 0:
        return 0
    at += 2
    while at + 4 <= len(head) and head[at] == 0xFF:
        marker, length = head[at + 1], int.from_bytes(head[at + 2 : at + 4], "big")
        if marker == 0x52 and at + 9 < len(head):  # COD: Scod, SGcod (4 bytes), then levels
            return head[at + 9]
        if marker == 0x90:  # SOT: tile data starts; no COD in the main header
            return 0
        at += 2 + length
    return 0


def _cmyk_fixed(im: Image.Image) -> Image.Image:
    """Pillow reads every CMYK JPEG as Adobe-inverted; re-invert those without Adobe's marker."""
    if im.format == "JPEG" and im.mode == "CMYK" and "adobe" not in im.info:
        return im.point(lambda v: 255 - v)
    return im


def _encode(im: Image.Image, out: Output, background: str, exif: bytes) -> bytes:
    """One derivative's bytes, with no metadata but the kept EXIF tags."""
    if out.format not in ALPHA_FORMATS:
        im = pixels.flatten(im, background)
    if out.format == "webp" and im.mode in ("L", "LA"):
        im = im.convert("RGBA" if im.mode == "LA" else "RGB")
    if out.format == "avif" and im.mode == "LA":
        im = im.convert("RGBA")
    params = dict(ENCODER_PARAMS[out.format])
    if out.format != "png":
        params["quality"] = out.quality
    if exif:
        params["exif"] = exif
    buf = io.BytesIO()
    im.save(buf, format=PIL_FORMAT[out.format], **params)
    return buf.getvalue()
