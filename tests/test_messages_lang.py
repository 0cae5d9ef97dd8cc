"""Every line the commands print for curators is in the asked language (issue 19): publish's and
export's results, the import's cell and merge messages, the build summary's warning kinds, its
progress and stage names, image errors; and no message is written outside the catalogues."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import build_into, copy_site, run

PACKAGE = Path(__file__).parent.parent / "korme"


def test_publish_says_what_it_did_in_the_asked_language(tmp_path: Path, capsys) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    subprocess.run([git, "init", "-q", "--bare", str(remote)], check=True, timeout=30)
    site, out = copy_site("mini", tmp_path), tmp_path / "out"
    assert build_into(site, out) == 0
    target = f"git+{remote}#gh-pages"
    capsys.readouterr()
    assert run("publish", target, "--site", site, "-o", out, "--dry-run", "--lang", "kk") == 0
    assert "сынақ: " in capsys.readouterr().out
    assert run("publish", target, "--site", site, "-o", out, "--lang", "ru") == 0
    said = capsys.readouterr().out
    assert "опубликовано в " in said and "отправлено файлов: " in said, said
    assert "коммит " in said
    assert run("publish", target, "--site", site, "-o", out, "--lang", "ru") == 0
    assert "ничего не изменилось" in capsys.readouterr().out
    missing = f"git+{tmp_path / 'missing.git'}#gh-pages"
    assert run("publish", missing, "--site", site, "-o", out, "--lang", "ru") == 1
    assert "нет связи с удалённым Git-репозиторием" in capsys.readouterr().err
    assert run("publish", target, "--site", site, "-o", tmp_path / "none", "--lang", "kk") == 1
    assert "құрастырылымы жоқ" in capsys.readouterr().err
    assert run("publish", "nowhere", "--site", site, "-o", out, "--lang", "ru") == 2
    assert "(цели: нет)" in capsys.readouterr().err


def test_export_and_import_speak_the_asked_language(tmp_path: Path, capsys) -> None:
    site = copy_site("mini", tmp_path)
    sheet = tmp_path / "items.csv"
    capsys.readouterr()
    assert run("export", "--exhibition", "letters", "--site", site, "-o", sheet,
               "--lang", "ru") == 0
    said = capsys.readouterr().out
    assert said.startswith("в ") and "выгружено экспонатов: " in said and " и " in said, said
    bad = tmp_path / "bad.csv"
    bad.write_text("id,title.ру,date\nletter-1,Хат,about 1900\n", "utf-8")
    assert run("import", bad, "--exhibition", "letters", "--site", site, "--lang", "ru") == 1
    err = capsys.readouterr().err
    assert "'ру' в 'title.ру' — не код языка" in err, err
    assert "экспонат 'letter-1': date: " in err and "не дата EDTF" in err, err
    assert "import stopped" not in err
    header = tmp_path / "header.csv"
    header.write_text("id,ti tle\nletter-1,x\n", "utf-8")
    assert run("import", header, "--exhibition", "letters", "--site", site, "--lang", "kk") == 1
    assert "бағанның атауы емес" in capsys.readouterr().err


def test_the_build_summary_progress_and_image_errors_in_the_asked_language(
        tmp_path: Path, capsys) -> None:
    site = tmp_path / "museum"
    assert run("new", "site", site) == 0
    card = site / "exhibitions/first-exhibition/exhibition.yaml"
    card.write_text(card.read_text("utf-8").replace("status: draft", "status: published"),
                    "utf-8")
    capsys.readouterr()
    assert run("build", "--site", site, "-o", tmp_path / "out", "--workers", "1",
               "--lang", "ru") == 0
    out, err = capsys.readouterr()
    assert "предупреждения: проблем с IIIF: 1" in out, out  # base_url is not set
    assert "(чтение " in out and "страницы " in out, out
    assert "страницы 0/" in err and "pages " not in err, err
    image = site / "exhibitions/first-exhibition/images/item-1/page-1.jpg"
    image.write_bytes(b"not an image")
    assert run("build", "--site", site, "-o", tmp_path / "out", "--workers", "1", "-q",
               "--lang", "kk") == 1
    err = capsys.readouterr().err
    assert "'item-1' экспонаты: images[0].file: " in err, err
    assert "қолдау көрсетілетін сурет емес" in err, err


def test_the_help_of_every_command_in_the_asked_language(capsys,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    assert run("build", "--help", "--lang", "ru") == 0
    assert "папка сайта (по умолчанию: .)" in capsys.readouterr().out
    assert run("--lang=kk", "publish", "--help") == 0
    assert "сақталатын релиздер саны" in capsys.readouterr().out
    monkeypatch.setenv("KORME_LANG", "kk")
    assert run("--help") == 0
    assert "көптілді виртуалды көрмелер" in capsys.readouterr().out


# The places that take a message for curators: reports, diagnostics, and the exceptions whose
# message is shown to them. A string literal there is English whatever --lang says.
SINKS = {"error", "warning", "Diagnostic", "UsageError", "PublishError", "SheetProblem",
         "CellProblem", "SourceError", "PixelError", "OutputError", "SearchFailed",
         "YamlProblem", "FileProblem", "ItemsProblem", "print"}
VALIDATORS = {"field_validator", "model_validator"}


def _words(node: ast.AST) -> bool:
    """A literal with words in it (a plain string or an f-string's text; one word is a name,
    such as a diagnostic's kind)."""
    parts = [node.value] if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        else [v.value for v in node.values if isinstance(v, ast.Constant)] \
        if isinstance(node, ast.JoinedStr) else []
    return any(len([w for w in str(p).replace(":", " ").split()
                    if len(w) > 1 and w.isalpha() and w != "korme"]) > 1 for p in parts)


def _english_literals(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") in VALIDATORS
                for d in node.decorator_list):
            found += [f"{r.lineno}: {ast.unparse(r.exc)[:60]}" for r in ast.walk(node)
                      if isinstance(r, ast.Raise) and isinstance(r.exc, ast.Call)
                      and any(_words(a) for a in r.exc.args)]
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            getattr(node.func, "id", "")
        if name in SINKS:
            found += [f"{node.lineno}: {ast.unparse(a)[:60]}"
                      for a in [*node.args, *(k.value for k in node.keywords)] if _words(a)]
    return found


def test_no_message_for_curators_is_written_outside_the_catalogues() -> None:
    """Messages go through ``_()`` (and so through the en, kk and ru catalogues)."""
    found = {str(p.relative_to(PACKAGE)): _english_literals(ast.parse(p.read_text("utf-8")))
             for p in sorted(PACKAGE.rglob("*.py"))}
    assert not {k: v for k, v in found.items() if v}
