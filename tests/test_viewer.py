"""The item viewer in Debian's Chromium: one main image with a filmstrip; paging by clicks, keys
and swipes (right to left for right-to-left objects); an address and a title per image;
``#xywh=`` regions; share; deep zoom with a navigator; a long scroll read at full width;
whole-page thumbnails of a small width; the texts beside the image; without JavaScript, every
image. Skipped locally without Chromium; under CI=true a missing browser is a failure."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.chromium import CHROMIUM, FLAGS, need_chromium
from tests.conftest import build_into, copy_site

need_chromium()

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

EX = "kk/letters/items/"
RED = (150, 40, 20)
ITEMS = """
- id: codex
  title: {kk: "Кодекс", ru: "Кодекс"}
  type: manuscript
  institution: library
  subjects: [{kk: "Поэзия", ru: "Поэзия"}]
  rights: https://creativecommons.org/publicdomain/mark/1.0/
  images:
    - file: images/codex-1.jpg
      label: "f. 1r"
      alt: {kk: "Бірінші парақ", ru: "Первый лист"}
      caption: {kk: "Бірінші бет", ru: "Первая страница"}
      transcription: {fa: "سطر اول"}
      translation: {kk: "Бірінші жол", ru: "Первая строка"}
    - file: images/codex-2.jpg
      label: "f. 1v"
      alt: {kk: "Екінші бет", ru: "Вторая страница"}
      translation: {kk: "Екінші жол: тұлпар", ru: "Вторая строка: скакун"}
    - file: images/codex-3.png
      label: "f. 2r"
      alt: {kk: "Мөр", ru: "Печать"}
- id: album
  title: {kk: "Альбом", ru: "Альбом"}
  images:
""" + "".join(f"""    - file: images/codex-2.jpg
      label: "p. {n}"
      alt: {{kk: "Бет", ru: "Страница"}}
