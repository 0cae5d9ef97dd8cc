"""Item fields the format does not define and site.yaml does not declare (likely typos).

``creater:`` on an item is shown on the public page as a row "Creater": a field is either one
of the format's (:class:`~korme.load.schema.ItemRecord`) or declared in site.yaml's
``fields:``; any other key is a warning (an error under ``--strict``) at the key, with the
closest known field as a suggestion. Undeclared fields are still shown, so older sites build.
"""

from __future__ import annotations

from pathlib import Path

from korme.errors import Report
from korme.l10n import _
from korme.load.schema import ItemRecord
from korme.load.site import RawSite
from korme.suggest import closest
from korme.theme import load_theme


def declared_fields(raw_config: object) -> set[str]:
    """The site's own item fields: ``fields:`` and the older ``field_labels:``."""
    declared = set(getattr(raw_config, "fields", {}) or {})
    legacy = (getattr(raw_config, "extra_fields", {}) or {}).get("field_labels")
    if isinstance(legacy, dict):
        declared |= {str(k) for k in legacy}
    return declared


def themed_fields(root: Path, theme: str) -> set[str]:
    """The fields the theme has a label for (``field_provenance: …`` in its UI strings)."""
    strings = load_theme(root, theme, (), Report()).strings  # its problems: reported later
    return {k.removeprefix("field_") for words in strings.values() for k in words
            if k.startswith("field_")}


def check_item_fields(raw: RawSite, report: Report) -> None:
    """Warn at each item key that is neither the format's nor declared in site.yaml."""
    known = set(ItemRecord.model_fields) | declared_fields(raw.config) | \
        themed_fields(raw.root, raw.config.theme)
    for ex in raw.exhibitions:
        for item in ex.items:
            for key in item.record.extra_fields:
                if key in known:
                    continue
                near = closest(key, known, cutoff=0.75)
                message = _("unknown field '{name}' (did you mean '{suggestion}'?)", name=key,
                            suggestion=near) if near else \
                    _("unknown field '{name}': declare it in site.yaml under fields: with a "
                      "label per language", name=key)
                report.warning(item.located.at((key, "__key__")), message,
                               kind="unknown-field")
