"""The build pipeline: load → validate → model → plan images → make images → render → write.

Each stage is a plain function of the previous stage's data; this module only wires them
together, times them and decides when to stop (any error stops before the write stage, so
the previous site stays untouched).
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from korme import __version__
from korme.cache import BuildCache
from korme.cite.checks import diagnostics as cite_diagnostics
from korme.cite.files import CiteJob, cite_outputs, full_size_images, full_size_outputs
from korme.errors import BuildFailed, Diagnostic, Position, Report, Severity
from korme.fonts import WebFonts, web_fonts
from korme.harvest.files import harvest_files
from korme.iiif.manifest import iiif_outputs
from korme.iiif.stage import prune_tiles, tile_outputs
from korme.images.crops import crop_outputs, prune_crops
from korme.images.engines import engines_key
from korme.images.full import make_full, prune_full
from korme.images.make import prune_cache
from korme.images.progress import ProgressCallback, StderrProgress
from korme.images.settings import run_where
from korme.images.site import image_settings
from korme.images.store import cached_path
from korme.imagestage import ImageRun, Images, site_images
from korme.inplace import in_place
from korme.l10n import Text, _, catalog_for, message_of
from korme.load.reuse import Keep
from korme.load.site import load_site
from korme.model import Site
from korme.pagesink import PageSink
from korme.partners.crops import partner_crop_outputs
from korme.partners.stage import open_partners, partner_stage
from korme.partners.views import csp_sources
from korme.publish.serverconf import server_outputs
from korme.remote.iiif import PartnerIIIF
from korme.render.calendar import CALENDAR, calendar_digest, stamped, unchanged
from korme.render.fingerprint import code_digest, digest, site_digests
from korme.render.kinds import BY_NAME
from korme.render.markdown import converter_version
from korme.render.render import RenderOptions, SiteRenderer
from korme.render.special import render_404, render_root
from korme.render.stage import FirstPages, render_site
from korme.render.values import today
from korme.search.engine import SearchFailed
from korme.search.index import IndexingSink, SearchIndex, Sharding
from korme.sitemap import site_files
from korme.state import BuildState, KeptStates, input_key, load_state, save_state
from korme.theme import Theme, default_theme_dir, load_theme
from korme.validate import build_model
from korme.words import check_words
from korme.write import (
    Output,
    assemble,
    check_output,
    copy_output,
    remove_leftovers,
    staging,
    text_output,
    update_in_place,
)

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
    search: bool = True  # build the search index (serve refreshes it apart, after edits settle)
    preview: bool = False  # serve's private folder: updated in place, file by file
    cache: BuildCache | None = field(default=None, compare=False)  # serve: kept in memory
    states: KeptStates | None = field(default=None, compare=False)  # serve: kept in memory
    first: FirstPages | None = field(default=None, compare=False)  # serve: the pages shown
    cluster: str | None = None  # --cluster: the image stage on this Dask scheduler
    image_cache: str | None = None  # --image-cache: a folder or URL the image workers share
    refresh: bool = False  # --refresh: partners' documents fetched again (korme.partners)
    lang: str | None = None  # --lang: the language of the progress lines (korme.l10n)


@dataclass
class BuildResult:
    """What a build did, for the summary line."""

    report: Report
    pages: int = 0
    images: int = 0
    decoded: int = 0
    files: int = 0
    rendered: int = 0  # pages rendered in this build (the others were unchanged)
    changed: bool = False  # False: nothing changed, the output folder was not touched
    timings: dict[str, float] = field(default_factory=dict)
    cache: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind: (reused, made)
    refreshed: str | Text = ""  # --refresh: what changed among the partners' documents


def load_model(root: Path, report: Report, drafts: bool = False,
               cache: BuildCache | None = None, partners: PartnerIIIF | None = None
               ) -> Site | None:
    """Load and validate the site folder into the model (``None`` if site.yaml is unusable);
    ``partners``: where partners' IIIF documents are read (default: the site's cache)."""
    keep = Keep(cache.store("records"), code_digest()) if cache is not None else None
    raw = load_site(root, report, keep)
    if raw is None:
        return None
    raw, found = partner_stage(raw, report, partners)  # korme.partners: remote documents
    site = build_model(raw, report, drafts)
    if cache is not None:  # what the records read held is not needed past the model
        cache.write_aside("records")
    return dataclasses.replace(site, partners=found) if found else site


@contextlib.contextmanager
def _stage(result: BuildResult, name: str) -> Iterator[None]:
    """Time one stage of the pipeline into the result."""
    start = time.perf_counter()
    yield
    result.timings[name] = time.perf_counter() - start


def _progress(options: BuildOptions, label: str) -> ProgressCallback:
    """The progress display of one stage (silent with ``--quiet``)."""
    return (lambda *_: None) if options.quiet else \
        StderrProgress(label=label, catalog=catalog_for(options.lang))


def sources_key(options: BuildOptions) -> str:
    """A key of everything a build of ``options`` reads (see :func:`_inputs`): it changes
    with any file's size or time."""
    return _inputs(options.site.resolve(), options)


