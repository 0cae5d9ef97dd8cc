"""The image pipeline on tiny generated fixtures: fidelity, privacy, safety and the cache."""

from __future__ import annotations

import io
import pickle
import random
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageFile, ImageSequence, TiffImagePlugin
from PIL.Jpeg2KImagePlugin import Jpeg2KImageFile
from PIL.TiffImagePlugin import TiffImageFile
from PIL.WebPImagePlugin import WebPImageFile

from korme.errors import Severity
from korme.images import ImageSettings, make_images, plan_images, publish_media
from korme.images.make import prune_cache
from korme.images.plan import derivative_widths
from korme.images.pool import start_method as _start_method
from korme.images.render import _reduce_on_load
from korme.images.settings import DEFAULT_SETTINGS
from korme.images.source import open_source
from korme.images.store import cached_path
from tests.image_fixtures import (
    BLUE,
    RED,
    adobe_rgb_profile,
    adobe_to_srgb,
    huge_png,
    oriented_jpeg,
    request,
    rgb16_tiff,
    upright,
)

SMALL = ImageSettings(widths=(16, 32), formats=("avif", "jpeg"), workers=2)
PILLOW_LIMIT = Image.MAX_IMAGE_PIXELS


def quiet(done: int, total: int, eta: float | None) -> None:
    """A progress callback that prints nothing."""