""" for n in range(1, 21)) + """- id: scroll
  title: {kk: "Шиыршық", ru: "Свиток"}
  type: document
  images:
    - file: images/scroll.jpg
      alt: {kk: "Ұзын шиыршық", ru: "Длинный свиток"}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _page_image(size: tuple[int, int], colour: tuple[int, int, int]) -> Image.Image:
    """A page with lines of 'text' on it, made here (not kept in the repository)."""
    im = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(im)
    for y in range(size[1] // 10, size[1] * 9 // 10, max(8, size[1] // 30)):
        draw.line((size[0] // 10, y, size[0] * 9 // 10, y), fill=(40, 30, 20), width=3)
    return im


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("viewer")
    site = copy_site("mini", base)
    config = site / "site.yaml"
    # the default widths' scale: thumbnails come from images.thumbnail (default 120 and 240)
    config.write_text(config.read_text("utf-8").replace("widths: [120, 240]",
                                                        "widths: [480, 960]"), "utf-8")
    images = site / "exhibitions/letters/images"
    big = Image.linear_gradient("L").resize((2600, 1900)).convert("RGB")
    big.paste(RED, (1200, 800, 1500, 1100))
    big.save(images / "letter-1b.jpg", quality=90)
    _page_image((900, 1300), (230, 220, 190)).save(images / "codex-1.jpg", quality=85)
    _page_image((900, 1300), (220, 230, 200)).save(images / "codex-2.jpg", quality=85)
    seal = Image.new("RGBA", (600, 700), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((50, 50, 550, 650), fill=(30, 25, 25, 230))
    seal.save(images / "codex-3.png")
    scroll = Image.linear_gradient("L").resize((2000, 9000)).convert("RGB")
    scroll.save(images / "scroll.jpg", quality=80)
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8") + ITEMS, "utf-8")
    out = base / "out"
    assert build_into(site, out) == 0
    return out


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _watch(tab: Page, problems: list[str]) -> None:
    # (the tests' own reading of the canvas's pixels makes Chromium advise willReadFrequently)
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
           and "willReadFrequently" not in m.text else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400
           else None)


def _open(browser: Browser | BrowserContext, url: str, problems: list[str],
          size: tuple[int, int] = (1000, 760)) -> Page:
    tab = browser.new_page(viewport={"width": size[0], "height": size[1]})
    _watch(tab, problems)
    tab.goto(url, wait_until="networkidle")
    return tab


def _until(tab: Page, test: str, seconds: float = 10) -> bool:
    """Poll a JavaScript expression (``wait_for_function`` evaluates strings, which the pages'
    CSP forbids)."""
    for _ in range(int(seconds * 20)):
        if tab.evaluate(test):
            return True
        tab.wait_for_timeout(50)
    return False


def _current(tab: Page) -> str:
    """The id of the image shown (``image-2``)."""
    return tab.evaluate("document.querySelector('.viewer-page.is-current').id")


def _region(tab: Page) -> list[int]:
    """The part of the image on the stage, ``[x, y, w, h]`` (after the next frame is drawn)."""
    tab.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return [int(v) for v in tab.get_attribute(".viewer-canvas", "data-region").split(",")]


def _box(tab: Page, selector: str) -> dict[str, float]:
    box = tab.locator(selector).bounding_box()
    assert box, selector
    return box


# ---- paging --------------------------------------------------------------------------------

def test_filmstrip_click_changes_image_address_and_title(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + EX + "codex/", problems)
    assert _current(tab) == "image-1"
    assert tab.title().startswith("Кодекс — ")
    assert tab.locator(".viewer-page:visible").count() == 1  # one main image
    labels = tab.locator(".filmstrip .strip-label").all_text_contents()
    assert labels == ["f. 1r", "f. 1v", "f. 2r"]  # labels under the thumbnails
    tab.locator(".filmstrip a").nth(2).click()
    assert _current(tab) == "image-3"
    assert tab.url == server + EX + "codex/f2r/"
    assert tab.title() == "f. 2r · Кодекс — Хаттар"
    assert tab.text_content(".viewer-count") == "3 / 3"
    assert tab.locator(".filmstrip a").nth(2).get_attribute("aria-current") == "page"
    assert tab.locator(".viewer-next").is_disabled()
    compare = tab.evaluate("new URL(document.querySelector('a.compare-with').href)"
                           ".searchParams.get('a')")
    assert compare == "codex/f2r"  # "compare with…" starts from the image shown
    # the links of the page still lead where they did (the address is one folder deeper)
    tab.locator(".pager a.prev").click()
    tab.wait_for_load_state("networkidle")
    assert tab.url == server + EX + "petition/"
    assert problems == []
    tab.close()


def test_an_image_address_reloads_the_same_image(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + EX + "codex/f1v/", problems)
    steps = tab.evaluate("history.length")
    assert _current(tab) == "image-2"
    assert tab.title() == "f. 1v · Кодекс — Хаттар"
    tab.locator(".viewer-next").click()  # an image's page: the next image is the next page
    tab.wait_for_url(server + EX + "codex/f2r/")
    assert _current(tab) == "image-3" and tab.text_content("h1 [data-viewer-label]") == "f. 2r"
    # the keyboard's place is kept: here the last image's "next" is off, so the image
    assert _until(tab, "document.activeElement.classList.contains('viewer-canvas')")
    # the language switcher follows: the same image in Russian
    assert tab.locator(".lang-switch a[hreflang=ru]").evaluate("a => a.href") == \
        server + "ru/letters/items/codex/f2r/"
    tab.reload(wait_until="networkidle")
    assert _current(tab) == "image-3" and tab.title() == "f. 2r · Кодекс — Хаттар"
    assert tab.locator(".viewer-image img:visible").count() == 1
    tab.locator(".viewer-canvas").focus()
    tab.keyboard.press("ArrowLeft")  # keys too, and the keys stay on the image
    tab.wait_for_url(server + EX + "codex/f1v/")
    assert _until(tab, "document.activeElement.classList.contains('viewer-canvas')")
    assert tab.evaluate("history.length") == steps  # turning pages adds no steps to go back
    assert problems == []
    tab.close()


def test_an_image_page_holds_its_image_and_its_neighbours(built: Path) -> None:
    page = (built / EX / "album/p12/index.html").read_text("utf-8")
    assert len(re.findall(r'class="viewer-page[ "]', page)) == 1  # its own image only
    strip = re.search(r'<nav class="filmstrip".*?</nav>', page, re.S)
    assert strip and re.findall(r'<li><a href="([^"]+)"', strip[0]) == \
        [f"../p{n}/" if n != 12 else "./" for n in range(4, 21)]  # 8 on each side
    assert '<span class="viewer-count">12 / 20</span>' in page
    assert '"n":12,' in page and '"n":11,' not in page  # the viewer's data: its image only
    item = (built / EX / "album/index.html").read_text("utf-8")
    assert len(re.findall(r'class="viewer-page[ "]', item)) == 20  # the item page: every image
    thumb = re.search(r'<span class="strip-frame"><picture>.*?</picture>', item, re.S)
    assert thumb and "-w480-" not in thumb[0] and "-w256-" in thumb[0]  # small widths only


def test_a_search_for_a_folio_s_text_names_the_folio(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, f"{server}kk/search/?q=тұлпар", problems)
    assert _until(tab, "!!document.querySelector('.result')")
    results = tab.eval_on_selector_all(".result > a:first-child",
                                       "as => as.map(a => a.getAttribute('href'))")
    assert results == ["/kk/letters/items/codex/"]  # one result: the item, not its image pages
    part = tab.locator(".result .result-image")
    assert part.inner_text() == "f. 1v"  # the second image's translation matched
    assert part.get_attribute("href") == "/kk/letters/items/codex/f1v/"
    assert problems == []
    tab.close()


def test_keys_page_and_the_filmstrip_is_one_tab_stop(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + EX + "codex/", problems)
    tab.locator(".viewer-canvas").focus()
    tab.keyboard.press("ArrowRight")  # the whole page shown: arrows turn pages
    assert _current(tab) == "image-2"
    tab.keyboard.press("PageDown")
    assert _current(tab) == "image-3"
    tab.keyboard.press("Home")
    assert _current(tab) == "image-1"
    tab.keyboard.press("End")
    tab.keyboard.press("PageUp")
    assert _current(tab) == "image-2"
    # the filmstrip: one tab stop (the current image), arrows move along it
    stops = tab.evaluate("[...document.querySelectorAll('.filmstrip a')].map(a => a.tabIndex)")
    assert stops == [-1, 0, -1]
    tab.locator(".filmstrip a").nth(1).focus()
    tab.keyboard.press("ArrowLeft")
    assert _current(tab) == "image-1"
    assert tab.evaluate("[...document.querySelectorAll('.filmstrip a')]"
                        ".indexOf(document.activeElement)") == 0
    # zoomed in, arrows move the image instead
    tab.locator(".viewer-canvas").focus()
    tab.keyboard.press("+")
    tab.keyboard.press("+")
    before = _region(tab)
    tab.keyboard.press("ArrowRight")
    assert _current(tab) == "image-1" and _region(tab) != before
    assert problems == []
    tab.close()


def test_right_to_left_object_pages_right_to_left(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + EX + "letter-1/", problems)
    nxt, prev = _box(tab, ".viewer-next"), _box(tab, ".viewer-prev")
    assert nxt["x"] < prev["x"]  # next is on the left
    first, second = (tab.locator(".filmstrip a").nth(i).bounding_box() for i in (0, 1))
    assert first and second and second["x"] < first["x"]  # the filmstrip reads to the left
    tab.locator(".viewer-canvas").focus()
    tab.keyboard.press("ArrowLeft")  # towards the left is forwards
    assert _current(tab) == "image-2"
    tab.keyboard.press("ArrowRight")
    assert _current(tab) == "image-1"
    tab.locator(".filmstrip a").nth(0).focus()
    tab.keyboard.press("ArrowLeft")
    assert _current(tab) == "image-2"
    assert problems == []
    tab.close()


def _drag(tab: Page, dx: float) -> None:
    box = _box(tab, ".viewer-canvas")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.mouse.move(x, y)
    tab.mouse.down()
    tab.mouse.move(x + dx / 2, y, steps=4)
    tab.mouse.move(x + dx, y + 4, steps=4)
    tab.mouse.up()


def _touch_swipe(tab: Page, dx: float) -> None:
    """A finger's swipe, through the browser's own touch input."""
    box = _box(tab, ".viewer-canvas")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 6):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                              "touchPoints": [{"x": x + dx * i / 5, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_swipes_turn_pages(browser: Browser, server: str) -> None:
    problems: list[str] = []
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                              is_mobile=True, device_scale_factor=2)
    tab = ctx.new_page()
    _watch(tab, problems)
    tab.goto(server + EX + "codex/", wait_until="networkidle")
    _touch_swipe(tab, -160)  # a finger to the left: the next page
    assert _until(tab, "document.querySelector('.viewer-page.is-current').id === 'image-2'")
    _touch_swipe(tab, 160)
    assert _until(tab, "document.querySelector('.viewer-page.is-current').id === 'image-1'")
    tab.goto(server + EX + "letter-1/", wait_until="networkidle")
    _touch_swipe(tab, 160)  # right to left: a finger to the right is forwards
    assert _until(tab, "document.querySelector('.viewer-page.is-current').id === 'image-2'")
    ctx.close()
    tab = _open(browser, server + EX + "codex/", problems)
    _drag(tab, -200)  # a mouse drag of the whole page works the same
    assert _current(tab) == "image-2"
    _drag(tab, 8)  # a small move is no swipe
    assert _current(tab) == "image-2"
    assert problems == []
    tab.close()


# ---- zoom, regions, share -------------------------------------------------------------------

def _pixel(tab: Page, x: float, y: float) -> list[int]:
    """The canvas's colour at a point in CSS pixels of the canvas."""
    return tab.evaluate("""([x, y]) => {
        const c = document.querySelector('.viewer-canvas'), d = window.devicePixelRatio;
        return [...c.getContext('2d').getImageData(Math.round(x * d), Math.round(y * d), 1, 1)
                .data].slice(0, 3); }""", [x, y])


def _red(rgb: list[int]) -> bool:
    return abs(rgb[0] - RED[0]) < 30 and abs(rgb[1] - RED[1]) < 30 and abs(rgb[2] - RED[2]) < 30


def test_xywh_opens_zoomed_to_the_region(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + EX + "letter-1/2/#xywh=1200,800,300,300", problems)
    assert _current(tab) == "image-2"
    assert _until(tab, "document.querySelector('.viewer-canvas').dataset.region")
    x, y, w, h = _region(tab)
    box = _box(tab, ".viewer-canvas")
    # the region fills the stage's shorter side, centred where it was asked
    assert abs(x + w / 2 - 1350) <= 3 and abs(y + h / 2 - 950) <= 3
    assert min(abs(w - 300), abs(h - 300)) <= 3 and w >= 297 and h >= 297
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(200)
    cw, ch = box["width"], box["height"]
    side = min(cw, ch)  # the red square's size on the stage
    assert _red(_pixel(tab, cw / 2, ch / 2))
    assert _red(_pixel(tab, cw / 2 - side * 0.45, ch / 2 - side * 0.45))
    if cw > ch:
        assert not _red(_pixel(tab, cw / 2 - side * 0.58, ch / 2))
    assert tab.text_content(".viewer-level") != "" and tab.is_visible(".viewer-nav")
    assert problems == []
    tab.close()


def test_share_copies_the_address_with_the_region(browser: Browser, server: str) -> None:
    problems: list[str] = []
    ctx = browser.new_context(viewport={"width": 1000, "height": 760})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    tab = ctx.new_page()
    _watch(tab, problems)
    tab.goto(server + EX + "letter-1/", wait_until="networkidle")
    tab.click(".viewer-share")
    assert _until(tab, "document.querySelector('.viewer-status').textContent !== ''")
    assert tab.evaluate("navigator.clipboard.readText()") == server + EX + "letter-1/1-b/"
    tab.locator(".viewer-next").click()
    for _ in range(3):
        tab.click(".viewer-in")
    tab.click(".viewer-share")
    region = ",".join(map(str, _region(tab)))
    url = server + EX + "letter-1/2/#xywh=" + region
    assert _until(tab, f"document.querySelector('.viewer-status').textContent.includes({url!r})")
    assert tab.evaluate("navigator.clipboard.readText()") == url
    # the copied address opens the same view
    other = _open(browser, url, problems)
    got = _region(other)
    assert all(abs(a - b) <= 3 for a, b in zip(got, _region(tab), strict=True)), (got, region)
    assert problems == []
    other.close()
    ctx.close()


def test_zoom_loads_finer_tiles_and_the_navigator_moves_the_view(browser: Browser,
                                                                  server: str) -> None:
    problems: list[str] = []
    tiles: list[str] = []
    tab = browser.new_page(viewport={"width": 1000, "height": 760})
    _watch(tab, problems)
    tab.on("request", lambda r: tiles.append(r.url) if "/iiif/images/" in r.url else None)
    tab.goto(server + EX + "letter-1/2/", wait_until="networkidle")
    assert tiles == []  # at rest, the page's own picture is enough
    assert tab.is_hidden(".viewer-nav")
    tab.locator(".viewer-canvas").focus()
    for _ in range(6):
        tab.keyboard.press("+")
    for _ in range(100):  # full-resolution tiles (512 px of the original in 512 px)
        if any(re.search(r"/\d+,\d+,(\d+),\d+/\1,", t) for t in tiles):
            break
        tab.wait_for_timeout(50)
    assert any(re.search(r"/\d+,\d+,(\d+),\d+/\1,", t) for t in tiles), tiles
    assert tab.is_visible(".viewer-nav")
    before = _region(tab)
    nav = _box(tab, ".viewer-nav")
    tab.mouse.click(nav["x"] + nav["width"] * 0.1, nav["y"] + nav["height"] * 0.1)
    after = _region(tab)
    assert after[0] < before[0] and after[1] < before[1]  # towards the top left corner
    tab.keyboard.press("0")
    assert _region(tab) == [0, 0, 2600, 1900] and tab.is_hidden(".viewer-nav")
    # rotation: a quarter turn fits the landscape page upright, smaller; four, as it was
    level = tab.text_content(".viewer-level")
    tab.click(".viewer-rotate")
    assert _region(tab) == [0, 0, 2600, 1900] and tab.text_content(".viewer-level") != level
    for _ in range(3):
        tab.click(".viewer-rotate")
    _region(tab)
    assert tab.text_content(".viewer-level") == level
    assert problems == []
    tab.close()


def test_full_screen(browser: Browser, server: str) -> None:
    tab = _open(browser, server + EX + "codex/", [])
    tab.click(".viewer-full")
    assert _until(tab, "document.fullscreenElement === document.querySelector('.viewer')")
    assert _until(tab, "document.querySelector('.viewer-full').ariaPressed === 'true'")
    tab.keyboard.press("Escape")
    tab.close()


def test_long_scroll_opens_at_full_width(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + EX + "scroll/", problems)
    x, y, w, h = _region(tab)
    box = _box(tab, ".viewer-canvas")
    assert (x, y, w) == (0, 0, 2000) and h < 9000  # fit to width, from the top
    assert abs(h - 2000 * box["height"] / box["width"]) <= 3
    assert box["width"] >= 0.5 * 1000  # on a stage as wide as the others: not a thin strip
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.mouse.wheel(0, 400)  # the wheel reads on down the scroll
    assert _until(tab, "document.querySelector('.viewer-canvas').dataset.region.split(',')[1] > 0")
    assert problems == []
    tab.close()


# ---- the page around the image -------------------------------------------------------------

def test_texts_beside_the_image_and_following_it(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + EX + "codex/", problems, (1366, 900))
    texts = _box(tab, ".viewer-page.is-current .page-texts")
    stage = _box(tab, ".viewer-page.is-current .viewer-image")
    assert texts["x"] >= stage["x"] + stage["width"]  # beside
    assert tab.evaluate("document.querySelector('.is-current details.page-texts').open")
    assert tab.text_content(".viewer-page.is-current .page-texts [lang=fa]").strip() == "سطر اول"
    tab.locator(".viewer-next").click()
    assert tab.locator(".page-texts:visible").all_text_contents()[0].count("Екінші жол") == 1
    tab.close()
    phone = _open(browser, server + EX + "codex/", problems, (390, 844))
    assert not phone.evaluate("document.querySelector('.is-current details.page-texts').open")
    # collapsed on phones
    assert problems == []
    phone.close()


def test_thumbnails_are_whole_pages_of_a_small_width(browser: Browser, server: str) -> None:
    for dpr in (1, 2):
        ctx = browser.new_context(viewport={"width": 1000, "height": 760},
                                  device_scale_factor=dpr)
        tab = ctx.new_page()
        tab.goto(server + EX + "codex/", wait_until="networkidle")
        thumbs = tab.evaluate("""[...document.querySelectorAll('.filmstrip img')].map(i => {
            const r = i.getBoundingClientRect();
            return {w: r.width, h: r.height, nw: i.naturalWidth, nh: i.naturalHeight,
                    src: i.currentSrc, fit: getComputedStyle(i).objectFit}; })""")
        assert len(thumbs) == 3
        for t, (sw, sh) in zip(thumbs, [(900, 1300), (900, 1300), (600, 700)], strict=True):
            assert t["nw"] > 0, t  # loaded
            assert abs(t["w"] / t["h"] - sw / sh) < 0.02, t  # the whole page: its own shape
            assert t["fit"] != "cover"
            width = int(re.search(r"-w(\d+)-", t["src"])[1])
            assert width <= 2 * t["w"] * dpr, t  # no large image for a small thumbnail
        ground = tab.evaluate("getComputedStyle(document.querySelector('.strip-frame'))"
                              ".backgroundColor")
        assert ground not in ("rgba(0, 0, 0, 0)", "transparent")
        ctx.close()
        # the timeline's thumbnails too (a new browser cache: a larger image it holds already
        # would be used instead)
        ctx = browser.new_context(viewport={"width": 1000, "height": 760},
                                  device_scale_factor=dpr)
        tab = ctx.new_page()
        tab.goto(server + "kk/letters/timeline/", wait_until="networkidle")
        tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = "
                     "'eager')")
        assert _until(tab, "[...document.querySelectorAll('.entry-thumb img')]"
                           ".every(i => i.complete && i.naturalWidth)")
        shown = tab.evaluate("""[...document.querySelectorAll('.entry-thumb img')].map(i => {
                const r = i.getBoundingClientRect();
                return {w: r.width, h: r.height, nw: i.naturalWidth, nh: i.naturalHeight,
                        src: i.currentSrc}; })""")
        assert len(shown) == 5
        for t in shown:
            assert abs(t["w"] / t["h"] - t["nw"] / t["nh"]) < 0.03, t  # whole pages
            if t["h"] < 2 * t["w"]:  # (a long scroll's thumbnail is a sliver: any width is more)
                assert int(re.search(r"-w(\d+)-", t["src"])[1]) <= 2 * t["w"] * dpr, t
        ctx.close()


def test_without_javascript_every_image_is_shown(browser: Browser, server: str) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1000, "height": 760})
    tab = ctx.new_page()
    tab.goto(server + EX + "codex/")
    assert tab.locator(".viewer-page:visible").count() == 3
    assert tab.locator(".viewer-toolbar").is_hidden() and tab.locator(".filmstrip").is_hidden()
    labels = tab.locator(".viewer-page figcaption a.label")
    assert labels.all_text_contents() == ["f. 1r", "f. 1v", "f. 2r"]
    assert labels.nth(1).get_attribute("href") == "f1v/"  # each image's own page
    assert tab.locator(".viewer-page .caption").first.text_content() == "Бірінші бет"
    href = tab.locator("#image-2 a.viewer-image").get_attribute("href")
    assert href and href.startswith("../../../../media/")  # the image at full size
    tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = "
                 "'eager')")
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate("[...document.querySelectorAll('.viewer-image img')]"
                        ".every(i => i.complete && i.naturalWidth > 0)")
    # an image's own page: that image, and the filmstrip and prev/next links to the others
    tab.goto(server + EX + "codex/f1v/")
    assert tab.locator(".viewer-page:visible").count() == 1
    assert tab.locator("#image-2").is_visible() and tab.locator(".filmstrip").is_visible()
    assert tab.get_attribute(".image-pager a[rel=next]", "href") == "../f2r/"
    ctx.close()


