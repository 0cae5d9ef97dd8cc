"""Curators on their own (issue 19): a new site in one command, consistent commands, messages
in the curator's language, the preview server's port and HEAD."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import output_files, run

KORME = [sys.executable, "-m", "korme"]


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "museum"
    assert run("new", "site", folder) == 0
    return folder


def test_new_site_builds_strict_with_no_warning(new_site: Path, tmp_path: Path,
                                                capsys) -> None:
    capsys.readouterr()
    assert run("build", "--site", new_site, "-o", tmp_path / "out", "--strict",
               "--workers", "1") == 0
    out, err = capsys.readouterr()
    assert not re.search(r":\d+:\d+: ", err) and "warning" not in out + err
    assert (tmp_path / "out/kk/index.html").is_file()
    assert (tmp_path / "out/ru/index.html").is_file()
    assert not (tmp_path / "out/kk/first-exhibition").exists()  # a draft
    assert run("check", "--site", new_site, "--strict", "-q") == 0
    assert capsys.readouterr().out == ""


def test_new_site_then_build_strict_in_its_folder(tmp_path: Path) -> None:
    """``korme new site x && cd x && korme build --strict``, as a curator types it."""
    env = {**os.environ, "KORME_LANG": "en"}
    subprocess.run([*KORME, "new", "site", "x"], cwd=tmp_path, env=env, check=True,
                   capture_output=True, timeout=120)
    done = subprocess.run([*KORME, "build", "--strict", "--workers", "1"], cwd=tmp_path / "x",
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not re.search(r":\d+:\d+: ", done.stderr), done.stderr
    assert "warning" not in done.stdout + done.stderr
    assert "built " in done.stdout and (tmp_path / "x/_site/kk/index.html").is_file()


def test_new_site_holds_schemas_and_editor_settings(new_site: Path) -> None:
    settings = json.loads((new_site / ".vscode/settings.json").read_text("utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (new_site / schema).is_file(), schema
    assert "/_site/" in (new_site / ".gitignore").read_text("utf-8")
    card = (new_site / "exhibitions/first-exhibition/exhibition.yaml").read_text("utf-8")
    assert "status: draft" in card
    assert (new_site / "exhibitions/first-exhibition/images/item-1/page-1.jpg").is_file()


def test_new_site_with_drafts_builds_the_exhibition(new_site: Path, tmp_path: Path) -> None:
    assert run("build", "--site", new_site, "-o", tmp_path / "out", "--drafts", "-q",
               "--workers", "1") == 0
    assert (tmp_path / "out/ru/first-exhibition/index.html").is_file()


def test_serve_s_preview_of_a_new_site_has_no_warning(new_site: Path, tmp_path: Path) -> None:
    """``korme serve`` builds drafts into its private folder: the missing ``base_url`` (no
    IIIF documents) is not a warning there on every save; ``korme build`` still says it."""
    from korme.build import BuildOptions, build

    preview = build(BuildOptions(new_site, tmp_path / "preview", drafts=True, preview=True,
                                 quiet=True, workers=1))
    assert [str(d.message) for d in preview.report.diagnostics] == []
    built = build(BuildOptions(new_site, tmp_path / "out", drafts=True, quiet=True, workers=1))
    assert [d.kind for d in built.report.diagnostics] == ["iiif"]


def test_new_site_languages_title_and_refusals(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "three"
    assert run("new", "site", folder, "--languages", "kk,ru,en", "--title", "Qazyna") == 0
    assert "languages: [kk, ru, en]" in (folder / "site.yaml").read_text("utf-8")
    assert run("build", "--site", folder, "-o", tmp_path / "out", "--strict", "-q") == 0
    html = (tmp_path / "out/en/index.html").read_text("utf-8")
    assert "Qazyna" in html and "Welcome" in html
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    assert run("new", "site", folder) == 2  # not empty: nothing touched
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert run("new", "site", tmp_path / "bad", "--languages", "kk,k z") == 2
    assert run("new", "site", tmp_path / "bad", "--languages", "kz,ru") == 2
    assert not (tmp_path / "bad").exists()
    err = capsys.readouterr().err
    assert "not empty" in err and "'kz' is not a language code (did you mean 'kk'?)" in err


def test_placeholder_text_in_a_published_exhibition(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "site"
    assert run("new", "site", folder) == 0
    card = folder / "exhibitions/first-exhibition/exhibition.yaml"
    card.write_text(card.read_text("utf-8").replace("status: draft", "status: published"),
                    "utf-8")
    capsys.readouterr()
    assert run("check", "--site", folder) == 0
    out = capsys.readouterr().out
    assert "exhibitions/first-exhibition/exhibition.yaml:1:13: warning: placeholder text " \
           "left by korme new: 'Жаңа көрме'" in out
    assert re.search(r"sections/01-introduction\.ru\.md:4:1: warning: placeholder", out)
    assert run("check", "--site", folder, "--strict") == 1


def test_messages_in_the_curators_language(tmp_path: Path, capsys,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("build", "--site", tmp_path, "--lang", "ru") == 2
    assert "нет site.yaml" in capsys.readouterr().err
    monkeypatch.setenv("KORME_LANG", "kk")
    assert run("check", "--site", tmp_path) == 2
    assert "site.yaml жоқ" in capsys.readouterr().err
    monkeypatch.delenv("KORME_LANG")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert run("serve", "--site", tmp_path) == 2
    assert "нет site.yaml" in capsys.readouterr().err
    assert run("serve", "--site", tmp_path, "--lang", "en") == 2
    assert "no site.yaml in" in capsys.readouterr().err


def test_every_command_refuses_a_folder_without_site_yaml(tmp_path: Path, capsys) -> None:
    for command in (["build"], ["check"], ["serve"], ["new", "exhibition", "x"]):
        assert run(*command, "--site", tmp_path) == 2, command
        err = capsys.readouterr().err
        assert "no site.yaml in" in err and "korme new site" in err
    assert list(tmp_path.iterdir()) == []


def test_failed_build_names_what_is_kept(new_site: Path, tmp_path: Path, capsys) -> None:
    site = tmp_path / "s"
    assert run("new", "site", site) == 0
    (site / "site.yaml").write_text("format: 1\nlanguages: [kk]\n", "utf-8")  # no title
    out = tmp_path / "out"
    capsys.readouterr()
    assert run("build", "--site", site, "-o", out, "-q") == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err and "previous site" not in err
    assert not out.exists()
    assert run("build", "--site", new_site, "-o", out, "-q") == 0
    before = {p: p.read_bytes() for p in output_files(out)}
    capsys.readouterr()
    assert run("build", "--site", site, "-o", out, "-q") == 1
    assert f"the previous site in {out} is unchanged" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in output_files(out)} == before


def test_no_op_build_says_the_site_is_up_to_date(new_site: Path, tmp_path: Path,
                                                 capsys) -> None:
    out = tmp_path / "out"
    assert run("build", "--site", new_site, "-o", out, "--workers", "1") == 0
    assert "built " in capsys.readouterr().out
    assert run("build", "--site", new_site, "-o", out, "--workers", "1") == 0
    assert re.fullmatch(r"nothing changed, the site is up to date \(\d+\.\d s\)\n",
                        capsys.readouterr().out)
    assert run("build", "--site", new_site, "-o", out, "--lang", "ru") == 0
    assert capsys.readouterr().out.startswith("ничего не изменилось")


def _wait_for(proc: subprocess.Popen, pattern: str, lines: list[str]) -> re.Match[str]:
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError("".join(lines))


def test_serve_takes_the_next_free_port_and_answers_head(new_site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "KORME_LANG": "en", "PYTHONPATH": str(Path(__file__).parent.parent)}
        proc = subprocess.Popen([*KORME, "serve", "--site", str(new_site), "--port", str(port),
                                 "--workers", "1"], stderr=subprocess.PIPE, text=True, env=env)
        lines: list[str] = []
        try:
            moved = _wait_for(proc, r"port (\d+) is taken \(another program uses it\): "
                                    r"using (\d+)", lines)
            assert int(moved[1]) == port and int(moved[2]) > port
            _wait_for(proc, rf"serving .* on http://127\.0\.0\.1:{moved[2]}/", lines)
            for _ in range(50):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", int(moved[2]), timeout=10)
                    conn.request("HEAD", "/kk/")
                    break
                except ConnectionRefusedError:
                    time.sleep(0.1)
            response = conn.getresponse()
            assert response.status == 200 and response.read() == b""
            assert response.getheader("Content-Type", "").startswith("text/html")
            conn.request("GET", "/kk/")
            page = conn.getresponse()
            assert page.status == 200 and b"<html" in page.read()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        assert "Traceback" not in "".join(lines)


def test_serve_warns_when_the_preview_is_open_to_the_network() -> None:
    from korme.server import free_port, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert free_port("127.0.0.1", port) != port


def test_a_build_with_nothing_to_do_repeats_its_warnings_in_the_asked_language(
        site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert run("build", "--site", site, "-o", out, "--workers", "1", "-q") == 0
    first = capsys.readouterr().err
    assert "content/pages/about.kk.md:1:1: warning: page 'about' has no ru file" in first
    assert run("build", "--site", site, "-o", out, "--lang", "ru") == 0
    again = capsys.readouterr()
    assert again.out.startswith("ничего не изменилось")
    assert "content/pages/about.kk.md:1:1: предупреждение: у страницы 'about' нет файла на ru" \
        in again.err


def test_scripts_test_installs_into_its_own_environment(tmp_path: Path) -> None:
    """scripts/test makes its virtual environment and installs (the pinned constraints
    included) only there: the python on PATH only creates it. Stand-ins record the calls."""
    bin_dir, venv, log = tmp_path / "bin", tmp_path / "venv", tmp_path / "calls"
    bin_dir.mkdir()
    record = f'#!/bin/sh\necho "$(basename "$0") $*" >> {log}\n'
    maker = record + f'mkdir -p {venv}/bin && printf \'%s\' \'{record}\' > {venv}/bin/python' \
        f' && chmod +x {venv}/bin/python\n'
    for name, body in (("python3", maker), ("apt-get", record), ("npm", record)):
        (bin_dir / name).write_text(body, "utf-8")
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "KORME_TEST_VENV": str(venv)}
    root = Path(__file__).parent.parent
    done = subprocess.run(["bash", str(root / "scripts/test"), "-q"], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    calls = log.read_text("utf-8").splitlines()
    assert calls[0] == f"python3 -m venv --system-site-packages {venv}"
    assert not [c for c in calls[1:] if c.startswith("python3 ")], calls  # nothing else
    installs = [c for c in calls if " -m pip install " in c]
    assert installs and all(c.startswith("python ") for c in installs), calls
    assert any("-c constraints.txt" in c for c in installs)
    assert calls[-1] == "python -m pytest -q"


def test_every_command_is_in_the_readme_and_takes_o_for_output(capsys) -> None:
    assert run("--help") == 0
    listed = re.search(r"\{([a-z,]+)\}", capsys.readouterr().out)
    assert listed
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for command in listed.group(1).split(","):
        assert f"| `korme {command} " in readme, command
        assert run(command, "--help") == 0
        usage = capsys.readouterr().out
        if "--output" in usage:
            assert re.search(r"(^|[\s\[])-o\b", usage), command
