"""The cite fixture site (tests/fixtures/cite), loaded once into the model for the cite tests."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from korme.build import load_model
from korme.errors import Report
from korme.model import Exhibition, Item, Site

FIXTURE = Path(__file__).parent / "fixtures" / "cite"
ACCESSED = datetime.date(2026, 3, 1)


def load(dest: Path) -> tuple[Site, Report]:
    """Copy the fixture into ``dest`` and load it as a build would."""
    target = dest / "cite"
    shutil.copytree(FIXTURE, target)
    report = Report()
    site = load_model(target, report)
    assert site is not None
    return site, report


def url(lang: str, item: str, page: str = "") -> str:
    """The permanent address of an item (or image) page of the fixture."""
    return f"https://example.org/vr/{lang}/steppe/items/{item}/" + (f"{page}/" if page else "")


def item(site: Site, ident: str) -> tuple[Exhibition, Item]:
    ex = site.exhibitions[0]
    found = ex.item(ident)
    assert found is not None
    return ex, found
