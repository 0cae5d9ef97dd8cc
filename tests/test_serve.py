"""``korme serve``: answers on loopback, shows new text after an edit, shows errors for a
broken edit while keeping the last good build, recovers, and never serves outside the site."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import copy_site
from tests.publish_servers import stop

if TYPE_CHECKING:
    from korme.preview import Preview


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def wait_for(url: str, text: str, seconds: float = 15) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    status, body = 0, ""
    while time.monotonic() < deadline:
        try:
            status, body = get(url)
            if text in body:
                return status, body
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {text!r}; last: {status} {body[:300]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    site = copy_site("mini", tmp_path)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "korme", "serve", "--site", str(site),
                             "--port", str(port), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield site, f"http://127.0.0.1:{port}/"
    finally:
        stop(proc)


def test_serve_rebuilds_shows_errors_and_recovers(served: tuple[Path, str]) -> None:
    site, base = served
    status, body = wait_for(base + "kk/", "Бұл — сынақ сайты.")
    assert status == 200
    assert '<script src="/livereload.js?port=' in body
    # the search index is made apart, once edits settle, and served beside the pages
    wait_for(base + "pagefind/pagefind-entry.json", '"kk"', 90)
    page = site / "content/pages/index.kk.md"
    page.write_text(page.read_text("utf-8").replace("сынақ сайты", "жаңа сайт"), "utf-8")
    wait_for(base + "kk/", "Бұл — жаңа сайт.")
    items = site / "exhibitions/letters/items.yaml"
    good = items.read_text("utf-8")
    items.write_text(good.replace('date: "159X"', 'date: "sometime"'), "utf-8")
    status, body = wait_for(base + "ru/", "The site has errors")
    assert status == 500
    assert "exhibitions/letters/items.yaml:23:9: item &#39;letter-2&#39;: date:" in body
    assert get(base + "static/korme.css")[0] == 200  # the last good build is still there
    items.write_text(good, "utf-8")
    status, _ = wait_for(base + "ru/", "Тестовые выставки")
    assert status == 200


def test_serve_stays_inside_the_site(served: tuple[Path, str]) -> None:
    _site, base = served
    wait_for(base + "kk/", "Қош келдіңіз")
    for attempt in ("../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "kk/..%2f..%2f..%2fetc"):
        status, body = get(base + attempt)
        assert status == 404 and "root:" not in body


def test_serve_answers_a_burst_of_concurrent_requests(served: tuple[Path, str]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _site, base = served
    wait_for(base + "kk/", "Қош келдіңіз")
    urls = [base + p for p in ("kk/", "ru/", "kk/letters/", "ru/letters/items/",
                               "static/korme.css", "kk/letters/items/letter-1/")] * 20
    with ThreadPoolExecutor(max_workers=16) as pool:  # 120 requests, 16 at a time, loopback
        statuses = list(pool.map(lambda u: get(u)[0], urls, timeout=120))
    assert statuses == [200] * len(urls)


def test_a_save_during_a_rebuild_is_built_too(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that lands while serve's rebuild reads the sources (an editor writing a long
    items.yaml: the build saw it half-written, or before the change) is built again at once,
    not left to a watcher that may not see the file change again."""
    import korme.preview as server
    from korme.preview import Preview

    site = copy_site("mini", tmp_path)
    items = site / "exhibitions/letters/items.yaml"
    real, calls = server.build, []

    def build_then_save(options):  # type: ignore[no-untyped-def]
        result = real(options)
        calls.append(result.rendered)
        if len(calls) == 2:  # the edit's build: the curator saves again meanwhile
            items.write_text(items.read_text("utf-8").replace("Хат", "Хат (соңғы)"), "utf-8")
        return result

    monkeypatch.setattr(server, "build", build_then_save)
    preview = Preview(site, tmp_path / "out", workers=1)
    assert preview.rebuild()
    items.write_text(items.read_text("utf-8").replace("Екінші хат", "Екінші хат (жаңа)"),
                     "utf-8")
    assert preview.rebuild()
    assert len(calls) == 3 and calls[2] > 0  # the second save built by the same rebuild
    page = (tmp_path / "out/kk/letters/items/letter-1/index.html").read_text("utf-8")
    assert "Хат (соңғы)" in page


