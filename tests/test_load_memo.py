"""Loading with a memo (``korme serve``): records of items.yaml reused, never a different result.

Every reload with a memo is compared with a fresh load of the same files: the same model and
the same diagnostics, in the same order, at the same ``path:line:column``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from korme.build import load_model
from korme.errors import Diagnostic, Report
from korme.load.items import _by_piece, _replay, _whole, check_item, split_records
from korme.load.reader import Located, _located, parse_plain, parse_plain_element, parse_yaml
from korme.load.site import RawSite, load_site
from korme.memo import Memo
from korme.model import Site
from tests.conftest import FIXTURES, copy_site

ITEMS = "exhibitions/letters/items.yaml"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("mini", tmp_path)


def edit(site: Path, old: str, new: str) -> None:
    path = site / ITEMS
    text = path.read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in items.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")


def load(site: Path, memo: Memo | None = None, strict: bool = False
         ) -> tuple[Site | None, list[Diagnostic]]:
    report = Report(strict)
    model = load_model(site, report, False, memo)
    if memo is not None:
        memo.end_build(True)
    return model, report.diagnostics


def raw(site: Path, memo: Memo | None = None) -> tuple[RawSite, list[Diagnostic]]:
    report = Report()
    loaded = load_site(site, report, memo)
    assert loaded is not None
    if memo is not None:
        memo.end_build(True)
    return loaded, report.diagnostics


def places(located: Located) -> dict[Any, Any]:
    """Every stored path of a record with its position in the file."""
    return {key: located.at(key) for key in located.positions}


def summary(loaded: RawSite) -> list[tuple[Any, ...]]:
    return [(it.record, it.located.data, places(it.located))
            for ex in loaded.exhibitions for it in ex.items]


def same_as_fresh(site: Path, memo: Memo, strict: bool = False) -> list[Diagnostic]:
    """Reload with ``memo``; assert it equals a fresh load; return its diagnostics."""
    fresh_model, fresh = load(site, strict=strict)
    kept_model, kept = load(site, memo, strict=strict)
    assert kept == fresh
    assert kept_model == fresh_model
    assert summary(raw(site, memo)[0]) == summary(raw(site)[0])
    return kept


def records(site: Path, memo: Memo) -> dict[str, Any]:
    loaded, _ = raw(site, memo)
    return {it.record.id: it.record for ex in loaded.exhibitions for it in ex.items}


# (a) reuse gives the same model and diagnostics, also after lines are added above -------------
def test_reload_reuses_records_with_same_model_and_diagnostics(site: Path) -> None:
    edit(site, "  reading_direction: right-to-left", "  reading_direction: sideways")
    edit(site, "  type: document", "  type: document\n  date_display: [1, 2]")
    memo = Memo()
    first = records(site, memo)
    diagnostics = same_as_fresh(site, memo)
    assert [str(d) for d in diagnostics if "sideways" in d.message] == [
        f"{ITEMS}:12:22: item 'letter-1': reading_direction: 'sideways' is not allowed; "
        "expected 'left-to-right', 'right-to-left', 'top-to-bottom' or 'bottom-to-top'"]
    again = records(site, memo)
    assert all(again[k] is first[k] for k in first)  # reused, not re-read


def test_lines_added_to_an_earlier_record_move_later_positions(site: Path) -> None:
    edit(site, "  images: []\n- id: poems", "  images: [5]\n- id: poems")  # shezhire, line 44
    memo = Memo()
    before = same_as_fresh(site, memo)
    assert f"{ITEMS}:44:12: item 'shezhire': images[0]: expected a mapping of keys" in [
        str(d) for d in before]
    first = records(site, memo)
    edit(site, "  creator: \"Абай\"\n", "  creator: \"Абай\"\n  extent: \"2 л.\"\n"
         "  # a comment line\n")
    after = same_as_fresh(site, memo)
    assert f"{ITEMS}:46:12: item 'shezhire': images[0]: expected a mapping of keys" in [
        str(d) for d in after]
    again = records(site, memo)
    assert again["poems"] is first["poems"]  # moved, not re-read
    assert again["letter-1"] is not first["letter-1"]


def test_item_positions_follow_the_record(site: Path) -> None:
    memo = Memo()
    model, _ = load(site, memo)
    assert model is not None
    edit(site, "- id: letter-2\n", "# a new comment\n\n- id: letter-2\n")
    model, _ = load(site, memo)
    assert model is not None
    items = {it.id: it for it in model.exhibitions[0].items}
    assert str(items["letter-2"].position) == f"{ITEMS}:23:3"
    assert str(items["letter-2"].images[0].position) == f"{ITEMS}:30:13"
    assert str(items["letter-1"].position) == f"{ITEMS}:1:3"


# (b) edits are picked up; a broken edit reports what a fresh load reports --------------------
def test_edited_record_is_read_again(site: Path) -> None:
    memo = Memo()
    first = records(site, memo)
    edit(site, 'title: {kk: "Фото", ru: "Фото"}', 'title: {kk: "Жаңа фото", ru: "Фото"}')
    same_as_fresh(site, memo)
    model, _ = load(site, memo)
    assert model is not None
    photo = next(it for it in model.exhibitions[0].items if it.id == "photo-1")
    assert photo.record.title.get("kk") == "Жаңа фото"
    again = records(site, memo)
    assert again["letter-2"] is first["letter-2"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  creator: \"Абай\"", "  creator: \"Абай\"\n  creator: \"X\"",
     f"{ITEMS}:4:3: duplicate key 'creator' (first given at line 3)"),
    ("  type: photograph", "\ttype: photograph",
     f"{ITEMS}:33:1: YAML syntax: tab characters are not allowed"),
    ('  date: "159X"', '  date: "159X', "YAML syntax: "),
    ("  type: book", "  type: book\n---\n", "expected a single document"),
    ('  date: "1925-05-12"', "  date: 1925-02-30", f"{ITEMS}:32:9: invalid value"),
])
def test_broken_edit_reports_as_without_memo(site: Path, old: str, new: str,
                                             message: str) -> None:
    memo = Memo()
    _, good = load(site, memo)
    text = (site / ITEMS).read_text("utf-8")
    edit(site, old, new)
    diagnostics = same_as_fresh(site, memo)
    assert any(message in str(d) for d in diagnostics), diagnostics
    (site / ITEMS).write_text(text, "utf-8")
    assert same_as_fresh(site, memo) == good


def test_record_numbers_in_messages_follow_the_record(site: Path) -> None:
    edit(site, "- id: poems\n", "- ids: poems\n")
    memo = Memo()
    assert "item 5: id: missing" in [d.message for d in same_as_fresh(site, memo)]
    edit(site, "- id: letter-2\n", "- id: letter-1b\n  title: x\n- id: letter-2\n")
    assert "item 6: id: missing" in [d.message for d in same_as_fresh(site, memo)]


# (c) anchors, aliases and other cross-record YAML: the whole file is read at once -------------
def test_anchors_and_aliases_fall_back_to_the_whole_file(site: Path) -> None:
    edit(site, '      alt: {kk: "Мөр", ru: "Печать"}\n',
         '      alt: &seal {kk: "Мөр", ru: "Печать"}\n')
    edit(site, "  type: photograph\n", "  type: photograph\n  extent: *seal\n")
    memo = Memo()
    model = same_as_fresh(site, memo)
    assert not [d for d in model if d.severity.value == "error"]
    loaded, _ = raw(site, memo)
    photo = next(it for it in loaded.exhibitions[0].items if it.record.id == "photo-1")
    assert photo.record.extent is not None and photo.record.extent.get("ru") == "Печать"
    assert str(photo.located.at(("type",))) == f"{ITEMS}:33:9"


def test_merge_keys_and_document_markers_fall_back(site: Path) -> None:
    text = (site / ITEMS).read_text("utf-8")
    (site / ITEMS).write_text("%YAML 1.1\n---\n" + text + "...\n", "utf-8")
    memo = Memo()
    model, diagnostics = load(site, memo)
    assert model is not None and len(model.exhibitions[0].items) == 6
    assert same_as_fresh(site, memo) == diagnostics
    assert str(model.exhibitions[0].items[1].position) == f"{ITEMS}:23:3"


# (d) warnings made while validating a record are replayed ------------------------------------
def test_warnings_are_replayed_on_reuse(site: Path) -> None:
    edit(site, '      alt: {kk: "Мөр", ru: "Печать"}\n',
         '      alt: {kk: "Мөр", ru: "Печать"}\n      colour: red\n')
    memo = Memo()
    wanted = (f"{ITEMS}:30:7: warning: item 'letter-2': unknown key 'images[0].colour' "
              "(ignored; is it a typo?)")
    for _ in range(2):
        assert wanted in [str(d) for d in same_as_fresh(site, memo)]
    strict = same_as_fresh(site, memo, strict=True)  # a replayed warning is an error there
    assert wanted.replace("warning: ", "") in [str(d) for d in strict]


# the pieces ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "pieces"), [
    ("- a\n- b\n", [("- a\n", 0), ("- b\n", 1)]),
    ("# c\n\n- a\n  x: 1\n# z\n\n- b", [("# c\n\n- a\n  x: 1\n# z\n\n", 0), ("- b", 6)]),
    ("-\n  a: 1\n- b\n", [("-\n  a: 1\n", 0), ("- b\n", 2)]),
    ("a: 1\n", None), ("- a\n---\n", None), ("---\n- a\n", None), ("%YAML 1.1\n- a\n", None),
    ("- a\n\t- b\n", None), ("- a\n-b\n", None), ("", None), ("# only\n", None),
])
def test_split_records(text: str, pieces: list[tuple[str, int]] | None) -> None:
    got = split_records(text.encode())
    assert (None if got is None else [(p.data.decode(), p.line_offset) for p in got]) == pieces
    if got is not None:
        assert b"".join(p.data for p in got) == text.encode()


def composed(text: str, line_offset: int = 0) -> Located:
    """The reference reader: libyaml's node tree."""
    return _located(yaml.compose(text, Loader=yaml.CSafeLoader), "f.yaml", line_offset)


