"""The import merge rule: matched by id or identifier, language by language, comments kept."""

from __future__ import annotations

import csv
import difflib
import shutil
from pathlib import Path

import pytest

from korme.errors import Report
from korme.load.schema import ItemRecord
from korme.load.site import load_items
from tests.conftest import REPO, run

ITEMS = "exhibitions/letters/items.yaml"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORME_LANG", "en")


def _records(site: Path, exhibition: str = "letters") -> dict[str, ItemRecord]:
    report = Report()
    items, _ = load_items(site / "exhibitions" / exhibition / "items.yaml", site, report)
    assert not report.errors, [str(d) for d in report.errors]
    return {it.record.id: it.record for it in items}


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _sample(tmp_path: Path) -> tuple[Path, str]:
    site = tmp_path / "sample"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site)
    for name in ("content", "exhibitions"):
        shutil.copytree(REPO / name, site / name, ignore=shutil.ignore_patterns("images"))
    slug = sorted(p.parent.name for p in (site / "exhibitions").glob("*/items.yaml"))[0]
    return site, slug


def test_a_file_with_many_comments_keeps_them_all(tmp_path: Path, capsys) -> None:
    site, slug = _sample(tmp_path)
    path = site / "exhibitions" / slug / "items.yaml"
    text = path.read_text("utf-8")
    # comments inside the record that will change, too
    text = text.replace('  date: "159X"\n', '  date: "159X"   # checked in 2024\n'
                        '  # the record below follows the printed catalogue\n', 1)
    path.write_text(text, "utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")
                or "   # " in line]
    assert len(comments) >= 20
    sheet = _csv(tmp_path / "fix.csv", [["id", "title.kk", "extent.ru"],
                                        ["ms-0142", "Шаһнаме", "312 листов"]])
    assert run("import", sheet, "--exhibition", slug, "--site", site) == 0
    assert "1 updated, 0 added, 0 unchanged" in capsys.readouterr().out
    after = path.read_text("utf-8")
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")
            or "   # " in line] == comments  # every comment, in its place and order
    record = _records(site, slug)["ms-0142"]
    assert record.title.get("kk") == "Шаһнаме" and record.title.get("ru") == "Шахнаме"
    assert record.title.get("en") == "Shahnameh (The Book of Kings)"
    assert record.extent is not None and record.extent.get("ru") == "312 листов"
    assert record.extent.get("kk") == "312 парақ"
    # only the lines of the changed values differ; the other records are byte-identical
    changed = [line for line in difflib.unified_diff(text.splitlines(), after.splitlines(),
                                                     lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ['-    kk: "Шаһнама"', '+    kk: "Шаһнаме"',
                       '-  extent: {kk: "312 парақ", ru: "312 л.", en: "312 folios"}',
                       '+  extent: {kk: "312 парақ", ru: "312 листов", en: "312 folios"}'], \
        changed


def test_reimport_updates_and_never_duplicates_or_erases_translations(site_copy,
                                                                       tmp_path: Path,
                                                                       capsys) -> None:
    site = site_copy("mini")
    before = _records(site)
    sheet = _csv(tmp_path / "cat.csv", [
        ["identifier", "title.ru", "creator.ru", "title.kk"],
        ["Р-1", "Письмо Абая", "Абай Кунанбаев", ""],  # matched by its shelfmark
        ["Р-77", "Новая рукопись", "", "Жаңа қолжазба"],  # no such shelfmark: a new item
    ])
    assert run("import", sheet, "--exhibition", "letters", "--site", site) == 0
    out = capsys.readouterr().out
    assert "1 updated, 1 added, 0 unchanged" in out
    assert "5 items are not in cat.csv and were kept: letter-2, photo-1" in out
    after = _records(site)
    letter = after["letter-1"]
    assert letter.title.get("ru") == "Письмо Абая"
    assert letter.title.get("kk") == "Хат" and letter.title.get("fa") == "نامه"  # kept
    # a plain creator (the same in every language) keeps its text in the other languages
    assert letter.creator[0].get("ru") == "Абай Кунанбаев" and letter.creator[0].get("kk") \
        == "Абай"
    new = after["r-77"]
    assert new.identifier == "Р-77" and new.title.get("kk") == "Жаңа қолжазба"
    assert len(after) == len(before) + 1
    # the same file again: nothing changes, nothing is duplicated
    text = (site / ITEMS).read_bytes()
    assert run("import", sheet, "--exhibition", "letters", "--site", site) == 0
    assert "nothing to change" in capsys.readouterr().out
    assert (site / ITEMS).read_bytes() == text and len(_records(site)) == len(after)
    # a per-language list: subjects.ru replaces the Russian list, element by element
    subjects = _csv(tmp_path / "subjects.csv", [["id", "subjects.ru"],
                                                ["shezhire", "Генеалогия"]])
    assert run("import", subjects, "--exhibition", "letters", "--site", site) == 0
    shezhire = _records(site)["shezhire"]
    assert [(s.get("kk"), s.get("ru")) for s in shezhire.subjects] == [
        ("Шежіре", "Генеалогия"), ("Поэзия", None)]


def test_matching_problems_write_nothing(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    path = site / ITEMS
    path.write_text(path.read_text("utf-8").replace('identifier: "Р-1"',
                                                    'identifier: "Р-1"', 1)
                    + '- id: twin\n  title: Twin\n  identifier: "Р-1"\n', "utf-8")
    before = path.read_bytes()
    sheet = _csv(tmp_path / "bad.csv", [["identifier", "title.ru"], ["Р-1", "Кто?"],
                                        ["", "Без шифра"]])
    assert run("import", sheet, "--exhibition", "letters", "--site", site) == 1
    err = capsys.readouterr().err
    assert "bad.csv:2:A (identifier): row 2: the identifier 'Р-1' belongs to several items " \
           "(letter-1, twin); give the id to say which" in err
    assert "bad.csv:3:A (identifier): row 3: neither an id nor an identifier" in err
    assert path.read_bytes() == before


def test_prune_removes_the_others_with_a_backup(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    original = (site / ITEMS).read_bytes()
    sheet = _csv(tmp_path / "only.csv", [["id", "title.ru"], ["letter-2", "Второе письмо"]])
    assert run("import", sheet, "--exhibition", "letters", "--site", site, "--prune") == 0
    out = capsys.readouterr().out
    assert "removed 5 items that are not in only.csv: letter-1, photo-1, shezhire, poems, " \
           "petition; the previous items.yaml is kept as" in out
    assert list(_records(site)) == ["letter-2"]
    assert _records(site)["letter-2"].title.get("kk") == "Екінші хат"
    backups = list((site / "exhibitions/letters").glob("items.yaml.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
