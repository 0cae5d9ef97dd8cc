"""korme new item / new section: appended as text, valid in every language, and buildable."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import build_into, run

ITEMS = "exhibitions/letters/items.yaml"


def _own_problems(site: Path, capsys, *needles: str) -> list[dict]:
    capsys.readouterr()
    run("check", "--site", site, "--strict", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    return [d for d in data["diagnostics"]
            if any(n in d["path"] or n in d["message"] for n in needles)]


def test_new_item_is_appended_keeping_comments_and_builds(site_copy, tmp_path: Path,
                                                          capsys) -> None:
    site = site_copy("mini")
    items = site / ITEMS
    original = "# Catalogue of the letters\n" + items.read_text("utf-8").rstrip("\n") + \
        "  # last line, no newline"
    items.write_text(original, "utf-8")
    assert run("new", "item", "letter-3", "--exhibition", "letters", "--site", site) == 0
    text = items.read_text("utf-8")
    assert text.startswith(original + "\n- id: letter-3\n")
    assert (site / "exhibitions/letters/images/letter-3/page-1.jpg").is_file()
    assert _own_problems(site, capsys, "letter-3") == []
    assert build_into(site, tmp_path / "out") == 0
    for lang in ("kk", "ru"):
        assert (tmp_path / f"out/{lang}/letters/items/letter-3/index.html").is_file()


def test_new_item_follows_indented_lists_and_empty_files(site_copy, capsys) -> None:
    site = site_copy("mini")
    items = site / ITEMS
    indented = "".join("  " + line if line else line
                       for line in items.read_text("utf-8").splitlines(keepends=True))
    items.write_text(indented, "utf-8")
    assert run("new", "item", "extra", "--exhibition", "letters", "--site", site) == 0
    assert items.read_text("utf-8").startswith(indented + "  - id: extra\n")
    assert _own_problems(site, capsys, "extra") == []
    items.write_text("# nothing yet\n[]\n", "utf-8")
    assert run("new", "item", "first", "--exhibition", "letters", "--site", site) == 0
    assert items.read_text("utf-8").startswith("# nothing yet\n- id: first\n")


def test_new_item_refuses_taken_or_bad_ids(site_copy, capsys) -> None:
    site = site_copy("mini")
    before = (site / ITEMS).read_text("utf-8")
    for ident in ("letter-1", "photo-old", "Bad Id"):
        assert run("new", "item", ident, "--exhibition", "letters", "--site", site) == 2
    assert run("new", "item", "x", "--site", site) == 2
    assert run("new", "item", "x", "--exhibition", "nowhere", "--site", site) == 2
    assert (site / ITEMS).read_text("utf-8") == before
    err = capsys.readouterr().err
    assert "already exists" in err and "--exhibition" in err and "no exhibition" in err


def test_new_section_gets_the_next_number_in_every_language(site_copy, tmp_path: Path,
                                                            capsys) -> None:
    site = site_copy("mini")
    assert run("new", "section", "letters-home", "--exhibition", "letters", "--site", site) == 0
    folder = site / "exhibitions/letters/sections"
    assert {p.name for p in folder.glob("03-*")} == {"03-letters-home.kk.md",
                                                     "03-letters-home.ru.md"}
    problems = _own_problems(site, capsys, "03-letters-home", "letters-home")
    # the exhibition is published: the new section's placeholder text is named, nothing else
    assert problems and {d["kind"] for d in problems} == {"placeholder"}
    assert build_into(site, tmp_path / "out") == 0
    assert (tmp_path / "out/ru/letters/letters-home/index.html").is_file()
    assert run("new", "section", "archive", "--exhibition", "letters", "--site", site) == 2
    assert run("new", "section", "items", "--exhibition", "letters", "--site", site) == 2
    assert run("new", "section", "ru", "--exhibition", "letters", "--site", site) == 2
