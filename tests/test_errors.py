"""Bad input: every error as path:line:column, all at once, exit 1, previous site untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_into, leftovers, run, tree_hash

ITEMS = "exhibitions/letters/items.yaml"
INTRO_KK = "exhibitions/letters/sections/01-introduction.kk.md"


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


CASES = [
    # (file, old, new, expected message)
    ("site.yaml", "languages: [kk, ru]", "languages: [kk, ru\n",
     "site.yaml:3:12: a list or mapping in brackets is opened here but not closed"),
    (ITEMS, "  creator: \"Абай\"", "  creator: \"Абай\"\n  creator: \"X\"",
     f"{ITEMS}:4:3: duplicate key 'creator' (first given at line 3)"),
    (ITEMS, "  type: letter", "\ttype: letter",
     f"{ITEMS}:5:1: a tab character: YAML lines are indented with spaces only"),
    (ITEMS, '      alt: {kk: "Мөр", ru: "Печать"}\n', "",
     f"{ITEMS}:28:7: item 'letter-2': images[0].alt: missing"),
    (ITEMS, "  images: []", "  images: 5",
     f"{ITEMS}:35:11: item 'photo-1': images: expected a list"),
    (ITEMS, '  date: "159X"', '  date: "about 1590"',
     f"{ITEMS}:23:9: item 'letter-2': date: 'about 1590' is not an EDTF date"),
    (ITEMS, "  institution: library\n  rights: http://", "  institution: nowhere\n  rights: http://",
     f"{ITEMS}:25:16: item 'letter-2': institution: unknown id 'nowhere'"),
    (ITEMS, "- id: photo-1", "- id: letter-1",
     f"{ITEMS}:30:7: item 'letter-1': the id is used twice"),
    (ITEMS, "- id: photo-1", "- id: Photo 1",
     f"{ITEMS}:30:7: item 'Photo 1': id: 'Photo 1' is not a slug"),
    (ITEMS, "images/letter-2.png", "images/missing.png",
     f"{ITEMS}:28:13: item 'letter-2': images[0].file: image file 'images/missing.png' not found"),
    (ITEMS, "images/letter-2.png", "../../../../etc/passwd",
     f"{ITEMS}:28:13: item 'letter-2': images[0].file: '../../../../etc/passwd' points outside"),
    (ITEMS, "images/letter-2.png", "/etc/passwd",
     f"{ITEMS}:28:13: item 'letter-2': images[0].file: '/etc/passwd' must be a relative path"),
    (ITEMS, "  reading_direction: right-to-left", "  reading_direction: sideways",
     f"{ITEMS}:12:22: item 'letter-1': reading_direction: 'sideways' is not allowed"),
    (ITEMS, '  title: {kk: "Екінші хат"}', '  title: {kk: "Екінші хат", "Kazakh": "x"}',
     f"{ITEMS}:22:10: item 'letter-2': title: 'Kazakh' is not a language code"),
    (INTRO_KK, "::item letter-1 2", "::item nosuch",
     f"{INTRO_KK}:7:8: section 'introduction': unknown item 'nosuch'"),
    (INTRO_KK, "::item letter-1 2", "::item letter-1 9",
     f"{INTRO_KK}:7:8: section 'introduction': item 'letter-1' has 2 image(s), not 9"),
    (INTRO_KK, "(item:letter-2)", "(item:letter-9)",
     f"{INTRO_KK}:5:38: section 'introduction': unknown item 'letter-9'"),
    (INTRO_KK, "(section:archive)", "(section:nowhere)",
     f"{INTRO_KK}:5:69: section 'introduction': link to unknown section 'nowhere'"),
    (INTRO_KK, "items: [letter-1, letter-2]", "items: [letter-1, ghost]",
     f"{INTRO_KK}:3:19: section 'introduction': items: unknown item 'ghost'"),
    (INTRO_KK, "---\ntitle: Кіріспе\n", "title: Кіріспе\n",
     f"{INTRO_KK}:1:1: missing front matter"),
    ("exhibitions/letters/exhibition.yaml", "institutions: [library]", "institutions: [museum]",
     "exhibitions/letters/exhibition.yaml:4:16: institutions: unknown id 'museum'"),
    ("exhibitions/letters/exhibition.yaml", "cover: letter-1", "cover: nothing",
     "exhibitions/letters/exhibition.yaml:7:8: cover: unknown item 'nothing'"),
    ("exhibitions/letters/exhibition.yaml", "dates: {opens: 2026-01-21",
     "dates: {opens: 2026-02-30", "exhibitions/letters/exhibition.yaml:6:16: invalid value"),
    ("content/institutions.yaml", "- id: library", "- id: library\n  name: x\n- id: library",
     "content/institutions.yaml:3:7: institution 'library': the id is used twice"),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES,
                         ids=[c[3].split(": ", 1)[1][:40] for c in CASES])
def test_error_is_reported_at_its_place(site_copy, tmp_path: Path, capsys, rel: str, old: str,
                                        new: str, expected: str) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before = tree_hash(out)
    capsys.readouterr()
    edit(site, rel, old, new)
    assert build_into(site, out) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err
    assert tree_hash(out) == before  # the previous site is untouched
    assert not leftovers(tmp_path / "out")  # no staging folder left behind


def test_all_errors_are_reported_together(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, '  date: "159X"', '  date: "later"')
    edit(site, INTRO_KK, "::item letter-1 2", "::item ghost")
    edit(site, "exhibitions/letters/exhibition.yaml", "cover: letter-1", "cover: nothing")
    assert build_into(site, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"{ITEMS}:23:9:" in err
    assert f"{INTRO_KK}:7:8:" in err
    assert "exhibitions/letters/exhibition.yaml:7:8:" in err
    assert "build failed: 3 errors" in err
    assert not (tmp_path / "out").exists()


def test_invalid_utf8_and_bom_and_crlf(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    page = site / "content/pages/about.kk.md"
    page.write_bytes(b"\xef\xbb\xbf---\r\ntitle: Ok\r\n---\r\nText\r\n")  # BOM + CRLF are fine
    assert build_into(site, tmp_path / "out") == 0
    page.write_bytes(b"---\ntitle: Ok\n---\nbad \xff byte\n")
    assert build_into(site, tmp_path / "out") == 1
    assert "content/pages/about.kk.md:4:5: invalid UTF-8" in capsys.readouterr().err


def test_nfd_text_is_normalised(site_copy, tmp_path: Path) -> None:
    import unicodedata

    site = site_copy("mini")
    edit(site, ITEMS, '  title: {kk: "Екінші хат"}',
         '  title: {kk: "' + unicodedata.normalize("NFD", "Екінші хат ӘҒҚҢӨҰҮҺІ й") + '"}')
    assert build_into(site, tmp_path / "out") == 0
    html = (tmp_path / "out/kk/letters/items/letter-2/index.html").read_text("utf-8")
    assert "<h1>Екінші хат ӘҒҚҢӨҰҮҺІ й</h1>" in html


def test_strict_turns_warnings_into_errors(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    assert build_into(site, tmp_path / "out") == 0
    assert "warning: item 'letter-2': title: no ru text" in capsys.readouterr().err
    assert build_into(site, tmp_path / "out", "--strict") == 1
    err = capsys.readouterr().err
    assert f"{ITEMS}:22:10: item 'letter-2': title: no ru text; showing 'kk' instead" in err


def test_unknown_keys_warn_but_unknown_item_fields_do_not(site_copy, tmp_path, capsys) -> None:
    site = site_copy("mini")
    edit(site, "site.yaml", "format: 1", "format: 1\nlanguage: [kk]")
    edit(site, "exhibitions/letters/exhibition.yaml", "cover:", "covr: x\ncover:")
    assert build_into(site, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert "site.yaml:2:1: warning: unknown key 'language'" in err
    assert "exhibitions/letters/exhibition.yaml:7:1: warning: unknown key 'covr'" in err
    assert "provenance" not in err


@pytest.mark.parametrize("where", ["site", "parent", "content"])
def test_output_folder_that_holds_the_site_is_refused(site_copy, capsys, where: str) -> None:
    site = site_copy("mini")
    out = {"site": site, "parent": site.parent, "content": site / "content" / "out"}[where]
    before = tree_hash(site)
    assert build_into(site, out) == 2
    assert "korme: the output folder" in capsys.readouterr().err
    assert tree_hash(site) == before


def test_foreign_folder_is_refused_and_kept(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    assert build_into(site, out) == 2
    assert "not made by Kórme" in capsys.readouterr().err
    assert (out / "thesis.docx").read_text() == "precious"


def test_rebuild_replaces_own_output_and_removes_stale_files(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    (out / "stale.html").write_text("old")
    assert build_into(site, out) == 0
    assert not (out / "stale.html").exists()
    assert (out / ".korme-site").is_file()
    assert not leftovers(tmp_path / "out")


def test_usage_errors_exit_2(capsys) -> None:
    assert run("build", "--no-such-flag") == 2
    assert run("frobnicate") == 2


def test_a_broken_items_file_causes_no_knock_on_errors(site_copy, tmp_path, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, "  type: letter", "\ttype: letter")
    assert build_into(site, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "build failed: 1 error;" in err  # not "unknown item" for every reference to it


def test_bad_image_settings_are_reported_at_the_images_key(site_copy, tmp_path, capsys) -> None:
    site = site_copy("mini")
    edit(site, "site.yaml", "  widths: [120, 240]", "  widths: [120, 240]\n  formats: [avif, gif]")
    assert build_into(site, tmp_path / "out") == 1
    assert "site.yaml:5:3: images: formats: unknown gif" in capsys.readouterr().err


def test_a_section_given_twice_in_one_language(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    sections = site / "exhibitions/letters/sections"
    (sections / "03-archive.kk.md").write_text("---\ntitle: Тағы\n---\nМәтін\n", "utf-8")
    assert build_into(site, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "exhibitions/letters/sections/03-archive.kk.md:1:1: section 'archive' is given twice" \
        in err


def test_symlinks_leading_outside_the_site_are_refused(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    secret = tmp_path / "secret.txt"
    secret.write_text("password", "utf-8")
    static = site / "content/static"
    static.mkdir()
    (static / "leak.txt").symlink_to(secret)
    images = site / "exhibitions/letters/images"
    (images / "leak.jpg").symlink_to(tmp_path / "anything.jpg")
    edit(site, ITEMS, "images/letter-2.png", "images/leak.jpg")
    out = tmp_path / "out"
    assert build_into(site, out) == 1
    err = capsys.readouterr().err
    assert "content/static/leak.txt:1:1: this link points outside the site folder" in err
    assert f"{ITEMS}:28:13: item 'letter-2': images[0].file: 'images/leak.jpg' points outside" \
        in err
    assert not out.exists()


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("01-introduction", "01-timeline", "section 'timeline': 'timeline' is reserved"),
    ("01-introduction", "01-ru", "section 'ru': 'ru' is reserved"),
    ("01-introduction", "01-Intro", "section 'Intro': the name must be a slug"),
])
def test_reserved_and_invalid_section_names(site_copy, tmp_path: Path, capsys, old: str,
                                            new: str, expected: str) -> None:
    site = site_copy("mini")
    sections = site / "exhibitions/letters/sections"
    for path in sections.glob(f"{old}.*.md"):
        path.rename(path.with_name(path.name.replace(old, new)))
    out = tmp_path / "out"
    assert build_into(site, out) == 1
    err = capsys.readouterr().err
    assert f"exhibitions/letters/sections/{new}.kk.md:1:1: {expected}" in err
    assert "Traceback" not in err


def test_reserved_exhibition_folder(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    (site / "exhibitions/letters").rename(site / "exhibitions/search")
    assert build_into(site, tmp_path / "out") == 1
    assert "exhibitions/search/exhibition.yaml:1:1: exhibition 'search': 'search' is reserved" \
        in capsys.readouterr().err
