"""Deep-zoom tiles from both engines (libvips's dzsave and Pillow): the same tile names, sizes,
quality and subsampling, near-identical pixels, for every kind of source; the engine and its
version in the pyramid's key and the build state; a worker refusing a job planned for another
engine; and no image cache key made from Kórme's release number."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat, JpegImagePlugin

from korme.images.engines import engines_key, tile_engine, vips_version
from korme.images.pool import start_method
from korme.images.render import Job, Output, run
from korme.images.tiles import all_tiles
from korme.images.tilework import TileJob, run_tiles
from tests.conftest import run as korme
from tests.image_fixtures import adobe_rgb_profile, adobe_to_srgb, rgb16_tiff
from tests.test_iiif import _site

BACKGROUND = "#f7f4ee"
PACKAGE = Path(__file__).parent.parent / "korme"
SIZES = {"rgb": (1300, 900), "alpha": (1100, 700), "grey": (700, 1500), "turned": (1300, 900),
         "deep": (600, 700), "adobe": (900, 600)}  # upright


def scene(size: tuple[int, int]) -> Image.Image:
    """A gradient with a red block and a dark bar: edges and flat areas for both encoders."""
    w, h = size
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    im.paste((200, 40, 30), (w // 5, h // 5, w // 2, h // 2))
    im.paste((20, 20, 60), (0, h - h // 8, w, h))
    return im


def sources(folder: Path) -> dict[str, tuple[Path, str, tuple[int, int]]]:
    """name -> (file, Pillow format, upright size)."""
    folder.mkdir(parents=True, exist_ok=True)
    scene((1300, 900)).save(folder / "rgb.jpg", quality=92)
    alpha = scene((1100, 700)).convert("RGBA")
    alpha.putalpha(Image.linear_gradient("L").rotate(90).resize((1100, 700)))
    alpha.save(folder / "alpha.png")
    scene((700, 1500)).convert("L").save(folder / "grey.jpg", quality=92)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned; shown upright as 1300×900
    scene((1300, 900)).transpose(Image.Transpose.ROTATE_90).save(
        folder / "turned.jpg", quality=92, exif=exif)
    rgb16_tiff(folder / "deep.tif", (600, 700), (65535, 32768, 0))
    Image.new("RGB", (900, 600), (40, 160, 90)).save(
        folder / "adobe.jpg", quality=95, icc_profile=adobe_rgb_profile())
    return {"rgb": (folder / "rgb.jpg", "JPEG", SIZES["rgb"]),
            "alpha": (folder / "alpha.png", "PNG", SIZES["alpha"]),
            "grey": (folder / "grey.jpg", "JPEG", SIZES["grey"]),
            "turned": (folder / "turned.jpg", "JPEG", SIZES["turned"]),
            "deep": (folder / "deep.tif", "TIFF", SIZES["deep"]),
            "adobe": (folder / "adobe.jpg", "JPEG", SIZES["adobe"])}


def cut(source: Path, fmt: str, engine: str, folder: Path) -> Path:
    job = TileJob(str(source), "k", str(folder), 512, 80, BACKGROUND, 10**8,
                  tile_engine(fmt, engine))
    result = run_tiles(job)
    assert not result.errors, result.errors
    return folder


@pytest.fixture(scope="module")
def pyramids(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    base = tmp_path_factory.mktemp("engines")
    return {name: {engine: cut(path, fmt, engine, base / engine / name)
                   for engine in ("pillow", "libvips")}
            for name, (path, fmt, _) in sources(base / "src").items()}


def test_libvips_is_there() -> None:
    assert vips_version(), "pyvips is part of the test extra: both engines must be tested"
    assert tile_engine("JPEG", "auto").startswith("libvips ")
    assert tile_engine("JPEG", "pillow").startswith("pillow ")


@pytest.mark.parametrize("name", ["rgb", "alpha", "grey", "turned", "deep", "adobe"])
def test_both_engines_cut_the_same_tiles(pyramids: dict, name: str) -> None:
    size = SIZES[name]
    expected = {t.path: (t.width, t.height) for t in all_tiles(*size)}
    cuts = pyramids[name]
    for engine, folder in cuts.items():
        found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert found == set(expected), engine
        for path in found:
            assert (folder / path).stat().st_mode & 0o777 == 0o644
    for path, tile_size in expected.items():
        with Image.open(cuts["pillow"] / path) as a, Image.open(cuts["libvips"] / path) as b:
            assert a.size == b.size == tile_size
            assert a.mode == b.mode == ("L" if name == "grey" else "RGB")
            assert a.quantization == b.quantization  # the same quality setting
            if a.mode == "RGB":
                assert JpegImagePlugin.get_sampling(a) == JpegImagePlugin.get_sampling(b) == 2
            assert not b.info.get("icc_profile") and not b.info.get("exif")
            diff = ImageStat.Stat(ImageChops.difference(a, b)).mean
            assert max(diff) < 2.5, (path, diff)


def test_tiles_show_the_upright_srgb_flattened_picture(pyramids: dict) -> None:
    for engine in ("pillow", "libvips"):
        with Image.open(pyramids["turned"][engine] / "0,0,512,512/512,512/0/default.jpg") as t, \
                Image.open(pyramids["rgb"][engine] / "0,0,512,512/512,512/0/default.jpg") as u:
            assert max(ImageStat.Stat(ImageChops.difference(t, u)).mean) < 2.5, engine
        with Image.open(pyramids["adobe"][engine] / "0,0,512,512/512,512/0/default.jpg") as t:
            got = t.getpixel((200, 200))
        want = adobe_to_srgb((40, 160, 90))
        assert all(abs(g - w) <= 4 for g, w in zip(got, want, strict=True)), (engine, got)
        with Image.open(pyramids["deep"][engine] / "0,0,512,512/512,512/0/default.jpg") as t:
            got = t.getpixel((100, 100))
        assert all(abs(g - w) <= 4 for g, w in zip(got, (255, 128, 0), strict=True)), engine
        with Image.open(pyramids["alpha"][engine] / "0,0,512,512/512,512/0/default.jpg") as t:
            corner = t.getpixel((2, 500))  # transparent there: the background shows
        assert all(abs(g - w) <= 6 for g, w in zip(corner, (0xF7, 0xF4, 0xEE), strict=True))


def test_a_worker_refuses_a_job_planned_for_another_engine(tmp_path: Path) -> None:
    path = sources(tmp_path / "src")["rgb"][0]
    tiles = run_tiles(TileJob(str(path), "k", str(tmp_path / "t"), 512, 80, BACKGROUND, 10**8,
                              "libvips 0.0.1"))
    assert str(tiles.errors[0]) == f"this worker has libvips {vips_version()}, " \
        "the build expects libvips 0.0.1"
    assert not (tmp_path / "t").exists()
    out = Output(16, 11, "jpeg", 80, str(tmp_path / "d.jpg"))
    made = run(Job(str(path), "d", (out,), BACKGROUND, False, 10**8, ("pillow 0.0 jpg 0",)))
    assert "the build expects pillow 0.0 jpg 0" in str(made.errors[0])
    assert not Path(out.path).exists()


def test_engine_in_the_pyramid_key_and_the_build_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    site, out = _site(tmp_path), tmp_path / "out"
    tiles = site / ".korme-cache" / "tiles"
    tile = out / "iiif/images/letters/letter-1/2/0,0,512,512/512,512/0/default.jpg"
    monkeypatch.setenv("KORME_TILER", "pillow")
    assert korme("build", "--site", site, "--output", out, "--workers", "1") == 0
    by_pillow = {p.name for p in tiles.iterdir()}
    pillow_bytes = tile.read_bytes()
    capsys.readouterr()

    monkeypatch.setenv("KORME_TILER", "libvips")  # nothing else changed: not a no-op
    assert korme("build", "--site", site, "--output", out, "--workers", "1") == 0
    summary = capsys.readouterr().out
    assert "images (0 made" in summary and "unchanged;" not in summary, summary
    by_vips = {p.name for p in tiles.iterdir()}
    assert len(by_vips) == len(by_pillow) == 2 and not by_vips & by_pillow
    published = tile.read_bytes()
    assert published != pillow_bytes
    key = next(k for k in by_vips
               if (tiles / k / "0,0,512,512/512,512/0/default.jpg").is_file())
    assert published == (tiles / key / "0,0,512,512/512,512/0/default.jpg").read_bytes()
    assert any(e.startswith("pyvips-binary ") for e in engines_key())


def test_a_bad_tiler_setting_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("KORME_TILER", "magic")
    site = _site(tmp_path)
    assert korme("build", "--site", site, "--output", tmp_path / "out", "-q") == 1
    assert "KORME_TILER=magic: expected pillow or libvips" in capsys.readouterr().err


def test_no_image_cache_key_uses_the_release_number() -> None:
    """The image and tile code never reads ``korme.__version__``: an upgrade of Kórme that does
    not touch them remakes no derivative and no pyramid."""
    for path in [*sorted((PACKAGE / "images").glob("*.py")), PACKAGE / "iiif" / "stage.py"]:
        tree = ast.parse(path.read_text("utf-8"))
        names = {a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module == "korme" for a in node.names}
        assert "__version__" not in names, path
        assert "__version__" not in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def test_tiles_are_world_readable_under_a_strict_umask(tmp_path: Path) -> None:
    path, fmt, _ = sources(tmp_path / "src")["grey"]
    old = os.umask(0o077)
    try:
        folder = cut(path, fmt, "libvips", tmp_path / "t")
    finally:
        os.umask(old)
    assert {p.stat().st_mode & 0o777 for p in folder.rglob("*.jpg")} == {0o644}


def test_no_pool_is_forked_once_libvips_runs_threads() -> None:
    """libvips starts its thread pool at its first operation; a pool forked after that would hang
    in its first libvips call, so it starts from a forkserver instead."""
    import pyvips

    pyvips.Image.black(8, 8).avg()
    assert len(os.listdir("/proc/self/task")) > 1
    assert start_method().get_start_method() != "fork"
