"""Validate stage: cross-references, slugs, dates, image paths and translations → the model.

Per-file shapes were checked when loading; here the files are checked against each other and
the resolved, immutable :class:`~korme.model.Site` is made. Every problem is reported.
"""

from __future__ import annotations

from pathlib import Path

from korme.cover import resolve_cover
from korme.dates import EdtfDate, parse_date
from korme.errors import Position, Report
from korme.fieldcheck import check_item_fields
from korme.figurecheck import check_figure, check_story
from korme.hints import item_hint
from korme.i18n import Lang
from korme.l10n import Text, _
from korme.load.imagefiles import ImageFiles
from korme.load.reader import Located
from korme.load.schema import RESERVED_SLUGS, SLUG_RE, CoverRef, ImageRecord, Institution
from korme.load.site import MarkdownDoc, RawExhibition, RawItem, RawSite
from korme.markdown.refs import scan
from korme.model import Exhibition, Item, ItemImage, Section, Site, SitePage
from korme.partner_keys import partner_rel
from korme.suggest import hint
from korme.translations import TranslationChecks


class _Checker(TranslationChecks):
    """Holds the context of one validation run (site root, languages, report)."""

    def __init__(self, raw: RawSite, report: Report, drafts: bool):
        self.raw = raw
        self.report = report
        self.drafts = drafts
        self.draft_ids: dict[str, set[str]] = {}  # exhibition -> items left out as drafts
        self.root = raw.root
        self.languages = tuple(Lang.of(t) for t in raw.config.languages)
        self.codes = tuple(lang.code for lang in self.languages)
        self.files = ImageFiles(raw.root)

    def unknown(self, ex: RawExhibition | None, ident: str) -> bool:
        """Whether a reference to a missing item should be reported (not a knock-on error)."""
        if ex is None:
            return True
        return ex.broken_ids is not None and ident not in ex.broken_ids

    def missing_item(self, ex: RawExhibition | None, ident: str, pos: Position,
                     message: Text, draft: Text) -> None:
        """Report a reference to an item that is not there: an error (``message``), or a
        warning for a draft left out of this build (``draft``; its figure and links are left
        out too)."""
        if ex is not None and ident in self.draft_ids.get(ex.slug, ()):
            self.report.warning(pos, _("{message} (left out until it is published)",
                                       message=draft), kind="draft")
        elif self.unknown(ex, ident):
            self.report.error(pos, _("{message}{hint}", message=message,
                                     hint=item_hint(self.raw, ex, ident)))

    # slugs ------------------------------------------------------------------------------------
    def slug(self, value: str, pos: Position, what: Text) -> bool:
        if not SLUG_RE.match(value):
            self.report.error(pos, _("{what} '{value}': the name must be a slug: lower-case "
                                     "a-z, 0-9 and '-' (rename the file or folder)",
                                     what=what, value=value))
            return False
        if value in RESERVED_SLUGS or value in self.codes:
            self.report.error(pos, _("{what} '{value}': '{value}' is reserved for Kórme's own "
                                     "pages; choose another name", what=what, value=value))
            return False
        return True

    # images -----------------------------------------------------------------------------------
    def image_path(self, base: Path, file: str, pos: Position, context: Text | str
                   ) -> str | None:
        """Check that an image path stays inside the site and exists; return it site-relative."""
        rel, problem = self.files.check(base, file)
        if problem:
            self.report.error(pos, _("{context}: {problem}", context=context, problem=problem))
        return rel

    # items ------------------------------------------------------------------------------------
    def item(self, ex: RawExhibition, raw: RawItem) -> Item:
        rec, loc = raw.record, raw.located
        context = _("item '{id}'", id=rec.id)
        texts, image_texts = self.item_texts(raw)
        self.warn_missing(loc, texts, context)
        date = None
        if rec.date:
            try:
                date = parse_date(rec.date)
            except ValueError as exc:
                self.report.error(loc.at(("date",)), _("{context}: date: {problem}",
                                                       context=context, problem=exc.args[0]))
        institution = None
        if rec.institution:
            institution = self.institutions.get(rec.institution)
            if institution is None:
                self.report.error(loc.at(("institution",)), _(
                    "{context}: institution: unknown id '{id}'{hint} (see "
                    "content/institutions.yaml)", context=context, id=rec.institution,
                    hint=hint(rec.institution, self.institutions)))
        files = []
        for n, img in enumerate(rec.images):
            self.warn_missing(loc, image_texts[n], context)
            if img.iiif is not None:  # a partner's image (korme.partners): not a file
                files.append(partner_rel(img.iiif))
                continue
            rel, problem = self.files.check(ex.folder, img.file or "")
            if problem:
                self.report.error(loc.at(("images", n, "file")), _(
                    "{context}: images[{n}].file: {problem}", context=context, n=n,
                    problem=problem))
            files.append(rel)
        self.image_ids(rec.images, loc, context)
        return self.made_item(ex, raw, date, institution, files)

    def image_ids(self, images: list[ImageRecord], loc: Located, context: Text | str) -> None:
        """An image's ``id:`` names its page (korme.imagepages): unique within its item."""
        first: dict[str, int] = {}
        for n, img in enumerate(images):
            if img.id is None:
                continue
            if img.id in first:
                self.report.error(loc.at(("images", n, "id")), _(
                    "{context}: images[{n}].id: '{id}' is also the id of images[{first}]; "
                    "an image's id names its page, so it must be unique within the item",
                    context=context, n=n, id=img.id, first=first[img.id]))
            else:
                first[img.id] = n

    @staticmethod
    def made_item(ex: RawExhibition, raw: RawItem, date: EdtfDate | None,
                  institution: Institution | None, files: list[str | None]) -> Item:
        """The item from its checked parts."""
        rec, loc = raw.record, raw.located
        images = tuple(ItemImage(rel, img, n + 1, loc.at(("images", n, "iiif" if img.iiif
                                                          else "file")))
                       for n, (img, rel) in enumerate(zip(rec.images, files, strict=True))
                       if rel is not None)
        return Item(ex.slug, rec, date, institution, images, (), loc.at(()))

    # sections ---------------------------------------------------------------------------------
    def section(self, ex: RawExhibition, raw_files: dict[str, MarkdownDoc], slug: str,
                order: int, item_ids: set[str]) -> Section | None:
        ex_slug = ex.slug
        default = next((c for c in self.codes if c in raw_files), None)
        if default is None:
            return None
        main = raw_files[default]
        if not self.slug(slug, Position(main.path), _("section")):
            return None
        for code in self.codes:
            if code not in raw_files and not _exists(ex.folder / "sections", f"*-{slug}", code):
                self.report.warning(Position(main.path), _(
                    "section '{slug}' has no {lang} file; showing the {default} text there",
                    slug=slug, lang=code, default=default), kind="fallback")
        items = tuple(main.meta.items)
        for n, ident in enumerate(items):
            if ident not in item_ids:
                self.missing_item(ex, ident, main.located.at(("items", n)), _(
                    "section '{slug}': items: unknown item '{id}' in exhibition '{exhibition}'",
                    slug=slug, id=ident, exhibition=ex_slug), _(
                    "section '{slug}': items: draft item '{id}' in exhibition '{exhibition}'",
                    slug=slug, id=ident, exhibition=ex_slug))
        for code, doc in raw_files.items():
            if code != default and list(doc.meta.items) != list(items) and doc.meta.items:
                self.report.warning(doc.located.at(("items",)), _(
                    "section '{slug}': items differ from the {default} file's; the {default} "
                    "list is used", slug=slug, default=default))
        if getattr(main.meta, "layout", "") == "story":
            for doc in raw_files.values():
                check_story(self.report, doc.body, doc.located.at(("layout",)),
                            f"section '{slug}'", sorted(item_ids))
        return Section(ex_slug, slug, order, dict(raw_files), items, tuple(main.meta.aliases))

    def refs(self, doc: MarkdownDoc, items: dict[str, Item], sections: set[str],
             where: Text | str, ex: RawExhibition | None = None) -> set[str]:
        """Check ``::item`` and links in a Markdown body; return the item ids shown as figures."""
        shown: set[str] = set()
        for ref in scan(doc.body):
            pos = Position(doc.path, doc.body_line + ref.line - 1, ref.column)
            if ref.kind == "section":
                if ref.target not in sections:
                    self.report.error(pos, _("{where}: link to unknown section '{slug}'",
                                             where=where, slug=ref.target))
                continue
            item = items.get(ref.target)
            if ref.kind == "figure" and not ref.target:  # a directive line without an id
                check_figure(self.report, ref, None, where, pos, True)
                continue
            if item is None:
                self.missing_item(ex, ref.target, pos,  # with the id probably meant
                                  _("{where}: unknown item '{id}'", where=where, id=ref.target),
                                  _("{where}: draft item '{id}'", where=where, id=ref.target))
                continue
            if ref.kind == "figure":
                check_figure(self.report, ref, item, where, pos,
                             getattr(doc.meta, "layout", "") == "story")
                shown.add(ref.target)
        return shown

    def text_refs(self, text: str, pos: Position, items: dict[str, Item], sections: set[str],
                  where: Text | str, ex: RawExhibition) -> None:
        """Check links in a Markdown value stored in YAML (reported at the field)."""
        for ref in scan(text):
            if ref.kind == "section" and ref.target not in sections:
                self.report.error(pos, _("{where}: link to unknown section '{slug}'",
                                         where=where, slug=ref.target))
            elif ref.kind != "section" and ref.target not in items:
                self.missing_item(ex, ref.target, pos, _(
                    "{where}: link to unknown item '{id}'", where=where, id=ref.target), _(
                    "{where}: link to draft item '{id}'", where=where, id=ref.target))

    def broken_institutions(self, ex: RawExhibition) -> None:
        """The institution of a record that failed validation (its other problems are
        reported by the loader): checked all the same, so one run reports both."""
        for loc in ex.broken:
            data = loc.data if isinstance(loc.data, dict) else {}
            ident, inst = data.get("id"), data.get("institution")
            if isinstance(inst, str) and inst not in self.institutions:
                self.report.error(loc.at(("institution",)), _(
                    "{context}: institution: unknown id '{id}'{hint} (see "
                    "content/institutions.yaml)", context=_("item '{id}'", id=ident), id=inst,
                    hint=hint(inst, self.institutions)))

    # exhibitions ------------------------------------------------------------------------------
    def exhibition(self, ex: RawExhibition) -> Exhibition | None:
        card, loc = ex.card, ex.located
        if card.status == "draft" and not self.drafts:
            return None
        self.slug(ex.slug, loc.at(()), _("exhibition"))
        self.translations(loc, self.fields(card), "")
        institutions = []
        for n, ident in enumerate(card.institutions):
            if ident in self.institutions:
                institutions.append(self.institutions[ident])
            else:
                self.report.error(loc.at(("institutions", n)), _(
                    "institutions: unknown id '{id}'{hint} (see content/institutions.yaml)",
                    id=ident, hint=hint(ident, self.institutions)))
        self.broken_institutions(ex)
        items: dict[str, Item] = {}
        for raw in ex.items:
            ident = raw.record.id
            if ident in items:
                self.report.error(raw.located.at(("id",)), _(
                    "item '{id}': the id is used twice in {path} (first at line {line})",
                    id=ident, path=ex.items_path, line=items[ident].position.line))
                continue
            if raw.record.status == "draft" and not self.drafts:
                self.draft_ids.setdefault(ex.slug, set()).add(ident)
                continue
            items[ident] = self.item(ex, raw)
        self.aliases(ex, items)
        section_slugs = {s.slug for s in ex.sections}
        sections: list[Section] = []
        featured: dict[str, list[str]] = {}
        for raw_section in ex.sections:
            sec = self.section(ex, raw_section.files, raw_section.slug,
                               raw_section.order, set(items))
            if sec is None:
                continue
            shown: set[str] = set(i for i in sec.items if i in items)
            for doc in sec.files.values():
                shown |= self.refs(doc, items, section_slugs,
                                   _("section '{slug}'", slug=sec.slug), ex)
            for ident in shown:
                featured.setdefault(ident, []).append(sec.slug)
            sections.append(sec)
        for raw in ex.items:
            desc = raw.record.description
            if desc and raw.record.id in items:
                for text in (desc.plain,) if desc.is_plain else (t for _, t in desc.texts):
                    if text and ("item" in text or "section:" in text):  # else no reference
                        self.text_refs(text, raw.located.at(("description",)), items,
                                       section_slugs, _("item '{id}': description",
                                                        id=raw.record.id),
                                       ex)
        for ident, it in list(items.items()):
            shown_in = tuple(featured.get(ident, ()))
            if shown_in != it.featured_in:
                items[ident] = Item(it.exhibition, it.record, it.date, it.institution, it.images,
                                    shown_in, it.position)
        cover, cover_item = self.cover(ex, items)
        return Exhibition(ex.slug, card, tuple(items.values()), tuple(sections),
                          tuple(institutions), cover, cover_item, ex.folder)

    def aliases(self, ex: RawExhibition, items: dict[str, Item]) -> None:
        seen: dict[str, str] = {}
        for raw in ex.items:
            if raw.record.id not in items:
                continue
            for n, alias in enumerate(raw.record.aliases):
                other = alias if alias in items else seen.get(alias)
                if other is not None:
                    self.report.error(raw.located.at(("aliases", n)), _(
                        "item '{id}': aliases: '{alias}' already names item '{other}'",
                        id=raw.record.id, alias=alias, other=other))
                seen[alias] = raw.record.id

    def cover(self, ex: RawExhibition, items: dict[str, Item]
              ) -> tuple[ItemImage | None, Item | None]:
        cover = ex.card.cover
        if isinstance(cover, CoverRef):  # {item, image, focus} (korme.cover)
            return resolve_cover(cover, items, ex.located, self.report,
                                 lambda i: i in self.draft_ids.get(ex.slug, ()) or
                                 not self.unknown(ex, i))
        if not cover:
            first = next((it for it in items.values() if it.images), None)
            return (first.images[0], first) if first else (None, None)
        if cover in items:
            it = items[cover]
            return (it.images[0] if it.images else None), it
        pos = ex.located.at(("cover",))
        if not self.unknown(ex, cover):
            return None, None
        if "/" in cover or "." in cover:
            rel = self.image_path(ex.folder, cover, pos, _("cover"))
            if rel:
                return ItemImage(rel, ImageRecord(file=cover, alt=ex.card.title), 1, pos), None
            return None, None
        self.report.error(pos, _("cover: unknown item '{id}'{hint} (give an item id or an "
                                 "image path such as images/cover.jpg)", id=cover,
                                 hint=hint(cover, (it.record.id for it in ex.items))))
        return None, None

    # site -------------------------------------------------------------------------------------
    def site(self) -> Site:
        raw = self.raw
        self.translations(raw.config_located, self.fields(raw.config), "")
        self.institutions = {}
        for inst in raw.institutions:
            ident = inst.record.id
            if ident in self.institutions:
                self.report.error(inst.located.at(("id",)),
                                  _("institution '{id}': the id is used twice", id=ident))
                continue
            self.translations(inst.located, self.fields(inst.record),
                              _("institution '{id}'", id=ident))
            if inst.record.logo:
                self.image_path(self.root / "content", inst.record.logo, inst.located.at(
                    ("logo",)), _("institution '{id}': logo", id=ident))
            self.institutions[ident] = inst.record
        pages: dict[str, SitePage] = {}
        for slug, files in raw.pages.items():
            doc = next(iter(files.values()))
            if slug != "index" and not self.slug(slug, Position(doc.path), _("page")):
                continue
            for code in self.codes:  # a file there but unreadable is reported as such
                if code not in files and not _exists(raw.root / "content" / "pages", slug,
                                                     code):
                    self.report.warning(Position(doc.path), _(
                        "page '{slug}' has no {lang} file; showing another language there",
                        slug=slug, lang=code), kind="fallback")
            for d in files.values():
                self.refs(d, {}, set(), _("page '{slug}'", slug=slug))
            pages[slug] = SitePage(slug, dict(files))
        exhibitions = [e for e in (self.exhibition(ex) for ex in raw.exhibitions) if e]
        taken = {e.slug for e in exhibitions}
        for slug in pages:
            if slug in taken:
                self.report.error(Position(pages[slug].doc(self.codes[0], self.codes).path),
                                  _("page '{slug}' has the same URL as the exhibition '{slug}'",
                                    slug=slug))
        return Site(raw.root, raw.config, self.languages, self.institutions, tuple(exhibitions),
                    pages, raw.static_files, raw.config_located)


def _exists(folder: Path, stem: str, code: str) -> bool:
    """Whether a Markdown file ``STEM.<code>.md`` is there (read or not)."""
    return any(p.name.lower().endswith(f".{code}.md") for p in folder.glob(f"{stem}.*.md"))


def build_model(raw: RawSite, report: Report, drafts: bool = False) -> Site:
    """Check the raw site as a whole and return the model; problems go into ``report``."""
    check_item_fields(raw, report)  # issue 19: undeclared item fields (korme/fieldcheck.py)
    return _Checker(raw, report, drafts).site()