def close(a, b, tolerance: int = 6) -> bool:
    """Whether two colours match within a lossy codec's error."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def make_corpus(root: Path) -> dict[str, Path]:
    """Every fixture source, by a short name."""
    src = root / "images"
    src.mkdir(parents=True)
    out: dict[str, Path] = {}
    for o in range(1, 9):
        out[f"orient{o}"] = oriented_jpeg(src / f"orient{o}.jpg", o)

    Image.new("CMYK", (32, 32), (0, 255, 255, 0)).save(src / "cmyk.jpg", quality=95)
    out["cmyk"] = src / "cmyk.jpg"
    plain = Image.new("CMYK", (32, 32), (0, 255, 255, 0)).point(lambda v: 255 - v)
    buf = io.BytesIO()
    plain.save(buf, format="JPEG", quality=95)
    out["cmyk_plain"] = src / "cmyk-plain.jpg"
    out["cmyk_plain"].write_bytes(_without_app14(buf.getvalue()))

    out["rgb16"] = rgb16_tiff(src / "rgb16.tif", (32, 24), (65535, 32768, 0))
    Image.new("I;16", (32, 24), 40000).save(src / "grey16.tif")
    out["grey16"] = src / "grey16.tif"

    pal = Image.new("P", (32, 24), 1)
    pal.putpalette([0, 0, 0, *RED, *BLUE])
    pal.paste(2, (16, 0, 32, 24))
    pal.save(src / "palette.png")
    out["palette"] = src / "palette.png"

    Image.new("RGBA", (32, 24), (0, 0, 255, 128)).save(src / "alpha.png")
    out["alpha"] = src / "alpha.png"

    Image.new("RGB", (32, 24), (0, 128, 255)).save(src / "j2k.jp2")
    out["j2k"] = src / "j2k.jp2"

    icc = adobe_rgb_profile()
    Image.new("RGB", (32, 24), (60, 160, 90)).save(src / "adobe.jpg", quality=95, icc_profile=icc)
    out["adobe"] = src / "adobe.jpg"

    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "Model X"
    exif[0x013B] = "A. Photographer"  # Artist
    exif[0x8298] = "(c) National Library"  # Copyright
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)})
    Image.new("RGB", (32, 24), (90, 90, 90)).save(src / "gps.jpg", exif=exif)
    out["gps"] = src / "gps.jpg"

    Image.new("RGB", (200, 150), (120, 100, 80)).save(src / "small.jpg")
    out["small"] = src / "small.jpg"

    flat = Image.new("RGB", (32, 24), RED)
    flat.save(src / "big.tif", big_tiff=True)
    flat.save(src / "jpeg-in.tif", compression="jpeg")
    Image.new("CMYK", (32, 24), (0, 255, 255, 0)).save(src / "cmyk.tif")
    out |= {
        "bigtiff": src / "big.tif",
        "jpegtiff": src / "jpeg-in.tif",
        "cmyktiff": src / "cmyk.tif",
    }
    turned = TiffImagePlugin.ImageFileDirectory_v2()
    turned[0x0112] = 6
    upright().transpose(Image.Transpose.ROTATE_90).save(src / "turned.tif", tiffinfo=turned)
    out["tiff_orient6"] = src / "turned.tif"
    Image.new("LA", (32, 24), (100, 128)).save(src / "grey-alpha.png")
    out["grey_alpha"] = src / "grey-alpha.png"
    Image.new("RGBA", (32, 24), (0, 0, 255, 128)).save(src / "alpha.webp", lossless=True)
    out["webp_alpha"] = src / "alpha.webp"

    pages = [Image.new("RGB", (32, 24), c) for c in (RED, BLUE)]
    pages[0].save(src / "pages.tif", save_all=True, append_images=pages[1:])
    out["pages"] = src / "pages.tif"
    return out


def _without_app14(jpeg: bytes) -> bytes:
    """Remove Adobe's APP14 marker, as a non-Adobe CMYK writer would not write one."""
    at = jpeg.find(b"\xff\xee")
    assert at > 0
    length = int.from_bytes(jpeg[at + 2 : at + 4], "big")
    return jpeg[:at] + jpeg[at + 2 + length :]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One plan and one make over every fixture (one pool for the whole session)."""
    root = tmp_path_factory.mktemp("site")
    sources = make_corpus(root)
    cache = root / ".korme-cache"
    plan = plan_images([request(p, root) for p in sources.values()], SMALL, cache)
    results = make_images(plan, SMALL, cache, progress=quiet)
    return root, sources, cache, plan, results


def output(built, name: str, fmt: str = "jpeg", index: int = -1) -> Image.Image:
    """A made derivative, opened from the cache."""
    root, sources, cache, plan, _ = built
    image = plan.images[sources[name].relative_to(root).as_posix()]
    derivative = image.by_format(fmt)[index]
    im = Image.open(cached_path(cache, derivative))
    assert im.size == (derivative.width, derivative.height)
    return im


def test_everything_made_without_errors(built):
    _, sources, _, plan, results = built
    assert not [d for d in plan.diagnostics if d.severity is Severity.ERROR]
    assert results.diagnostics == ()
    assert results.decoded == len(sources)
    assert set(results.placeholders) == set(plan.images)
    assert all(len(c) == 7 and c.startswith("#") for c in results.placeholders.values())
    assert Image.MAX_IMAGE_PIXELS == PILLOW_LIMIT  # Pillow's global is never touched


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_ends_upright(built, orientation):
    im = output(built, f"orient{orientation}").convert("RGB")
    assert im.size == (32, 21)  # the display size: 48×32 scaled to 32 wide
    assert close(im.getpixel((2, 2)), RED, 40)
    assert close(im.getpixel((29, 2)), BLUE, 40)
    assert close(im.getpixel((16, 18)), (255, 255, 255), 20)


def test_plan_uses_display_size(built):
    root, sources, _, plan, _ = built
    assert plan.images[sources["orient6"].relative_to(root).as_posix()].width == 48


def test_cmyk_jpeg_colours(built):
    for name in ("cmyk", "cmyk_plain"):
        im = output(built, name)
        assert im.mode == "RGB"
        assert close(im.getpixel((8, 8)), (255, 0, 0), 12), name


def test_16bit_tiffs_keep_their_range(built):
    rgb = output(built, "rgb16")
    assert rgb.mode == "RGB" and close(rgb.getpixel((8, 8)), (255, 128, 0), 8)
    grey = output(built, "grey16")
    assert grey.mode == "L" and abs(grey.getpixel((8, 8)) - round(40000 / 257)) <= 3


def test_palette_png(built):
    im = output(built, "palette")
    assert im.mode == "RGB"
    assert close(im.getpixel((4, 8)), RED, 12)
    assert close(im.getpixel((28, 8)), BLUE, 12)


def test_alpha_kept_in_avif_and_flattened_in_jpeg(built):
    avif = output(built, "alpha", "avif")
    assert avif.mode == "RGBA"
    assert abs(avif.getpixel((8, 8))[3] - 128) <= 3
    jpeg = output(built, "alpha")
    bg = (0xF7, 0xF4, 0xEE)
    expected = tuple(round((c * 127 + 255 * 128 * (i == 2)) / 255) for i, c in enumerate(bg))
    assert jpeg.mode == "RGB" and close(jpeg.getpixel((8, 8)), expected, 8)
    root, sources, _, plan, _ = built
    names = [d.path for d in plan.images[sources["alpha"].relative_to(root).as_posix()].derivatives]
    assert all("-bf7f4ee-" in n for n in names if n.endswith(".jpg"))


def test_a_transparent_image_is_shown_on_the_background_colour(built):
    """Its placeholder (behind the picture, also once loaded) is the JPEG's flattening
    colour, not its own dominant colour; an opaque image's is its own colour."""
    root, sources, _, _plan, results = built
    placeholder = {name: results.placeholders[sources[name].relative_to(root).as_posix()]
                   for name in ("alpha", "grey_alpha", "webp_alpha", "j2k")}
    assert placeholder["alpha"] == placeholder["grey_alpha"] == "#f7f4ee"
    assert placeholder["webp_alpha"] == "#f7f4ee"
    assert close(bytes.fromhex(placeholder["j2k"][1:]), (0, 128, 255), 8)


