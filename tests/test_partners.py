"""Joint exhibitions: partners' IIIF images and items built into the site.

Two partners on loopback: a site built by Kórme (a level-0 Image API 3 partner, its pyramid
served as static files) and a canned Presentation 2 manifest with a level-2 Image API 2
service. The exhibition mixes local and remote items; the tests read the built pages, our
manifests (iiif-prezi3), the catalogue, the timeline, the OAI static repository and the
server configuration, build again with the partners stopped, and see each way a partner can
fail give one clear error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from korme.build import BuildOptions, build, load_model
from korme.errors import BuildFailed, Report
from korme.images.settings import ImageSettings
from korme.images.tiles import scale_factors
from korme.partners.plan import partner_plan
from korme.partners.regions import site_region
from korme.partners.stage import open_partners
from korme.partners.views import partner_geometry
from korme.remote.fetch import Limits
from tests.conftest import build_into, copy_site, run, tree_hash
from tests.iiif_partner_docs import info_v2_level2, manifest_v2
from tests.partner_server import Partner, json_answer, partner_server
from tests.test_harvest import SCHEMAS as OAI_SCHEMAS
from tests.test_harvest import _Local as OaiSchemas

RED = (170, 30, 20)


@dataclass
class StaticPartner:
    """A folder served on loopback (a Kórme-built site as a partner), requests recorded."""

    base: str
    folder: Path
    requests: list[str] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _static_partner(folder: Path) -> StaticPartner:
    seen: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            seen.append(self.path)
            super().do_GET()

    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return StaticPartner(f"http://127.0.0.1:{srv.server_address[1]}", folder, seen, srv)


def _kórme_partner(base: Path) -> StaticPartner:
    """The mini site with a large image (so it gets tiles), built with its own address."""
    folder = base / "partner-out"
    folder.mkdir()
    partner = _static_partner(folder)
    site = copy_site("mini", base / "partner")
    big = Image.new("RGB", (2600, 1900), (200, 190, 160))
    big.paste(RED, (1200, 800, 1500, 1100))
    big.save(site / "exhibitions/letters/images/letter-1b.jpg", quality=90)
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(f"base_url: {partner.base}/\n")
    assert build_into(site, folder) == 0
    return partner


def _items(kórme: str, canned: str) -> str:
    return f"""- id: ms-remote
  title: {{kk: "Серіктес қолжазбасы", ru: "Рукопись партнёра"}}
  date: "1750"
  type: manuscript
  subjects: [{{kk: "Поэзия", ru: "Поэзия"}}]
  images:
    - iiif: {kórme}/iiif/images/letters/letter-1/2
      label: "f. 2r"
      alt: {{kk: "Серіктестің беті", ru: "Лист партнёра"}}
- id: persan-123
  manifest: {canned}/iiif/persan-123/manifest.json
  date: "1600"
  type: manuscript
- id: static-v2
  title: {{kk: "Статикалық", ru: "Статичный"}}
  images:
    - iiif: {canned}{V2_STATIC}/info.json
      alt: {{kk: "Бет", ru: "Лист"}}
