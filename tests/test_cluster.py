"""The image stage on a Dask cluster: a ``distributed.LocalCluster`` of two worker processes on
loopback builds the sample (its scans halved and smaller widths, so that every page also gets
deep-zoom tiles and the builds stay quick) byte for byte as the local pool does; a worker killed
mid-task costs only its tasks; a cancelled build leaves a cache the next build uses; a second
build makes nothing; progress names tasks and workers; and the shared cache works on S3 through
fsspec against moto's server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from distributed import Client, LocalCluster
from PIL import Image

from tests.conftest import copy_sample, tree_hash
from tests.publish_servers import s3_server

IMAGES = 21  # the sample's source images
SMALL = "images:\n  widths: [240, 480]\n"  # every halved page is wider than 480 px: tiles too
PROGRESS = re.compile(r"^(images|tiles): (\d+) of (\d+) tasks done, (\d+) workers alive", re.M)


def _cluster() -> LocalCluster:
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                        dashboard_address=":0", host="127.0.0.1")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with _cluster() as c:
        yield c


@pytest.fixture(scope="module")
def small_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with its scans halved and two widths; never built itself."""
    site = copy_sample(tmp_path_factory.mktemp("small") / "site")
    shutil.rmtree(site / ".korme-cache", ignore_errors=True)  # (the repository's, if built)
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(SMALL)
    for path in site.glob("exhibitions/*/images/**/*.*"):
        with Image.open(path) as im:
            half = im.reduce(2)
        half.save(path, quality=90) if im.format == "JPEG" else half.save(path)
    return site


def fresh(small_sample: Path, dest: Path) -> Path:
    """A copy of the small sample with no cache."""
    shutil.copytree(small_sample, dest)
    return dest


TERMINAL = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler);"
            " signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT]); sys.argv[0] = 'korme';"
            " runpy.run_module('korme', run_name='__main__', alter_sys=True)")


def korme(site: Path, out: Path, *args: str, wait: bool = True, env: dict | None = None):
    """``korme build`` in its own process (as an operator runs it), finished or running."""
    # Ctrl-C's default, as in a terminal, whatever this test process's own signal state is
    command = [sys.executable, "-c", TERMINAL, "build", "--site", str(site), "--output", str(out),
               *args]
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1780272000", **(env or {})}
    if wait:
        return subprocess.run(command, capture_output=True, text=True, env=environ, timeout=300)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environ)


