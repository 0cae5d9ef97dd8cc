"""Deep zoom and IIIF: tile geometry and info.json against the Image API 3.0 rules, tiles in
real builds (cached, only above the threshold), manifests parsed by the iiif-prezi3 models."""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from korme.iiif.info import info_json
from korme.images.tiles import all_tiles, level_size, level_tiles, scale_factors, sizes, zoomable
from tests.conftest import build_into, copy_site

CANONICAL = re.compile(r"^(full|\d+,\d+,\d+,\d+)/(max|\d+,\d+)/0/default\.jpg$")
ODD_SIZES = [(1, 1), (2, 3), (511, 512), (512, 512), (513, 1), (1031, 521), (1021, 7919),
             (2000, 9000), (300, 200), (6000, 8000)]


@pytest.mark.parametrize(("width", "height"), ODD_SIZES)
def test_tiles_cover_every_level_exactly(width: int, height: int) -> None:
    factors = scale_factors(width, height)
    assert factors == tuple(2 ** i for i in range(len(factors)))
    assert max(level_size(width, height, factors[-1])) <= 512  # the top level is one tile
    if len(factors) > 1:
        assert max(level_size(width, height, factors[-2])) > 512
    paths = set()
    for s in factors:
        tiles = list(level_tiles(width, height, s))
        lw, lh = level_size(width, height, s)
        assert sum(t.width * t.height for t in tiles) == lw * lh  # no gap, no overlap
        assert sum(t.w * t.h for t in tiles) == width * height
        for t in tiles:
            assert CANONICAL.match(t.path), t.path
            assert 0 < t.width <= 512 and 0 < t.height <= 512
            assert t.width == math.ceil(t.w / s) and t.height == math.ceil(t.h / s)
            assert t.x + t.w <= width and t.y + t.h <= height
            assert t.x % (512 * s) == 0 and t.y % (512 * s) == 0
            _left, _top, right, bottom = t.box
            assert right <= lw and bottom <= lh
            if t.full:
                assert t.region == "full"
                assert t.size == ("max" if s == 1 else f"{t.width},{t.height}")
            paths.add(t.path)
    assert len(paths) == len(all_tiles(width, height))


def test_smaller_than_a_tile_is_one_full_image() -> None:
    for w, h in [(1, 1), (300, 200), (512, 40)]:
        assert [t.path for t in all_tiles(w, h)] == ["full/max/0/default.jpg"]


def test_tall_scroll_levels() -> None:
    assert scale_factors(2000, 9000) == (1, 2, 4, 8, 16, 32)
    assert level_size(2000, 9000, 32) == (63, 282)
    assert [t.path for t in level_tiles(2000, 9000, 32)] == ["full/63,282/0/default.jpg"]
    last = list(level_tiles(2000, 9000, 1))[-1]
    assert last.region == "1536,8704,464,296" and last.size == "464,296"


@pytest.mark.parametrize(("width", "height"), ODD_SIZES)
def test_info_json_is_level0_image_api_3(width: int, height: int) -> None:
    info = info_json("https://example.org/iiif/images/ex/it/1", width, height)
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["type"] == "ImageService3" and info["profile"] == "level0"
    assert info["protocol"] == "http://iiif.io/api/image"
    assert (info["width"], info["height"]) == (width, height)
    (tiles,) = info["tiles"]
    assert tiles["width"] == 512 and "height" not in tiles
    assert tiles["scaleFactors"] == list(scale_factors(width, height))
    # level 0: every size listed exists as a file, and no size is larger than the image
    paths = {t.path for t in all_tiles(width, height)}
    for size in info["sizes"]:
        assert size["width"] <= width and size["height"] <= height
        name = "max" if (size["width"], size["height"]) == (width, height) else \
            f"{size['width']},{size['height']}"
        assert f"full/{name}/0/default.jpg" in paths
    assert info["sizes"] == sizes(width, height)
    json.dumps(info)


def test_threshold() -> None:
    assert zoomable(3000, 4000, 1600, True)
    assert not zoomable(1600, 2000, 1600, True)  # not wider than its largest derivative
    assert not zoomable(3000, 4000, 1600, False)
    assert zoomable(3000, 4000, 1600, 3500) and not zoomable(3000, 4000, 1600, 5000)


# builds -------------------------------------------------------------------------------------

def _site(tmp_path: Path, base_url: bool = False, zoom: str | None = None) -> Path:
    site = copy_site("mini", tmp_path)
    # a larger second page of the right-to-left letter (made here: fixtures stay small)
    big = Image.linear_gradient("L").resize((1500, 1100)).convert("RGB")
    big.paste((160, 40, 20), (700, 500, 900, 700))
    big.save(site / "exhibitions/letters/images/letter-1b.jpg", quality=90)
    config = site / "site.yaml"
    text = config.read_text("utf-8")
    if base_url:
        text += "base_url: https://example.org/vr/\n"
    if zoom is not None:
        text = text.replace("images:\n", f"images:\n  zoom: {zoom}\n")
    config.write_text(text, "utf-8")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("type: letter", "type: manuscript"),
                     "utf-8")
    return site


