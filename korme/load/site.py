"""Load stage: read site.yaml, institutions, pages, exhibitions and sections into raw records.

Every problem is reported into the :class:`~korme.errors.Report`; a file that cannot be read
is skipped after its error so that the rest of the site is still checked in the same run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from korme.errors import Position, Report
from korme.i18n import norm_tag
from korme.l10n import _
from korme.load.files import (
    FileProblem,
    decode_text,
    editor_leftover,
    read_bytes,
    rel_path,
    split_front_matter,
)
from korme.load.items import RawItem, load_items, read_items  # noqa: F401 (re-exported)
from korme.load.reader import Located, YamlProblem, read_yaml
from korme.load.records import validate_record, warn_unknown_keys
from korme.load.reuse import Keep
from korme.load.schema import (
    KNOWN_KEYS,
    ExhibitionCard,
    Institution,
    PageMeta,
    SectionMeta,
    SiteConfig,
)

SECTION_FILE = re.compile(r"^(?P<order>\d+)-(?P<slug>[^.]+)\.(?P<lang>[A-Za-z0-9-]+)\.md$")
PAGE_FILE = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[A-Za-z0-9-]+)\.md$")


@dataclass(frozen=True)
class MarkdownDoc:
    """One Markdown file (a section or a site page in one language)."""

    path: str  # site-relative
    lang: str  # lower-case tag from the file name
    meta: SectionMeta | PageMeta
    located: Located  # the front matter, with positions
    body: str
    body_line: int


@dataclass(frozen=True)
class RawSection:
    """All language files of one section."""

    slug: str
    order: int
    files: dict[str, MarkdownDoc]  # by language


@dataclass(frozen=True)
class RawExhibition:
    slug: str
    folder: Path
    card: ExhibitionCard
    located: Located
    items: tuple[RawItem, ...]
    items_path: str
    sections: tuple[RawSection, ...]
    # ids of records that failed validation, or None when items.yaml itself was unreadable:
    # references to them are not reported again (the cause already is)
    broken_ids: frozenset[str] | None = frozenset()
    broken: tuple[Located, ...] = ()  # those records as read: their references are checked


@dataclass(frozen=True)
class RawInstitution:
    record: Institution
    located: Located


@dataclass(frozen=True)
class RawSite:
    """Everything read from the site folder, validated file by file."""

    root: Path
    config: SiteConfig
    config_located: Located
    institutions: tuple[RawInstitution, ...] = ()
    pages: dict[str, dict[str, MarkdownDoc]] = field(default_factory=dict)
    exhibitions: tuple[RawExhibition, ...] = ()
    static_files: tuple[Path, ...] = ()


def _read(path: Path, root: Path, report: Report) -> tuple[str, bytes] | None:
    """A file's site-relative path and bytes (``None``: unreadable, reported)."""
    rel = rel_path(path, root)
    try:
        return rel, read_bytes(path, rel)
    except FileProblem as exc:
        report.error(exc.position, exc.message, kind="syntax")
        return None


def _parsed(rel: str, data: bytes, report: Report) -> Located | None:
    try:
        text = decode_text(data, rel)
    except FileProblem as exc:
        report.error(exc.position, exc.message, kind="syntax")
        return None
    return read_yaml(text, rel, report)


def _yaml(path: Path, root: Path, report: Report) -> Located | None:
    read = _read(path, root, report)
    return None if read is None else _parsed(*read, report)


def load_config(root: Path, report: Report, keep: Keep | None = None
                ) -> tuple[SiteConfig, Located] | None:
    """Read and validate site.yaml."""
    path = root / "site.yaml"
    if not path.is_file():
        report.error(Position("site.yaml"), _("no site.yaml here: is this a Kórme site folder?"))
        return None
    read = _read(path, root, report)
    if read is None:
        return None
    keep = keep or Keep()
    return keep.reuse(keep.key("site", *read), report, lambda r: _config(*read, r))