def test_tiff_variants(built):
    for name, colour in (("bigtiff", RED), ("jpegtiff", RED), ("cmyktiff", (255, 0, 0))):
        im = output(built, name)
        assert im.mode == "RGB" and close(im.getpixel((8, 8)), colour, 14), name
    turned = output(built, "tiff_orient6")
    assert turned.size == (32, 21) and close(turned.getpixel((2, 2)), RED, 40)


def test_grey_and_webp_alpha(built):
    assert output(built, "grey_alpha", "avif").mode == "RGBA"
    grey = output(built, "grey_alpha")
    expected = round((100 * 128 + 0xF4 * 127) / 255)
    assert abs(grey.convert("L").getpixel((8, 8)) - expected) <= 6
    webp = output(built, "webp_alpha", "avif")
    assert webp.mode == "RGBA" and abs(webp.getpixel((8, 8))[3] - 128) <= 3


def test_jpeg_2000(built):
    im = output(built, "j2k")
    assert im.mode == "RGB" and close(im.getpixel((8, 8)), (0, 128, 255), 8)


def test_adobe_rgb_converted_to_srgb(built):
    expected = adobe_to_srgb((60, 160, 90))
    assert not close(expected, (60, 160, 90), 20)  # the test means something
    for fmt in ("jpeg", "avif"):
        im = output(built, "adobe", fmt)
        assert "icc_profile" not in im.info or not im.info["icc_profile"]
        assert close(im.convert("RGB").getpixel((8, 8)), expected, 8), fmt


def test_no_gps_or_camera_metadata(built):
    for fmt in ("jpeg", "avif"):
        exif = output(built, "gps", fmt).getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825)
        assert not any(tag in exif for tag in (0x010F, 0x0110, 0x013B, 0x8298)), fmt


def test_keep_copyright_keeps_only_artist_and_copyright(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x013B] = "A. Photographer"
    exif[0x8298] = "(c) National Library"
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 15.0, 0.0)})
    Image.new("RGB", (32, 24), (90, 90, 90)).save(tmp_path / "c.jpg", exif=exif)
    settings = ImageSettings(widths=(16,), keep_copyright=True)
    plan = plan_images([request(tmp_path / "c.jpg", tmp_path)], settings, tmp_path / "cache")
    make_images(plan, settings, tmp_path / "cache", progress=quiet)
    for d in plan.images["c.jpg"].derivatives:
        out = Image.open(cached_path(tmp_path / "cache", d)).getexif()
        assert out.get(0x013B) == "A. Photographer" and out.get(0x8298) == "(c) National Library"
        assert 0x010F not in out and not out.get_ifd(0x8825)