"""


def _canned(partner: Partner) -> None:
    b = partner.base
    partner.routes["/iiif/persan-123/manifest.json"] = json_answer(manifest_v2(b))
    partner.routes["/iiif/2/persan-123-f1/info.json"] = json_answer(info_v2_level2(b))


V2_STATIC = "/iiif/2/static-f1"  # a level-0 Image API 2 pyramid (sizes written ``w,``)


def _v2_pyramid(partner: Partner, width: int = 2048, height: int = 1536,
                tile: tuple[int, int] = (512, 256)) -> None:
    """Every file of a static Image API 2 level-0 service, as routes (all the same JPEG), its
    tiles wider than tall (a viewer that assumes square tiles asks for files that do not
    exist)."""
    picture = io.BytesIO()
    Image.new("RGB", (16, 12), RED).save(picture, "JPEG")
    jpeg = (200, {"Content-Type": "image/jpeg"}, picture.getvalue())
    scales = list(scale_factors(width, height, tile[0]))
    partner.routes[f"{V2_STATIC}/info.json"] = json_answer({
        "@context": "http://iiif.io/api/image/2/context.json",
        "@id": partner.base + V2_STATIC, "protocol": "http://iiif.io/api/image",
        "width": width, "height": height, "profile": ["http://iiif.io/api/image/2/level0.json"],
        "sizes": [{"width": width // 8, "height": height // 8}],
        "tiles": [{"width": tile[0], "height": tile[1], "scaleFactors": scales}]})
    partner.routes[f"{V2_STATIC}/full/{width // 8},/0/default.jpg"] = jpeg
    for s in scales:  # the Image API's tile rules, written out for tiles of w × h
        for y in range(0, height, tile[1] * s):
            for x in range(0, width, tile[0] * s):
                w, h = min(tile[0] * s, width - x), min(tile[1] * s, height - y)
                whole = (x, y, w, h) == (0, 0, width, height)
                size = "full" if whole and s == 1 else f"{-(-w // s)},"
                region = "full" if whole else f"{x},{y},{w},{h}"
                partner.routes[f"{V2_STATIC}/{region}/{size}/0/default.jpg"] = jpeg


@dataclass
class Joint:
    site: Path
    out: Path
    kórme: StaticPartner
    canned: Partner
    partners: contextlib.ExitStack  # closed: both partners stopped
    first_build: str = ""


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Joint]:
    base = tmp_path_factory.mktemp("joint")
    kórme = _kórme_partner(base)
    with contextlib.ExitStack() as stack:
        stack.callback(kórme.stop)
        canned = stack.enter_context(partner_server())
        _canned(canned)
        _v2_pyramid(canned)
        site = copy_site("mini", base / "ours")
        with (site / "site.yaml").open("a", encoding="utf-8") as f:
            f.write("base_url: https://example.org/vr/\n"
                    "oai:\n  admin_email: library@example.org\n")
        with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
            f.write(_items(kórme.base, canned.base))
        out = base / "out"
        assert build_into(site, out) == 0
        yield Joint(site, out, kórme, canned, stack, tree_hash(out))


def _page(joint: Joint, path: str) -> str:
    return (joint.out / path).read_text("utf-8")


def _origin(url: str) -> str:
    return "/".join(url.split("/", 3)[:3])


def test_pages_show_partner_images_from_the_partners_services(joint: Joint) -> None:
    html = _page(joint, "kk/letters/items/ms-remote/index.html")
    service = f"{joint.kórme.base}/iiif/images/letters/letter-1/2"
    # level 0: only the size the Kórme partner lists (its pyramid has no full/max)
    assert f'src="{service}/full/325,238/0/default.jpg"' in html
    assert f'<meta property="og:image" content="{service}/full/325,238/0/default.jpg">' in html
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>',
                                html, re.S)[1])
    page = data["pages"][0]
    assert (page["base"], page["tile"], page["scales"], page["w"], page["h"]) == \
        (service, 512, [1, 2, 4, 8], 2600, 1900)
    # the v2 manifest's item: its canvases, label (fr, fa kept), credit, rights, direction
    html = _page(joint, "ru/letters/items/persan-123/index.html")
    assert "Shâhnâmeh" in html and "Bibliothèque partenaire" in html
    assert "Persan 123" in html  # the metadata row 'Cote' as the shelfmark
    assert "<script>alert" not in html and "illustrée" in html
    assert f"{joint.canned.base}/iiif/2/persan-123-f1/full/240,/0/default.jpg 240w" in html
    assert f'src="{joint.canned.base}/plain/f2.jpg"' in html
    assert "creativecommons.org/licenses/by/4.0" in html
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>',
                                html, re.S)[1])
    assert data["dir"] == "rtl"
    assert data["pages"][0]["v"] == 2 and data["pages"][0]["tile"] == 1024
    assert data["pages"][1]["src"] == f"{joint.canned.base}/plain/f2.jpg"


def test_csp_and_server_configuration_name_the_partner_origins_only(joint: Joint) -> None:
    origins = sorted({joint.kórme.base, joint.canned.base})
    extra = "".join(f" {o}" for o in origins)
    for path in ("kk/letters/items/ms-remote/index.html", "kk/index.html",
                 "ru/letters/catalogue/index.html"):
        csp = re.search(r'Content-Security-Policy" content="([^"]*)"', _page(joint, path))[1]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["img-src"] == "'self' data:" + extra
        assert directives["connect-src"] == "'self'" + extra
        named = set(re.findall(r"https?://[^ ;]+", csp))
        assert named == set(origins)
    for conf in ("_headers", ".htaccess", "_server/nginx.conf"):
        text = _page(joint, conf)
        assert f"img-src 'self' data:{extra};" in text, conf
        assert set(re.findall(r"http://127\.0\.0\.1:\d+", text)) == set(origins), conf


def test_our_manifests_reference_the_partners_services(joint: Joint) -> None:
    prezi3 = pytest.importorskip("iiif_prezi3")
    for item in ("ms-remote", "persan-123"):
        doc = json.loads(_page(joint, f"iiif/letters/{item}/manifest.json"))
        prezi3.Manifest(**doc)
        body = doc["items"][0]["items"][0]["items"][0]["body"]
        if item == "ms-remote":
            assert body["service"] == [{"id": f"{joint.kórme.base}/iiif/images/letters/"
                                              "letter-1/2", "type": "ImageService3",
                                        "profile": "level0"}]
        else:
            assert body["service"][0]["@id"] == f"{joint.canned.base}/iiif/2/persan-123-f1"
            assert doc["requiredStatement"]["value"]
    assert not list(joint.out.glob("iiif/images/letters/ms-remote/**/*.jpg"))  # not copied
    collection = json.loads(_page(joint, "iiif/collection.json"))
    assert collection["items"][0]["id"] == "https://example.org/vr/iiif/letters/collection.json"


def test_catalogue_timeline_and_harvest_treat_remote_items_like_local(joint: Joint) -> None:
    items = _page(joint, "ru/letters/items/index.html")  # facets count them
    card = re.search(r'data-facets="([^"]*)"[^>]*>(?:(?!data-facets).)*?href="ms-remote/"',
                     items, re.S)
    assert card and set(card[1].split()) == {"type:manuscript", "century:18", "subjects:poeziia"}
    catalogue = _page(joint, "kk/letters/catalogue/index.html")
    assert "items/ms-remote/" in catalogue and "items/persan-123/" in catalogue
    timeline = _page(joint, "kk/letters/timeline/index.html")
    assert "items/persan-123/" in timeline and "items/ms-remote/" in timeline
    oai = _page(joint, "oai/static-repository.xml")
    assert "oai:example.org:letters/persan-123" in oai and "Shâhnâmeh" in oai
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(OaiSchemas())
    schema = etree.XMLSchema(etree.parse(str(OAI_SCHEMAS / "harvest.xsd"), parser))
    schema.assertValid(etree.fromstring(oai.encode("utf-8")))  # the OAI's own schemas
    index = list((joint.out / "pagefind").glob("**/*"))
    assert index  # the search index was built with them (its words: tests/test_search.py)


# ---- in a browser (before the partners are stopped) -----------------------------------------

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def served(joint: Joint) -> Iterator[str]:
    ours = _static_partner(joint.out)
    yield ours.base + "/"
    ours.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _watched(browser, problems: list[str]):  # type: ignore[no-untyped-def]
    tab = browser.new_page(viewport={"width": 1000, "height": 760})
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400
           else None)
    return tab


def test_viewer_zooms_into_the_partner_s_tiles(joint: Joint, served: str, browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    tab = _watched(browser, problems)
    tiles: list[str] = []
    tile = re.compile(re.escape(joint.kórme.base) + r"/iiif/images/letters/letter-1/2/"
                      r"\d+,\d+,\d+,\d+/\d+,\d+/0/default\.jpg$")
    tab.on("request", lambda r: tiles.append(r.url) if tile.search(r.url) else None)
    tab.goto(served + "kk/letters/items/ms-remote/", wait_until="networkidle")
    shown = tab.evaluate("document.querySelector('.viewer-image img').currentSrc")
    assert shown == f"{joint.kórme.base}/iiif/images/letters/letter-1/2/full/325,238/0/" \
                    "default.jpg"
    tab.locator(".viewer-canvas").focus()
    for _ in range(6):
        tab.keyboard.press("+")
    for _ in range(100):
        if tiles:
            break
        tab.wait_for_timeout(50)
    tab.wait_for_load_state("networkidle")
    assert tiles, "no tile was asked of the partner"
    assert problems == []  # the CSP let them in; every tile the viewer asked for exists
    tab.close()


def test_viewer_asks_an_image_api_2_service_for_its_own_sizes(joint: Joint, served: str,
                                                              browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    tab = _watched(browser, problems)
    tiles: list[str] = []
    tile = re.compile(re.escape(joint.canned.base + V2_STATIC) + r"/\d+,\d+,\d+,\d+/\d+,/0/")
    tab.on("request", lambda r: tiles.append(r.url) if tile.search(r.url) else None)
    tab.goto(served + "kk/letters/items/static-v2/", wait_until="networkidle")
    tab.locator(".viewer-canvas").focus()
    for _ in range(6):
        tab.keyboard.press("+")
    for _ in range(100):
        if tiles:
            break
        tab.wait_for_timeout(50)
    tab.wait_for_load_state("networkidle")
    assert tiles, "no tile was asked of the partner"
    assert problems == []  # every tile asked for is one the static service has
    tab.close()


def test_search_finds_the_partner_s_item(joint: Joint, served: str, browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    tab = _watched(browser, problems)
    tab.goto(served + "kk/search/?q=Серіктес", wait_until="networkidle")
    tab.wait_for_selector(".result a")
    hrefs = tab.eval_on_selector_all(".result a", "as => as.map(a => a.getAttribute('href'))")
    assert "/kk/letters/items/ms-remote/" in hrefs
    thumbs = tab.eval_on_selector_all(".result img", "is => is.map(i => i.src)")
    assert any(t.startswith(joint.kórme.base + "/iiif/images/") for t in thumbs), thumbs
    tab.wait_for_load_state("networkidle")
    assert problems == []
    tab.close()


def test_partner_regions_level0_crop_and_level2_url(joint: Joint, tmp_path: Path) -> None:
    site = load_model(joint.site, Report())
    assert site is not None
    ms = next(it for it in site.exhibitions[0].items if it.id == "ms-remote")
    cache = tmp_path / "cache"
    region, problem = site_region(site, ms.images[0].rel, (1200, 800, 300, 300), 200, cache)
    # level 0: cut from the size the Kórme partner serves (325 px wide: 1/8), kept
    assert problem is None and region is not None and region.url is None
    assert region.path and region.source and region.source.is_file()
    with Image.open(region.source) as im:
        assert im.size == (38, 38)  # 300 px of the original at 1/8 (37.5), never enlarged
        r, g, _b = im.convert("RGB").getpixel((18, 18))
        assert r > 140 and g < 80  # the red square
    asked = len(joint.kórme.requests)
    again, _ = site_region(site, ms.images[0].rel, (1200, 800, 300, 300), 200, cache)
    assert again == region and len(joint.kórme.requests) == asked  # from the cache
    persan = next(it for it in site.exhibitions[0].items if it.id == "persan-123")
    region, problem = site_region(site, persan.images[0].rel, (100, 200, 3000, 2000), 600,
                                  cache)
    assert problem is None and region is not None and region.path is None
    assert region.url == f"{joint.canned.base}/iiif/2/persan-123-f1/100,200,3000,2000/600,/0/" \
                         "default.jpg"


def test_region_figures_of_partner_images_in_a_section(joint: Joint, tmp_path: Path) -> None:
    """A section's region figure of a level-0 partner's image shows a crop made here (published
    beside our own media); of a level-2 partner's image, the partner's region URL. Downloads
    of a partner's image are the partner's."""
    site = tmp_path / "site"
    shutil.copytree(joint.site, site)
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("download: full\n")
    section = site / "exhibitions/letters/sections/01-introduction.kk.md"
    section.write_text(section.read_text("utf-8") + "\n::item ms-remote 1 region=1200,800,300,300"
                       "\n\n::item persan-123 1 region=100,200,3000,2000\n", "utf-8")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    # full-size downloads asked for: a partner's image offers its largest served size instead
    # of a file made here, and its own image service
    item = (out / "kk/letters/items/persan-123/index.html").read_text("utf-8")
    assert "-full-w" not in item
    assert f'href="{joint.canned.base}/iiif/2/persan-123-f1/info.json"' in item
    html = (out / "kk/letters/introduction/index.html").read_text("utf-8")
    region_url = f"{joint.canned.base}/iiif/2/persan-123-f1/100,200,3000,2000/"
    assert region_url in html  # level 2: the partner cuts it
    crops = re.findall(r'src="((?:\.\./)+media/[0-9a-f]{16}-region-w\d+\.jpg)"', html)
    assert crops  # level 0: our crop, published
    with Image.open(out / "kk/letters/introduction" / crops[0]) as im:
        r, g, _b = im.convert("RGB").getpixel((im.width // 2, im.height // 2))
        assert r > 140 and g < 80  # the red square the region names


def test_second_build_needs_no_partner_and_refresh_reports(joint: Joint,
                                                           tmp_path: Path) -> None:
    joint.partners.close()  # both partners stopped
    site = tmp_path / "ours"
    shutil.copytree(joint.site, site)
    with (site / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("download: full\n")
    section = site / "exhibitions/letters/sections/01-introduction.kk.md"
    section.write_text(section.read_text("utf-8") + "\nЖаңа.\n", "utf-8")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    assert "Серіктес қолжазбасы" in (out / "kk/letters/items/ms-remote/index.html").read_text()
    # --refresh with the partners gone: the kept copies are used, with a warning per document
    report = build(BuildOptions(site, out, refresh=True, workers=1, quiet=True)).report
    remote = [str(d) for d in report.warnings if d.kind == "remote"]
    assert len(remote) == 4 and all("copy kept from" in m for m in remote), remote
    with pytest.raises(BuildFailed):  # an error under --strict
        build(BuildOptions(site, out, strict=True, refresh=True, workers=1, quiet=True))


# ---- failures ---------------------------------------------------------------------------------

def _one_image_site(tmp_path: Path, url: str) -> Path:
    site = copy_site("mini", tmp_path)
    with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
        f.write(f"""- id: far
  title: {{kk: "Алыс", ru: "Далёкий"}}
  images:
    - iiif: {url}
      alt: {{kk: "Бет", ru: "Лист"}}
