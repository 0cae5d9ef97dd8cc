"""Stories and comparisons in Debian's Chromium: the sticky image moves to each step's region,
the visitor leaves the path and comes back, ``#step-N`` opens a step, cuts under reduced
motion, still crops without JavaScript; linked and unlinked comparisons; the slider by keyboard.
Skipped locally without Chromium; under CI=true a missing browser is a failure."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.chromium import CHROMIUM, FLAGS, need_chromium
from tests.conftest import build_into, copy_site

need_chromium()

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

STORY = "kk/letters/story/"
COMPARE = "kk/letters/introduction/"
RED = (150, 40, 20)
BASE = "https://example.org/exhibitions/"
VIEWER = "https://viewer.example.org/mirador/?manifest={manifest}"
# (step, image index on the stage, region in pixels of that image)
STEPS = [(1, 0, (0, 0, 2600, 1900)), (2, 0, (1100, 700, 500, 500)),
         (3, 0, (260, 190, 1300, 570)), (4, 1, (0, 0, 300, 400)),
         (5, 1, (30, 40, 150, 200))]
STORY_MD = """---
title: Хаттың оқиғасы
layout: story
---
Кіріспе сөз[^a].

::focus letter-1 2
Бүкіл бет.

::focus letter-1 2 region=1100,700,500,500
Қызыл шаршы.

::focus letter-1 2 region=pct:10,10,50,30
Жоғарғы бөлігі.

::focus letter-1 1
Бірінші бет.

::focus letter-1 1 region=pct:10,10,50,50
Бірінші беттің бөлшегі.

""" + "".join(f"""
::focus letter-1 {1 + n % 2}
Қосымша қадам {n}.
""" for n in range(6, 21)) + """
[^a]: Ескерту.
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("stories")
    site = copy_site("mini", base)
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("widths: [120, 240]",
                                                        "widths: [480, 960]")
                      + f"base_url: {BASE}\niiif_viewer: {VIEWER}\n", "utf-8")
    big = Image.linear_gradient("L").resize((2600, 1900)).convert("RGB")
    big.paste(RED, (1200, 800, 1500, 1100))
    big.save(site / "exhibitions/letters/images/letter-1b.jpg", quality=90)
    sections = site / "exhibitions/letters/sections"
    (sections / "03-story.kk.md").write_text(STORY_MD, "utf-8")
    intro = sections / "01-introduction.kk.md"
    intro.write_text(intro.read_text("utf-8").replace(
        "::item letter-1 2", "::compare letter-1 1 | letter-1 2\n\n"
        "::compare letter-1 2 | letter-2 slider"), "utf-8")
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


def _open(browser: Browser, url: str, problems: list[str], size=(1200, 800),
          **options) -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, **options)
    tab = context.new_page()
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400
           else None)
    tab.goto(url, wait_until="networkidle")
    return tab


def _until(tab: Page, test: str, seconds: float = 10) -> bool:
    for _ in range(int(seconds * 20)):
        if tab.evaluate(test):
            return True
        tab.wait_for_timeout(50)
    return False


def _view(tab: Page) -> list[int]:
    return [int(v) for v in tab.get_attribute(".story-stage", "data-view").split(",")]


def _shows(view: list[int], region: tuple[int, int, int, int], slack: int = 3) -> bool:
    """The view is the region fitted to the stage: the same centre, and as wide or as high."""
    x, y, w, h = region
    vx, vy, vw, vh = view
    centred = abs(vx + vw / 2 - (x + w / 2)) <= slack and abs(vy + vh / 2 - (y + h / 2)) <= slack
    fitted = (abs(vw - w) <= slack and vh >= h - slack) or (abs(vh - h) <= slack and
                                                            vw >= w - slack)
    return centred and fitted


def _scroll_to(tab: Page, n: int) -> None:
    tab.evaluate(f"document.getElementById('step-{n}').scrollIntoView({{block: 'center'}})")
    assert _until(tab, f"document.getElementById('step-{n}').classList.contains('is-current')")


def test_scrolling_moves_the_image_to_each_steps_region(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + STORY, problems)
    assert tab.locator(".story-stage").is_visible()
    assert not tab.locator(".story-still").first.is_visible()  # the stage shows the image
    for n, image, region in STEPS:
        _scroll_to(tab, n)
        assert tab.get_attribute(".story-stage", "data-image") == str(image)
        assert _shows(_view(tab), region), (n, _view(tab), region)
        assert tab.locator(".story-layer.is-current").count() == 1
    # the step's still crop is drawn over its region once the image has moved there
    assert tab.locator(".story-layer.is-current .story-crop").count() == 1
    assert problems == []


