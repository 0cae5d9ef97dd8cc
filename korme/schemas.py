"""``korme schema``: JSON Schemas of site.yaml, exhibition.yaml and items.yaml for editors.

Made from the same pydantic models the loader validates with. Files whose unknown keys the
build warns about are closed, so an editor flags typos: items too, with the site's own
``fields:`` (and those the theme labels) as properties (:mod:`korme.schema_hints`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BeforeValidator, TypeAdapter

from korme.errors import Report
from korme.load.schema import SLUG_RE, ExhibitionCard, ItemRecord, SiteConfig
from korme.load.site import load_config
from korme.schema_hints import add_hints

DRAFT = "https://json-schema.org/draft/2020-12/schema"
CLOSED = ("SiteConfig", "ImagesConfig", "ExhibitionCard", "ExhibitionDates", "ImageRecord")


def _close(schema: dict[str, Any], name: str) -> None:
    target = schema if schema.get("title") == name else schema.get("$defs", {}).get(name)
    if target is not None:
        target["additionalProperties"] = False


def _singles(schema: dict[str, Any]) -> None:
    """Lists the loader also takes as one value (``creator: "…"``) accept that value too."""
    for model in (SiteConfig, ExhibitionCard, ItemRecord):
        target = schema if schema.get("title") == model.__name__ else \
            schema.get("$defs", {}).get(model.__name__)
        if target is None:
            continue
        for name, info in model.model_fields.items():
            if any(isinstance(m, BeforeValidator) and m.func.__name__ == "_to_list"
                   for m in info.metadata):
                prop = target["properties"][name]
                items = prop.get("items", {})
                target["properties"][name] = {"anyOf": [items, {**prop, "title": None}]}
                target["properties"][name]["anyOf"][1].pop("title")
                if "default" in prop:
                    target["properties"][name]["default"] = prop["default"]


def schemas(root: Path | None = None, config: SiteConfig | None = None
            ) -> dict[str, dict[str, Any]]:
    """File name → JSON Schema (with a site's folder and config: its types and fields)."""
    out = {
        "site.schema.json": (SiteConfig.model_json_schema(), "Kórme site.yaml"),
        "exhibition.schema.json": (ExhibitionCard.model_json_schema(), "Kórme exhibition.yaml"),
        "items.schema.json": (TypeAdapter(list[ItemRecord]).json_schema(), "Kórme items.yaml"),
    }
    result = {}
    for name, (schema, title) in out.items():
        for model in CLOSED:
            _close(schema, model)
        _singles(schema)
        add_hints(schema, root, config)
        item = schema.get("$defs", {}).get("ItemRecord")
        if item is not None:
            item["properties"]["id"]["pattern"] = SLUG_RE.pattern
        result[name] = {"$schema": DRAFT, **schema, "title": title}
    return result


def write_schemas(folder: Path, site: Path | None = None) -> list[Path]:
    """Write every schema into ``folder`` (made if missing); return the paths. With ``site``
    (a folder with site.yaml), its ``vocabulary:`` types and ``fields:`` are included."""
    config = None
    if site is not None and (site / "site.yaml").is_file():
        loaded = load_config(site.resolve(), Report())
        config = loaded[0] if loaded is not None else None
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, schema in schemas(site.resolve() if config else None, config).items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        paths.append(path)
    return paths