@pytest.fixture(scope="module")
def reference(small_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small sample built by the local pool."""
    base = tmp_path_factory.mktemp("reference")
    out = base / "out"
    done = korme(fresh(small_sample, base / "site"), out, "--workers", "2", "-q")
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("iiif/images/*/*/*"))) >= IMAGES  # every page has its tiles
    return out


def same_as(out: Path, reference: Path) -> None:
    """``out`` holds the reference's files, byte for byte (the first differences named)."""
    if tree_hash(out) == tree_hash(reference):
        return
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    wanted = {p.relative_to(reference).as_posix() for p in reference.rglob("*") if p.is_file()}
    differ = sorted(f for f in files & wanted if (out / f).read_bytes() !=
                    (reference / f).read_bytes())
    raise AssertionError(f"missing {sorted(wanted - files)[:5]}, extra "
                         f"{sorted(files - wanted)[:5]}, different {differ[:10]}")


def made(stdout: str) -> int:
    if stdout.startswith("nothing changed, the site is up to date"):
        return 0  # the summary of a build that changed no file (and made no image)
    found = re.search(r"and \d+ images \((\d+) made", stdout)
    assert found, stdout
    return int(found.group(1))


def wait_for_files(folder: Path, count: int, proc: subprocess.Popen, seconds: float = 120) -> int:
    """Wait until ``folder`` holds ``count`` finished files (bounded); return how many."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        n = len(finished(folder))
        if n >= count:
            return n
        time.sleep(0.05)
    raise AssertionError(f"the build ended or stalled before {count} files: {proc.poll()}")


def finished(folder: Path) -> list[Path]:
    """Files under their real names (not a writer's temporary)."""
    return [p for p in folder.glob("*") if p.is_file() and not p.name.startswith(".tmp")] \
        if folder.is_dir() else []


def test_cluster_build_equals_the_local_pool_and_a_second_makes_nothing(
        cluster: LocalCluster, small_sample: Path, reference: Path, tmp_path: Path) -> None:
    site, out = fresh(small_sample, tmp_path / "site"), tmp_path / "out"
    done = korme(site, out, "--cluster", cluster.scheduler_address)
    assert done.returncode == 0, done.stderr
    same_as(out, reference)
    assert made(done.stdout) == IMAGES
    lines = PROGRESS.findall(done.stderr)
    assert ("images", str(IMAGES), str(IMAGES), "2") in lines, done.stderr
    assert ("tiles", str(IMAGES), str(IMAGES), "2") in lines, done.stderr
    assert ("images", "0", str(IMAGES), "2") in lines

    cache = site / ".korme-cache"
    before = {p: p.stat().st_mtime_ns for folder in ("media", "tiles")
              for p in (cache / folder).rglob("*") if p.is_file()}
    items = next(site.glob("exhibitions/*/items.yaml"))
    items.write_text(items.read_text("utf-8") + "\n", "utf-8")  # the build runs, not a no-op
    again = korme(site, out, "--cluster", cluster.scheduler_address)
    assert again.returncode == 0, again.stderr
    assert made(again.stdout) == 0
    assert not PROGRESS.search(again.stderr), again.stderr  # no task was sent
    assert {p: p.stat().st_mtime_ns for p in before} == before
    same_as(out, reference)


def test_a_worker_killed_mid_task_costs_only_its_tasks(
        cluster: LocalCluster, small_sample: Path, reference: Path, tmp_path: Path) -> None:
    site, out = fresh(small_sample, tmp_path / "site"), tmp_path / "out"
    media = site / ".korme-cache" / "media"
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = client.run(os.getpid)
        proc = korme(site, out, "--cluster", cluster.scheduler_address, wait=False)
        wait_for_files(media, 6, proc)
        busy = [w for w, keys in client.processing().items()
                if any(str(k).startswith("korme-run_job-") for k in keys)]
        assert busy, "no worker was processing a task"
        victim = pids[busy[0]]
        os.kill(victim, signal.SIGKILL)
        running = proc.poll() is None
        stdout, stderr = proc.communicate(timeout=300)
        assert running
        assert proc.returncode == 0, stderr
        same_as(out, reference)
        client.wait_for_workers(2, timeout=60)  # the nanny started a new worker
        assert victim not in client.run(os.getpid).values()
    assert made(stdout) >= IMAGES  # every image made once, the killed worker's again
    assert not [p for p in media.iterdir() if p.name.startswith(".tmp")]  # pruned


def test_a_cancelled_build_leaves_a_cache_the_next_build_uses(
        small_sample: Path, reference: Path, tmp_path: Path) -> None:
    with _cluster() as cluster:  # its own: not one whose worker a test before killed
        _cancel_and_build_again(cluster, small_sample, reference, tmp_path)


def _cancel_and_build_again(cluster: LocalCluster, small_sample: Path, reference: Path,
                            tmp_path: Path) -> None:
    for attempt in range(3):  # the image stage takes ~1 s: a busy machine may let it end
        site, out = fresh(small_sample, tmp_path / f"site{attempt}"), tmp_path / "out"
        media = site / ".korme-cache" / "media"
        proc = korme(site, out, "--cluster", cluster.scheduler_address, wait=False)
        found = wait_for_files(media, 6, proc)
        status = Path(f"/proc/{proc.pid}/status")
        signals = [line for line in status.read_text().splitlines()
                   if line.startswith(("SigIgn", "SigBlk"))] if status.exists() else []
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
        if proc.returncode != 0:
            break  # interrupted (checked below); 0: the build had ended before the signal
    assert proc.returncode == 130, (f"{found} files when signalled, {signals}, ended "
                                    f"{time.monotonic() - sent:.1f} s later\n{stderr}")
    assert "interrupted" in stderr
    time.sleep(1)  # tasks that were running when it was cancelled finish (written whole)
    kept = finished(media)
    assert 6 <= len(kept) < IMAGES * 4  # 21 images, 2 widths, 2 formats
    for path in kept:  # every file under its real name is whole
        with Image.open(path) as im:
            im.load()

    done = korme(site, out, "--cluster", cluster.scheduler_address)
    assert done.returncode == 0, done.stderr
    same_as(out, reference)
    assert made(done.stdout) < IMAGES  # what the cancelled build made was used


def test_shared_cache_on_s3(small_sample: Path, reference: Path, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    url = "s3://korme-images/shared/"
    with s3_server() as endpoint:
        env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
               "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
        for key, value in env.items():
            monkeypatch.setenv(key, value)  # this cluster's workers read the same settings
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="korme-images")
        site, out = fresh(small_sample, tmp_path / "a"), tmp_path / "out-a"
        with _cluster() as cluster:
            done = korme(site, out, "--cluster", cluster.scheduler_address, "--image-cache", url)
        assert done.returncode == 0, done.stderr
        same_as(out, reference)
        keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket="korme-images", Prefix="shared/") for o in page.get("Contents", [])]
        kinds = {k: [key for key in keys if key.startswith(f"shared/{k}/")]
                 for k in ("sources", "media", "tiles", "placeholders")}
        assert len(kinds["sources"]) == IMAGES  # the workers read the sources from S3
        assert len(kinds["tiles"]) == IMAGES and all(k.endswith(".tar") for k in kinds["tiles"])
        assert len(kinds["placeholders"]) == IMAGES
        local = {p.name for p in (site / ".korme-cache/media").iterdir()}
        assert {k.rsplit("/", 1)[1] for k in kinds["media"]} == local

        # another machine: a fresh copy, the local pool, the same shared cache: nothing to make
        other, out_b = fresh(small_sample, tmp_path / "b"), tmp_path / "out-b"
        again = korme(other, out_b, "--image-cache", url, "--workers", "2")
        assert again.returncode == 0, again.stderr
        assert made(again.stdout) == 0
        assert "tiles 0/" not in again.stderr and "images 0/" not in again.stderr
        same_as(out_b, reference)