def _inputs(root: Path, options: BuildOptions) -> str:
    """A key of everything a build reads: the site's files, the default theme, the options."""
    folders = [root / "site.yaml", root / "content", root / "exhibitions", root / "themes",
               default_theme_dir(), Path(__file__).parent]  # the generator's own code, too
    return input_key([f for f in folders if f.exists()],
                     (__version__, options.strict, options.drafts, options.offline,
                      options.search, options.preview, engines_key()))  # image engines


def build(options: BuildOptions) -> BuildResult:
    """Build the site; raise :class:`BuildFailed` (previous output untouched) on errors."""
    cache = options.cache or BuildCache(options.site.resolve() / CACHE_DIR)
    with cache.lock:  # one build at a time (serve's watcher may start one meanwhile)
        try:
            return _build(options, cache)
        except BaseException:
            cache.abandon(close=options.cache is None)  # serve's stay open
            raise


def _build(options: BuildOptions, cache: BuildCache) -> BuildResult:
    """The pipeline: load → validate → model → plan and make images → render (Markdown
    inside) → write with the search index."""
    root, output = options.site.resolve(), options.output.resolve()
    result = BuildResult(Report(strict=options.strict))
    report = result.report
    check_output(root, output)
    remove_leftovers(output)
    cache_dir = root / CACHE_DIR
    cache_dir.mkdir(exist_ok=True)
    old = options.states.load(cache_dir, output) if options.states else \
        load_state(cache_dir, output)
    inputs = _inputs(root, options)
    if unchanged(old.inputs, inputs, today()) and old.output_intact(output) and \
            not options.refresh:  # (unchanged: korme.render.calendar, the day of its next change)
        # nothing read by the build changed and the output is as it was left: nothing to do
        report.extend([Diagnostic(Position(*d[:3]), Text.from_data(d[3]), Severity(d[4]), d[5])
                       for d in old.diagnostics])
        result.pages = len(old.pages)
        return result
    partners = open_partners(root, options.refresh)  # korme.partners: remote documents
    with _stage(result, "load"):
        site = load_model(root, report, options.drafts, cache, partners)
    result.refreshed = partners.docs.summary() or ""
    report.raise_if_errors()
    assert site is not None  # load_model returns None only with an error reported
    theme = load_theme(root, site.config.theme, site.codes, report)
    check_words(site, theme.strings, report)  # labels in every language
    report.extend(cite_diagnostics(site))  # korme.cite: rights values, download:, styles
    fonts, font_files = (None, {}) if options.offline else web_fonts(  # korme.fonts
        site, (s for c in site.codes for s in theme.ui(c).values()), cache_dir, report)
    settings = image_settings(site, report)
    settings = run_where(settings, root, options.cluster, options.image_cache)
    report.raise_if_errors()
    images = site_images(site, settings, ImageRun(
        cache_dir, options.workers, options.offline, options.preview,
        lambda name: _stage(result, name), lambda label: _progress(options, label)), report)
    result.images, result.decoded = len(images.plan.images), images.made.decoded
    with _stage(result, "full"):  # korme.cite: full-size downloads where rights allow
        full = make_full(full_size_images(site, images.plan.images), settings, cache_dir,
                         options.workers, _progress(options, "full size"))
    report.extend(list(full.diagnostics))
    renderer = _renderer(site, theme, images, cache, cache_dir, options, fonts)
    redirects = _redirects(renderer, report)
    cited = full_size_outputs(full.made, cache_dir)  # korme.cite: full-size downloads
    written, outputs = _render_and_write(renderer, images, cache, old, output,
                                         {**redirects, **font_files, **cited}, options, result)
    result.changed = written is not None
    state = written or old
    state.inputs = stamped(inputs, site.exhibitions, today())  # korme.render.calendar
    with _stage(result, "save"):
        _save(state, cache, options, result)
    result.files = len(outputs)
    prune_cache(images.plan, cache_dir)
    prune_tiles(images.zoom, cache_dir)
    prune_crops(images.crops, cache_dir)
    prune_full(full.made, cache_dir)
    return result