def test_small_source_is_never_upscaled(built):
    root, sources, _, plan, _ = built
    image = plan.images[sources["small"].relative_to(root).as_posix()]
    assert max(d.width for d in image.derivatives) <= 200
    assert derivative_widths(200, 150, (100, 400)) == [100, 200]
    assert derivative_widths(200, 150, (400, 800)) == [200]
    assert derivative_widths(5000, 3750, (480, 960)) == [480, 960]
    assert derivative_widths(1000, 750, (480, 960)) == [480, 960]  # 1000 is too close to 960
    assert derivative_widths(4000, 3000, (480, 960, 1600, 2400)) == [480, 960, 1600, 2400]
    # a portrait page's largest has a 4:3 landscape's area: 1800 × 2400, not 2400 × 3200
    assert derivative_widths(3000, 4000, (480, 960, 1600, 2400)) == [480, 960, 1800]
    assert derivative_widths(1000, 10000, (480, 960, 1600, 2400)) == [480, 657]  # a scroll
    assert derivative_widths(4000, 3001, (480, 960, 1600, 2400))[-1] == 2400  # nearly 4:3
    assert output(built, "small").size == (32, 24)


def test_multipage_tiff_takes_first_page_with_a_warning(built):
    root, sources, _, plan, _ = built
    rel = sources["pages"].relative_to(root).as_posix()
    warnings = [d for d in plan.diagnostics if rel in str(d.message)]
    assert [d.severity for d in warnings] == [Severity.WARNING]
    assert "2 pages" in str(warnings[0].message) and "item 'ms-1'" in str(warnings[0].message)
    assert close(output(built, "pages").getpixel((8, 8)), RED, 12)
    assert len(list(ImageSequence.Iterator(output(built, "pages")))) == 1


def forbid_decoding(monkeypatch) -> None:
    """Make any pixel decoding in this process fail the test."""

    def no_decoding(self, *args):
        raise AssertionError(f"decoded {self.filename} while planning")

    for cls in (ImageFile.ImageFile, TiffImageFile, WebPImageFile, Jpeg2KImageFile):
        monkeypatch.setattr(cls, "load", no_decoding)


def test_planning_never_decodes(tmp_path, monkeypatch):
    root = tmp_path / "site"
    sources = make_corpus(root)
    huge = huge_png(root / "images" / "huge.png")
    forbid_decoding(monkeypatch)
    requests = [request(p, root) for p in [*sources.values(), huge]]
    plan = plan_images(requests, SMALL, tmp_path / "cache")
    assert len(plan.images) == len(sources)