def test_explore_freely_and_come_back_to_the_step(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + STORY, problems)
    _scroll_to(tab, 2)
    tab.click(".story-explore")
    assert tab.evaluate("document.querySelector('.story').classList.contains('is-exploring')")
    box = tab.locator(".story-stage").bounding_box()
    assert box and box["width"] == 1200  # the whole window
    before = _view(tab)
    tab.mouse.move(600, 400)
    tab.mouse.down()
    tab.mouse.move(400, 300, steps=5)
    tab.mouse.up()
    tab.click(".story-in")
    assert _view(tab) != before  # moved freely
    href = tab.get_attribute(".story-open", "href")
    assert href and href.endswith("items/letter-1/2/#xywh=1100,700,500,500")
    tab.click(".story-back")
    assert _until(tab, "!document.querySelector('.story').classList.contains('is-exploring')")
    assert _until(tab, "document.activeElement && document.activeElement.id === 'step-2'")
    assert tab.evaluate("document.getElementById('step-2').classList.contains('is-current')")
    assert _shows(_view(tab), STEPS[1][2])
    assert problems == []


def test_a_step_address_opens_that_step(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + STORY + "#step-3", problems)
    assert tab.evaluate("document.getElementById('step-3').classList.contains('is-current')")
    assert tab.evaluate("document.activeElement.id") == "step-3"
    assert _shows(_view(tab), STEPS[2][2])
    # Page Down goes to the next step, and it is announced
    tab.keyboard.press("PageDown")
    assert _until(tab, "document.getElementById('step-4').classList.contains('is-current')")
    assert tab.evaluate("document.activeElement.id") == "step-4"
    assert "4-қадамы" in tab.text_content(".story-status")
    assert problems == []


def test_reduced_motion_cuts(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + STORY, problems, reduced_motion="reduce")
    _scroll_to(tab, 2)  # the same image: it would glide, but cuts
    duration = tab.evaluate(
        "getComputedStyle(document.querySelector('.story-layer.is-current')).transitionDuration")
    assert set(duration.replace(" ", "").split(",")) == {"0s"}
    assert _shows(_view(tab), STEPS[1][2])
    moving = _open(browser, server + STORY, problems)
    _scroll_to(moving, 2)
    duration = moving.evaluate(
        "getComputedStyle(document.querySelector('.story-layer.is-current')).transitionDuration")
    assert duration != "0s"  # with motion, it glides
    assert problems == []


def test_without_javascript_each_step_shows_its_crop(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + STORY, problems, java_script_enabled=False)
    assert not tab.locator(".story-stage").is_visible()
    stills = tab.locator(".story-still img")
    assert stills.count() == 20
    for n in range(len(STEPS)):
        stills.nth(n).scroll_into_view_if_needed()
        assert _until(tab, f"document.querySelectorAll('.story-still img')[{n}].naturalWidth > 0")
    sizes = tab.evaluate("[...document.querySelectorAll('.story-still img')]"
                         ".map(i => [i.getAttribute('width'), i.getAttribute('height')])")
    assert sizes[1] == ["500", "500"]  # step 2: the crop of its region
    assert tab.locator("#step-2 .story-text").text_content().strip() == "Қызыл шаршы."
    assert tab.locator(".story-notes .footnote").count() == 1  # the notes after the steps
    assert problems == []


def _pane_view(tab: Page, n: int) -> str:
    return tab.locator(".compare:not(.compare-slider) .compare-image").nth(n).get_attribute(
        "data-view")


def test_compare_moves_both_sides_together_and_unlinks(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + COMPARE, problems)
    fig = tab.locator(".compare:not(.compare-slider)")
    fig.scroll_into_view_if_needed()
    fig.locator(".compare-tools button").nth(1).click()  # zoom in
    assert _pane_view(tab, 0) == _pane_view(tab, 1) == "0.5000,0.5000,1.5000"
    first = fig.locator(".compare-image").nth(0)
    first.focus()
    tab.keyboard.press("ArrowRight")  # pan the first: the second follows (relative position)
    assert _pane_view(tab, 0) == _pane_view(tab, 1) != "0.5000,0.5000,1.5000"
    # different pixel sizes (300 × 400 and 2600 × 1900): the same fraction of each image
    regions = [fig.locator(".compare-image").nth(i).get_attribute("data-region") for i in (0, 1)]
    a, b = ([int(v) for v in r.split(",")] for r in regions)
    assert abs((a[0] + a[2] / 2) / 300 - (b[0] + b[2] / 2) / 2600) < 0.01
    unlink = fig.locator(".compare-link")
    assert unlink.get_attribute("aria-pressed") == "true"
    unlink.click()
    assert unlink.get_attribute("aria-pressed") == "false"
    first.focus()
    tab.keyboard.press("+")
    assert _pane_view(tab, 0) != _pane_view(tab, 1)
    assert problems == []


