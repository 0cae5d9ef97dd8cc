"""What the JSON Schemas tell an editor beyond shapes: descriptions shown on hover, the EDTF
pattern of dates, the known types (the theme's and the site's ``vocabulary:``) and the site's
own ``fields:``, so that VS Code underlines what ``korme check`` reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from korme.errors import Report
from korme.fieldcheck import themed_fields
from korme.load.schema import SiteConfig
from korme.theme import default_theme_dir, load_theme

# an approximation of EDTF level 0-2 for the editor (korme check parses dates exactly)
EDTF_PATTERN = r"^(?=.*[0-9])[0-9XYSE~?%./\-\[\]{},]+$"
DESCRIPTIONS = {
    "ItemRecord": {
        "id": "The item's id: lower-case a-z, 0-9 and '-'; it names the item's page.",
        "title": "The title, one per language: {kk: …, ru: …}.",
        "creator": "Author, scribe or maker; one name or a list.",
        "date": "An EDTF date: 1863, 1925-05-12, 1720~ (about), 159X (the 1590s), "
                "15XX (the 16th century), 1850/1870 (between).",
        "date_display": "The date as shown, per language, when the EDTF value is not enough.",
        "type": "The kind of object: manuscript, book, document, letter, photograph, map, "
                "object, artwork, or one of vocabulary: type: in site.yaml.",
        "language": "Language(s) of the object's text, as BCP 47 codes: fa, chg, kk-Arab.",
        "institution": "The id of the holding institution in content/institutions.yaml.",
        "identifier": "The shelfmark (call number).",
        "credit": "The credit line, per language.",
        "reading_direction": "How the pages are turned in the viewer.",
        "extent": "Extent: number of leaves or pages, per language.",
        "dimensions": "Dimensions, per language.",
        "subjects": "Subjects (facets), per language.",
        "rights": "A rights statement or licence URL (rightsstatements.org, Creative Commons).",
        "description": "Description in Markdown, per language.",
        "status": "draft: left out of the site until published (korme build --drafts shows it).",
        "aliases": "Former ids of the item: their old addresses redirect to it.",
        "download": "Which image files visitors may download: full, largest or none.",
        "images": "The item's images, in order: file, alt text per language, caption, …",
    },
    "ImageRecord": {
        "file": "The image file, relative to the exhibition folder: images/ms-1/page-1.jpg.",
        "alt": "Alternative text for visitors who cannot see the image, per language.",
        "caption": "Caption, per language.",
        "label": "A short label such as '1 r.' (folio).",
        "transcription": "The text on the image, in its own language.",
        "id": "The image's own page name (unique within the item).",
    },
    "ExhibitionCard": {
        "title": "The exhibition's title, per language.",
        "summary": "A short introduction, per language (Markdown).",
        "institutions": "Ids of the partner institutions (content/institutions.yaml).",
        "curators": "The curators' names.",
        "cover": "The cover: an item id, an image path, or {item: ID, image: N, focus: "
                 "pct:X,Y}.",
        "status": "draft: left out of the site until published.",
    },
    "SiteConfig": {
        "title": "The site's title, per language.",
        "languages": "The published languages as BCP 47 codes (kk, ru, en); the first is the "
                     "default.",
        "base_url": "The site's public address (https://…/), for IIIF and sharing cards.",
        "fields": "The site's own item fields: KEY: {label: {kk: …, ru: …}, type: text | "
                  "markdown | list | date | url}.",
        "vocabulary": "Labels of the site's own values: type: {KEY: {kk: …, ru: …}}, "
                      "language: {…}.",
    },
}
_FIELD_TYPES: dict[str, dict[str, Any]] = {
    "text": {"$ref": "#/$defs/_Text"}, "markdown": {"$ref": "#/$defs/_Text"},
    "list": {"anyOf": [{"type": "array"}, {"type": "string"}, {"type": "object"}]},
    "date": {"type": "string", "pattern": EDTF_PATTERN},
    "url": {"type": "string", "format": "uri"},
}
_TEXT = {"anyOf": [{"type": "string"},
                   {"type": "object", "additionalProperties": {"type": "string"}}]}


def _theme(root: Path | None, config: SiteConfig | None) -> tuple[Path, str]:
    """The site folder and theme name to read the theme's words from (else the default's)."""
    if root is not None and config is not None:
        return root, config.theme
    return default_theme_dir().parent.parent, "default"


def known_types(root: Path | None, config: SiteConfig | None) -> list[str]:
    """The theme's types (``type_manuscript``) and the site's ``vocabulary: type:`` keys."""
    strings = load_theme(*_theme(root, config), (), Report()).strings
    found = {k.removeprefix("type_") for words in strings.values() for k in words
             if k.startswith("type_")}
    if config is not None:
        found |= set(config.vocabulary.get("type", {}))
    return sorted(found)


def add_hints(schema: dict[str, Any], root: Path | None, config: SiteConfig | None) -> None:
    """Descriptions, the date pattern, the types and the site's fields, in place."""
    defs = schema.get("$defs", {})
    for name, described in DESCRIPTIONS.items():
        target = schema if schema.get("title") == name else defs.get(name)
        if target is None:
            continue
        for key, text in described.items():
            if key in target.get("properties", {}):
                target["properties"][key]["description"] = text
    item = defs.get("ItemRecord")
    if item is None:
        return
    props = item["properties"]
    props["date"] = {**props["date"], "anyOf": [{"type": "string", "pattern": EDTF_PATTERN},
                                                {"type": "null"}]}
    props["type"] = {**props["type"], "anyOf": [{"enum": known_types(root, config)},
                                                {"type": "null"}]}
    defs["_Text"] = _TEXT
    themed = themed_fields(*_theme(root, config))
    for key in sorted(themed - set(props)):
        props[key] = {**_TEXT, "description": f"{key} (labelled by the theme)"}
    for key, spec in (config.fields if config else {}).items():
        props[key] = {**_FIELD_TYPES[spec.type],
                      "description": f"{key}: one of the site's own fields (site.yaml)"}
    item["additionalProperties"] = False  # korme check warns of undeclared fields
