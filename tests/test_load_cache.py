"""Loading with the build cache: what was read before is reused, never a different result.

Every load with a cache is compared with a fresh load of the same files (no cache): the same
model and the same diagnostics, in the same order, at the same ``path:line:column``; and the
records of items.yaml read piece by piece equal those of the whole file read at once.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from korme.build import load_model
from korme.cache import BuildCache
from korme.errors import Diagnostic, Report
from korme.load.items import _by_piece, _placed, _whole, check_item, split_records
from korme.load.reader import Located, parse_yaml
from korme.model import Site
from tests.conftest import FIXTURES, copy_site

ITEMS = "exhibitions/letters/items.yaml"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("mini", tmp_path)


def edit(site: Path, old: str, new: str, rel: str = ITEMS) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def load(site: Path, cache: BuildCache | None = None) -> tuple[Site | None, list[str]]:
    report = Report()
    model = load_model(site, report, False, cache)
    if cache is not None:
        cache.save(write=False)
    return model, [str(d) for d in report.diagnostics]


def same_as_fresh(site: Path, cache: BuildCache) -> list[str]:
    """Load with ``cache``; assert it equals a fresh load; return the diagnostics."""
    fresh_model, fresh = load(site)
    kept_model, kept = load(site, cache)
    assert kept == fresh
    assert kept_model == fresh_model
    return kept


def records_made(cache: BuildCache) -> int:
    return cache.store("records").counts()[1]


def test_a_reload_reuses_every_record_it_can(site: Path) -> None:
    cache = BuildCache(site / ".korme-cache")
    load(site, cache)
    edit(site, "  reading_direction: right-to-left", "  reading_direction: sideways")
    diagnostics = same_as_fresh(site, cache)
    assert f"{ITEMS}:12:22: item 'letter-1': reading_direction: 'sideways' is not allowed; " \
           "expected 'left-to-right', 'right-to-left', 'top-to-bottom' or 'bottom-to-top'" \
           in diagnostics


def test_lines_added_to_an_earlier_record_move_later_positions(site: Path) -> None:
    edit(site, "  images: []\n- id: poems", "  images: [5]\n- id: poems")  # shezhire, line 44
    cache = BuildCache(site / ".korme-cache")
    before = same_as_fresh(site, cache)
    assert f"{ITEMS}:44:12: item 'shezhire': images[0]: expected a mapping of keys" in before
    edit(site, "  creator: \"Абай\"\n", "  creator: \"Абай\"\n  extent: \"2 л.\"\n"
         "  # a comment line\n")
    report = Report()
    load_model(site, report, False, cache)
    assert records_made(cache) == 1  # letter-1 alone; the records below it moved, not re-read
    cache.save(write=False)
    after = same_as_fresh(site, cache)
    assert f"{ITEMS}:46:12: item 'shezhire': images[0]: expected a mapping of keys" in after


@pytest.mark.parametrize(("old", "new"), [
    ("- id: letter-2\n", "- &base\n  id: letter-2\n"),  # an anchor: the whole file is read
    ("  images: []\n- id: poems", "  images: []\n  <<: {extent: x}\n- id: poems"),
    ("- id: photo-1", "---\n- id: photo-1"),
    ("  title: {kk: \"Фото\"", "  title: {kk: \"Фото\"\n  title: {kk: x}\n  titl2: {kk: \"Фото\""),
])
def test_unusual_files_read_as_without_a_cache(site: Path, old: str, new: str) -> None:
    cache = BuildCache(site / ".korme-cache")
    load(site, cache)
    edit(site, old, new)
    same_as_fresh(site, cache)
    same_as_fresh(site, cache)


def test_warnings_of_small_files_are_replayed(site: Path) -> None:
    rel = "exhibitions/letters/sections/01-introduction.kk.md"
    edit(site, "---\n", "---\ncolour: red\n", rel)
    cache = BuildCache(site / ".korme-cache")
    wanted = f"{rel}:2:1: warning: unknown key 'colour' (ignored; is it a typo?)"
    for _ in range(2):
        assert wanted in same_as_fresh(site, cache)


@pytest.mark.parametrize("change", ["bom", "crlf", "nfd", "bad byte"])
def test_bytes_read_by_pieces_as_by_the_whole_file(site: Path, change: str) -> None:
    path = site / ITEMS
    cache = BuildCache(site / ".korme-cache")
    load(site, cache)
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
    diagnostics = same_as_fresh(site, cache)
    if change == "bad byte":
        assert [d for d in diagnostics if "UTF-8" in d] == [
            f"{ITEMS}:31:16: invalid UTF-8 (byte 0xff); save the file as UTF-8"]


def places(located: Located) -> dict[Any, Any]:
    """Every stored path of a record with its position in the file."""
    return {key: located.at(key) for key in located.positions if "__duplicate__" not in key}


@pytest.mark.parametrize("text", [
    "- a: 1\n  b:\n- c: 2\n", "- a: 1\n  b:\n\n# comment\n\n- c: 2\n", "- a:\n- b:\n",
    "- \n- x\n", "-\n- x\n", "- a: |+\n    text\n\n\n- b: 1\n", "- a: >\n    t\n# c\n- b: 1\n",
    "- a: [1, 2]\n  b: {x: }\n- c: 'q'\n", "- a: 'multi\n    line'\n- b: \"x\\\n    y\"\n",
    "- a: plain\n    continued\n- b: 1", "- - x\n  - \n- - y\n", "- a: 1\n  e: \n- x: 1\n",
    "# head\n\n- a: 1\n# mid\n- b: 2\n# tail\n", "- a: 1\n  b:",
])
def test_pieces_equal_the_whole_file(text: str) -> None:
    whole = parse_yaml(text, "f.yaml").elements()
    pieces = split_records(text.encode())
    assert pieces is not None and len(pieces) == len(whole)
    for piece, ref in zip(pieces, whole, strict=True):
        got = parse_yaml(piece.data.decode(), "f.yaml").elements()[0]
        assert got.data == ref.data
        assert places(got.moved(piece.line_offset)) == places(ref)


def _by_pieces(text: str) -> tuple[list[Any], list[str]] | None:
    report = Report()
    pieces = _by_piece(text.encode(), "f", None, "")
    if pieces is None:
        return None
    found = [_placed(checked, line, report) for checked, line in pieces]
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


def test_diagnostics_are_plain_values(site: Path) -> None:
    """What the cache keeps must survive being written to disk."""
    import pickle

    edit(site, "  reading_direction: right-to-left", "  reading_direction: sideways")
    report = Report()
    load_model(site, report, False, None)
    assert pickle.loads(pickle.dumps(report.diagnostics)) == report.diagnostics
    assert all(isinstance(d, Diagnostic) for d in report.diagnostics)