def test_the_pages_shown_are_written_before_the_rest(tmp_path: Path) -> None:
    """serve renders the pages its browsers show first, writes them and reloads the browsers
    while the rest of the site is still to be built; an edit that adds an image reloads only
    once the whole site, the image with it, is in place."""
    from korme.preview import Preview, Viewing

    site = copy_site("mini", tmp_path)
    out = tmp_path / "out"
    items = site / "exhibitions/letters/items.yaml"
    page = out / "kk/letters/items/letter-2/index.html"
    listing = out / "kk/letters/items/index.html"
    seen: list[tuple[str, str, set[str]]] = []

    def reload() -> None:  # what the browser would load at that moment
        media = {p.name for p in (out / "media").iterdir()}
        seen.append((page.read_text("utf-8"), listing.read_text("utf-8"), media))

    viewing = Viewing()
    preview = Preview(site, out, workers=1, viewing=viewing, reload=reload)
    assert preview.rebuild()
    viewing.saw("kk/letters/items/letter-2/index.html")
    seen.clear()

    items.write_text(items.read_text("utf-8").replace(
        'title: {kk: "Екінші хат"}', 'title: {kk: "Екінші хат (жаңа)"}'), "utf-8")
    assert preview.rebuild()
    assert len(seen) == 1  # one reload, with the page shown already new and the list not yet
    shown, listed, _ = seen[0]
    assert "Екінші хат (жаңа)" in shown and "Екінші хат (жаңа)" not in listed
    assert "Екінші хат (жаңа)" in listing.read_text("utf-8")  # then the rest

    seen.clear()
    from PIL import Image  # a new scan: new derivatives (their names are their content's)

    Image.new("RGB", (300, 200), (120, 90, 40)).save(site / "exhibitions/letters/images/back.jpg")
    seal = '      alt: {kk: "Мөр", ru: "Печать"}\n'
    items.write_text(items.read_text("utf-8").replace(
        seal, seal + '    - file: images/back.jpg\n      alt: {kk: "Қосымша бет"}\n'),
        "utf-8")
    assert preview.rebuild()
    assert len(seen) == 1  # one reload, once the new image's files are there
    shown, listed, media = seen[0]
    assert "Қосымша бет" in shown
    srcs = set(re.findall(r'src="[./]*media/([^"]+)"', shown))
    assert srcs and srcs <= media


def test_a_save_after_the_first_pages_drops_the_rest_of_the_build(tmp_path: Path) -> None:
    """A save that lands once the pages shown were written and reloaded stops that build (its
    lists are not made) and the next build has both edits: the preview equals a fresh build."""
    from korme.build import BuildOptions, build

    site = copy_site("mini", tmp_path)
    out = tmp_path / "out"
    items = site / "exhibitions/letters/items.yaml"
    listing = out / "kk/letters/items/index.html"
    seen: list[str] = []

    def reload() -> None:  # the curator saves again as soon as the page shows
        seen.append(listing.read_text("utf-8"))
        if len(seen) == 1:
            items.write_text(items.read_text("utf-8").replace("Фото", "Фотосурет"), "utf-8")
            preview.wanted.set()  # as the watcher does

    preview = _watched_then_edited(site, out, reload)
    builds = preview.state.builds
    assert preview.rebuild()
    assert preview.state.builds == builds + 1  # the first one dropped once its page was out
    assert len(seen) == 2 and "Фотосурет" in seen[1]  # the second build reloaded, no other
    page = (out / "kk/letters/items/letter-2/index.html").read_text("utf-8")
    assert "Екінші хат (жаңа)" in page
    fresh = tmp_path / "fresh"
    build(BuildOptions(site, fresh, drafts=True, workers=1, quiet=True, search=False,
                       preview=True))
    for path in fresh.rglob("*.html"):
        rel = path.relative_to(fresh)
        assert (out / rel).read_bytes() == path.read_bytes(), rel


def test_after_a_failed_build_the_browsers_reload_once_it_is_fixed(tmp_path: Path) -> None:
    """While the last build failed every page shows its errors; the save that fixes them
    reloads the browsers once the errors are gone (not after the first pages, which the
    error page would still hide)."""
    from korme.preview import Preview, Viewing

    site = copy_site("mini", tmp_path)
    items = site / "exhibitions/letters/items.yaml"
    errors_at_reload: list[list[str]] = []
    viewing = Viewing()
    preview = Preview(site, tmp_path / "out", workers=1, viewing=viewing,
                      reload=lambda: errors_at_reload.append(list(preview.state.errors)))
    assert preview.rebuild()
    viewing.saw("kk/letters/items/letter-2/index.html")
    good = items.read_text("utf-8")
    items.write_text(good.replace('date: "159X"', 'date: "not a date"'), "utf-8")
    assert not preview.rebuild()
    assert errors_at_reload and errors_at_reload[-1]  # reloaded to show the errors
    errors_at_reload.clear()
    items.write_text(good.replace('title: {kk: "Екінші хат"}', 'title: {kk: "Хат 2"}'), "utf-8")
    assert preview.rebuild()
    assert errors_at_reload == [[]]  # one reload, with the errors gone


def test_a_rebuild_asked_for_again_without_a_change_still_ends_whole(tmp_path: Path) -> None:
    """The watcher may ask twice for one save (an editor truncates, then writes): the build
    dropped for the second ask is done again by the same rebuild, so the site ends whole."""
    site = copy_site("mini", tmp_path)
    out = tmp_path / "out"
    asks: list[int] = []

    def reload() -> None:
        if not asks:
            asks.append(1)
            preview.wanted.set()  # the second ask, for the same save

    preview = _watched_then_edited(site, out, reload)
    assert preview.rebuild()
    assert asks and "Екінші хат (жаңа)" in (out / "kk/letters/items/index.html").read_text("utf-8")


def _watched_then_edited(site: Path, out: Path, reload: Callable[[], None]) -> Preview:
    """A preview built once, then shown letter-2's page (reloads go to ``reload``), and that
    item's title edited: the next rebuild renders the page first."""
    from korme.preview import Preview, Viewing

    preview = Preview(site, out, workers=1)
    assert preview.rebuild()
    preview.viewing, preview.reload = Viewing(), reload
    preview.viewing.saw("kk/letters/items/letter-2/index.html")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace(
        'title: {kk: "Екінші хат"}', 'title: {kk: "Екінші хат (жаңа)"}'), "utf-8")
    return preview