PLAIN = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: null, e: ~, f: }\n",
    "- id: a\n  n: 3\n  f: 1.5\n  t: yes\n  o: off\n  d: 2026-01-21\n  s: 2026-01-21 10:00\n",
    "k: |\n  one\n\n  two\n\nl: >-\n  folded\n  text\nm: |+\n  kept\n\n",
    "1: one\ntrue: two\n2026-01-02: three\nnull: four\n",
    "- - [1, [2, {x: y}]]\n  - {}\n  - []\n",
    "",
    "# only a comment\n",
    "title: Қазақ тілі — «мәтін»\nfa: نامه\n",
    "x: 0x1f\ny: 1_000\nz: .inf\nw: -.nan\nv: 0o17\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_reader_equals_the_composer(text: str) -> None:
    plain = parse_plain(text, "f.yaml", 3)
    assert plain is not None
    ref = composed(text, 3)
    assert plain.data == ref.data
    assert places(plain) == places(ref)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "a: 1\n---\nb: 2\n", "a: [1\n",
    "a: 1\na: 2\n", "a: 2026-02-30\n", "? [a]\n: 1\n", "a: !custom x\n", "=: 1\n",
])
def test_plain_reader_leaves_the_rest_to_the_composer(text: str) -> None:
    assert parse_plain(text, "f.yaml") is None


