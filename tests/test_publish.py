"""``korme publish`` against real servers on loopback, started by these tests: OpenSSH's sshd
with rsync, a bare Git repository as the remote, and moto in server mode as the S3 API (moto
is the S3-compatible server installable here). The first publish sends every file, a second
one with nothing changed sends none, after one image changed only files whose content changed
are sent; an interrupted publish leaves the old release serving; rollback switches back."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import build_into, copy_site, output_files, run
from tests.publish_servers import Sshd, need, s3_server, sshd


def snapshot(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in output_files(out) if p.name != ".korme-site"}


def recorded(site: Path, out: Path) -> dict[str, str]:
    """The files the last build recorded: the output without the media and tile folders that
    its store keeps one build more for visitors still on the previous pages."""
    from korme.state import load_state
    from korme.store import published

    keep = published(out, load_state(site / ".korme-cache", out))
    return {p: h for p, h in snapshot(out).items() if p in keep}


def changed(before: dict[str, str], after: dict[str, str]) -> tuple[set[str], set[str]]:
    """Files new or different in ``after``, and files gone."""
    return {p for p, h in after.items() if before.get(p) != h}, set(before) - set(after)


def publish(capsys: pytest.CaptureFixture[str], site: Path, out: Path, *args: str
            ) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = run("publish", *args, "--site", site, "--output", out)
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def sent(stdout: str) -> int:
    if "nothing changed" in stdout:
        return 0
    return int(stdout.split("sent ")[1].split(" ")[0])


def change_image(site: Path) -> None:
    path = site / "exhibitions/letters/images/letter-2.png"
    with Image.open(path) as im:
        im = im.copy()
    im.putpixel((3, 3), (255, 0, 0, 255) if im.mode == "RGBA" else (255, 0, 0))
    im.save(path)


def configure(site: Path, targets: dict[str, dict[str, object]]) -> None:
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("publish: " + json.dumps(targets) + "\n")  # JSON is YAML


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Sshd]:
    with sshd(tmp_path / "sshd") as s:
        yield s


def ssh_target(server: Sshd, path: Path, **more: object) -> dict[str, object]:
    return {"type": "ssh", "host": "127.0.0.1", "port": server.port, "user": server.user,
            "identity": str(server.key), "path": str(path), "keep": 3,
            "ssh_options": server.options(), **more}


def test_ssh_releases_incremental_interrupted_and_rollback(
        tmp_path: Path, server: Sshd, capsys: pytest.CaptureFixture[str]) -> None:
    site, out, www = copy_site("mini", tmp_path), tmp_path / "out", tmp_path / "www"
    configure(site, {"web": ssh_target(server, www),
                     "slow": ssh_target(server, www, rsync_options=["--bwlimit=1"])})
    assert build_into(site, out) == 0
    files = snapshot(out)

    rc, stdout, err = publish(capsys, site, out, "web", "--dry-run")
    assert rc == 0, err
    assert f"would send {len(files)} files" in stdout and "+ index.html" in stdout
    rc, stdout, err = publish(capsys, site, out, "web")
    assert rc == 0, err
    assert sent(stdout) == len(files)  # the first publish sends every file
    first = os.readlink(www / "current")
    assert snapshot(www / "current") == files

    rc, stdout, err = publish(capsys, site, out, "web")
    assert rc == 0, err
    assert sent(stdout) == 0  # nothing changed: nothing sent
    second = os.readlink(www / "current")
    assert second != first
    assert (www / "current/index.html").stat().st_ino == (www / first / "index.html").stat().st_ino

    change_image(site)
    assert build_into(site, out) == 0
    after = snapshot(out)
    new, gone = changed(files, after)
    assert any(p.endswith(".avif") for p in new) and gone
    assert "korme publish: the build" not in publish(capsys, site, out, "web", "--dry-run")[1]
    rc, stdout, err = publish(capsys, site, out, "web", "--dry-run")
    assert {ln[2:] for ln in stdout.splitlines() if ln.startswith("+ ")} == new
    assert {ln[2:] for ln in stdout.splitlines() if ln.startswith("- ")} == gone

    # a publish killed midway: the old release keeps serving, the next publish cleans up
    proc = subprocess.Popen([sys.executable, "-m", "korme", "publish", "slow", "--site",
                             str(site), "--output", str(out)], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not list((www / "releases").glob(".*.partial/media")):
            assert time.monotonic() < deadline, "the slow publish never started sending"
            assert proc.poll() is None, "the slow publish ended before it was interrupted"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert os.readlink(www / "current") == second
    assert snapshot(www / "current") == files

    rc, stdout, err = publish(capsys, site, out, "web")
    assert rc == 0, err
    assert sent(stdout) == len(new)  # only files whose content changed
    assert snapshot(www / "current") == after
    assert not list((www / "releases").glob(".*"))
    third = os.readlink(www / "current")

    rc, stdout, err = publish(capsys, site, out, "web", "--rollback")
    assert rc == 0, err
    assert os.readlink(www / "current") == second
    assert snapshot(www / "current") == files
    # keep: 3 releases, never more
    rc, _, err = publish(capsys, site, out, "web")
    assert rc == 0, err
    assert len(list((www / "releases").iterdir())) == 3
    assert os.readlink(www / "current") != third


def test_ssh_unreachable_and_missing_key(tmp_path: Path, server: Sshd,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from tests.publish_servers import free_port

    site, out, www = copy_site("mini", tmp_path), tmp_path / "out", tmp_path / "www"
    nowhere = {**ssh_target(server, www), "port": free_port()}
    other = tmp_path / "other_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)],
                   check=True, timeout=30)
    configure(site, {"down": nowhere, "nokey": ssh_target(server, www, identity=str(other))})
    assert build_into(site, out) == 0
    for name in ("down", "nokey"):
        rc, _, err = publish(capsys, site, out, name)
        assert rc == 1
        assert "korme publish: cannot reach" in err and "Traceback" not in err
    assert not www.exists()


def test_git_branch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git = need("git")
    remote = tmp_path / "remote.git"
    subprocess.run([git, "init", "-q", "--bare", str(remote)], check=True, timeout=30)
    site, out = copy_site("mini", tmp_path), tmp_path / "out"
    configure(site, {"pages": {"type": "git", "remote": str(remote), "branch": "gh-pages",
                               "cname": "exhibitions.example.kz"}})
    assert build_into(site, out) == 0
    files = snapshot(out)
    served = {p for p in files if not p.startswith("_server/")}

    def log() -> list[str]:
        return subprocess.run([git, "--git-dir", str(remote), "log", "--format=%B%x00",
                               "gh-pages"], capture_output=True, text=True, check=True,
                              timeout=30).stdout.split("\0")[:-1]

    def tree() -> set[str]:
        return set(subprocess.run([git, "--git-dir", str(remote), "ls-tree", "-r",
                                   "--name-only", "gh-pages"], capture_output=True, text=True,
                                  check=True, timeout=30).stdout.split())

    rc, stdout, err = publish(capsys, site, out, "pages")
    assert rc == 0, err
    assert sent(stdout) == len(served) + 2  # every file, .nojekyll and CNAME
    assert tree() == served | {".nojekyll", "CNAME"}
    assert "Source commit: " in log()[0]
    rc, stdout, err = publish(capsys, site, out, "pages")
    assert rc == 0, err
    assert sent(stdout) == 0 and len(log()) == 1

    change_image(site)
    assert build_into(site, out) == 0
    new, gone = changed(files, recorded(site, out))
    rc, stdout, err = publish(capsys, site, out, "pages")
    assert rc == 0, err
    assert sent(stdout) == len(new) and f"deleted {len(gone)}" in stdout
    assert len(log()) == 2  # one commit per publish, history kept

    rc, _, err = publish(capsys, site, out, f"git+{tmp_path / 'missing.git'}#gh-pages")
    assert rc == 1 and "cannot reach the Git remote" in err


def test_s3(tmp_path: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
    boto3 = pytest.importorskip("boto3") if os.environ.get("CI") != "true" else \
        __import__("boto3")
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    with s3_server() as endpoint:
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        client.create_bucket(Bucket="korme")
        site, out = copy_site("mini", tmp_path), tmp_path / "out"
        configure(site, {"cdn": {"type": "s3", "bucket": "korme", "prefix": "site",
                                 "endpoint": endpoint, "region": "us-east-1"}})
        assert build_into(site, out) == 0
        files = snapshot(out)
        served = {p for p in files if not p.startswith("_server/")}

        rc, stdout, err = publish(capsys, site, out, "cdn")
        assert rc == 0, err
        assert sent(stdout) == len(served)
        objects = {o["Key"] for o in client.list_objects_v2(Bucket="korme")["Contents"]}
        assert objects == {"site/" + p for p in served}

        def head(path: str) -> dict[str, str]:
            h = client.head_object(Bucket="korme", Key="site/" + path)
            return {"type": h["ContentType"], "cache": h.get("CacheControl", "")}

        avif = next(p for p in served if p.startswith("media/") and p.endswith(".avif"))
        assert head(avif) == {"type": "image/avif",
                              "cache": "public, max-age=31536000, immutable"}
        assert head("kk/index.html")["type"] == "text/html; charset=utf-8"
        assert "must-revalidate" in head("kk/index.html")["cache"]
        fragment = next(p for p in served if p.endswith(".pf_fragment"))
        assert head(fragment)["type"] == "application/octet-stream"
        assert "must-revalidate" in head(fragment)["cache"]
        assert head("pagefind/kk-letters/pagefind-entry.json")["type"] == "application/json"
        assert head("pagefind/shards.json")["type"] == "application/json"

        rc, stdout, err = publish(capsys, site, out, "cdn")
        assert rc == 0, err
        assert sent(stdout) == 0

        change_image(site)
        assert build_into(site, out) == 0
        new, gone = changed(files, recorded(site, out))
        rc, stdout, err = publish(capsys, site, out, "cdn", "--dry-run")
        assert {ln[2:] for ln in stdout.splitlines() if ln.startswith("+ ")} == new
        rc, stdout, err = publish(capsys, site, out, "cdn")
        assert rc == 0, err
        assert sent(stdout) == len(new) and f"deleted {len(gone)}" in stdout
        objects = {o["Key"] for o in client.list_objects_v2(Bucket="korme")["Contents"]}
        assert objects == {"site/" + p for p in recorded(site, out) if not p.startswith("_server/")}

        from tests.publish_servers import free_port

        rc, _, err = publish(capsys, site, out, "s3://korme/site", "--endpoint",
                             f"http://127.0.0.1:{free_port()}")
        assert rc == 1 and "korme publish: cannot reach s3://korme/site/" in err
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            monkeypatch.delenv(key)
        rc, _, err = publish(capsys, site, out, "cdn")
        assert rc == 1 and "no S3 credentials" in err and "Traceback" not in err


def test_stale_build_and_bad_config_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, out = copy_site("mini", tmp_path), tmp_path / "out"
    rc, _, err = publish(capsys, site, out, "s3://bucket/prefix")
    assert rc == 1 and "no build of this site" in err
    assert build_into(site, out) == 0
    page = site / "content/pages/index.kk.md"
    time.sleep(0.01)
    page.write_text(page.read_text("utf-8") + "\nНовый абзац.\n", "utf-8")
    rc, _, err = publish(capsys, site, out, "s3://bucket/prefix", "--dry-run")
    assert rc == 1
    assert "is older than its sources (content/pages/index.kk.md changed after it)" in err
    assert run("publish", "nowhere", "--site", site) == 2  # neither a target nor a URL

    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("publish:\n  web:\n    type: ssh\n    host: example.org\n    path: www\n"
                "    password: hunter2\n  cdn: {type: ftp}\n")
    rc, _, err = publish(capsys, site, out, "web")
    assert rc == 1
    lines = err.splitlines()
    assert "site.yaml:10:11: publish.web.path: 'www' must be an absolute folder on the server " \
           "(not /)" in lines
    assert any(ln.startswith("site.yaml:11:5: publish.web.password: no passwords")
               for ln in lines)
    assert "site.yaml:12:15: publish.cdn.type: expected one of ssh, git, s3" in lines
