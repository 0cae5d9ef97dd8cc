"""IIIF Presentation 3.0 manifests (one per item) and collections (one per exhibition), and
the Image API ``info.json`` of every pyramid. Written only when the site has a ``base_url``:
IIIF ids must be absolute.

Every text is a IIIF language map with each language the record has, published ones and
originals (``{"kk": […], "ru": […], "fa": […]}``); a plain value is under ``"none"``. Labels
of the metadata table come from the theme's UI strings in every published language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import nh3

from korme import urls
from korme.dates import format_edtf
from korme.i18n import Lang, LangText, language_name, pretty_tag
from korme.iiif.info import info_json
from korme.iiif.stage import (
    ZoomResult,
    collection_path,
    image_base,
    manifest_path,
)
from korme.imagepages import image_target
from korme.images.model import ImagePlan, PlannedImage
from korme.images.tiles import TILE_SIZE
from korme.markdown.render import MarkdownEngine, Renderer
from korme.model import Exhibition, Item, Site
from korme.partners.views import partner_body
from korme.theme import Theme
from korme.words import KNOWN_FIELDS, field_text, humanise, vocabulary
from korme.write import Output, text_output

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
PAGED_TYPES = frozenset({"manuscript", "book"})
IIIF_HTML_TAGS = {"a", "b", "br", "i", "img", "p", "small", "span", "sub", "sup"}
RIGHTS_URI = re.compile(r"^https?://(creativecommons\.org|rightsstatements\.org)/")

LangMap = dict[str, list[str]]


def lang_map(value: LangText | str | None) -> LangMap:
    """A multilingual value as a language map: every language it has, plain text as "none"."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"none": [value]} if value else {}
    if value.plain is not None:
        return {"none": [value.plain]} if value.plain else {}
    return {pretty_tag(k): [v] for k, v in value.texts if v}


def joined(values: list[LangText], sep: str = "; ") -> LangMap:
    """Several values (creators, subjects) joined per language they are given in."""
    if all(v.plain is not None for v in values):
        return lang_map(sep.join(v.plain or "" for v in values))
    langs: list[str] = []
    for v in values:
        langs += [k for k in v.langs if k not in langs]
    return {pretty_tag(k): [sep.join(v.resolve(k).text for v in values)] for k in langs}