def test_whole_file_errors_keep_their_positions() -> None:
    with pytest.raises(Exception, match="duplicate key 'a'") as info:
        parse_yaml("x: 1\na: 1\na: 2\n", "f.yaml", 10)
    assert str(info.value.position) == "f.yaml:13:1"


def test_kept_results_follow_the_site_languages(site: Path) -> None:
    memo = Memo()
    before = same_as_fresh(site, memo)
    assert any("no ru text" in d.message for d in before)
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("languages: [kk, ru]",
                                                        "languages: [kk, ru, en]"), "utf-8")
    after = same_as_fresh(site, memo)
    assert any("item 'letter-2': title: no ru, en text" in d.message for d in after)


@pytest.mark.parametrize("text", [
    "- a: 1\n  b:\n- c: 2\n", "- a: 1\n  b:\n\n# comment\n\n- c: 2\n", "- a:\n- b:\n",
    "- \n- x\n", "-\n- x\n", "- a: |+\n    text\n\n\n- b: 1\n", "- a: >\n    t\n# c\n- b: 1\n",
    "- a: [1, 2]\n  b: {x: }\n- c: 'q'\n", "- a: 'multi\n    line'\n- b: \"x\\\n    y\"\n",
    "- a: plain\n    continued\n- b: 1", "- - x\n  - \n- - y\n", "- a: 1\n  e: \n- x: 1\n",
    "# head\n\n- a: 1\n# mid\n- b: 2\n# tail\n", "- a: 1\n  b:",
])
def test_pieces_equal_the_whole_file(text: str) -> None:
    whole = composed(text).elements()
    pieces = split_records(text.encode())
    assert pieces is not None and len(pieces) == len(whole)
    for piece, ref in zip(pieces, whole, strict=True):
        got = parse_plain_element(piece.data.decode(), "f.yaml")
        assert got is not None
        assert got.data == ref.data
        assert places(got.moved(piece.line_offset)) == places(ref)


def _by_pieces(text: str) -> tuple[list[Any], list[str]] | None:
    report = Report()
    pieces = _by_piece(text.encode(), "f", None)
    if pieces is None:
        return None
    found = [_replay(checked, line, report) for checked, line in pieces]
    return ([(it.record, places(it.located)) for it, _ in found if it],
            [str(d) for d in report.diagnostics])


