"""Incremental builds: a no-op rebuild touches nothing; an edit re-renders only its pages."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import build_into


def stats(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file()}


def test_noop_rebuild_touches_no_file(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before, folder = stats(out), os.stat(out).st_ino
    assert build_into(site, out) == 0
    assert stats(out) == before
    assert os.stat(out).st_ino == folder  # not even swapped
    assert not list(tmp_path.glob(".out.korme-*"))


def test_one_field_edit_renders_only_dependent_pages(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before = stats(out)
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("Екінші хат", "Екінші хат (жаңа)"), "utf-8")
    assert build_into(site, out) == 0
    after = stats(out)
    changed = {p for p in after if after[p] != before.get(p) and p != ".korme-site"}
    index = {p for p in changed if p.startswith("pagefind/")}
    assert index  # the search index is made again, as pages changed
    # the item itself, every page that shows its title, and nothing else
    assert changed - index == {
        f"{lang}/letters/{page}index.html" for lang in ("kk", "ru") for page in (
            "items/letter-2/", "items/letter-1/", "items/photo-1/", "items/", "",
            "introduction/", "timeline/", "institutions/", "catalogue/")
    }
    for page in ("kk/letters/items/", "ru/letters/introduction/", "kk/letters/items/letter-1/"):
        assert "Екінші хат (жаңа)" in (out / page / "index.html").read_text("utf-8")
    assert after["kk/about/index.html"] == before["kk/about/index.html"]


def test_outputs_no_longer_produced_are_gone(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    assert (out / "kk/about/index.html").exists()
    (site / "content/pages/about.kk.md").unlink()
    assert build_into(site, out) == 0
    assert not (out / "kk/about").exists()


def test_hand_edited_output_is_repaired(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    page = out / "kk/index.html"
    good = page.read_text("utf-8")
    page.write_text("vandalised", "utf-8")
    assert build_into(site, out) == 0
    assert page.read_text("utf-8") == good


def test_theme_change_rerenders_everything(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before = stats(out)
    override = site / "themes/default/i18n"
    override.mkdir(parents=True)
    (override / "kk.yaml").write_text("nav_home: Барлық көрмелер\n", "utf-8")
    assert build_into(site, out) == 0
    after = stats(out)
    pages = [p for p in after if p.endswith("index.html") and p.startswith("kk/")
             and "photo-old" not in p]  # a redirect page does not show the string
    assert [p for p in pages if after[p] == before[p]] == []
    assert "Барлық көрмелер" in (out / "kk/about/index.html").read_text("utf-8")