class ManifestWriter:
    """Makes the IIIF documents of one build (absolute ids from ``site.config.base_url``)."""

    def __init__(self, site: Site, theme: Theme, plan: ImagePlan, zoom: ZoomResult,
                 engine: MarkdownEngine | None = None):
        assert site.config.base_url
        self.site, self.plan = site, plan
        self.base = site.config.base_url
        self.strings = {lang.code: theme.ui(lang.code) for lang in site.languages}
        self.tiled = {(z.exhibition, z.item, z.number): z for z in zoom.images}
        self.engine = engine or MarkdownEngine()

    def abs(self, path: str) -> str:
        return path if "://" in path else self.base + path  # (a partner's image: absolute)

    def per_lang(self, fn: Callable[[Lang], str]) -> LangMap:
        """A map with one text per published language (empty texts left out)."""
        return {lang.tag: [text] for lang in self.site.languages if (text := fn(lang))}

    def ui(self, key: str, default: str = "") -> LangMap:
        return self.per_lang(lambda lang: self.strings[lang.code].get(key, default or key))

    # documents ------------------------------------------------------------------------------
    def outputs(self) -> dict[str, Output]:
        """Every manifest, collection and ``info.json`` as output files."""
        out: dict[str, Output] = {}
        for z in self.tiled.values():
            rights = self.rights(self.site_item(z.exhibition, z.item), z.number)
            info = info_json(self.abs(z.base), z.width, z.height, TILE_SIZE, rights)
            out[f"{z.base}/info.json"] = _json(info)
        for ex in self.site.exhibitions:
            manifests = [it for it in ex.items if self.first_image(it)]
            for it in manifests:
                out[manifest_path(ex.slug, it.id)] = _json(self.manifest(ex, it))
            out[collection_path(ex.slug)] = _json(self.collection(ex, manifests))
        return out

    def site_item(self, ex_slug: str, item_id: str) -> Item:
        ex = next(e for e in self.site.exhibitions if e.slug == ex_slug)
        item = ex.item(item_id)
        assert item is not None
        return item

    def first_image(self, item: Item) -> PlannedImage | None:
        for img in item.images:
            planned = self.plan.images.get(img.rel)
            if planned is not None and planned.derivatives:
                return planned
        return None

    def collection(self, ex: Exhibition, items: list[Item]) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "@context": PRESENTATION_CONTEXT,
            "id": self.abs(collection_path(ex.slug)),
            "type": "Collection",
            "label": lang_map(ex.card.title),
        }
        if ex.card.summary:
            doc["summary"] = self.html_map(ex, ex.card.summary)
        doc["homepage"] = self.homepages(lambda c: urls.exhibition(c, ex.slug), ex.card.title)
        doc["items"] = [{"id": self.abs(manifest_path(ex.slug, it.id)), "type": "Manifest",
                         "label": lang_map(it.record.title),
                         "thumbnail": self.thumbnail(self.first_image(it))} for it in items]
        return doc

    def manifest(self, ex: Exhibition, item: Item) -> dict[str, Any]:
        rec = item.record
        base = self.abs(f"iiif/{ex.slug}/{item.id}/")
        doc: dict[str, Any] = {
            "@context": PRESENTATION_CONTEXT,
            "id": self.abs(manifest_path(ex.slug, item.id)),
            "type": "Manifest",
            "label": lang_map(rec.title),
        }
        if rec.description:
            doc["summary"] = self.html_map(ex, rec.description)
        doc["metadata"] = self.metadata(item)
        credit = self.credit(item)
        if credit:
            doc["requiredStatement"] = {"label": self.ui("field_credit"), "value": credit}
        rights = self.rights(item, 0)
        if rights:
            doc["rights"] = rights
        if item.date and item.date.lower[0] >= 1:
            y, m, d = item.date.lower
            doc["navDate"] = f"{y:04d}-{m:02d}-{d:02d}T00:00:00Z"
        if rec.reading_direction:
            doc["viewingDirection"] = rec.reading_direction
        if (rec.type or "") in PAGED_TYPES:
            doc["behavior"] = ["paged"]
        doc["thumbnail"] = self.thumbnail(self.first_image(item))
        doc["homepage"] = self.homepages(lambda c: urls.item(c, ex.slug, item.id), rec.title)
        doc["partOf"] = [{"id": self.abs(collection_path(ex.slug)), "type": "Collection"}]
        doc["items"] = [c for img in item.images
                        if (c := self.canvas(ex, item, img.number, base)) is not None]
        return doc

    def canvas(self, ex: Exhibition, item: Item, number: int, base: str
               ) -> dict[str, Any] | None:
        img = item.images[number - 1]
        planned = self.plan.images.get(img.rel)
        if planned is None or not planned.derivatives:
            return None
        cid = f"{base}canvas/{number}"
        largest = planned.largest
        body: dict[str, Any] = {"id": self.abs(largest.path), "type": "Image",
                                "format": largest.mime, "width": largest.width,
                                "height": largest.height}
        remote = partner_body(self.site, planned)  # korme.partners: the partner's service
        if remote is not None:
            body = remote
        elif (ex.slug, item.id, number) in self.tiled:
            body["service"] = [{"id": self.abs(image_base(ex.slug, item.id, number)),
                                "type": "ImageService3", "profile": "level0"}]
        canvas: dict[str, Any] = {
            "id": cid, "type": "Canvas",
            "label": lang_map(img.record.label) or {"none": [str(number)]},
            "width": planned.width, "height": planned.height,
            "items": [{"id": f"{cid}/paint", "type": "AnnotationPage", "items": [{
                "id": f"{cid}/paint/image", "type": "Annotation", "motivation": "painting",
                "body": body, "target": cid}]}],
        }
        # the web page that shows this image (its own page, else its item's), per language
        canvas["homepage"] = self.homepages(
            lambda c: image_target(c, ex.slug, item, number, self.site.codes),
            img.record.label or item.record.title)
        texts = []
        for kind in ("transcription", "translation"):
            value: LangText | None = getattr(img.record, kind)
            for tag, (text,) in lang_map(value).items():
                body_lang = {"language": tag} if tag != "none" else {}
                texts.append({"id": f"{cid}/text/{kind}-{tag.lower()}", "type": "Annotation",
                              "motivation": "supplementing", "label": self.ui(kind),
                              "body": {"type": "TextualBody", "value": text,
                                       "format": "text/plain", **body_lang},
                              "target": cid})
        if texts:
            canvas["annotations"] = [{"id": f"{cid}/texts", "type": "AnnotationPage",
                                      "items": texts}]
        return canvas

    # parts ----------------------------------------------------------------------------------
    def metadata(self, item: Item) -> list[dict[str, LangMap]]:
        rec = item.record
        rows: list[tuple[str, LangMap]] = [("title", lang_map(rec.title))]
        if rec.creator:
            rows.append(("creator", joined(list(rec.creator))))
        if rec.date_display:
            rows.append(("date", lang_map(rec.date_display)))
        elif item.date:
            date = item.date
            rows.append(("date", self.per_lang(
                lambda lang: format_edtf(date, lang.locale, self.strings[lang.code]))))
        config, codes = self.site.config, self.site.codes
        if rec.type:
            kind = rec.type
            own = vocabulary(config, "type", kind)
            rows.append(("type", lang_map(own) if own else self.per_lang(
                lambda lang: self.strings[lang.code].get(f"type_{kind}", humanise(kind)))))
        if rec.language:
            rows.append(("language", self.per_lang(lambda lang: ", ".join(
                own.pick(lang.code, codes) if (own := vocabulary(config, "language", t))
                else language_name(t, lang.code) for t in rec.language))))
        for key in ("extent", "dimensions"):
            if getattr(rec, key):
                rows.append((key, lang_map(getattr(rec, key))))
        if rec.subjects:
            rows.append(("subjects", joined(list(rec.subjects), ", ")))
        for key, value in item.custom_fields:
            if (m := _custom(value)):
                rows.append((key, m))
        if item.institution:
            rows.append(("institution", lang_map(item.institution.name)))
        if rec.identifier:
            rows.append(("identifier", lang_map(rec.identifier)))
        return [{"label": self.field_label(key), "value": value} for key, value in rows if value]

    def field_label(self, key: str) -> LangMap:
        own = field_text(self.site.config, key) if key not in KNOWN_FIELDS else None
        if own:
            return lang_map(own)
        return self.ui("field_" + key, key.replace("_", " ").capitalize())

    def credit(self, item: Item) -> LangMap:
        if item.record.credit:
            return lang_map(item.record.credit)
        ident = item.record.identifier
        if item.institution:
            names = lang_map(item.institution.name)
            return {k: [", ".join(x for x in (v[0], ident) if x)] for k, v in names.items()}
        return lang_map(ident) if ident else {}

    def rights(self, item: Item, number: int) -> str | None:
        own = item.images[number - 1].record.rights if number else None
        uri = own or item.record.rights
        return uri if uri and RIGHTS_URI.match(uri) else None

    def thumbnail(self, planned: PlannedImage | None) -> list[dict[str, Any]]:
        if planned is None:
            return []
        d = planned.fallback[0]
        return [{"id": self.abs(d.path), "type": "Image", "format": d.mime, "width": d.width,
                 "height": d.height}]

    def homepages(self, url: Callable[[str], str], title: LangText) -> list[dict[str, Any]]:
        return [{"id": self.abs(url(lang.code)), "type": "Text", "format": "text/html",
                 "label": lang_map(title), "language": [lang.tag]}
                for lang in self.site.languages]

    def html_map(self, ex: Exhibition, value: LangText) -> LangMap:
        """Markdown as the HTML that IIIF allows (``item:`` links made absolute)."""
        out: LangMap = {}
        for tag, (text,) in lang_map(value).items():
            code = tag.lower() if tag.lower() in self.site.codes else self.site.default.code

            def link(kind: str, target: str, code: str = code) -> str:
                ident, _, anchor = target.partition("#")
                path = urls.item(code, ex.slug, ident) if kind == "item" else \
                    urls.section(code, ex.slug, ident)
                return self.abs(path) + (f"#{anchor}" if anchor else "")

            rendered = Renderer(figure=lambda _d: "", link=link, engine=self.engine)
            clean = nh3.clean(rendered.html(text), tags=IIIF_HTML_TAGS,
                              attributes={"a": {"href"}, "img": {"src", "alt"}},
                              link_rel=None).strip()
            out[tag] = [clean]  # block Markdown: always inside an element, as IIIF wants
        return out


def _custom(value: Any) -> LangMap:
    """A custom field's value (text, list or language mapping) as a language map."""
    if isinstance(value, dict):
        try:
            return lang_map(LangText.of({str(k): str(v) for k, v in value.items()}))
        except (TypeError, ValueError):
            return {}
    if isinstance(value, list):
        return lang_map(", ".join(str(v) for v in value if v is not None))
    return lang_map("" if value is None else str(value))


def _json(doc: dict[str, Any]) -> Output:
    return text_output(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def iiif_outputs(site: Site, theme: Theme, plan: ImagePlan, zoom: ZoomResult,
                 engine: MarkdownEngine | None = None) -> dict[str, Output]:
    """The IIIF documents of the site; none without ``base_url`` (ids must be absolute)."""
    if not site.config.base_url:
        return {}
    return ManifestWriter(site, theme, plan, zoom, engine).outputs()