""")
    return site


def _remote_errors(site: Path, limits: Limits | None = None) -> list[str]:
    report = Report()
    partners = open_partners(site, limits=limits) if limits else None
    load_model(site, report, partners=partners)
    return [str(d) for d in report.errors if d.kind == "remote"]


def test_unreachable_partner_fails_at_the_line_and_keeps_the_previous_site(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site("mini", tmp_path)
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before = tree_hash(out)
    with partner_server() as gone:
        url = f"{gone.base}/iiif/3/x"
    with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
        f.write(f"""- id: far
  title: {{kk: "Алыс", ru: "Далёкий"}}
  images:
    - iiif: {url}
      alt: {{kk: "Бет", ru: "Лист"}}
""")
    line = (site / "exhibitions/letters/items.yaml").read_text("utf-8").splitlines().index(
        f"    - iiif: {url}") + 1
    capsys.readouterr()
    assert build_into(site, out) == 1
    errors = [e for e in capsys.readouterr().err.splitlines() if ": error: " in e
              or re.match(r"^\S+:\d+:\d+: (?!warning)", e)]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"exhibitions/letters/items.yaml:{line}:")
    assert f"{url}/info.json" in errors[0]
    assert tree_hash(out) == before


@pytest.mark.parametrize("case", ["malformed", "oversized", "loop"])
def test_each_bad_partner_document_is_one_clear_error(tmp_path: Path, case: str) -> None:
    with partner_server() as p:
        if case == "malformed":
            p.routes["/img/info.json"] = json_answer({"@context": "http://iiif.io/api/image/3"
                                                      "/context.json", "id": f"{p.base}/img",
                                                      "profile": "level0", "width": "wide"})
        elif case == "oversized":
            p.routes["/img/info.json"] = (200, {"Content-Type": "application/json"},
                                          b"[" + b" " * 300_000 + b"]")
        else:
            p.routes["/img/info.json"] = (302, {"Location": "/img/info.json"}, b"")
        site = _one_image_site(tmp_path, f"{p.base}/img")
        errors = _remote_errors(site, Limits(max_bytes=100_000))
    assert len(errors) == 1, errors
    assert f"{p.base}/img/info.json" in errors[0]
    assert errors[0].startswith("exhibitions/letters/items.yaml:")
    expected = {"malformed": "width", "oversized": "limit", "loop": "redirect"}[case]
    assert expected in errors[0], errors[0]


def test_offline_build_downloads_the_sizes_it_shows(tmp_path: Path) -> None:
    with partner_server() as p:
        _canned(p)
        picture = io.BytesIO()
        Image.new("RGB", (240, 320), RED).save(picture, "JPEG")
        for width in (64, 120, 240):  # the mini site's widths and thumbnail
            p.routes[f"/iiif/2/persan-123-f1/full/{width},/0/default.jpg"] = \
                (200, {"Content-Type": "image/jpeg"}, picture.getvalue())
        p.routes["/plain/f2.jpg"] = (200, {"Content-Type": "image/jpeg"}, picture.getvalue())
        site = copy_site("mini", tmp_path)
        with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
            f.write(f"- id: persan-123\n  manifest: {p.base}/iiif/persan-123/manifest.json\n")
        out = tmp_path / "out"
        assert build_into(site, out, "--offline") == 0
    html = (out / "kk/letters/items/persan-123/index.html").read_text("utf-8")
    assert p.base not in html.split("</head>")[1].split('type="application/json"')[0]
    assert "127.0.0.1" not in re.search(r'Content-Security-Policy" content="([^"]*)"', html)[1]
    shown = re.findall(r'src="([^"]+-iiif\.jpg)"', html)
    assert shown and all((out / "kk/letters/items/persan-123" / s).resolve().is_file()
                         for s in shown)


def test_refresh_fetches_again_and_says_what_changed(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with partner_server() as p:
        _canned(p)
        site = copy_site("mini", tmp_path)
        with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
            f.write(f"- id: persan-123\n  manifest: {p.base}/iiif/persan-123/manifest.json\n")
        out = tmp_path / "out"
        assert build_into(site, out) == 0
        asked = len(p.requests)
        assert build_into(site, out) == 0 and len(p.requests) == asked  # from the cache
        changed = manifest_v2(p.base)
        changed["label"] = [{"@value": "Livre des rois", "@language": "fr"}]
        p.routes["/iiif/persan-123/manifest.json"] = json_answer(changed)
        capsys.readouterr()
        assert build_into(site, out, "--refresh") == 0
    said = capsys.readouterr().out
    assert "refreshed 2 remote documents: 1 changed" in said
    assert f"{p.base}/iiif/persan-123/manifest.json" in said
    assert "Livre des rois" in (out / "kk/letters/items/persan-123/index.html").read_text()


def test_check_reports_an_unreachable_partner(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with partner_server() as gone:
        url = f"{gone.base}/iiif/persan-123/manifest.json"
    site = copy_site("mini", tmp_path)
    with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
        f.write(f"- id: persan-123\n  manifest: {url}\n")
    capsys.readouterr()
    assert run("check", "--site", site) == 1
    assert url in capsys.readouterr().out  # (check reports on standard output)


@pytest.mark.parametrize(("image", "expected"), [
    ("file: images/letter-1.jpg\n      iiif: http://127.0.0.1:9/x", "not both"),
    ("alt: x", "images[0].file: missing"),
    ("iiif: ftp://partner.example/iiif/x", "http"),
])
def test_an_image_names_one_source_on_the_web(tmp_path: Path, image: str,
                                              expected: str) -> None:
    site = copy_site("mini", tmp_path)
    with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
        f.write(f"""- id: far
  title: {{kk: "Алыс", ru: "Далёкий"}}
  images:
    - {image}
      alt: {{kk: "Бет", ru: "Лист"}}
