"""The README's and the English curator's guide's examples of messages are what Kórme prints
for the same mistakes (issue 19). Each example is looked up in the document, then the mistake
is made on a copy of the test site and the message is looked for in what the command printed
(the example's place, ``path:line:column:``, may differ from the copy's)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site, run
from tests.test_catalogue import _field, _record, abai_marc21, shahnama_marc21

README = REPO / "README.md"
GUIDE = REPO / "docs/content-format.md"
ITEMS = "exhibitions/letters/items.yaml"
PLACE = re.compile(r"^[\w./#~-]+:\d+:(\d+|[A-Z]+ \([^)]*\)): ")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _message(line: str) -> str:
    """A printed line or an example without its place and with its time as ``N``."""
    return re.sub(r"\(\d+\.\d s\)", "(N s)", PLACE.sub("", line.strip()))


def _edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _printed(capsys: pytest.CaptureFixture[str], *args: str | Path) -> list[str]:
    capsys.readouterr()
    run(*args)
    out = capsys.readouterr()
    return (out.out + out.err).splitlines()


def _holds(doc: Path, examples: list[str], printed: list[str]) -> None:
    text = _flat(doc.read_text("utf-8"))
    said = [_message(line) for line in printed]
    for example in examples:
        assert _flat(example) in text, f"not in {doc.name}: {example}"
        wanted = _message(_flat(example)).removesuffix(" …")
        assert any(wanted in line for line in said), (example, printed)


@pytest.fixture
def mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]
             ) -> Callable[..., list[str]]:
    """``mistakes((rel, old, new), …)``: what ``korme check -q`` prints for a copy of the test
    site with those edits."""
    def check(*edits: tuple[str, str, str]) -> list[str]:
        site = copy_site("mini", tmp_path / f"s{len(list(tmp_path.iterdir()))}")
        for rel, old, new in edits:
            _edit(site, rel, old, new)
        return _printed(capsys, "check", "--site", site, "-q")
    return check


def test_the_guides_examples_of_mistakes(mistakes: Callable[..., list[str]]) -> None:
    printed = mistakes(("site.yaml", "images:", "publish:\n  library: {type: ssh, host: h, "
                                                "path: srv}\nimages:"))  # check reads them
    printed += mistakes(("site.yaml", "images:", "descripton: x\nimages:"))
    printed += mistakes(("site.yaml", "title:", "titel:"))
    printed += mistakes(("site.yaml", "languages: [kk, ru]", "languages: [kk, ru, kz]"))
    printed += mistakes(("site.yaml", "title:", "\ttitle:"))
    printed += mistakes(("site.yaml", "title:", "title"))
    printed += mistakes(("site.yaml", "languages: [kk, ru]", "languages: [kk, ru, en]\n"
                         "vocabulary: {type: {seal-impression: {kk: Мөр, ru: Печать}}}"))
    printed += mistakes((ITEMS, '  creator: "Абай"', '  creater: "Абай"\n  watermark: x'),
                        (ITEMS, "type: letter", "type: manscript"),
                        (ITEMS, "institution: library", "institution: libary"),
                        ("exhibitions/letters/sections/01-introduction.kk.md",
                         "::item letter-1 2", "::item leter-1 2"))
    _holds(GUIDE, [
        "site.yaml:7:1: warning: unknown key 'descripton' (did you mean 'description'?); it is "
        "ignored",
        "site.yaml:2:1: title: missing; 'titel' is not a key: is it a typo of 'title'?",
        "site.yaml:3:12: languages: 'kz' is not a language code (did you mean 'kk'?); codes "
        "are BCP 47 tags such as kk, ru, en, kk-Latn",
        "exhibitions/letters/items.yaml:3:3: warning: unknown field 'creater' (did you mean "
        "'creator'?)",
        "warning: unknown field 'watermark': declare it in site.yaml under fields: with a label "
        "per language",
        "type 'manscript' is not a known type (did you mean 'manuscript'?)",
        "site.yaml:11:22: warning: type 'seal-impression' has no label in en: add one under "
        "vocabulary: type: in site.yaml",
        "site.yaml:31:11: publish.library.path: 'srv' must be an absolute folder on the server "
        "(not /)",
        "institution: unknown id 'libary' (did you mean 'library'?) (see "
        "content/institutions.yaml)",
        "section 'introduction': unknown item 'leter-1' (did you mean 'letter-1'?)",
        "site.yaml:5:1: a tab character: YAML lines are indented with spaces only",
        "site.yaml:2:6: a missing colon: write 'title: ' before the value",
    ], printed)


def test_the_guides_and_readmes_build_results(tmp_path: Path, capsys) -> None:
    """The block of "When something is wrong" (the site's item and section renamed to the
    guide's), a failed and a no-op build, and a folder without site.yaml."""
    site = copy_site("mini", tmp_path)
    _edit(site, ITEMS, "- id: letter-1", "- id: ms-0142")
    for path in [site / "exhibitions/letters/exhibition.yaml",
                 *(site / "exhibitions/letters/sections").iterdir()]:
        path.write_text(path.read_text("utf-8").replace("letter-1", "ms-0142"), "utf-8")
    assert run("build", "--site", site, "-q") == 0
    printed = _printed(capsys, "build", "--site", site)
    _edit(site, ITEMS, '      alt: {kk: "Хаттың бірінші беті", ru: "Первая страница письма"}\n',
          "")
    (site / "exhibitions/letters/sections/02-persian.ru.md").write_text(
        "---\ntitle: Персидские рукописи\n---\n\n::item ms-142\n", "utf-8")
    printed += [line.replace(str(site / "_site"), "_site")
                for line in _printed(capsys, "build", "--site", site, "-q")]
    empty = tmp_path / "docs"
    empty.mkdir()
    printed += [line.replace(str(empty), "/home/aigul/docs")
                for line in _printed(capsys, "build", "--site", empty)]
    printed += _printed(capsys, "build", "--site", empty / "x")  # (not a folder either)
    new = tmp_path / "new"
    assert run("new", "site", new) == 0
    _edit(new, "content/pages/index.kk.md", "---", "--- x")
    printed += _printed(capsys, "build", "--site", new, "-o", tmp_path / "none", "-q")
    _holds(GUIDE, [
        "exhibitions/manuscripts/items.yaml:42:5: item 'ms-0142': images[0].alt: missing",
        "exhibitions/manuscripts/sections/02-persian.ru.md:14:8: section 'persian': unknown "
        "item 'ms-142' (did you mean 'ms-0142'?)",
        "build failed: 2 errors; the previous site in _site is unchanged",
        "build failed: 1 error; nothing was written",
    ], printed)
    _holds(README, [
        "korme: no site.yaml in /home/aigul/docs: run korme in a site folder, give it with "
        "--site, or start one with korme new site FOLDER",
        "build failed: 2 errors; the previous site in _site is unchanged",
        "build failed: 1 error; nothing was written",
        "nothing changed, the site is up to date (0.1 s)",
    ], printed)


def _import_mistakes(capsys: pytest.CaptureFixture[str], *flags: str) -> list[str]:
    """What ``korme import`` prints, in the current folder (a copy of the test site), for a
    spreadsheet with a bad date and MARC records without a title or with a bad language."""
    sheet = Path("items.csv")
    rows = [f"new-{n},Жаңа {n},1900" for n in range(2, 7)] + ["ms-7,Жаңа 7,about 1900"]
    sheet.write_text("id,title.kk,date\n" + "\n".join(rows) + "\n", "utf-8")
    printed = _printed(capsys, "import", sheet, "--exhibition", "letters", *flags)
    no_title = _record("     nam a22     7a 4500", _field("090", "aБ-8"),
                       _field("100", "aSomeone", ind="0 "))
    bad_language = abai_marc21()
    bad_language.add_field(_field("041", "ax1y"))
    Path("records.mrc").write_bytes(shahnama_marc21().as_marc() * 2 + no_title.as_marc()
                                    + shahnama_marc21().as_marc() + bad_language.as_marc())
    return printed + _printed(capsys, "import", "records.mrc", "--exhibition", "letters",
                              *flags)


def test_the_import_examples(tmp_path: Path, capsys,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_site("mini", tmp_path)
    monkeypatch.chdir(site)
    printed = _import_mistakes(capsys)
    examples = [
        "items.csv:7:C (date): item 'ms-7': date: 'about 1900' is not an EDTF date …",
        "records.mrc: record 3, field 245: no title: neither a 245 field (MARC 21) nor a 200 "
        "field (UNIMARC)",
        "records.mrc: record 5, field 041: 'x1y' is not a language code",
        "import stopped: 2 error(s); exhibitions/letters/items.yaml is unchanged",
    ]
    _holds(GUIDE, examples, printed)
    full = [line for line in printed if line.startswith(("items.csv", "records.mrc"))]
    for example in examples[:3]:  # here the places are the printed ones too
        assert any(line.startswith(example.removesuffix(" …")) for line in full), (example,
                                                                                  printed)
    _holds(README, ["items.csv:7:C (date): item 'ms-7': date: 'about 1900' is not an EDTF "
                    "date"], printed)


def _block_with(doc: Path, word: str) -> list[str]:
    """The lines of the first fenced block of ``doc`` that holds ``word``."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", doc.read_text("utf-8"), flags=re.S | re.M)
    found = next(b for b in blocks if word in b)
    return [line for line in found.splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_translated_guides_import_and_publish_examples(
        lang: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kk and ru guides quote the import's and publish:'s messages as Kórme prints them in
    that language."""
    guide = REPO / f"docs/content-format.{lang}.md"
    site = copy_site("mini", tmp_path)
    monkeypatch.chdir(site)
    printed = _import_mistakes(capsys, "--lang", lang)
    _edit(site, "site.yaml", "images:", "publish:\n  library: {type: ssh, host: h, path: srv}\n"
                                        "images:")
    printed += _printed(capsys, "check", "--site", site, "-q", "--lang", lang)
    quoted = [q for q in re.findall(r"`([^`\n]+)`", guide.read_text("utf-8"))
              if q.startswith(("items.csv:", "site.yaml:31:11: publish"))]
    assert len(quoted) == 2, quoted
    _holds(guide, _block_with(guide, "records.mrc") + quoted, printed)
