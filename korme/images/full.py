"""Full-size downloads: one derivative at the source's own size, for the images whose item
offers ``download: full`` and whose rights allow re-use (:mod:`korme.cite.reuse` decides).

It is made from the original like every derivative (decoded, oriented, converted to sRGB,
encoded again) with every metadata field stripped (no EXIF, XMP, ICC profile or comment,
whatever ``keep_copyright`` says), never copied from the original file. It is made in a job of
its own, outside the resize chain of the other derivatives, so asking for it changes none of
their bytes. Its files are kept in the cache's ``full/`` folder, pruned after each build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from korme.errors import Diagnostic
from korme.images.engines import pillow_engine
from korme.images.make import run_jobs
from korme.images.model import Derivative, PlannedImage
from korme.images.progress import ProgressCallback
from korme.images.render import Job, Output
from korme.images.settings import ENCODER_PARAMS, ENCODER_REVISION, EXTENSION, MIME, ImageSettings
from korme.l10n import _
from korme.partner_keys import is_partner

QUALITY = {"jpeg": 90, "png": 0}  # a download to print from: better than the page's JPEGs


def full_derivative(image: PlannedImage) -> Derivative | None:
    """The full-size download of a source (``None`` when its largest derivative is already
    its full size: that one is offered instead)."""
    if not image.derivatives or image.largest.width >= image.width or is_partner(image.rel):
        return None  # (a partner's image: its largest served size is offered instead)
    fmt = image.largest.format  # the fallback: JPEG, or PNG for a transparent source
    quality = QUALITY.get(fmt, 0)
    q = f"-q{quality}" if quality else ""
    name = (f"media/{image.digest[:16]}-full-w{image.width}{q}-e{ENCODER_REVISION}."
            f"{EXTENSION[fmt]}")
    data = {"engine": pillow_engine(fmt), "digest": image.digest, "name": name,
            "encoder": ENCODER_PARAMS[fmt]}
    key = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return Derivative(name, image.width, image.height, fmt, MIME[fmt], key)


def full_dir(cache_dir: Path) -> Path:
    return cache_dir / "full"


def cached_full(cache_dir: Path, d: Derivative) -> Path:
    name = PurePosixPath(d.path)
    return full_dir(cache_dir) / f"{name.stem}.{d.cache_key[:16]}{name.suffix}"


@dataclass(frozen=True)
class FullSize:
    """What the full-size stage made: the derivatives by source path, and problems."""

    made: dict[str, Derivative]
    diagnostics: tuple[Diagnostic, ...] = ()


def make_full(images: Iterable[PlannedImage], settings: ImageSettings, cache_dir: Path,
              workers: int | None, progress: ProgressCallback | None) -> FullSize:
    """Make the missing full-size derivatives of ``images`` (in a local pool)."""
    wanted = {i.rel: (i, d) for i in images if (d := full_derivative(i)) is not None}
    jobs = []
    for image, d in wanted.values():
        path = cached_full(cache_dir, d)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        jobs.append(Job(source=str(image.source), digest=image.digest,
                        outputs=(Output(d.width, d.height, d.format, QUALITY.get(d.format, 0),
                                        str(path)),),
                        background=settings.background, keep_copyright=False,
                        max_pixels=settings.max_pixels, engines=(pillow_engine(d.format),),
                        chain=((d.width, d.height),)))
    local = replace(settings, cluster=None, cache=None)
    results = run_jobs(jobs, local, workers, progress, None,
                       {str(i.source): i.digest for i, _d in wanted.values()})
    failed = {r.digest for r in results if r.errors}
    problems = []
    for image, _d in wanted.values():
        for r in results:
            if r.digest == image.digest and r.errors:
                problems += [Diagnostic(u.where, _("{context}: {image}: {message}",
                                                   context=u.context, image=image.rel,
                                                   message=m))
                             for u in image.uses for m in r.errors]
    made = {rel: d for rel, (image, d) in wanted.items() if image.digest not in failed}
    return FullSize(made, tuple(problems))


def prune_full(made: dict[str, Derivative], cache_dir: Path) -> None:
    """Remove the cached full-size files this build did not use."""
    folder = full_dir(cache_dir)
    if not folder.is_dir():
        return
    keep = {cached_full(cache_dir, d).name for d in made.values()}
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink(missing_ok=True)