def test_broken_images_are_reported_per_file_and_item(tmp_path):
    good = tmp_path / "good.jpg"
    Image.new("RGB", (64, 48), (10, 20, 30)).save(good, quality=90)
    data = good.read_bytes()
    (tmp_path / "truncated.jpg").write_bytes(data[: len(data) // 2])
    (tmp_path / "corrupt.jpg").write_bytes(data[:200] + b"\0" * 50 + data[-2:])  # keeps EOI
    huge_png(tmp_path / "huge.png")
    (tmp_path / "notes.jpg").write_text("not an image")
    names = ["truncated.jpg", "corrupt.jpg", "huge.png", "notes.jpg", "missing.tif"]
    requests = [request(tmp_path / n, tmp_path, item=f"it-{i}") for i, n in enumerate(names)]
    plan = plan_images(requests, SMALL, tmp_path / "cache")
    results = make_images(plan, SMALL, tmp_path / "cache", progress=quiet)
    messages = [str(d) for d in (*plan.diagnostics, *results.diagnostics)]
    for i, name in enumerate(names):
        found = [m for m in messages if name in m]
        assert len(found) == 1, (name, messages)
        assert found[0].startswith("exhibitions/x/items.yaml:7:11: ")
        assert f"item 'it-{i}': images[0].file: {name}: " in found[0]
    assert any("40000×40000" in m and "max_pixels" in m for m in messages)
    assert "huge.png" not in plan.images and "truncated.jpg" not in plan.images
    assert results.decoded <= 1  # only the corrupt one got as far as the decoder


def test_every_use_of_a_broken_image_is_reported(tmp_path):
    huge = huge_png(tmp_path / "huge.png")
    one, two = request(huge, tmp_path, "a"), request(huge, tmp_path, "b")
    both = type(one)(one.source, one.rel, one.uses + two.uses)
    plan = plan_images([both], SMALL, tmp_path / "cache")
    assert [str(d.message).split(":")[0] for d in plan.diagnostics] == ["item 'a'", "item 'b'"]


def _build(root: Path, settings: ImageSettings, sources: list[Path]):
    cache = root / "cache"
    plan = plan_images([request(p, root) for p in sources], settings, cache)
    return plan, make_images(plan, settings, cache, progress=quiet)


def _stamps(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (cache / "media").iterdir()}


def test_rebuild_decodes_nothing_and_a_changed_width_redoes_only_that_width(tmp_path):
    sources = [oriented_jpeg(tmp_path / f"o{o}.jpg", o) for o in (1, 6)]
    plan, first = _build(tmp_path, SMALL, sources)
    assert first.decoded == 2
    before = _stamps(tmp_path / "cache")

    again_plan, again = _build(tmp_path, SMALL, sources)
    assert again.decoded == 0 and again.placeholders == first.placeholders
    assert again_plan == plan and _stamps(tmp_path / "cache") == before

    wider = ImageSettings(widths=(16, 24), formats=SMALL.formats)
    _, changed = _build(tmp_path, wider, sources)
    after = _stamps(tmp_path / "cache")
    assert changed.decoded == 2
    assert all(after[name] == stamp for name, stamp in before.items())
    new = set(after) - set(before)
    assert len(new) == 4 and all("-w24-" in name for name in new)


def test_changed_quality_redoes_only_that_format(tmp_path):
    sources = [oriented_jpeg(tmp_path / "o.jpg", 1)]
    _build(tmp_path, SMALL, sources)
    before = _stamps(tmp_path / "cache")
    settings = ImageSettings(widths=SMALL.widths, formats=SMALL.formats, quality={"avif": 60})
    plan, results = _build(tmp_path, settings, sources)
    new = set(_stamps(tmp_path / "cache")) - set(before)
    assert results.decoded == 1 and len(new) == 2 and all(n.endswith(".avif") for n in new)
    assert all("-q60-" in d.path for d in plan.images["o.jpg"].by_format("avif"))


def test_digests_are_cached_by_size_and_mtime(tmp_path, monkeypatch):
    sources = [oriented_jpeg(tmp_path / "o.jpg", 1)]
    plan = plan_images([request(p, tmp_path) for p in sources], SMALL, tmp_path / "cache")

    def no_reading(path):
        raise AssertionError("an unchanged source was read again")

    monkeypatch.setattr("korme.images.plan._hash", no_reading)
    monkeypatch.setattr("korme.images.plan.open_source", no_reading)
    again = plan_images([request(p, tmp_path) for p in sources], SMALL, tmp_path / "cache")
    assert again == plan


def test_publish_links_only_planned_and_prune_removes_the_rest(tmp_path):
    sources = [oriented_jpeg(tmp_path / "o.jpg", 1)]
    _build(tmp_path, SMALL, sources)
    narrow = ImageSettings(widths=(16,), formats=SMALL.formats)
    plan, _ = _build(tmp_path, narrow, sources)
    staging = tmp_path / "staging"
    assert publish_media(plan, tmp_path / "cache", staging) == 2
    published = sorted(p.name for p in (staging / "media").iterdir())
    assert published == sorted(Path(d.path).name for d in plan.images["o.jpg"].derivatives)
    assert (staging / "media" / published[0]).stat().st_mode & 0o044 == 0o044
    assert prune_cache(plan, tmp_path / "cache") == 2  # the 32-px AVIF and JPEG
    assert len(list((tmp_path / "cache" / "media").iterdir())) == 2


def test_identical_files_are_decoded_once(tmp_path):
    a = oriented_jpeg(tmp_path / "a.jpg", 3)
    b = tmp_path / "b.jpg"
    b.write_bytes(a.read_bytes())
    plan, results = _build(tmp_path, SMALL, [a, b])
    assert results.decoded == 1 and set(results.placeholders) == {"a.jpg", "b.jpg"}
    assert plan.images["a.jpg"].derivatives == plan.images["b.jpg"].derivatives


def test_progress_reports_count_and_eta(tmp_path):
    sources = [oriented_jpeg(tmp_path / f"o{o}.jpg", o) for o in (1, 2)]
    calls = []
    plan = plan_images([request(p, tmp_path) for p in sources], SMALL, tmp_path / "c")
    make_images(plan, SMALL, tmp_path / "c", progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 2, None) and calls[-1][:2] == (2, 2) and calls[-1][2] == 0


def test_settings_are_hashable_picklable_and_keyed():
    custom = ImageSettings(quality={"avif": 55, "jpeg": 82}, widths=[960, 480])
    assert custom.widths == (480, 960) and custom.quality_for("avif") == 55
    assert pickle.loads(pickle.dumps(custom)) == custom and hash(custom)
    assert DEFAULT_SETTINGS.settings_key() == ImageSettings().settings_key()
    assert custom.settings_key() != DEFAULT_SETTINGS.settings_key()
    assert ImageSettings(workers=3).settings_key() == DEFAULT_SETTINGS.settings_key()
    assert ImageSettings(formats=("jpeg", "avif")).problems()
    assert ImageSettings(background="beige").problems()
    assert DEFAULT_SETTINGS.problems() == []
    plan = plan_images([], ImageSettings(formats=("gif",)), Path("/nonexistent"))
    assert plan.diagnostics and plan.diagnostics[0].position.path == "site.yaml"


def test_damaged_files_never_raise(tmp_path):
    """Seeded byte damage to every fixture format: diagnostics, never an exception."""
    rng = random.Random(1142)
    corpus = make_corpus(tmp_path / "site")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    paths = []
    for name in ("orient6", "rgb16", "palette", "alpha", "j2k", "adobe", "pages", "webp_alpha"):
        data = bytearray(corpus[name].read_bytes())
        for i in range(4):
            copy = bytearray(data)
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(min(len(copy), 400 if i % 2 else len(copy)))
                copy[at] = rng.randrange(256)
            path = damaged / f"{name}-{i}{corpus[name].suffix}"
            path.write_bytes(bytes(copy))
            paths.append(path)
    plan = plan_images([request(p, tmp_path) for p in paths], SMALL, tmp_path / "cache")
    results = make_images(plan, SMALL, tmp_path / "cache", progress=quiet)
    for d in (*plan.diagnostics, *results.diagnostics):
        assert str(d.message).startswith("item 'ms-1': images[0].file: damaged/"), d.message


def test_pool_is_safe_with_threads_in_the_parent(tmp_path):
    """With threads running (``korme serve``), workers come from a forkserver, not a fork."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _start_method().get_start_method() != "fork"
        results = _build(tmp_path, SMALL, [oriented_jpeg(tmp_path / "o.jpg", 8)])[1]
    finally:
        stop.set()
        thread.join()
    assert results.decoded == 1 and not results.diagnostics
    assert _start_method().get_start_method() in ("fork", "forkserver", "spawn")


def test_reduced_decoding_for_jpeg_and_jpeg_2000(tmp_path):
    """JPEG draft and JPEG 2000 resolution levels decode no more than the largest width needs."""
    big = Image.new("RGB", (801, 601), (40, 90, 160))
    big.save(tmp_path / "big.jpg", quality=90)
    with open_source(tmp_path / "big.jpg") as im:
        box = _reduce_on_load(im, (100, 75))
        im.load()
        assert im.size == (101, 76) and box == (0, 0, 801 / 8, 601 / 8)
    for size, reduced in (((800, 600), (100, 75)), ((801, 601), (401, 301))):
        path = tmp_path / f"{size[0]}.jp2"
        Image.new("RGB", size, (40, 90, 160)).save(path)
        with open_source(path) as im:
            _reduce_on_load(im, (100, 75))
            im.load()  # 801 px: Pillow's rounding breaks levels 2+, so only level 1 is used
            assert im.size == reduced
    plan, results = _build(tmp_path, SMALL, [tmp_path / "big.jpg"])
    assert results.decoded == 1
    out = Image.open(cached_path(tmp_path / "cache", plan.images["big.jpg"].largest))
    assert out.size == (32, 24) and close(out.getpixel((16, 12)), (40, 90, 160), 8)
