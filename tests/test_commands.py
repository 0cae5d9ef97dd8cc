"""The other commands: check (text and JSON) and new exhibition (valid in every language)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import build_into, run


def test_check_reports_without_writing(site_copy, capsys) -> None:
    site = site_copy("mini")
    assert run("check", "--site", site) == 0
    out = capsys.readouterr().out
    # three fallbacks, and two labels the mini site lacks (its type seal-impression, and
    # Chagatai in Kazakh)
    assert "0 error(s), 5 warning(s)" in out
    assert "type 'seal-impression' has no label in kk, ru" in out
    assert not (site / "_site").exists()


def test_check_json(site_copy, capsys) -> None:
    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace('date: "159X"', 'date: "someday"'), "utf-8")
    assert run("check", "--site", site, "--format", "json") == 1
    problems = json.loads(capsys.readouterr().out)["diagnostics"]
    error = next(p for p in problems if p["severity"] == "error")
    assert error["path"] == "exhibitions/letters/items.yaml"
    assert (error["line"], error["column"]) == (23, 9)
    assert "EDTF" in error["message"]


def test_new_exhibition_builds_strictly_in_every_language(site_copy, tmp_path: Path,
                                                          capsys) -> None:
    site = site_copy("mini")
    assert run("new", "exhibition", "travels", "--site", site) == 0
    assert (site / "exhibitions/travels/sections/01-introduction.ru.md").is_file()
    capsys.readouterr()
    assert run("check", "--site", site, "--strict") == 1  # the mini site itself has warnings
    assert "exhibitions/travels" not in capsys.readouterr().out
    assert "status: draft" in (site / "exhibitions/travels/exhibition.yaml").read_text("utf-8")
    assert build_into(site, tmp_path / "out") == 0
    assert not (tmp_path / "out/ru/travels").exists()  # a draft until the curator publishes it
    assert build_into(site, tmp_path / "out", "--drafts") == 0
    assert (tmp_path / "out/ru/travels/introduction/index.html").is_file()
    assert (tmp_path / "out/kk/travels/items/item-1/index.html").is_file()


def test_new_exhibition_refuses_bad_or_taken_names(site_copy, capsys) -> None:
    site = site_copy("mini")
    assert run("new", "exhibition", "Bad Name", "--site", site) == 2
    assert run("new", "exhibition", "items", "--site", site) == 2
    assert run("new", "exhibition", "letters", "--site", site) == 2
    assert "already exists" in capsys.readouterr().err