@pytest.mark.parametrize("engine", ["pillow", "libvips"])
def test_tiles_written_cached_and_linked(tmp_path: Path, capsys: pytest.CaptureFixture,
                                         monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    monkeypatch.setenv("KORME_TILER", engine)
    site = _site(tmp_path)
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    err = capsys.readouterr().err
    assert err.count("base_url is not set") == 1
    base = out / "iiif/images/letters/letter-1/2"
    expected = {t.path for t in all_tiles(1500, 1100)}
    found = {p.relative_to(base).as_posix() for p in base.rglob("*.jpg")}
    assert found == expected
    # no info.json or manifests without base_url
    assert not list(out.glob("iiif/**/*.json"))
    # below the threshold (200×150, no derivative smaller than itself): no tiles
    assert not (out / "iiif/images/letters/letter-2").exists()
    # pixels: a full-resolution tile is the source's crop
    with Image.open(site / "exhibitions/letters/images/letter-1b.jpg") as src:
        crop = src.convert("RGB").crop((512, 512, 1024, 1024))
    with Image.open(base / "512,512,512,512/512,512/0/default.jpg") as tile:
        assert tile.size == (512, 512)
        diff = ImageStat.Stat(ImageChops.difference(crop, tile.convert("RGB"))).mean
    assert max(diff) < 4
    with Image.open(base / "full/375,275/0/default.jpg") as top:
        assert top.size == (375, 275)
    # cached by content: a rebuild links the same files, cutting nothing
    tile = base / "0,0,512,512/512,512/0/default.jpg"
    inode = tile.stat().st_ino
    (site / "exhibitions/letters/items.yaml").write_text(
        (site / "exhibitions/letters/items.yaml").read_text("utf-8") + "\n", "utf-8")
    assert build_into(site, out) == 0
    assert (out / "iiif/images/letters/letter-1/2/0,0,512,512/512,512/0/default.jpg"
            ).stat().st_ino == inode
    cached = list((site / ".korme-cache/tiles").iterdir())
    assert len(cached) == 2  # letter-1's two pages


def test_zoom_off_and_threshold_setting(tmp_path: Path) -> None:
    site = _site(tmp_path, zoom="false")
    assert build_into(site, tmp_path / "out") == 0
    assert not (tmp_path / "out/iiif").exists()
    html = (tmp_path / "out/kk/letters/items/letter-1/index.html").read_text("utf-8")
    assert "viewer-data" in html  # the viewer still opens the largest images
    site2 = _site(tmp_path / "b", zoom="1000")
    assert build_into(site2, tmp_path / "out2") == 0
    assert (tmp_path / "out2/iiif/images/letters/letter-1/2").is_dir()  # 1500 px > 1000
    assert not (tmp_path / "out2/iiif/images/letters/letter-1/1").exists()  # 400 px


def test_bad_zoom_setting_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    site = _site(tmp_path, zoom="-5")
    assert build_into(site, tmp_path / "out") == 1
    assert "images: zoom: expected true, false or a size in pixels" in capsys.readouterr().err


def _prezi3():
    try:
        import iiif_prezi3
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("iiif-prezi3 is missing (scripts/test installs it)", pytrace=False)
        pytest.skip("iiif-prezi3 is not installed")
    return iiif_prezi3


def test_manifests_parse_and_carry_languages(tmp_path: Path) -> None:
    prezi3 = _prezi3()
    site = _site(tmp_path, base_url=True)
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    manifests = sorted(out.glob("iiif/letters/*/manifest.json"))
    assert [p.parent.name for p in manifests] == ["letter-1", "letter-2"]  # items with images
    for path in manifests:
        prezi3.Manifest(**json.loads(path.read_text("utf-8")))
    collection = json.loads((out / "iiif/letters/collection.json").read_text("utf-8"))
    prezi3.Collection(**collection)
    assert [m["id"] for m in collection["items"]] == [
        "https://example.org/vr/iiif/letters/letter-1/manifest.json",
        "https://example.org/vr/iiif/letters/letter-2/manifest.json"]

    m = json.loads((out / "iiif/letters/letter-1/manifest.json").read_text("utf-8"))
    assert m["label"] == {"kk": ["Хат"], "ru": ["Письмо"], "fa": ["نامه"]}
    assert m["summary"]["ru"] == ["<p>Краткое <b>описание</b>.</p>"] or \
        m["summary"]["ru"][0].startswith("<p>Краткое")
    labels = {row["label"]["kk"][0]: row["value"] for row in m["metadata"]}
    assert all(set(row["label"]) == {"kk", "ru"} for row in m["metadata"])
    assert labels["Атауы"]["fa"] == ["نامه"]
    assert labels["Шығу тегі"] == {"kk": ["Сыйға тартылған"], "ru": ["Дар"]}
    assert m["requiredStatement"]["value"] == {"kk": ["Кітапхана, Р-1"],
                                               "ru": ["Библиотека, Р-1"]}
    assert m["rights"] == "https://creativecommons.org/publicdomain/mark/1.0/"
    assert m["navDate"] == "1890-01-01T00:00:00Z"
    assert m["viewingDirection"] == "right-to-left"
    assert m["behavior"] == ["paged"]
    first, second = m["items"]
    assert first["label"] == {"none": ["1 б."]} and second["label"] == {"none": ["2"]}
    assert (second["width"], second["height"]) == (1500, 1100)
    service = second["items"][0]["items"][0]["body"]["service"][0]
    assert service == {"id": "https://example.org/vr/iiif/images/letters/letter-1/2",
                       "type": "ImageService3", "profile": "level0"}
    (texts,) = first["annotations"]
    (note,) = texts["items"]
    assert note["motivation"] == "supplementing" and note["target"] == first["id"]
    assert note["body"] == {"type": "TextualBody", "value": "بسم الله", "format": "text/plain",
                            "language": "fa"}
    info = json.loads((out / "iiif/images/letters/letter-1/2/info.json").read_text("utf-8"))
    assert info["id"] == service["id"] and info["width"] == 1500
    html = (out / "kk/letters/items/letter-1/index.html").read_text("utf-8")
    url = "https://example.org/vr/iiif/letters/letter-1/manifest.json"
    assert f'href="{url}?manifest={url}"' in html and ">IIIF манифесі</a>" in html  # kk's word
