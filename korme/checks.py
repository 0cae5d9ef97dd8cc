"""``korme check``: the build's validation plus links, anchors, unused images and coverage.

Everything is reported as ``path:line:column: message``; the extras are warnings (errors under
``--strict``): ``broken-link``, ``broken-anchor`` and ``unused-image``. Translation and alt text
coverage per published language is printed as a table (text) or given as data (``--format json``).
"""

from __future__ import annotations

import json
import math
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from korme import urls
from korme.build import CACHE_DIR
from korme.cite.checks import diagnostics as cite_diagnostics
from korme.errors import Position, Report
from korme.fonts import web_fonts
from korme.i18n import LangText, is_lang_tag
from korme.images.crops import check_regions, source_size
from korme.images.site import image_settings
from korme.l10n import Catalog, Text, _
from korme.load.site import RawSite, load_site
from korme.markdown.links import html_ids, scan_links
from korme.markdown.render import Renderer
from korme.model import Site
from korme.pages import all_pages
from korme.partners.stage import partner_stage
from korme.placeholders import check_placeholders
from korme.theme import default_theme_dir, load_theme
from korme.translations import ORIGINAL_TEXT_FIELDS
from korme.validate import build_model
from korme.words import check_words

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".avif",
                            ".jp2", ".bmp"})
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ROOT_FOLDERS = frozenset({"media", "static", "pagefind", "iiif"})  # files, not pages
LANG_FOLDERS = frozenset({"search", "timeline", "subjects", "institutions", "catalogue"})
_MARKDOWN = Renderer(figure=lambda _d: "", link=lambda kind, target: "#")


@dataclass
class CheckResult:
    """What ``korme check`` found."""

    report: Report
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)
    unused_images: list[str] = field(default_factory=list)


MoreChecks = Callable[[Path, Report], None]


def run_checks(root: Path, strict: bool = False, drafts: bool = False,
               more: MoreChecks | None = None) -> CheckResult:
    """Validate the site folder as a build would, then run the extra checks (``more``: those
    of a command above this layer, such as ``publish:``'s targets)."""
    result = CheckResult(Report(strict=strict))
    report = result.report
    raw = load_site(root, report)
    if raw is None:
        return result
    if more is not None:
        more(root, report)
    raw, _partners = partner_stage(raw, report)  # korme.partners: their documents read
    site = build_model(raw, report, drafts)
    theme = load_theme(root, site.config.theme, site.codes, report)
    check_words(site, theme.strings, report)  # labels, the web font
    report.extend(cite_diagnostics(site))  # korme.cite: rights values, download:, styles
    web_fonts(site, (s for c in site.codes for s in theme.ui(c).values()), root / CACHE_DIR,
              report)
    image_settings(site, report)
    check_regions(site, lambda rel: source_size(root, rel), report)  # korme.images.crops
    result.unused_images = unused_images(raw, report)
    check_placeholders(raw, report)
    _LinkChecker(site, raw, report).run()
    result.coverage = coverage(site)
    return result


# unused images ------------------------------------------------------------------------------
def unused_images(raw: RawSite, report: Report) -> list[str]:
    """Image files under exhibitions/*/images that no item (drafts included) or cover uses."""
    out = []
    for ex in raw.exhibitions:
        if ex.broken_ids is None or ex.broken_ids:
            continue  # records failed to load: their images would look unused
        used = {(ex.folder / img.file).resolve() for it in ex.items for img in it.record.images
                if img.file}
        if isinstance(ex.card.cover, str):  # (a mapping names an item's image)
            used.add((ex.folder / ex.card.cover).resolve())
        folder = ex.folder / "images"
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            rel = path.relative_to(raw.root).as_posix()
            if (path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES
                    and not any(p.startswith(".") for p in path.relative_to(folder).parts)
                    and path.resolve() not in used):
                report.warning(Position(rel), _("image not used by any item or as the cover "
                                                "(add it to an item's images, or delete it)"),
                               kind="unused-image")
                out.append(rel)
    return out