def _as_whole(text: str) -> tuple[list[Any], list[str]]:
    report = Report()
    records = _whole(text, "f", report)
    found = [check_item(sub, i, report) for i, sub in enumerate(records or [])]
    return ([(it.record, places(it.located)) for it, _ in found if it],
            [str(d) for d in report.diagnostics])


def test_damaged_files_read_by_pieces_as_a_whole() -> None:
    """Random damage to a real items.yaml: whenever the pieces are read one by one, the
    records, positions and diagnostics are those of the whole file read at once."""
    base = (FIXTURES / "mini" / ITEMS).read_text("utf-8")
    bits = [" ", "\n", "-", ":", "#", "'", '"', "[", "]", "{", "}", "&a ", "*a", "!", "|", ">",
            "\t", "x", "- ", "\n- ", "\n#", "---", "...", "?", ",", "1", "%", "\\", "\n  ",
            "<<: ", "2026-02-30"]
    rng = random.Random(7)
    read = 0
    for _ in range(400):
        text = base
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:at] + rng.choice(bits) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 4):]
        got = _by_pieces(text)
        if got is not None:
            read += 1
            assert got == _as_whole(text), text
    assert read > 100


def test_image_files_and_institutions_are_checked_on_every_build(site: Path) -> None:
    memo = Memo()
    model, _ = load(site, memo)
    image = site / "exhibitions" / "letters" / "images" / "letter-2.png"
    kept = image.read_bytes()
    image.unlink()
    missing = same_as_fresh(site, memo)
    assert f"{ITEMS}:28:13: item 'letter-2': images[0].file: image file 'images/letter-2.png' " \
           "not found" in [str(d) for d in missing]
    image.write_bytes(kept)
    institutions = site / "content" / "institutions.yaml"
    institutions.write_text(institutions.read_text("utf-8").replace("name:", "name: {kk: Жаңа}\n"
                                                                    "  old_name:", 1), "utf-8")
    same_as_fresh(site, memo)
    model, _ = load(site, memo)
    assert model is not None
    letter = next(it for it in model.exhibitions[0].items if it.id == "letter-2")
    assert letter.institution is not None and letter.institution.name.get("kk") == "Жаңа"


@pytest.mark.parametrize("change", ["bom", "crlf", "nfd", "bad byte"])
def test_bytes_read_by_pieces_as_by_the_whole_file(site: Path, change: str) -> None:
    path = site / ITEMS
    memo = Memo()
    load(site, memo)
    data = path.read_bytes()
    if change == "bom":
        data = b"\xef\xbb\xbf" + data
    elif change == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif change == "nfd":
        data = data.replace("Фото".encode(), "Фото й".encode()).replace(
            "й".encode(), "и\u0306".encode())
    else:
        data = data.replace("Фото".encode(), b"\xff\xfe", 1)
    path.write_bytes(data)
    diagnostics = same_as_fresh(site, memo)
    if change == "bad byte":
        assert [str(d) for d in diagnostics if "UTF-8" in d.message] == [
            f"{ITEMS}:31:16: invalid UTF-8 (byte 0xff); save the file as UTF-8"]
        return
    model, _ = load(site, memo)
    assert model is not None
    items = {it.id: it for it in model.exhibitions[0].items}
    assert str(items["photo-1"].position) == f"{ITEMS}:30:3"
    assert items["photo-1"].record.title.get("kk") in ("Фото", "Фото й")


def test_small_files_are_reused_and_their_warnings_replayed(site: Path) -> None:
    intro = site / "exhibitions" / "letters" / "sections" / "01-introduction.kk.md"
    intro.write_text(intro.read_text("utf-8").replace("---\n", "---\ncolour: red\n", 1), "utf-8")
    memo = Memo()
    wanted = ("exhibitions/letters/sections/01-introduction.kk.md:2:1: warning: unknown key "
              "'colour' (ignored; is it a typo?)")
    first, _ = raw(site, memo)
    for _ in range(2):
        assert wanted in [str(d) for d in same_as_fresh(site, memo)]
    again, _ = raw(site, memo)

    def intro_doc(loaded: RawSite) -> Any:
        return loaded.exhibitions[0].sections[0].files["kk"]

    assert again.config is first.config
    assert intro_doc(again) is intro_doc(first)
    intro.write_text(intro.read_text("utf-8").replace("colour: red\n", "colour: red\n\n"), "utf-8")
    assert wanted in [str(d) for d in same_as_fresh(site, memo)]
    later, _ = raw(site, memo)
    assert intro_doc(later).body_line == intro_doc(first).body_line + 1
