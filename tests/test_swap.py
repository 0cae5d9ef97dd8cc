"""The write stage's layouts: pages and data swapped in whole, media and tile folders in the
store beside the output; crash safety (builds killed with SIGKILL in a subprocess at each step),
failed builds, a visitor reading the site while it is rebuilt, ``--offline``, ``korme serve``."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from korme.images.tiles import all_tiles
from tests.conftest import build_into, copy_site, leftovers, output_files, tree_hash

ITEM = "kk/letters/items/letter-1/index.html"
BASE = "iiif/images/letters/letter-1/2"  # letter-1b, tiled


def _picture(site: Path, shade: int) -> None:
    """letter-1b as a 1500×1100 scan (tiled); ``shade`` changes its pixels, not its size."""
    im = Image.linear_gradient("L").resize((1500, 1100)).convert("RGB")
    im.paste((160, 40 + shade, 20), (700, 500, 900, 700))
    im.save(site / "exhibitions/letters/images/letter-1b.jpg", quality=90)


def _title(site: Path, title: str) -> None:
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(re.sub(r'title: \{kk: "[^"]*", ru: "Письмо"',
                            f'title: {{kk: "{title}", ru: "Письмо"', items.read_text("utf-8")),
                     "utf-8")


def make_site(tmp_path: Path) -> Path:
    site = copy_site("mini", tmp_path)
    _picture(site, 0)
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("base_url: https://example.org/vr/\n")  # info.json in the tile folders
    return site


def store(out: Path) -> Path:
    return out.parent / f".{out.name}.korme-store"


def spare(out: Path) -> Path:
    return out.parent / f".{out.name}.korme-spare"


def identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_ctime_ns


def media_refs(html: str) -> set[str]:
    return set(re.findall(r"(media/[\w.-]+\.(?:jpg|avif|png|webp))", html))


def complete(out: Path) -> None:
    """Every picture a page shows is there, and every tile of the zoomable image."""
    for page in out.rglob("*.html"):
        for ref in media_refs(page.read_text("utf-8")):
            assert (out / ref).is_file(), (page, ref)
    for tile in all_tiles(1500, 1100):
        assert (out / BASE / tile.path).is_file(), tile.path
    assert (out / BASE / "info.json").is_file()


def contents(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in output_files(out)}


def previous(out: Path, before: dict[str, bytes]) -> None:
    """``out`` is the site it was, byte for byte, with perhaps new pictures and tile folders
    at new addresses, which none of its pages shows."""
    after = contents(out)
    assert {p: after.get(p) for p in before} == before
    new = set(after) - set(before)
    assert all(p.startswith(("media/", "iiif/images/")) for p in new), new
    pages = "".join(t.decode("utf-8") for p, t in after.items() if p.endswith(".html"))
    assert not {p for p in new if p.startswith("media/")} & media_refs(pages)
    assert not [p for p in new if p.startswith("iiif/") and "/".join(p.split("/")[2:5]) in pages]


def same_site(site: Path, out: Path, fresh: Path) -> None:
    """``out`` holds the same site as a fresh build into ``fresh``, and besides it only the
    store entries kept one build more for visitors still on the previous pages."""
    from korme.state import load_state
    from korme.store import published

    state = load_state(site / ".korme-cache", out)
    listed = set(published(out, state)) | {".korme-site"}
    found = {p.relative_to(out).as_posix() for p in output_files(out)}
    extra = found - listed
    assert all(any(e.startswith(r + "/") or e == r for r in state.retired) for e in extra), extra
    assert not listed - found
    mine = {p: (out / p).read_bytes() for p in listed}
    theirs = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in output_files(fresh)}
    assert mine == theirs


def test_pages_swapped_in_whole_media_and_tiles_in_the_store(tmp_path: Path) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    assert os.readlink(out / "media") == "../.out.korme-store/media"
    assert os.readlink(out / "iiif/images") == "../../.out.korme-store/iiif/images"
    assert not (out / ITEM).is_symlink() and (store(out) / BASE).is_dir()
    complete(out)
    units = {p: identity(store(out) / BASE.rsplit("/", 1)[0] / p) for p in ("1", "2")}
    media = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "media").iterdir()}
    for n in (1, 2, 3):  # title edits: the store is not touched, the spare takes turns
        _title(site, f"Хат {n}")
        assert build_into(site, out, "--no-search") == 0
        assert f"Хат {n}" in (out / ITEM).read_text("utf-8")
        assert f"Хат {n - 1}" in (spare(out) / ITEM).read_text("utf-8") or n == 1
        assert {p: identity(store(out) / BASE.rsplit("/", 1)[0] / p) for p in ("1", "2")} == units
        assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
                for p in (out / "media").iterdir()} == media
    # an unchanged page is one file in both folders; the edited one two
    about = "kk/about/index.html"
    assert (out / about).stat().st_ino == (spare(out) / about).stat().st_ino
    assert (out / ITEM).stat().st_ino != (spare(out) / ITEM).stat().st_ino
    assert not leftovers(out) and not (store(out) / ".tmp").exists()
    assert not (out / ".korme-dirty").exists() and not (spare(out) / ".korme-dirty").exists()
    fresh = tmp_path / "fresh"
    assert build_into(site, fresh, "--no-search") == 0
    assert tree_hash(out) == tree_hash(fresh)


def test_a_changed_image_replaces_its_tile_folder_whole(tmp_path: Path) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    other = identity(store(out) / "iiif/images/letters/letter-1/1")
    before = identity(store(out) / BASE)
    old_media = media_refs((out / ITEM).read_text("utf-8"))
    _picture(site, 120)
    assert build_into(site, out, "--no-search") == 0
    assert identity(store(out) / BASE) != before  # one new folder, put in place by a rename
    assert identity(store(out) / "iiif/images/letters/letter-1/1") == other
    with Image.open(out / BASE / "512,512,512,512/512,512/0/default.jpg") as tile:
        assert tile.convert("RGB").getpixel((300, 100))[1] > 120  # the new pixels
    complete(out)
    assert not list((store(out)).glob(".t*"))  # no .tmp or .trash left
    # the previous pictures stay one build for visitors on the previous pages, then go
    new_media = media_refs((out / ITEM).read_text("utf-8"))
    dropped = old_media - new_media
    assert dropped and all((out / m).is_file() for m in dropped)
    _title(site, "Хат 2")
    assert build_into(site, out, "--no-search") == 0
    assert not any((out / m).exists() for m in dropped)
    assert all((out / m).is_file() for m in new_media)


KILL = r"""
import os, signal, sys
import korme.pagesink, korme.store, korme.write

