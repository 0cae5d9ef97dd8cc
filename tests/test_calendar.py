"""The home page's calendar follows the day without rendering every page every day: a rebuild
with nothing changed does nothing until the day an exhibition closes; that day only the pages
that show the calendar (the home pages) are rendered again, and the exhibition is past."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from bench.site_corpus import make_site
from korme.build import BuildOptions, BuildResult, build


def _on(day: datetime.date, site: Path, out: Path) -> BuildResult:
    epoch = datetime.datetime(day.year, day.month, day.day, 12,
                              tzinfo=datetime.UTC).timestamp()
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        return build(BuildOptions(site, out, search=False, quiet=True, workers=1))
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _group(out: Path) -> str:
    home = (out / "kk" / "index.html").read_text("utf-8")
    return "past" if 'id="group-past"' in home else "current" if "home-current" in home else ""


def test_the_home_page_follows_the_calendar(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", items=6, sections=1)
    ex = site / "exhibitions" / "bench" / "exhibition.yaml"
    ex.write_text(ex.read_text("utf-8") + "dates: {opens: 2026-01-01, closes: 2026-06-01}\n",
                  "utf-8")
    out = tmp_path / "out"
    first = _on(datetime.date(2026, 6, 1), site, out)
    assert first.rendered > 4 and _group(out) == "current"
    assert _on(datetime.date(2026, 6, 1), site, out).rendered == 0
    closed = _on(datetime.date(2026, 6, 2), site, out)  # nothing edited, the day has come
    assert _group(out) == "past"
    assert closed.rendered == 2  # the home page in kk and ru, nothing else
    assert _on(datetime.date(2026, 6, 3), site, out).rendered == 0
    assert _group(out) == "past"
