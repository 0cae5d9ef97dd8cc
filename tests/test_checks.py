"""korme check's extras: links and anchors, unused images, alt text and translation coverage."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run

SECTION = "exhibitions/letters/sections/01-introduction.kk.md"


def _break_things(site: Path) -> None:
    section = site / SECTION
    section.write_text(section.read_text("utf-8") + (
        "\n[жоқ](#no-such) [кесте](#кесте) [ескерту](#fn:1) [жоба](../../about/)\n"
        "[жоқ бет](../../missing-page/) [бөлім](section:archive#nowhere) "
        "[сыртқы](https://example.org/x#y) [файл](../../static/a.pdf)\n"), "utf-8")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace(
        'alt: {kk: "Мөр", ru: "Печать"}', 'alt: {kk: "Мөр"}').replace(
        "[Екінші хат](item:letter-2)", "[Екінші хат](item:letter-2) [тор](#grid)"), "utf-8")
    (site / "exhibitions/letters/images/extra").mkdir()
    (site / "exhibitions/letters/images/extra/unused.jpg").write_bytes(
        (site / "exhibitions/letters/images/letter-1.jpg").read_bytes())
    (site / "exhibitions/letters/images/notes.txt").write_text("not an image", "utf-8")


def test_check_json_lists_links_unused_images_and_coverage(site_copy, capsys) -> None:
    site = site_copy("mini")
    _break_things(site)
    assert run("check", "--site", site, "--format", "json") == 0  # warnings only
    data = json.loads(capsys.readouterr().out)
    by_kind: dict[str, list[dict]] = {}
    for d in data["diagnostics"]:
        by_kind.setdefault(d["kind"], []).append(d)
    anchors = {(d["path"], d["line"], d["column"]): d["message"] for d in by_kind["broken-anchor"]}
    assert anchors == {
        (SECTION, 17, 7): "section 'introduction': link to '#no-such': no such anchor on this page",
        (SECTION, 18, 40): "section 'introduction': link to 'section:archive#nowhere': no such "
                           "anchor in exhibitions/letters/sections/02-archive.kk.md",
        ("exhibitions/letters/items.yaml", 10, 21): "item 'letter-1': description: link to "
                                                    "'#grid': no such anchor on this page",
    }
    links = [(d["path"], d["line"], d["column"], d["message"]) for d in by_kind["broken-link"]]
    assert links == [(SECTION, 18, 11, "section 'introduction': link to '../../missing-page/' "
                      "leads to no page (/kk/missing-page/)")]
    assert data["unused_images"] == ["exhibitions/letters/images/extra/unused.jpg"]
    unused = by_kind["unused-image"][0]
    assert (unused["path"], unused["severity"]) == (data["unused_images"][0], "warning")
    ru, kk = data["coverage"]["ru"], data["coverage"]["kk"]
    assert ru["alt"]["missing"] == [{"path": "exhibitions/letters/items.yaml", "line": 28,
                                     "column": 13, "item": "letter-2", "image": 1}]
    assert (ru["alt"]["translated"], ru["alt"]["total"]) == (2, 3)
    assert kk["alt"]["percent"] == 100.0 and kk["alt"]["missing"] == []
    assert (ru["sections"]["translated"], ru["sections"]["total"]) == (1, 2)
    assert ru["sections"]["percent"] == 50.0 and kk["sections"]["percent"] == 100.0
    assert ru["fields"]["translated"] < ru["fields"]["total"] == kk["fields"]["translated"]


def test_check_text_prints_table_and_strict_fails(site_copy, capsys) -> None:
    site = site_copy("mini")
    _break_things(site)
    assert run("check", "--site", site) == 0
    out = capsys.readouterr().out
    assert f"{SECTION}:18:11: warning: section 'introduction': link to" in out
    assert "exhibitions/letters/images/extra/unused.jpg:1:1: warning: image not used" in out
    table = out[out.index("translation coverage:"):].splitlines()
    assert table[1].split() == ["language", "fields", "sections", "pages", "alt", "text"]
    assert table[2].split()[0] == "kk" and table[3].split()[:1] == ["ru"]
    assert "2/3  66%" in table[3] and "1/2  50%" in table[3]
    assert ("exhibitions/letters/items.yaml:28:13: item 'letter-2': image 1 has no ru alt text"
            in out)
    assert run("check", "--site", site, "--strict") == 1


def test_clean_site_has_no_link_or_image_warnings(site_copy, capsys) -> None:
    site = site_copy("mini")
    assert run("check", "--site", site, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["kind"] for d in data["diagnostics"]} == {"fallback"}
    assert data["unused_images"] == []


def test_unused_images_not_guessed_when_items_are_broken(site_copy, capsys) -> None:
    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("- id: letter-2", "- id: Letter 2"),
                     "utf-8")
    assert run("check", "--site", site, "--format", "json") == 1
    assert json.loads(capsys.readouterr().out)["unused_images"] == []