def _config(rel: str, data: bytes, report: Report) -> tuple[SiteConfig, Located] | None:
    located = _parsed(rel, data, report)
    if located is None:
        return None
    config = validate_record(SiteConfig, located, report)
    warn_unknown_keys(located, KNOWN_KEYS["site"], report, model=SiteConfig)
    if config is None:
        return None
    warn_unknown_keys(located, KNOWN_KEYS["images_config"], report, at=("images",))
    return config, located


def _load_doc(path: Path, root: Path, lang: str, meta_model: type, report: Report,
              known: set[str], keep: Keep | None = None) -> MarkdownDoc | None:
    read = _read(path, root, report)
    if read is None:
        return None
    rel, data = read
    keep = keep or Keep()
    return keep.reuse(keep.key("doc", rel, data, meta_model.__name__, lang), report,
                 lambda r: _doc(rel, data, lang, meta_model, r, known))


def _doc(rel: str, data: bytes, lang: str, meta_model: type, report: Report,
         known: set[str]) -> MarkdownDoc | None:
    try:
        doc = split_front_matter(decode_text(data, rel), rel)
    except (FileProblem, YamlProblem) as exc:
        report.error(exc.position, exc.message, kind="syntax")
        return None
    for problem in doc.meta.problems:  # duplicate keys: read past, reported
        report.error(problem.position, problem.message, kind="syntax")
    meta = validate_record(meta_model, doc.meta, report)
    if meta is None:
        return None
    warn_unknown_keys(doc.meta, known, report)
    return MarkdownDoc(rel, lang, meta, doc.meta, doc.body, doc.body_line)


def _lang_of(name_lang: str, rel: str, languages: tuple[str, ...], report: Report) -> str | None:
    lang = norm_tag(name_lang)
    if lang not in languages:
        report.warning(Position(rel), _("'{lang}' is not one of the site's languages "
                                        "({languages}); file ignored", lang=name_lang,
                                        languages=", ".join(languages)), kind="language")
        return None
    return lang


def load_pages(root: Path, languages: tuple[str, ...], report: Report,
               keep: Keep | None = None) -> dict[str, dict[str, MarkdownDoc]]:
    """Read content/pages/<slug>.<lang>.md."""
    pages: dict[str, dict[str, MarkdownDoc]] = {}
    folder = root / "content" / "pages"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.startswith(".") or editor_leftover(path.name):
            continue
        rel = rel_path(path, root)
        m = PAGE_FILE.match(path.name)
        if not m:
            report.error(Position(rel), _("a page file is named <slug>.<lang>.md, "
                                          "for example about.kk.md"))
            continue
        lang = _lang_of(m["lang"], rel, languages, report)
        if lang is None:
            continue
        doc = _load_doc(path, root, lang, PageMeta, report, KNOWN_KEYS["page"], keep)
        if doc is not None:
            pages.setdefault(m["slug"], {})[lang] = doc
    return pages


def load_sections(folder: Path, root: Path, languages: tuple[str, ...], report: Report,
                  keep: Keep | None = None) -> tuple[RawSection, ...]:
    """Read an exhibition's sections/NN-<slug>.<lang>.md files."""
    found: dict[str, tuple[int, dict[str, MarkdownDoc]]] = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        rel = rel_path(path, root)
        if path.name.startswith(".") or editor_leftover(path.name) or path.is_dir():
            continue
        m = SECTION_FILE.match(path.name)
        if not m:
            report.error(Position(rel), _("a section file is named NN-<slug>.<lang>.md, "
                                          "for example 01-introduction.kk.md"))
            continue
        lang = _lang_of(m["lang"], rel, languages, report)
        if lang is None:
            continue
        doc = _load_doc(path, root, lang, SectionMeta, report, KNOWN_KEYS["section"], keep)
        if doc is None:
            continue
        order, files = found.setdefault(m["slug"], (int(m["order"]), {}))
        if lang in files:
            report.error(Position(rel), _(
                "section '{slug}' is given twice in '{lang}' ({path} and this file); sections "
                "need distinct names", slug=m["slug"], lang=lang, path=files[lang].path))
            continue
        if int(m["order"]) != order:
            report.warning(Position(rel), _(
                "section '{slug}' has the number {number} here but {other} in another "
                "language; using {other}", slug=m["slug"], number=m["order"],
                other=f"{order:02d}"))
        files[lang] = doc
    sections = [RawSection(slug, order, files) for slug, (order, files) in found.items()]
    return tuple(sorted(sections, key=lambda s: (s.order, s.slug)))