# links and anchors --------------------------------------------------------------------------
class _LinkChecker:
    """Checks ``#anchor``, ``section:…#anchor`` and relative links in Markdown texts."""

    def __init__(self, site: Site, raw: RawSite, report: Report):
        self.site, self.raw, self.report = site, raw, report
        self.pages = {page.url for page in all_pages(site)} | {""}
        for lang in site.codes:
            for ex in site.exhibitions:
                self.pages |= {urls.exhibition(lang, a) for a in ex.card.aliases}
                for sec in ex.sections:
                    self.pages |= {urls.section(lang, ex.slug, a) for a in sec.aliases}
                for it in ex.items:
                    self.pages |= {urls.item(lang, ex.slug, a) for a in it.record.aliases}
        self.theme_ids = _template_ids(site)

    def run(self) -> None:
        site, default = self.site, self.site.codes[0]
        for slug, page in site.pages.items():
            for lang, doc in page.files.items():
                self.text(doc.body, urls.page(lang, slug), _("page '{slug}'", slug=slug), None,
                          lambda ln, col, d=doc: Position(d.path, d.body_line + ln - 1, col))
        located = {(ex.slug, it.record.id): it.located for ex in self.raw.exhibitions
                   for it in ex.items}
        cards = {ex.slug: ex.located for ex in self.raw.exhibitions}
        for ex in site.exhibitions:
            for sec in ex.sections:
                for lang, doc in sec.files.items():
                    self.text(doc.body, urls.section(lang, ex.slug, sec.slug),
                              _("section '{slug}'", slug=sec.slug), ex.slug,
                              lambda ln, col, d=doc: Position(d.path, d.body_line + ln - 1, col))
            for lang, text, key in _texts(ex.card.summary, default):
                pos = cards[ex.slug].at(key("summary"))
                self.text(text, urls.exhibition(lang, ex.slug), _("summary"), ex.slug,
                          lambda ln, col, p=pos: p)
            for it in ex.items:
                for lang, text, key in _texts(it.record.description, default):
                    pos = located[(ex.slug, it.id)].at(key("description"))
                    self.text(text, urls.item(lang, ex.slug, it.id),
                              _("item '{id}': description", id=it.id), ex.slug,
                              lambda ln, col, p=pos: p)

    def text(self, text: str, url: str, where: Text, ex: str | None,
             at: Callable[[int, int], Position]) -> None:
        """Check the links of one Markdown text shown on the page at ``url``."""
        links = scan_links(text)
        if not links:
            return
        ids = html_ids(_MARKDOWN.html(text)) | self.theme_ids
        lang = url.split("/", 1)[0]
        for link in links:
            target, pos = link.target, at(link.line, link.column)
            path, _sep, anchor = target.partition("#")
            anchor = unquote(anchor)
            if not path:
                if anchor and anchor not in ids:
                    self.report.warning(pos, _("{where}: link to '#{anchor}': no such anchor "
                                               "on this page", where=where, anchor=anchor),
                                        kind="broken-anchor")
            elif path.startswith("section:") and anchor and ex is not None:
                self.section_anchor(path.removeprefix("section:"), anchor, lang, ex, pos, where)
            elif not SCHEME.match(path) and not path.startswith("//"):
                self.relative(path, url, pos, where)

    def section_anchor(self, slug: str, anchor: str, lang: str, ex: str, pos: Position,
                       where: Text) -> None:
        exhibition = next(e for e in self.site.exhibitions if e.slug == ex)
        section = exhibition.section(slug)
        if section is None:
            return  # an unknown section is already an error of the build
        doc = section.doc(lang, self.site.codes)
        if anchor not in html_ids(_MARKDOWN.html(doc.body)) | self.theme_ids:
            self.report.warning(pos, _("{where}: link to '{target}': no such anchor in {path}",
                                       where=where, target=f"section:{slug}#{anchor}",
                                       path=doc.path), kind="broken-anchor")

    def relative(self, path: str, url: str, pos: Position, where: Text) -> None:
        path = path.split("?", 1)[0]
        base = "/" if path.startswith("/") else "/" + url
        resolved = posixpath.normpath(posixpath.join(base, unquote(path))).lstrip("/")
        name = resolved.rsplit("/", 1)[-1]
        if name == "index.html":
            resolved = resolved[: -len(name)].rstrip("/")
        elif "." in name:
            return  # a file (a PDF, an image): not a page
        parts = resolved.split("/") if resolved else []
        if parts and (parts[0] in ROOT_FOLDERS or (len(parts) > 1 and parts[1] in LANG_FOLDERS)):
            return
        page = "/".join(parts) + "/" if parts else ""
        if page not in self.pages:
            self.report.warning(pos, _("{where}: link to '{target}' leads to no page ({page})",
                                       where=where, target=path, page=f"/{page}"),
                                kind="broken-link")


def _texts(value: LangText | None, default: str
           ) -> Iterator[tuple[str, str, Callable[[str], tuple[str, ...]]]]:
    """(page language, text, path of the text under a field) for each text of a value."""
    if value is None:
        return
    if value.is_plain:
        yield default, value.plain or "", lambda name: (name,)
        return
    for lang, text in value.texts:
        yield lang if lang else default, text, lambda name, k=lang: (name, k)


def _template_ids(site: Site) -> set[str]:
    """Literal ids in the theme's templates (``#main`` and the like are valid anchors)."""
    folders = [default_theme_dir() / "templates", site.root / "themes" / site.config.theme /
               "templates"]
    ids: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*.html") if folder.is_dir() else []:
            ids |= {i for i in html_ids(path.read_text("utf-8", "replace")) if "{" not in i}
    return ids


