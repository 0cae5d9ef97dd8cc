"""korme export / import: CSV and XLSX round trips, cell-by-cell errors, backups."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from korme.errors import Report
from korme.load.schema import ItemRecord
from korme.load.site import load_items
from tests.conftest import REPO, run

ITEMS = "exhibitions/letters/items.yaml"
EXTRA = '''- id: extra
  title: {kk: "Қосымша", ru: "Дополнительный"}
  creator: [{kk: "Бірінші", ru: "Первый"}, {kk: "Екінші", ru: "Второй"}]
  subjects: [{kk: "Поэзия", ru: "Поэзия"}, {kk: "Тарих"}]
  date: "1720~"
  description:
    kk: |
      Бірінші абзац.

      Екінші абзац, "тырнақшада".
    ru: Описание.
  keywords: [seal, paper]
  pages: "12"
  status: draft
  images:
    - file: images/letter-1.jpg
      alt: "Бет"
      credit: {kk: "Фотограф", en: "Photographer"}
'''


def _records(site: Path, exhibition: str) -> list[ItemRecord]:
    report = Report()
    items, _ = load_items(site / "exhibitions" / exhibition / "items.yaml", site, report)
    assert not report.errors, [str(d) for d in report.errors]
    return [it.record for it in items]


def _sample(tmp_path: Path) -> tuple[Path, str]:
    if not (REPO / "site.yaml").is_file():
        pytest.skip("the sample site is not in the repository yet")
    site = tmp_path / "sample"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site)
    for name in ("content", "exhibitions"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, site / name)
    slugs = sorted(p.parent.name for p in (site / "exhibitions").glob("*/items.yaml"))
    if not slugs:
        pytest.skip("the sample exhibition has no items.yaml yet")
    return site, slugs[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("which", ["mini", "sample"])
def test_export_then_import_gives_the_same_items(site_copy, tmp_path: Path, capsys,
                                                 suffix: str, which: str) -> None:
    if which == "mini":
        site, slug = site_copy("mini"), "letters"
        with (site / ITEMS).open("a", encoding="utf-8") as f:
            f.write(EXTRA)
    else:
        site, slug = _sample(tmp_path)
    before = _records(site, slug)
    text_before = (site / "exhibitions" / slug / "items.yaml").read_bytes()
    sheet = tmp_path / f"catalogue{suffix}"
    assert run("export", "--exhibition", slug, "--site", site, "--output", sheet) == 0
    capsys.readouterr()
    assert run("import", sheet, "--exhibition", slug, "--site", site) == 0
    assert "nothing to change" in capsys.readouterr().out
    assert _records(site, slug) == before
    # the same items: items.yaml is left exactly as the curator wrote it, comments and all
    assert (site / "exhibitions" / slug / "items.yaml").read_bytes() == text_before
    assert not list((site / "exhibitions" / slug).glob("items.yaml.bak-*"))
    assert run("export", "--exhibition", slug, "--site", site, "--output", sheet) == 2


def test_csv_columns_per_language_and_images_file(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    with (site / ITEMS).open("a", encoding="utf-8") as f:
        f.write(EXTRA)
    out = tmp_path / "letters.csv"
    assert run("export", "--exhibition", "letters", "--site", site, "--output", out) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    extra = rows[-1]
    assert extra["subjects.kk"] == "Поэзия; Тарих" and extra["subjects.ru"] == "Поэзия"
    assert extra["keywords[]"] == "seal; paper" and extra["identifier"] == ""
    assert rows[0]["title.fa"] == "نامه" and rows[0]["language"] == "kk-Arab; fa"
    images = list(csv.DictReader((tmp_path / "letters.images.csv").open(encoding="utf-8-sig")))
    assert [r["item"] for r in images] == ["letter-1", "letter-1", "letter-2", "extra"]
    assert images[0]["alt.ru"] == "Первая страница письма" and images[-1]["alt"] == "Бет"


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def test_bad_cells_are_reported_by_row_and_column(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    before = (site / ITEMS).read_text("utf-8")
    sheet = tmp_path / "items.csv"
    _write_csv(sheet, [
        ["id", "title.kk", "date", "reading_direction", "title.xx!"],
        ["ok-1", "Бір", "1900", "", ""],
        ["ok-2", "Екі", "1901", "sideways", ""],
        [],
        ["", "", "", "", ""],
        ["ok-3", "Үш", "about 1900", "", ""],
        ["ok-1", "", "1900", "", ""],
    ])
    _write_csv(tmp_path / "items.images.csv", [
        ["item", "file", "alt.kk"],
        ["ok-1", "images/letter-1.jpg", ""],
        ["nobody", "images/letter-2.png", "Мөр"],
    ])
    assert run("import", sheet, "--exhibition", "letters", "--site", site) == 1
    err = capsys.readouterr().err.splitlines()
    s, i = str(sheet), str(tmp_path / "items.images.csv")
    assert f"{s}:1:E (title.xx!): 'xx!' in 'title.xx!' is not a language code such as kk or " \
           "ru" in err
    assert f"{s}:3:D (reading_direction): item 'ok-2': reading_direction: 'sideways' is not " \
           "allowed; expected 'left-to-right', 'right-to-left', 'top-to-bottom' or " \
           "'bottom-to-top'" in err
    assert any(line.startswith(f"{s}:6:C (date): item 'ok-3': date: 'about 1900' is not an "
                               "EDTF date") for line in err)
    assert f"{s}:7:A (id): item 'ok-1': the id is given twice" in err
    assert f"{i}:2:C (alt.kk): item 'ok-1': images[0].alt: missing" in err
    assert f"{i}:3:A (item): unknown item 'nobody'" in err
    assert err[-1].startswith("import stopped: 6 error(s)")
    assert (site / ITEMS).read_text("utf-8") == before
    assert not list((site / "exhibitions/letters").glob("items.yaml.bak-*"))


def test_xlsx_errors_name_the_sheet_and_semicolon_csv_is_read(site_copy, tmp_path: Path,
                                                              capsys) -> None:
    from openpyxl import Workbook

    site = site_copy("mini")
    book = Workbook()
    items = book.active
    items.title = "items"
    items.append(["id", "title.kk", "title.ru", "date"])
    items.append(["new-1", "Жаңа", "Новый", 1900])
    images = book.create_sheet("images")
    images.append(["item", "file", "alt.kk", "alt.ru", "label"])
    images.append(["new-1", None, "Сурет", "Изображение", 3])
    book.save(tmp_path / "c.xlsx")
    assert run("import", tmp_path / "c.xlsx", "--exhibition", "letters", "--site", site) == 1
    assert f"{tmp_path / 'c.xlsx'}[images]:2:B (file): item 'new-1': images[0].file: missing" \
        in capsys.readouterr().err
    images["B2"] = "images/letter-1.jpg"
    book.save(tmp_path / "c.xlsx")
    assert run("import", tmp_path / "c.xlsx", "--exhibition", "letters", "--site", site) == 0
    record = _records(site, "letters")[-1]
    assert (record.id, record.date, record.images[0].label.plain) == ("new-1", "1900", "3")
    (tmp_path / "s.csv").write_text("id;title.kk;title.ru\nnew-2;Екі;Два\n", "utf-8")
    assert run("import", tmp_path / "s.csv", "--exhibition", "letters", "--site", site) == 0
    ids = [r.id for r in _records(site, "letters")]
    assert ids[:2] == ["letter-1", "letter-2"] and ids[-2:] == ["new-1", "new-2"]
    assert run("import", tmp_path / "s.txt", "--exhibition", "letters", "--site", site) == 2