def _renderer(site: Site, theme: Theme, images: Images, cache: BuildCache, cache_dir: Path,
              options: BuildOptions, fonts: WebFonts | None) -> SiteRenderer:
    version = theme.asset_version()
    common = digest(theme.fingerprint(), options.offline, version, __version__, code_digest(),
                    fonts.key if fonts else "",
                    csp_sources(site, options.offline))  # every page's CSP names the partners
    digests = site_digests(site, images.plan.images, images.made.placeholders)
    digests.add(CALENDAR, calendar_digest(site.exhibitions, today()))  # korme.render.calendar
    if options.first is None:  # (serve digests what the pages it shows first read, first)
        digests.make_all()
    return SiteRenderer(site, theme, {**images.plan.images, **images.crops},
                        images.made.placeholders,
                        RenderOptions(options.offline, version, f"Kórme {__version__}",
                                      cache_dir / "templates", fonts),
                        cache, common, digests, converter_version())


def _render_and_write(renderer: SiteRenderer, images: Images, cache: BuildCache,
                      old: BuildState, output: Path, extra: dict[str, Any],
                      options: BuildOptions, result: BuildResult
                      ) -> tuple[BuildState | None, dict[str, Output]]:
    """Render the pages that changed and write the site: serve updates its private folder in
    place; a build assembles the new site beside the old one (the render workers write their
    pages there, and give them to the search index as they are rendered) and swaps it in.
    ``extra``: other files (redirect pages as text, the web fonts as outputs)."""
    report, site, theme = result.report, renderer.site, renderer.theme
    cache_dir = options.site.resolve() / CACHE_DIR
    loaded = _files(site, theme, images, cache_dir, renderer, options.offline)  # not pages
    loaded.update({path: out if isinstance(out, Output) else text_output(out)
                   for path, out in extra.items()})
    # serve shows its browsers' pages first only when what they load is in place already
    first = options.first if options.first and in_place(loaded, old) else None
    with contextlib.nullcontext(None) if options.preview else \
            staging(output, old, plain=options.offline) as stage:  # (korme.write's layouts)
        sink = files = PageSink(stage, old, output)
        search = SearchIndex(cache_dir, output, Sharding.of(site), options.offline) \
            if options.search else None  # given every page as it is rendered
        if search is not None:
            sink = IndexingSink(sink, search)  # type: ignore[assignment]
        with _stage(result, "render"):
            rendered = render_site(renderer, cache, old.pages,
                                   lambda path: old.intact(output, path), options.workers,
                                   _progress(options, "pages"), sink, first)
        report.extend(rendered.problems)
        report.raise_if_errors()
        result.pages = len(rendered.fingerprints)
        result.rendered = len(rendered.pages)
        outputs = {path: Output("keep", old.files[path].hash)
                   for path in rendered.fingerprints if path not in rendered.pages}
        outputs.update(rendered.pages)
        outputs.update(loaded)
        texts = itertools.chain(
            site_files(site, renderer.by_key, _unlisted(renderer)).items(),  # robots, sitemap
            harvest_files(site).items())  # OAI static repository, IIIF collection
        for name, text in texts:  # into the stage as they are made, not held until written
            outputs[name] = files.take(name, text)
        outputs.update(cite_outputs(  # korme.cite: <lang>/<ex>/cite/…
            CiteJob(site, today(), renderer.digests, code_digest()),
            cache.store("citations"), files, options.workers))
        if search is not None:
            try:  # the shards whose pages changed, indexed again; the others kept
                outputs.update(search.finish({p: o.hash for p, o in outputs.items()
                                              if p.endswith("index.html")}, old, output))
            except SearchFailed as exc:  # the previous site is untouched (staging removed)
                report.error(Position("site.yaml"), message_of(exc), kind="search")
                raise BuildFailed(report) from None
            result.timings["search"] = search.seconds
        with _stage(result, "write"):
            if stage is None:
                written = update_in_place(output, outputs, old, rendered.fingerprints)
            else:
                written = assemble(output, outputs, old, rendered.fingerprints, stage)
    if search is not None:
        search.commit()
    return written, outputs


