"""The IIIF collection of all exhibitions: ``iiif/collection.json``.

A Presentation 3 collection whose items are the exhibitions' own collections
(``iiif/<exhibition>/collection.json``, written with the manifests), so a viewer or an
aggregator finds every manifest of the site from one address. Written only with a
``base_url`` (IIIF ids are absolute).
"""

from __future__ import annotations

import json
from typing import Any

from korme import urls
from korme.iiif.manifest import PRESENTATION_CONTEXT, lang_map
from korme.iiif.stage import collection_path
from korme.model import Site

PATH = "iiif/collection.json"


def site_collection(site: Site) -> dict[str, Any]:
    """The collection document (the site must have a ``base_url``)."""
    base = site.config.base_url or ""
    doc: dict[str, Any] = {
        "@context": PRESENTATION_CONTEXT,
        "id": base + PATH,
        "type": "Collection",
        "label": lang_map(site.config.title),
    }
    if site.config.description:
        doc["summary"] = lang_map(site.config.description)
    doc["homepage"] = [{"id": base + urls.home(lang.code), "type": "Text",
                        "format": "text/html", "label": lang_map(site.config.title),
                        "language": [lang.tag]} for lang in site.languages]
    doc["items"] = [{"id": base + collection_path(ex.slug), "type": "Collection",
                     "label": lang_map(ex.card.title)} for ex in site.exhibitions]
    return doc


def collection_outputs(site: Site) -> dict[str, bytes]:
    """``{"iiif/collection.json": bytes}``; nothing without ``base_url``."""
    if not site.config.base_url:
        return {}
    text = json.dumps(site_collection(site), ensure_ascii=False, indent=1) + "\n"
    return {PATH: text.encode("utf-8")}
