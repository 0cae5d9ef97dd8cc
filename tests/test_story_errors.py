"""Stories and comparisons, without a browser: the curators' errors (each at its
path:line:column with the nearest valid value, exit 1, the previous site untouched) and the
still crops of regions, checked as images."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import build_into, copy_site, leftovers, tree_hash
from tests.test_errors import edit

INTRO = "exhibitions/letters/sections/01-introduction.kk.md"
STORY = "exhibitions/letters/sections/03-story.kk.md"
LINE = "::item letter-1 2"
WHERE = "section 'introduction'"

CASES = [
    (INTRO, LINE, "::item leter-1 2",
     f"{INTRO}:7:8: {WHERE}: unknown item 'leter-1' (did you mean 'letter-1'?)"),
    (INTRO, LINE, "::compare letter-1 1 | leter-2",
     f"{INTRO}:7:24: {WHERE}: unknown item 'leter-2' (did you mean 'letter-2'?)"),
    (INTRO, LINE, "::item letter-1 9",
     f"{INTRO}:7:8: {WHERE}: item 'letter-1' has 2 image(s), not 9: write a number from 1 to 2"),
    (INTRO, LINE, "::focus letter-1 3",
     f"{INTRO}:7:9: {WHERE}: item 'letter-1' has 2 image(s), not 3: write a number from 1 to 2"),
    (INTRO, LINE, "::item letter-1 2 region=pct:10,10,95,40",
     f"{INTRO}:7:26: {WHERE}: region=pct:10,10,95,40 is not a region: write region=x,y,w,h "
     "(whole pixels of the original) or region=pct:x,y,w,h (percent); the nearest is "
     "region=pct:10,10,90,40"),
    (INTRO, LINE, "::item letter-1 2 region=10,20,0",
     f"{INTRO}:7:26: {WHERE}: region=10,20,0 is not a region"),
    (INTRO, LINE, "::item letter-1 2 region=100,100,400,100",
     f"{INTRO}:7:26: {WHERE}: 'letter-1' image 2: region=100,100,400,100 lies outside the image "
     "(400 × 300 px); the nearest region inside it is region=100,100,300,100"),
    (INTRO, LINE, "::focus letter-1 2",
     f"{INTRO}:7:9: {WHERE}: ::focus starts a step of a story: add 'layout: story'"),
    (INTRO, LINE, "::compare letter-1 1 letter-2",
     f"{INTRO}:7:22: {WHERE}: 'letter-2' does not belong here: write ::compare ID [N] | ID [N]"),
    ("site.yaml", "languages: [kk, ru]", "languages: [kk, ru]\niiif_viewer: https://v.org/",
     "site.yaml:4:14: iiif_viewer: 'https://v.org/' is not an http(s) URL with {manifest} in it"),
    (STORY, None, "---\ntitle: Әңгіме\nlayout: story\n---\nҚадамсыз мәтін.\n",
     f"{STORY}:3:9: section 'story': layout: story has no step: start each step with a line "
     "'::focus ID [N] [region=…]', such as ::focus letter-1"),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES,
                         ids=[re.sub(r"\W+", "-", c[3].split(": ", 2)[2][:36]) for c in CASES])
def test_story_error_is_reported_at_its_place(site_copy, tmp_path: Path, capsys, rel: str,
                                              old: str | None, new: str, expected: str) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before = tree_hash(out)
    capsys.readouterr()
    if old is None:
        (site / rel).write_text(new, "utf-8")
    else:
        edit(site, rel, old, new)
    assert build_into(site, out) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err
    assert tree_hash(out) == before  # the previous site is untouched
    assert not leftovers(out)


def test_messages_are_translated(site_copy, tmp_path: Path) -> None:
    from korme.build import BuildOptions, build
    from korme.errors import BuildFailed
    from korme.l10n import Catalog

    site = site_copy("mini")
    edit(site, INTRO, LINE, "::item letter-1 2 region=100,100,400,100")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site, tmp_path / "out", workers=1))
    [error] = failed.value.report.errors
    ru = error.message.render(Catalog.load("ru"))
    kk = error.message.render(Catalog.load("kk"))
    assert "выходит за пределы изображения (400 × 300 px)" in ru
    assert "суреттен тыс жатыр (400 × 300 px)" in kk
    assert "region=100,100,300,100" in ru and "region=100,100,300,100" in kk


RED = (150, 40, 20)


@pytest.fixture(scope="module")
def region_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("regions")
    site = copy_site("mini", base)
    big = Image.linear_gradient("L").resize((2600, 1900)).convert("RGB")
    big.paste(RED, (1200, 800, 1500, 1100))
    big.save(site / "exhibitions/letters/images/letter-1b.jpg", quality=92)
    edit(site, INTRO, LINE, "::item letter-1 2 region=1100,700,500,500\n\n"
         "::item letter-1 2 region=pct:0,0,10,10 wide")
    out = base / "out"
    assert build_into(site, out) == 0
    return out


def _crop_files(out: Path, html: str, box: str) -> list[str]:
    return sorted(set(re.findall(rf"media/[0-9a-f]+-r{box}-w\d+-q\d+-e\d+\.jpg", html)))


def test_region_figure_is_a_crop_linking_to_the_zoomed_image(region_site: Path) -> None:
    html = (region_site / "kk/letters/introduction/index.html").read_text("utf-8")
    figure = html[html.index('class="inline-item figure-region"'):]
    figure = figure[:figure.index("</figure>")]
    assert 'href="../items/letter-1/2/#xywh=1100,700,500,500"' in figure
    files = _crop_files(region_site, figure, "1100-700-500-500")
    assert len(files) == 1  # narrower than the smallest configured width: its own width only
    with Image.open(region_site / files[0]) as im:
        assert im.size == (500, 500)
        rgb = im.convert("RGB")
        # the red square (1200-1500, 800-1100 of the image) lies at 100-400 of the crop
        assert all(abs(a - b) < 24 for a, b in zip(rgb.getpixel((250, 250)), RED, strict=True))
        assert rgb.getpixel((50, 50))[0] == pytest.approx(rgb.getpixel((50, 50))[1], abs=12)
        r, g, b = rgb.getpixel((450, 450))  # outside the square: grey
        assert abs(r - g) < 12 and abs(g - b) < 12 and g > 100
    assert 'width="500" height="500"' in figure
    assert "srcset=" in figure and "image/avif" in figure


def test_region_in_percent_is_cropped_from_the_original(region_site: Path) -> None:
    html = (region_site / "kk/letters/introduction/index.html").read_text("utf-8")
    files = _crop_files(region_site, html, "0-0-260-190")
    assert files
    with Image.open(region_site / files[-1]) as im:
        assert im.size == (260, 190)
        top = im.convert("L").getpixel((130, 5))
        assert top < 40  # the gradient's dark top


def test_without_base_url_no_iiif_links(region_site: Path) -> None:
    html = (region_site / "kk/letters/items/letter-1/index.html").read_text("utf-8")
    assert 'class="compare-with" href="../../compare/?a=letter-1/' in html
    assert "iiif-drag" not in html and "iiif-open" not in html and "manifest.json" not in html


def test_check_reports_a_region_outside_its_image(site_copy, capsys) -> None:
    from tests.conftest import run

    site = site_copy("mini")
    edit(site, INTRO, LINE, "::item letter-1 2 region=100,100,400,100")
    assert run("check", "--site", site) == 1
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert f"{INTRO}:7:26: {WHERE}: 'letter-1' image 2: region=100,100,400,100 lies outside" in err