def test_works_from_file(browser: Browser, built: Path) -> None:
    problems: list[str] = []
    tab = _open(browser, (built / EX / "letter-1/index.html").as_uri(), problems)
    tab.locator(".viewer-next").click()
    assert _current(tab) == "image-2"
    tab.locator(".viewer-canvas").focus()
    tab.keyboard.press("+")
    tab.wait_for_timeout(300)
    assert tab.evaluate("document.querySelector('.viewer-canvas').width > 0")
    assert problems == []
    tab.close()


def test_item_page_css_and_js_stay_small(built: Path) -> None:
    """Every stylesheet and script an item page loads, compressed, within 30 KB."""
    page = built / EX / "codex/index.html"
    html = page.read_text("utf-8")
    total = 0
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", html):
        m = re.search(r'(?:href|src)="([^"?]+\.(?:css|js))', tag)
        if m:
            total += len(gzip.compress((page.parent / m[1]).read_bytes(), 9))
    assert 10_000 < total <= 30 * 1024  # (the lower bound: the files were found)


# ---- the sample site, as visitors see it ----------------------------------------------------

SAMPLE_ITEM = "manuscripts-of-the-steppe/items/ms-0142/"


@pytest.fixture(scope="module")
def sample_server(sample_built: Path) -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(sample_built)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_object_comes_first(browser: Browser, sample_server: str, lang: str) -> None:
    problems: list[str] = []
    tab = _open(browser, f"{sample_server}{lang}/{SAMPLE_ITEM}", problems, (1366, 900))
    stage = _box(tab, ".viewer-page.is-current .viewer-image")
    assert stage["width"] >= 0.6 * 1366, stage  # the image dominates a desktop window
    assert _box(tab, ".viewer-canvas")["width"] == stage["width"]
    tab.close()
    tab = _open(browser, f"{sample_server}{lang}/{SAMPLE_ITEM}", problems, (390, 844))
    stage = _box(tab, ".viewer-page.is-current .viewer-image")
    assert stage["y"] < 844 / 2, stage  # and starts in the first half of a phone's screen
    assert stage["width"] >= 0.9 * 390
    assert problems == []
    tab.close()


def test_an_image_page_is_its_own_page(sample_built: Path) -> None:
    page = (sample_built / "ru" / SAMPLE_ITEM / "f2r/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://example.org/korme-sample/ru/' \
        'manuscripts-of-the-steppe/items/ms-0142/f2r/">' in page
    assert "<title>л. 2 · Шахнаме — " in page  # the label in Russian, the address as before
    assert 'hreflang="kk" href="https://example.org/korme-sample/kk/' \
        'manuscripts-of-the-steppe/items/ms-0142/f2r/"' in page
    assert 'rel="prev" href="../f1v/"' in page and 'rel="next" href="../f145v/"' in page
    assert 'class="viewer-page is-current" id="image-2"' in page
    assert "data-pagefind-body" not in page  # the item is the search result, not its images
    assert 'rel="license"' in page  # the image's rights
    item = (sample_built / "ru" / SAMPLE_ITEM / "index.html").read_text("utf-8")
    related = re.search(r'<section class="related.*?</section>', item, re.S)
    assert related and 'href="../ms-0519/"' in related[0]  # poetry, like ms-0142
