"""The mistakes curators make every day (issue 19): each reported once, at its place, with a
suggestion, all in one run; editor backup files ignored."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run

ITEMS = "exhibitions/letters/items.yaml"
CARD = "exhibitions/letters/exhibition.yaml"
INTRO_KK = "exhibitions/letters/sections/01-introduction.kk.md"
INTRO_RU = "exhibitions/letters/sections/01-introduction.ru.md"


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def check(site: Path, capsys, *flags: str) -> tuple[int, list[dict]]:
    capsys.readouterr()
    status = run("check", "--site", site, "--format", "json", *flags)
    return status, json.loads(capsys.readouterr().out)["diagnostics"]


def lines(found: list[dict]) -> list[str]:
    return [f"{d['path']}:{d['line']}:{d['column']}: {d['message']}" for d in found]


def test_undeclared_item_fields_are_named_with_a_suggestion(site_copy, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, '  creator: "Абай"\n', '  creater: "Абай"\n  descripton: "x"\n'
                                             '  watermark: "y"\n')
    status, found = check(site, capsys, "--strict")
    assert status == 1
    shown = lines(found)
    assert f"{ITEMS}:3:3: unknown field 'creater' (did you mean 'creator'?)" in shown
    assert f"{ITEMS}:4:3: unknown field 'descripton' (did you mean 'description'?)" in shown
    assert f"{ITEMS}:5:3: unknown field 'watermark': declare it in site.yaml under fields: " \
           "with a label per language" in shown
    assert not any("field 'creater' has no label" in m for m in shown)  # the root cause only
    assert not any("provenance" in m for m in shown)  # a field the theme labels
    # declared in site.yaml: no longer unknown (and then its labels are checked)
    (site / "site.yaml").write_text((site / "site.yaml").read_text("utf-8") + (
        "fields:\n  watermark: {label: {kk: Су белгісі, ru: Водяной знак}, type: text}\n"),
        "utf-8")
    _, found = check(site, capsys)
    assert not any("watermark" in m for m in lines(found))


def test_every_problem_of_a_record_at_once(site_copy, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, '  title: {kk: "Хат"', '  titel: {kk: "Хат"')
    edit(site, ITEMS, '  date: "1890/1895"', '  date: "about 1890"')
    edit(site, ITEMS, "      label: \"1 б.\"", "      label: \"1 б.\"\n      captoin: x")
    edit(site, CARD, "title:", "titel:")
    status, found = check(site, capsys)
    shown = lines(found)
    assert status == 1
    assert f"{ITEMS}:2:3: item 'letter-1': title: missing; 'titel' is not a key: is it a " \
           "typo of 'title'?" in shown
    assert any(m.startswith(f"{ITEMS}:4:9: item 'letter-1': date: 'about 1890' is not an "
                            "EDTF date") for m in shown)
    assert f"{ITEMS}:16:7: item 'letter-1': unknown key 'images[0].captoin' (did you mean " \
           "'caption'?); it is ignored" in shown
    assert f"{CARD}:1:1: title: missing; 'titel' is not a key: is it a typo of 'title'?" \
        in shown
    assert not any("unknown key 'titel'" in m for m in shown)  # said once, as the error


def test_a_duplicate_key_hides_no_other_problem_of_its_file(site_copy, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, '  creator: "Абай"', '  creator: "Абай"\n  creator: "X"')
    edit(site, ITEMS, '  date: "159X"', '  date: "about 1590"')
    edit(site, ITEMS, "      alt: {kk: \"Мөр\", ru: \"Печать\"}\n", "")
    status, found = check(site, capsys)
    shown = lines(found)
    assert status == 1
    assert f"{ITEMS}:4:3: duplicate key 'creator' (first given at line 3); the first value " \
           "is used" in shown
    assert any(m.startswith(f"{ITEMS}:24:9: item 'letter-2': date: 'about 1590' is not an "
                            "EDTF date") for m in shown), shown
    assert f"{ITEMS}:29:7: item 'letter-2': images[0].alt: missing" in shown


def test_an_undeclared_field_is_still_shown(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, '  creator: "Абай"\n', '  creator: "Абай"\n  watermark: "Арыстан"\n')
    assert run("build", "--site", site, "-o", tmp_path / "out", "-q") == 0
    assert "unknown field 'watermark'" in capsys.readouterr().err
    page = (tmp_path / "out/kk/letters/items/letter-1/index.html").read_text("utf-8")
    assert "Watermark" in page and "Арыстан" in page


def test_a_missing_alt_does_not_hide_a_wrong_institution(site_copy, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, "      alt: {kk: \"Мөр\", ru: \"Печать\"}\n", "")  # letter-2: no alt
    edit(site, ITEMS, "  institution: library\n  rights: http://rightsstatements",
         "  institution: libary\n  rights: http://rightsstatements")
    status, found = check(site, capsys)
    shown = lines(found)
    assert status == 1
    assert f"{ITEMS}:28:7: item 'letter-2': images[0].alt: missing" in shown
    assert f"{ITEMS}:25:16: item 'letter-2': institution: unknown id 'libary' (did you mean " \
           "'library'?) (see content/institutions.yaml)" in shown


def test_wrong_language_code_is_one_error_with_a_suggestion(site_copy, tmp_path: Path,
                                                            capsys) -> None:
    site = site_copy("mini")
    edit(site, "site.yaml", "languages: [kk, ru]", "languages: [kk, ru, en, kz]")
    status, found = check(site, capsys)
    assert status == 1
    assert lines(found) == ["site.yaml:3:12: languages: 'kz' is not a language code (did you "
                            "mean 'kk'?); codes are BCP 47 tags such as kk, ru, en, kk-Latn"]
    assert run("build", "--site", site, "-o", tmp_path / "out", "-q") == 1
    assert not (tmp_path / "out").exists()
    capsys.readouterr()
    assert run("check", "--site", site, "--lang", "ru", "-q") == 1
    assert "(может быть, 'kk'?)" in capsys.readouterr().out


def test_unknown_ids_get_suggestions(site_copy, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, "  institution: library", "  institution: libary")
    edit(site, CARD, "institutions: [library]", "institutions: [librari]")
    edit(site, CARD, "cover: letter-1", "cover: leter-1")
    edit(site, INTRO_KK, "::item letter-1 2", "::item leter-1 2")
    edit(site, INTRO_KK, "(item:letter-2)", "(item:leter-2)")
    edit(site, ITEMS, "  type: letter", "  type: leter")
    _, found = check(site, capsys)
    shown = "\n".join(lines(found))
    assert "type 'leter' is not a known type (did you mean 'letter'?)" in shown
    assert "institution: unknown id 'libary' (did you mean 'library'?)" in shown
    assert f"{CARD}:4:16: institutions: unknown id 'librari' (did you mean 'library'?)" in shown
    assert "cover: unknown item 'leter-1' (did you mean 'letter-1'?)" in shown
    assert f"{INTRO_KK}:7:8: section 'introduction': unknown item 'leter-1' (did you mean " \
           "'letter-1'?)" in shown
    assert f"{INTRO_KK}:5:38: section 'introduction': unknown item 'leter-2' (did you mean " \
           "'letter-2'?)" in shown


def test_an_item_of_another_exhibition_is_named_as_such(site_copy, capsys) -> None:
    site = site_copy("mini")
    assert run("new", "exhibition", "travels", "--site", site) == 0
    with (site / "exhibitions/travels/sections/01-introduction.kk.md").open("a") as f:
        f.write("\n::item letter-1\n")
    _, found = check(site, capsys, "--drafts")
    shown = lines(found)
    assert "exhibitions/travels/sections/01-introduction.kk.md:9:8: section 'introduction': " \
           "unknown item 'letter-1' (it is an item of exhibition 'letters': ::item and item: " \
           "show only the exhibition's own items; from a section, link its page as " \
           "[text](../../letters/items/letter-1/))" in shown


def test_root_cause_once(site_copy, capsys) -> None:
    site = site_copy("mini")
    (site / "exhibitions/letters/images/letter-1b.jpg").unlink()  # image 2 of letter-1
    edit(site, INTRO_RU, "title:", "title: [broken")
    page = site / "content/pages/index.ru.md"
    page.write_bytes(page.read_text("utf-8").encode("cp1251"))
    _, found = check(site, capsys)
    shown = lines(found)
    assert any("letter-1b.jpg' not found" in m for m in shown)
    assert not any("image(s), not 2" in m for m in shown)  # the figures showing it: no echo
    assert any(m.startswith(f"{INTRO_RU}:2:8: ") for m in shown)
    assert any(m.startswith("content/pages/index.ru.md:") and "UTF-8" in m for m in shown)
    assert not any("section 'introduction' has no ru file" in m for m in shown)
    assert not any("page 'index' has no ru file" in m for m in shown)


def test_editor_backup_files_are_ignored(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    sections = site / "exhibitions/letters/sections"
    (sections / "02-archive.kk.md~").write_text("---\ntitle: old\n", "utf-8")
    (sections / ".01-introduction.kk.md.swp").write_bytes(b"\x00b0VIM")
    (sections / "#01-introduction.ru.md#").write_text("x", "utf-8")
    (site / "content/pages/.#about.kk.md").write_text("x", "utf-8")
    (site / "content/static").mkdir(parents=True, exist_ok=True)
    (site / "content/static/notes.txt~").write_text("x", "utf-8")
    _, found = check(site, capsys)
    assert not [m for m in lines(found) if "~" in m or "#" in m or ".swp" in m]
    assert run("build", "--site", site, "-o", tmp_path / "out", "-q") == 0
    assert not list((tmp_path / "out").rglob("*~"))


def test_schemas_flag_what_check_reports(site_copy, tmp_path: Path) -> None:
    import jsonschema

    site = site_copy("mini")
    (site / "site.yaml").write_text((site / "site.yaml").read_text("utf-8") + (
        "fields:\n  watermark: {label: {kk: Су белгісі, ru: Водяной знак}}\n"
        "vocabulary:\n  type:\n    seal-impression: {kk: Мөр, ru: Оттиск печати}\n"), "utf-8")
    assert run("schema", "--site", site, "-o", tmp_path / "s") == 0
    schema = json.loads((tmp_path / "s/items.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = {"id": "ms-1", "title": {"kk": "Қолжазба"}, "date": "1720~", "type": "manuscript",
            "watermark": "x", "provenance": {"kk": "Сыйға"}, "images": []}
    assert not list(validator.iter_errors([good]))
    assert not list(validator.iter_errors([{**good, "type": "seal-impression"}]))
    for bad in ({"date": "about 1900"}, {"type": "manscript"}, {"creater": "Абай"}):
        assert list(validator.iter_errors([{**good, **bad}])), bad
    props = schema["$defs"]["ItemRecord"]["properties"]
    assert "EDTF" in props["date"]["description"]
    assert all(props[k].get("description") for k in ("title", "type", "institution"))


def test_yaml_mistakes_in_words(site_copy, capsys) -> None:
    site = site_copy("mini")
    edit(site, "site.yaml", 'title: {kk: "Сынақ', 'title {kk: "Сынақ')
    _, found = check(site, capsys)  # a YAML error: the parser stops at the ','
    assert lines(found) == ["site.yaml:2:6: a missing colon: write 'title: ' before the value"]
    edit(site, "site.yaml", 'title {kk: "Сынақ көрмелері", ru: "Тестовые выставки"}',
         'title {kk: x}')
    _, found = check(site, capsys)  # valid YAML: a key "title {kk" and no title
    assert lines(found) == ["site.yaml:2:1: title: missing; is a colon missing after 'title' "
                            "on this line?"]
    edit(site, "site.yaml", 'title {kk: x}', 'title: {kk: x, ru: y}')
    edit(site, "site.yaml", "  widths:", "\twidths:")
    _, found = check(site, capsys)
    assert lines(found) == ["site.yaml:5:1: a tab character: YAML lines are indented with "
                            "spaces only"]


def test_bad_indentation_in_words(site_copy, capsys) -> None:
    site = site_copy("mini")
    edit(site, ITEMS, '  date: "1890/1895"', ' date: "1890/1895"')
    _, found = check(site, capsys)
    assert [m for m in lines(found) if ITEMS in m] == [
        f"{ITEMS}:4:2: bad indentation: this line is indented differently from the lines of "
        "the record above it (each record starts with '- ' at the margin, its fields two "
        "spaces in)"]


def test_static_dotfiles_are_still_published(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    static = site / "content/static"
    (static / ".well-known").mkdir(parents=True)
    (static / ".well-known/security.txt").write_text("Contact: x", "utf-8")
    (static / ".htaccess").write_text("Options -Indexes", "utf-8")
    (static / "robots.txt~").write_text("old", "utf-8")
    assert run("build", "--site", site, "-o", tmp_path / "out", "-q") == 0
    assert (tmp_path / "out/.well-known/security.txt").is_file()
    assert (tmp_path / "out/.htaccess").is_file()
    assert not (tmp_path / "out/robots.txt~").exists()


def test_a_section_named_cite_is_refused(site_copy, capsys) -> None:
    """``/<lang>/<exhibition>/cite/`` holds the citation files: no section may take it."""
    site = site_copy("mini")
    sections = site / "exhibitions/letters/sections"
    (sections / "02-archive.kk.md").rename(sections / "02-cite.kk.md")
    for rel in (INTRO_KK, INTRO_RU):
        edit(site, rel, "section:archive", "section:cite")
    status, found = check(site, capsys)
    assert status == 1
    assert any("'cite' is reserved for Kórme's own pages" in d["message"] for d in found), \
        lines(found)