point, site, out = sys.argv[1:4]


def then_die(owner, name):
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, wrapper)


then_die(*{"pages": (korme.pagesink, "write_new"),  # the first page written into the spare
           "store": (korme.store.Store, "add"),  # new pictures and tiles added
           "commit": (korme.store, "exchange"),  # one tile folder replaced
           "swap": (korme.write, "_swap_in")}[point])  # the new site in, its state not saved
from korme.cli import main

sys.exit(main(["build", "--site", site, "--output", out, "-q", "--workers", "1",
               "--no-search"]))
"""


@pytest.mark.parametrize("point", ["pages", "store", "commit", "swap"])
def test_a_build_killed_midway_leaves_a_complete_site_and_the_next_repairs(
        tmp_path: Path, point: str) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    _title(site, "Ескі хат")
    assert build_into(site, out, "--no-search") == 0  # (now the spare holds the first site)
    before, page = contents(out), (out / ITEM).read_text("utf-8")
    _title(site, "Жаңа хат")
    _picture(site, 120)
    (site / "exhibitions/letters/images/letter-2.png").unlink()
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("letter-2.png", "letter-1.jpg"), "utf-8")
    done = subprocess.run([sys.executable, "-c", KILL, point, str(site), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    if point in ("pages", "store"):
        previous(out, before)  # the previous site, byte for byte
    elif point == "commit":
        assert (out / ITEM).read_text("utf-8") == page  # the previous pages, complete
        complete(out)
    else:
        assert "Жаңа хат" in (out / ITEM).read_text("utf-8")  # the new site, complete
        complete(out)
    assert build_into(site, out, "--no-search") == 0
    fresh = tmp_path / "fresh"
    assert build_into(site, fresh, "--no-search") == 0
    same_site(site, out, fresh)
    assert not leftovers(out)
    for folder in (out, spare(out), store(out)):
        assert not (folder / ".korme-dirty").exists()
    assert not (store(out) / ".tmp").exists() and not (store(out) / ".trash").exists()
    _title(site, "Жаңа хат 2")  # and two more: nothing left over
    assert build_into(site, out, "--no-search") == 0
    _title(site, "Жаңа хат")
    assert build_into(site, out, "--no-search") == 0
    assert tree_hash(out) == tree_hash(fresh)


def test_what_a_killed_build_added_and_no_page_shows_is_removed(tmp_path: Path) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    items = site / "exhibitions/letters/items.yaml"
    text = items.read_text("utf-8")
    items.write_text(text.replace("letter-2.png", "letter-1.jpg"), "utf-8")  # a new tile folder
    _picture(site, 120)  # new pictures
    done = subprocess.run([sys.executable, "-c", KILL, "store", str(site), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert (store(out) / "iiif/images/letters/letter-2/1").is_dir()  # added, not shown
    items.write_text(text, "utf-8")  # the curator takes the change back
    _picture(site, 0)
    assert build_into(site, out, "--no-search") == 0
    fresh = tmp_path / "fresh"
    assert build_into(site, fresh, "--no-search") == 0
    assert tree_hash(out) == tree_hash(fresh)
    assert not (store(out) / "iiif/images/letters/letter-2").exists()


def test_a_failed_build_after_pictures_were_added_leaves_the_previous_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from korme import write
    from korme.build import BuildOptions, build

    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    before = contents(out)
    pictures = set((out / "media").iterdir())
    _picture(site, 120)
    _title(site, "Жаңа хат")

    def full(target: str, out_: object) -> None:
        raise OSError(28, "No space left on device", target)

    monkeypatch.setattr(write, "put", full)  # the disk fills up while the pages are written
    with pytest.raises(OSError, match="No space left"):
        build(BuildOptions(site, out, quiet=True, workers=1, search=False))
    previous(out, before)  # the previous site, pages and pictures as they were
    assert set((out / "media").iterdir()) > pictures  # the new pictures, not yet shown
    monkeypatch.undo()
    assert build_into(site, out, "--no-search") == 0
    assert "Жаңа хат" in (out / ITEM).read_text("utf-8")
    complete(out)


def test_served_files_shared_with_the_spare_are_never_written_through(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from korme import write
    from korme.build import BuildOptions, build

    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    about = site / "content/pages/about.kk.md"
    about.write_text(about.read_text("utf-8") + "\nТағы бір сөйлем.\n", "utf-8")
    assert build_into(site, out, "--no-search") == 0
    served = (out / ITEM).read_text("utf-8")
    assert (spare(out) / ITEM).stat().st_ino == (out / ITEM).stat().st_ino  # one file, two names
    _title(site, "Жаңа хат")

    def refused(stage: Path, output: Path) -> None:
        raise OSError(13, "Permission denied", str(output))

    monkeypatch.setattr(write, "_swap_in", refused)  # the new site made, then not swapped in
    with pytest.raises(OSError, match="Permission denied"):
        build(BuildOptions(site, out, quiet=True, workers=1, search=False))
    assert "Жаңа хат" in (spare(out) / ITEM).read_text("utf-8")
    assert (out / ITEM).read_text("utf-8") == served
    monkeypatch.undo()
    assert build_into(site, out, "--no-search") == 0
    assert "Жаңа хат" in (out / ITEM).read_text("utf-8")


def test_a_visitor_reading_during_rebuilds_only_sees_complete_sites(tmp_path: Path) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    handler = partial(SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    stop, problems, seen = threading.Event(), [], []

    def get(path: str) -> bytes:
        with urllib.request.urlopen(root + path, timeout=30) as response:
            return response.read()

    def visit() -> None:
        while not stop.is_set():
            try:
                html = get(ITEM).decode("utf-8")
                seen.append(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))
                for ref in media_refs(html):
                    get(ref)
                get(f"{BASE}/info.json")
                get(f"{BASE}/0,0,512,512/512,512/0/default.jpg")
            except (urllib.error.URLError, AttributeError, OSError) as exc:
                problems.append(repr(exc))

    visitor = threading.Thread(target=visit)
    visitor.start()
    try:
        for n in range(1, 5):
            _title(site, f"Хат {n}")
            _picture(site, 60 * n)
            assert build_into(site, out, "--no-search") == 0
    finally:
        stop.set()
        visitor.join()
        server.shutdown()
    assert seen and not problems, problems[:5]


def test_offline_builds_are_self_contained(tmp_path: Path) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    _title(site, "Хат 1")
    assert build_into(site, out, "--no-search") == 0
    assert spare(out).is_dir() and store(out).is_dir()
    assert build_into(site, out, "--no-search", "--offline") == 0
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    assert not spare(out).exists() and not store(out).exists() and not leftovers(out)
    files = {p.relative_to(out).as_posix() for p in output_files(out)}
    assert f"{BASE}/0,0,512,512/512,512/0/default.jpg" in files and "media" in \
        {f.split("/")[0] for f in files}
    _picture(site, 120)
    assert build_into(site, out, "--no-search", "--offline") == 0
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    assert build_into(site, out, "--no-search") == 0  # and back
    assert (out / "media").is_symlink()
    complete(out)


def test_companion_folders_not_made_by_korme_are_refused(tmp_path: Path, capsys) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    store(out).mkdir()
    (store(out) / "notes.txt").write_text("mine", "utf-8")
    assert build_into(site, out, "--no-search") == 2
    assert "not made by Kórme" in capsys.readouterr().err
    assert (store(out) / "notes.txt").read_text("utf-8") == "mine"
    assert not out.exists()


def test_hand_removed_pictures_and_tiles_are_put_back(tmp_path: Path) -> None:
    site, out = make_site(tmp_path), tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    picture = sorted((out / "media").iterdir())[0]
    picture.unlink()
    tile = out / BASE / "0,0,512,512/512,512/0/default.jpg"
    tile.unlink()
    (out / "kk/stray.html").write_text("stray", "utf-8")
    assert build_into(site, out, "--no-search") == 0  # nothing read changed, but the output
    assert picture.is_file() and not (out / "kk/stray.html").exists()
    # a file inside a tile folder is not checked one by one: the folder is made again when
    # it is removed
    import shutil

    shutil.rmtree(store(out) / BASE)
    assert build_into(site, out, "--no-search") == 0
    assert tile.is_file()
    complete(out)
    _title(site, "Хат 1")  # the stray went to the spare with the previous site: gone there too
    assert build_into(site, out, "--no-search") == 0
    assert not (spare(out) / "kk/stray.html").exists()


def test_serve_updates_tile_folders_in_place(tmp_path: Path) -> None:
    from korme.build import BuildOptions, build

    site, out = make_site(tmp_path), tmp_path / "preview"
    options = BuildOptions(site, out, quiet=True, workers=1, search=False, preview=True)
    build(options)
    assert not (out / "media").is_symlink() and not store(out).exists()
    complete(out)
    before, other = identity(out / BASE), identity(out / "iiif/images/letters/letter-1/1")
    _picture(site, 120)
    assert build(options).changed
    assert identity(out / BASE) != before and identity(out / "iiif/images/letters/letter-1/1") \
        == other
    assert not list(out.rglob("*.korme-tmp"))
    complete(out)
    assert not build(options).changed


def test_long_pages_written_as_they_are_made_are_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages longer than the sink's threshold are written piece by piece as the template
    makes them (a 20,000-item catalogue is never held whole): the site is the same, search
    included, an unchanged long page is kept on the next build, and a changed one rewritten."""
    from korme.pagesink import PageSink

    whole = copy_site("mini", tmp_path / "a")
    streamed = copy_site("mini", tmp_path / "b")
    assert build_into(whole, tmp_path / "whole") == 0
    monkeypatch.setattr(PageSink, "stream_from", 3000)  # every list page is "long"
    assert build_into(streamed, tmp_path / "streamed") == 0
    assert tree_hash(tmp_path / "whole") == tree_hash(tmp_path / "streamed")
    catalogue = tmp_path / "streamed/kk/letters/catalogue/index.html"
    assert catalogue.stat().st_size > 3000
    before = catalogue.stat().st_ino
    _title(streamed, "Жаңа хат")
    assert build_into(streamed, tmp_path / "streamed") == 0
    assert catalogue.stat().st_ino != before and "Жаңа хат" in catalogue.read_text("utf-8")
    _title(whole, "Жаңа хат")
    assert build_into(whole, tmp_path / "whole") == 0
    assert tree_hash(tmp_path / "whole") == tree_hash(tmp_path / "streamed")
    items = tmp_path / "streamed/ru/letters/items/index.html"
    kept = items.stat().st_ino
    assert build_into(streamed, tmp_path / "streamed") == 0  # nothing changed: kept
    assert items.stat().st_ino == kept
    assert not list((tmp_path / "streamed").rglob("*.part")) and not leftovers(
        tmp_path / "streamed")