def test_slider_works_by_keyboard(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + COMPARE, problems)
    fig = tab.locator(".compare-slider")
    fig.scroll_into_view_if_needed()
    slider = fig.locator("input[type=range]")
    assert slider.get_attribute("aria-label") == "Бөлгіштің орны"
    slider.focus()
    for _ in range(5):
        tab.keyboard.press("ArrowRight")
    assert slider.input_value() == "55"
    cut = tab.evaluate("getComputedStyle(document.querySelector('.slider-frame'))"
                       ".getPropertyValue('--cut')")
    assert cut.strip() == "55%"
    tab.keyboard.press("Home")
    assert slider.input_value() == "0"
    assert problems == []


def test_compare_page_restores_a_comparison_from_its_address(browser: Browser,
                                                              server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + "kk/letters/items/letter-1/", problems)
    tab.click("a.compare-with")  # "compare with…": this image is the first
    tab.wait_for_load_state("networkidle")
    assert tab.url == server + "kk/letters/compare/?a=letter-1/1-b"
    # the field shows the image's title and label, as its choice in the list does (not its key)
    chosen = tab.evaluate("document.querySelector("
                          "'#compare-choices option[value=\"letter-1/1-b\"]').label")
    assert " · " in chosen and tab.input_value("#compare-a") == chosen
    tab.fill("#compare-b", "Екінші хат · 1-сурет")  # by title and label
    tab.click(".compare-form button")
    assert _until(tab, "document.querySelectorAll('.compare-result .compare-image').length == 2")
    assert tab.url == server + "kk/letters/compare/?a=letter-1/1-b&b=letter-2/1"
    assert tab.input_value("#compare-b") == "Екінші хат · 1-сурет"
    shared = _open(browser, tab.url, problems)  # a shared link or a reload: the same two
    assert _until(shared, "document.querySelectorAll('.compare-result img').length == 2")
    alts = shared.evaluate("[...document.querySelectorAll('.compare-result img')].map(i => i.alt)")
    assert alts == ["Хаттың бірінші беті", "Мөр"]
    links = shared.evaluate("[...document.querySelectorAll('.compare-label a')]"
                            ".map(a => a.getAttribute('href'))")
    assert links[0].endswith("items/letter-1/1-b/") and links[3].endswith("items/letter-2/")
    shared.locator(".compare-result .compare-tools button").nth(1).click()
    views = [shared.locator(".compare-result .compare-image").nth(i).get_attribute("data-view")
             for i in (0, 1)]
    assert views[0] == views[1] == "0.5000,0.5000,1.5000"  # linked, like a figure
    assert problems == []


def test_item_and_image_pages_link_to_compare_and_iiif_viewers(built: Path) -> None:
    from urllib.parse import quote

    manifest = BASE + "iiif/letters/letter-1/manifest.json"
    for page, slug in (("kk/letters/items/letter-1/index.html", "1-b"),
                       ("kk/letters/items/letter-1/2/index.html", "2")):
        html = (built / page).read_text("utf-8")
        assert f'class="compare-with" href="../../compare/?a=letter-1/{slug}"' in html or \
            f'class="compare-with" href="../../../compare/?a=letter-1/{slug}"' in html, page
        assert f'href="{manifest}?manifest={manifest}"' in html  # IIIF drag and drop
        viewer = VIEWER.replace("{manifest}", quote(manifest, safe=""))
        assert f'class="iiif-open" href="{viewer}"' in html


def test_the_compare_page_carries_no_style_rules_for_the_images_it_lists(built: Path) -> None:
    """compare-page.js shows the two images picked: the page's <style> has no rules for the
    images it only lists (a site of 20,000 images would otherwise put all their shapes there),
    while an item page keeps its picture's."""
    import re

    compare = (built / "kk/letters/compare/index.html").read_text("utf-8")
    data = compare.split('id="compare-data">', 1)[1].split("</script>", 1)[0]
    assert data.count('"src":') >= 3  # the images listed, with their files
    assert not re.search(r"\.ar-[0-9a-f]{8}\{", compare) and "<style>" not in compare
    assert "style-src 'self';" in compare  # no hash to allow
    item = (built / "kk/letters/items/letter-1/index.html").read_text("utf-8")
    assert re.search(r"<style>[^<]*\.ar-[0-9a-f]{8}\{--ar:", item)


def test_a_story_of_20_steps_loads_at_most_30_kb_of_css_and_js(built: Path) -> None:
    import gzip
    import re

    page = built / STORY / "index.html"
    html = page.read_text("utf-8")
    assert html.count('class="story-step"') == 20
    total = 0
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", html):
        m = re.search(r'(?:href|src)="([^"?#]+\.(?:css|js))', tag)
        if m and 'media="print"' not in tag:
            total += len(gzip.compress((page.parent / m.group(1)).read_bytes(), 9))
    assert 0 < total <= 30_000