""".replace("    - alt: x\n", "    - label: x\n"))
    report = Report()
    load_model(site, report)
    errors = [str(d) for d in report.errors]
    assert len(errors) == 1 and expected in errors[0], errors
    assert errors[0].startswith("exhibitions/letters/items.yaml:")


def test_adding_a_partner_renews_every_page_s_policy(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    with partner_server() as p:
        _canned(p)
        with (site / "exhibitions/letters/items.yaml").open("a", encoding="utf-8") as f:
            f.write(f"- id: persan-123\n  manifest: {p.base}/iiif/persan-123/manifest.json\n")
        assert build_into(site, out) == 0
    for page in ("kk/search/index.html", "ru/about/index.html"):  # (their own texts unchanged)
        csp = re.search(r'Content-Security-Policy" content="([^"]*)"',
                        (out / page).read_text("utf-8"))[1]
        assert f"img-src 'self' data: {p.base};" in csp, page


def test_zoom_false_shows_a_partner_s_image_whole(joint: Joint) -> None:
    site = load_model(joint.site, Report())  # (from the kept documents)
    assert site is not None
    ms = next(it for it in site.exhibitions[0].items if it.id == "ms-remote")
    planned = partner_plan(site, ImageSettings(), offline=False)[ms.images[0].rel]
    assert partner_geometry(site, planned, str)["base"].startswith(joint.kórme.base)
    images = site.config.images.model_copy(update={"zoom": False})
    still = dataclasses.replace(site, config=site.config.model_copy(update={"images": images}))
    shown = partner_geometry(still, planned, str)
    assert "base" not in shown and shown["src"] == planned.largest.path