# coverage -----------------------------------------------------------------------------------
def _values(record: Any) -> Iterator[tuple[str, LangText]]:
    for name in type(record).model_fields:
        value = getattr(record, name)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, LangText) and name not in ORIGINAL_TEXT_FIELDS:
                yield name, v
    for name, value in record.extra_fields.items():
        if isinstance(value, dict) and value and all(is_lang_tag(k) for k in value):
            yield name, LangText.of({k: str(v) for k, v in value.items()})


def _share(done: int, total: int) -> dict[str, Any]:
    return {"translated": done, "total": total,
            "percent": round(100 * done / total, 1) if total else 100.0}


def coverage(site: Site) -> dict[str, dict[str, Any]]:
    """Per published language: texts, sections, pages and alt texts present (with %)."""
    records: list[Any] = [site.config, *site.institutions.values()]
    for ex in site.exhibitions:
        records.append(ex.card)
        for it in ex.items:
            records.extend([it.record, *(img.record for img in it.images)])
    texts = [v for record in records for _, v in _values(record)]
    sections = [s for ex in site.exhibitions for s in ex.sections]
    images = [(it, img) for ex in site.exhibitions for it in ex.items for img in it.images]
    out: dict[str, dict[str, Any]] = {}
    for lang in site.codes:
        missing = [{"path": img.position.path, "line": img.position.line,
                    "column": img.position.column, "item": it.id, "image": img.number}
                   for it, img in images if img.record.alt.get(lang) is None]
        out[lang] = {
            "fields": _share(sum(1 for t in texts if t.get(lang) is not None), len(texts)),
            "sections": _share(sum(1 for s in sections if lang in s.files), len(sections)),
            "pages": _share(sum(1 for p in site.pages.values() if lang in p.files),
                            len(site.pages)),
            "alt": {**_share(len(images) - len(missing), len(images)), "missing": missing},
        }
    return out


# output -------------------------------------------------------------------------------------
def _cell(share: dict[str, Any]) -> str:
    percent = math.floor(100 * share["translated"] / share["total"]) if share["total"] else 100
    return f"{share['translated']}/{share['total']} {percent:>3}%"


def coverage_table(cov: dict[str, dict[str, Any]], catalog: Catalog | None = None) -> str:
    """The coverage as a plain-text table, then the images missing alt text per language."""
    catalog = catalog or Catalog.english()
    heads = tuple(h.render(catalog) for h in (_("language"), _("fields"), _("sections"),
                                              _("pages"), _("alt text")))
    rows = [heads] + [(lang, *(_cell(c[k]) for k in ("fields", "sections", "pages", "alt")))
                      for lang, c in cov.items()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(heads))]
    lines = [_("translation coverage:").render(catalog)]
    lines += ["  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]
    return "\n".join(lines + missing_alt(cov, catalog))


def missing_alt(cov: dict[str, dict[str, Any]], catalog: Catalog) -> list[str]:
    """``path:line:column: …`` for each image without alt text in a language."""
    lines = []
    for lang, c in cov.items():
        for m in c["alt"]["missing"]:
            message = _("item '{id}': image {number} has no {lang} alt text", id=m["item"],
                        number=m["image"], lang=lang)
            lines.append(f"{m['path']}:{m['line']}:{m['column']}: {message.render(catalog)}")
    return lines


def check_command(site: Path, strict: bool, drafts: bool, fmt: str,
                  catalog: Catalog | None = None, quiet: bool = False,
                  more: MoreChecks | None = None) -> int:
    """Run ``korme check`` and print its findings; returns the exit status."""
    catalog = catalog or Catalog.english()
    result = run_checks(site.resolve(), strict, drafts, more)
    report = result.report
    if fmt == "json":
        print(json.dumps({
            "diagnostics": [{"path": d.position.path, "line": d.position.line,
                             "column": d.position.column, "severity": d.severity.value,
                             "kind": d.kind, "message": _message(d, catalog)}
                            for d in report.sorted()],
            "coverage": result.coverage,
            "unused_images": result.unused_images,
        }, ensure_ascii=False, indent=2))
    else:
        for d in report.sorted():
            print(d.text(catalog))
        if result.coverage and not quiet:
            print(coverage_table(result.coverage, catalog))
        elif result.coverage:
            for line in missing_alt(result.coverage, catalog):
                print(line)
        if not quiet or report.diagnostics:
            print(_("{errors} error(s), {warnings} warning(s)", errors=len(report.errors),
                    warnings=len(report.warnings)).render(catalog))
    return 1 if report.errors else 0


def _message(d: Any, catalog: Catalog) -> str:
    return d.message.render(catalog) if isinstance(d.message, Text) else str(d.message)