def load_exhibition(folder: Path, root: Path, languages: tuple[str, ...], report: Report,
                    keep: Keep | None = None) -> RawExhibition | None:
    """Read one exhibition folder."""
    card_path = folder / "exhibition.yaml"
    if not card_path.is_file():
        report.error(Position(rel_path(folder, root) + "/exhibition.yaml"),
                     _("missing exhibition.yaml (every exhibition folder needs one)"))
        return None
    located = _yaml(card_path, root, report)
    keep = keep or Keep()
    read = read_items(folder / "items.yaml", root, report, keep.store, keep.stamp)
    sections = load_sections(folder / "sections", root, languages, report, keep)
    if located is None:
        return None
    card = validate_record(ExhibitionCard, located, report)
    warn_unknown_keys(located, KNOWN_KEYS["exhibition"], report, model=ExhibitionCard)
    if card is None:
        return None
    return RawExhibition(folder.name, folder, card, located, read.items,
                         rel_path(folder / "items.yaml", root), sections, read.broken_ids,
                         read.broken)


def load_institutions(root: Path, report: Report, keep: Keep | None = None
                      ) -> tuple[RawInstitution, ...]:
    """Read content/institutions.yaml."""
    path = root / "content" / "institutions.yaml"
    if not path.is_file():
        return ()
    read = _read(path, root, report)
    if read is None:
        return ()
    keep = keep or Keep()
    return keep.reuse(keep.key("institutions", *read), report,
                      lambda r: _institutions(*read, r))


def _institutions(rel: str, data: bytes, report: Report) -> tuple[RawInstitution, ...]:
    located = _parsed(rel, data, report)
    if located is None or located.data is None:
        return ()
    if not isinstance(located.data, list):
        report.error(located.at(()), _("institutions.yaml must be a list, each entry starting "
                                       "with '- id: …'"))
        return ()
    out = []
    for i, sub in enumerate(located.elements()):
        data = sub.data
        ident = data.get("id") if isinstance(data, dict) else None
        record = validate_record(Institution, sub, report,
                                 f"institution '{ident}'" if ident else f"institution {i + 1}")
        if record is not None:
            out.append(RawInstitution(record, sub))
    return tuple(out)


def static_files(root: Path, report: Report) -> tuple[Path, ...]:
    """Files under content/static/ to copy as they are; links leading outside are refused."""
    base = root / "content" / "static"
    if not base.is_dir():
        return ()
    out = []
    inside = root.resolve()
    for path in sorted(base.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            report.error(Position(rel_path(path, root)), _(
                "this link points outside the site folder; copy the file into the site "
                "instead"))
        elif path.is_file() and not editor_leftover(path.name):
            out.append(path)
    return tuple(out)


def load_site(root: Path, report: Report, keep: Keep | None = None) -> RawSite | None:
    """Read the whole site folder. Returns ``None`` only when site.yaml itself is unusable.

    With ``keep`` (the build cache's ``records`` store), what earlier builds read is reused
    where the
    files it read are unchanged."""
    loaded = load_config(root, report, keep)
    if loaded is None:
        return None
    config, config_located = loaded
    languages = tuple(norm_tag(t) for t in config.languages)
    exhibitions = []
    ex_root = root / "exhibitions"
    for folder in sorted(ex_root.iterdir()) if ex_root.is_dir() else []:
        if folder.is_dir() and not folder.name.startswith((".", "_")):
            ex = load_exhibition(folder, root, languages, report, keep)
            if ex is not None:
                exhibitions.append(ex)
    static = static_files(root, report)
    return RawSite(root, config, config_located, load_institutions(root, report, keep),
                   load_pages(root, languages, report, keep), tuple(exhibitions), static)