def _save(state: BuildState, cache: BuildCache, options: BuildOptions,
          result: BuildResult) -> None:
    """Keep the output folder's state (its diagnostics in any language, for a build that
    finds nothing changed) and the build cache."""
    cache_dir, output = options.site.resolve() / CACHE_DIR, options.output.resolve()
    state.diagnostics = [[d.position.path, d.position.line, d.position.column,
                          d.message.to_data() if isinstance(d.message, Text) else d.message,
                          d.severity.value, d.kind] for d in result.report.sorted()]
    if options.states is not None:
        options.states.save(cache_dir, output, state)
    else:
        save_state(cache_dir, output, state)
    _save_cache(cache, options, result)


def _save_cache(cache: BuildCache, options: BuildOptions, result: BuildResult) -> None:
    """Keep what the build used (serve keeps its cache in memory); say what it reused."""
    result.cache = cache.counts()
    cache.save(write=options.cache is None)
    for problem in cache.problems:  # not the content's fault: a warning even under --strict
        result.report.diagnostics.append(Diagnostic(Position(CACHE_DIR), problem,
                                                    Severity.WARNING, "cache"))
    cache.problems.clear()


def _redirects(renderer: SiteRenderer, report: Report) -> dict[str, str]:
    """Pages at former URLs (``aliases:``); an alias that is a page's address is an error."""
    taken = {page.url + "index.html" for page in renderer.pages}
    out = {}
    for path, html in renderer.redirects().items():
        if path in taken:
            report.error(Position(path.removesuffix("index.html")),
                         _("the alias {path} is the address of a page",
                                 path="/" + path.removesuffix("index.html")))
        else:
            out[path] = html
    return out


def _unlisted(renderer: SiteRenderer) -> list[tuple[str, ...]]:
    """Pages the sitemap leaves out (kinds not in it, such as search)."""
    return [page.key for page in renderer.pages if not BY_NAME[page.kind].in_sitemap]


def _files(site: Site, theme: Theme, images: Images, cache: Path, renderer: SiteRenderer,
           offline: bool) -> dict[str, Output]:
    """Every file of the new site but its pages, and where its content comes from: known
    before any page is rendered."""
    outputs: dict[str, Output] = {}
    version = renderer.options.asset_version
    outputs["index.html"] = text_output(render_root(site, theme, version, offline))
    outputs["404.html"] = text_output(render_404(site, theme))
    for image in images.plan.images.values():
        for d in image.derivatives:
            source = cached_path(cache, d)
            if source.exists():
                outputs[d.path] = Output("link", d.path, source=source)
    for name, path in theme.static_files().items():
        outputs["static/" + name] = copy_output(path)
    static_root = site.root / "content" / "static"
    for path in site.static_files:
        outputs[path.relative_to(static_root).as_posix()] = copy_output(path)
    for inst in site.institutions.values():
        if inst.logo and (site.root / "content" / inst.logo).is_file():
            name = f"media/logos/{inst.id}-{inst.logo.rsplit('/', 1)[-1]}"
            outputs[name] = copy_output(site.root / "content" / inst.logo)
    outputs.update(server_outputs(site, offline))  # nginx, Apache, Netlify/Cloudflare configuration
    outputs.update(tile_outputs(images.zoom, cache))
    outputs.update(crop_outputs(images.crops, cache))
    outputs.update(partner_crop_outputs(images.crops))  # level-0 partners' crops
    outputs.update(iiif_outputs(site, theme, images.plan, images.zoom, renderer.engine))
    return outputs


def print_report(report: Report, stream: TextIO | None = None) -> None:
    """Print every diagnostic as ``path:line:column: message`` (to stderr by default)."""
    stream = stream or sys.stderr
    for d in report.sorted():
        print(d, file=stream)


__all__ = ["BuildFailed", "BuildOptions", "BuildResult", "build", "load_model", "print_report",
           "sources_key"]
