"""A manifest's metadata rows as the item fields they name (shelfmark, creator, date …).

Partners label their rows freely, in their languages; a row fills a field when its label, in
any language, is one of the usual names of that field (compared without case). Rows with other
labels are left out (the partner's page, linked from the manifest, shows them all).
"""

from __future__ import annotations

from typing import Any

from korme.remote.manifest import Manifest

LABELS: dict[str, frozenset[str]] = {
    "identifier": frozenset({"shelfmark", "call number", "identifier", "cote", "шифр",
                             "шифр хранения", "signature", "signatur", "inventory number"}),
    "creator": frozenset({"creator", "author", "auteur", "автор", "авторы", "авторлары"}),
    "date_display": frozenset({"date", "dates", "дата", "датировка", "күні"}),
    "extent": frozenset({"extent", "physical description", "объём", "объем", "көлемі"}),
    "dimensions": frozenset({"dimensions", "size", "размеры", "өлшемі"}),
}


def _field(labels: set[str]) -> str | None:
    return next((name for name, known in LABELS.items() if labels & known), None)


def metadata_fields(manifest: Manifest) -> dict[str, Any]:
    """Item fields (as the record holds them) from the manifest's metadata rows; the first
    row naming a field wins."""
    out: dict[str, Any] = {}
    for entry in manifest.metadata:
        labels = {value.text.strip().lower() for _lang, values in entry.label.entries
                  for value in values}
        name = _field(labels)
        text = entry.value.to_langtext()
        if name is None or name in out or text is None:
            continue
        if name == "identifier":
            plain = text.plain if text.plain is not None else text.texts[0][1]
            out[name] = plain
        elif name == "creator":
            out[name] = [text]
        else:
            out[name] = text
    return out
