"""A seeded corpus of scan-like 12 MP JPEGs: parchment, ink text, red rubrics, an illumination.

Not white noise: smooth low-frequency paper tone and stains, fine grain, slightly soft strokes,
so encoders see what a manuscript scan gives them. Same seed, same bytes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIZE = (4000, 3000)  # 12 MP; odd-numbered pages are portrait
INK = (58, 40, 30)
RUBRIC = (165, 35, 28)


def make_corpus(folder: Path, count: int, seed: int = 1142) -> list[Path]:
    """Write ``count`` scans into ``folder`` (kept when already there) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"scan-{seed}-{i:03d}.jpg"
        if not path.exists():
            scan(np.random.default_rng(seed + i), portrait=bool(i % 2)).save(
                path, quality=92, subsampling="4:4:4"
            )
        paths.append(path)
    return paths


def scan(rng: np.random.Generator, portrait: bool) -> Image.Image:
    """One page: paper, then ink composited through a slightly blurred mask."""
    w, h = SIZE[::-1] if portrait else SIZE
    paper = _paper(rng, w, h)
    ink, rubric, colour = _writing(rng, w, h)
    out = paper
    for mask, tone in ((ink, INK), (rubric, RUBRIC)):
        alpha = np.asarray(mask.filter(ImageFilter.GaussianBlur(0.8)), np.float32)[..., None] / 255
        alpha *= rng.uniform(0.8, 0.95)
        out = out * (1 - alpha) + np.array(tone, np.float32) * alpha
    image = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    image.paste(*colour)
    return image


def _paper(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Parchment: a base tone, broad and medium-scale variation, vignette and grain."""
    base = np.array([222, 204, 168], np.float32) + rng.normal(0, 6, 3)
    broad = _smooth(rng, w, h, 60, 14.0)
    stains = _smooth(rng, w, h, 12, 5.0)
    yy, xx = np.ogrid[0:h, 0:w]
    vignette = (((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * -40).astype(np.float32)
    tone = (broad + stains + vignette)[..., None] * np.array([1.0, 1.05, 1.25], np.float32)
    grain = rng.normal(0, 2.5, (h, w, 1)).astype(np.float32)
    return base + tone + grain


def _smooth(rng: np.random.Generator, w: int, h: int, cells: int, amplitude: float) -> np.ndarray:
    """Low-frequency noise: a coarse random grid enlarged with bicubic interpolation."""
    coarse = rng.normal(0, 1, (max(2, h * cells // w), cells)).astype(np.float32)
    im = Image.fromarray(coarse, "F").resize((w, h), Image.Resampling.BICUBIC)
    return np.asarray(im) * amplitude


def _writing(rng: np.random.Generator, w: int, h: int):
    """Ink and rubric masks of glyph-like strokes in ruled lines, and one illuminated block."""
    ink, rubric = Image.new("L", (w, h)), Image.new("L", (w, h))
    pen, red = ImageDraw.Draw(ink), ImageDraw.Draw(rubric)
    margin, line = int(w * 0.1), int(rng.integers(64, 84))
    block = (margin, margin, margin + int(w * 0.22), margin + int(h * 0.18))
    y = margin
    while y < h - margin - line:
        x = block[2] + 40 if y < block[3] else margin
        draw = red if rng.random() < 0.08 else pen
        while x < w - margin - 60:
            for _ in range(int(rng.integers(2, 8))):  # a word
                points = [(x + rng.uniform(0, 34), y + rng.uniform(0, line * 0.55)) for _ in "abcd"]
                draw.line(points, fill=255, width=int(rng.integers(3, 6)), joint="curve")
                x += int(rng.integers(26, 40))
            x += int(rng.integers(30, 60))
        y += line
    colour = Image.new("RGB", (block[2] - block[0], block[3] - block[1]), (28, 58, 120))
    deco = ImageDraw.Draw(colour)
    for i in range(0, colour.width, 48):
        deco.ellipse((i, 10, i + 40, colour.height - 10), outline=(200, 160, 60), width=6)
    deco.rectangle((0, 0, colour.width - 1, colour.height - 1), outline=(190, 150, 50), width=14)
    return ink, rubric, (colour, block[:2])
