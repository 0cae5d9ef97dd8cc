"""Drafts: left out of a build unless --drafts (what serve uses), and marked when shown."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build_into


def test_drafts_are_left_out_unless_asked_for(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace(
        "  type: photograph\n", "  type: photograph\n  status: draft\n"), "utf-8")
    assert build_into(site, tmp_path / "out") == 0
    assert not (tmp_path / "out/kk/letters/items/photo-1").exists()
    assert "photo-1" not in (tmp_path / "out/kk/letters/items/index.html").read_text("utf-8")
    assert build_into(site, tmp_path / "drafts", "--drafts") == 0
    page = (tmp_path / "drafts/kk/letters/items/photo-1/index.html").read_text("utf-8")
    assert '<p class="draft-badge">Жоба (жарияланбаған)</p>' in page

    # the archive section shows the item as a figure: left out, with a warning, not an error
    archive = (tmp_path / "out/kk/letters/archive/index.html").read_text("utf-8")
    assert "inline-item" not in archive
