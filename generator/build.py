"""The build pipeline: load → validate → model → plan images → make images → render → write.

Each stage is a plain function of the previous stage's data; this module only wires them
together, times them and decides when to stop (any error stops before the write stage, so
the previous site stays untouched).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from generator import __version__
from generator.content.load import load_site
from generator.content.validate import build_model
from generator.errors import BuildFailed, Position, Report
from generator.images import (
    ImagePlan,
    ImageRequest,
    ImageSettings,
    ImageUse,
    make_images,
    plan_images,
    publish_media,
)
from generator.model import Site
from generator.render.pages import RenderOptions, SiteRenderer
from generator.render.special import render_404, render_root
from generator.render.theme import load_theme
from generator.write import check_output, copy_file, staging, swap_in, write_files

CACHE_DIR = ".korme-cache"


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asked for."""

    site: Path
    output: Path
    strict: bool = False
    drafts: bool = False
    offline: bool = False
    workers: int | None = None
    quiet: bool = False


@dataclass
class BuildResult:
    """What a build did, for the summary line."""

    report: Report
    pages: int = 0
    images: int = 0
    decoded: int = 0
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def load_model(root: Path, report: Report, drafts: bool = False) -> Site | None:
    """Load and validate the site folder into the model (``None`` if site.yaml is unusable)."""
    raw = load_site(root, report)
    if raw is None:
        return None
    return build_model(raw, report, drafts)


def image_settings(site: Site, report: Report) -> ImageSettings:
    """The image settings from site.yaml's ``images:`` over the pipeline's defaults."""
    given = {k: v for k, v in site.config.images.model_dump(exclude_none=True).items()
             if k in ImageSettings.__dataclass_fields__}
    for key in ("widths", "formats"):
        if key in given:
            given[key] = tuple(given[key])
    try:
        settings = ImageSettings(**given)
        problems = settings.problems()
    except (TypeError, ValueError) as exc:
        settings, problems = ImageSettings(), [str(exc)]
    where = site.config_located.at(("images",)) if site.config_located else \
        Position("site.yaml")
    for problem in problems:
        report.error(where, f"images: {problem}")
    return settings


def image_requests(site: Site) -> list[ImageRequest]:
    """Every source image the pages will show, with every place that uses it."""
    uses: dict[str, list[ImageUse]] = {}
    for ex in site.exhibitions:
        for item in ex.items:
            for img in item.images:
                uses.setdefault(img.rel, []).append(
                    ImageUse(img.position, f"item '{item.id}': images[{img.number - 1}].file"))
        if ex.cover and ex.cover_item is None:
            uses.setdefault(ex.cover.rel, []).append(ImageUse(ex.cover.position, "cover"))
    return [ImageRequest(site.root / rel, rel, tuple(u)) for rel, u in sorted(uses.items())]


def _timed(result: BuildResult, name: str, fn: Callable[[], object]) -> object:
    start = time.perf_counter()
    value = fn()
    result.timings[name] = time.perf_counter() - start
    return value


def build(options: BuildOptions) -> BuildResult:
    """Build the site; raise :class:`BuildFailed` (previous output untouched) on errors."""
    root = options.site.resolve()
    report = Report(strict=options.strict)
    result = BuildResult(report)
    check_output(root, options.output)
    site = _timed(result, "load", lambda: load_model(root, report, options.drafts))
    report.raise_if_errors()
    assert isinstance(site, Site)
    theme = load_theme(root, site.config.theme, site.codes, report)
    settings = image_settings(site, report)
    report.raise_if_errors()

    cache = root / CACHE_DIR
    cache.mkdir(exist_ok=True)
    plan = _timed(result, "plan", lambda: plan_images(image_requests(site), settings, cache))
    assert isinstance(plan, ImagePlan)
    report.extend(list(plan.diagnostics))
    report.raise_if_errors()
    progress = None if not options.quiet else (lambda *a, **k: None)
    made = _timed(result, "images", lambda: make_images(
        plan, settings, cache, workers=options.workers, progress=progress))
    report.extend(list(made.diagnostics))  # type: ignore[attr-defined]
    report.raise_if_errors()
    result.images, result.decoded = len(plan.images), made.decoded  # type: ignore[attr-defined]

    version = theme.asset_version()
    renderer = SiteRenderer(site, theme, plan.images, made.placeholders,  # type: ignore[attr-defined]
                            RenderOptions(options.offline, version, f"Kórme {__version__}"),
                            report)
    pages = _timed(result, "render", renderer.render_all)
    assert isinstance(pages, dict)
    pages["index.html"] = render_root(site, theme, version, options.offline)
    pages["404.html"] = render_404(site, theme)
    report.raise_if_errors()
    result.pages = len(pages)

    def write() -> None:
        with staging(options.output) as stage:
            write_files(stage, pages)
            publish_media(plan, cache, stage)
            for name, path in theme.static_files().items():
                copy_file(path, stage / "static" / name)
            for path in site.static_files:
                copy_file(path, stage / path.relative_to(root / "content" / "static"))
            for inst in site.institutions.values():
                if inst.logo:
                    src = root / "content" / inst.logo
                    if src.is_file():
                        copy_file(src, stage / "media" / "logos" /
                                  f"{inst.id}-{inst.logo.rsplit('/', 1)[-1]}")
            result.files = sum(1 for p in stage.rglob("*") if p.is_file())
            swap_in(stage, options.output)

    _timed(result, "write", write)
    return result


def print_report(report: Report, stream: TextIO | None = None) -> None:
    """Print every diagnostic as ``path:line:column: message`` (to stderr by default)."""
    stream = stream or sys.stderr
    for d in report.sorted():
        print(d, file=stream)


__all__ = ["BuildFailed", "BuildOptions", "BuildResult", "build", "load_model", "print_report"]
