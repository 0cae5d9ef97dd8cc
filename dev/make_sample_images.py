#!/usr/bin/env python3
"""Draw the images of the sample exhibition: scan-like folios, printed pages, a scroll, a letter,
a photograph, a map and a seal impression.

    python dev/make_sample_images.py                 # (re)write every image
    python dev/make_sample_images.py ms-0142 mp-0118 # only these items
    python dev/make_sample_images.py --list          # what would be written

Every picture is made here from nothing: no downloads, no font files in the repository. Each
image has its own random generator seeded from its file name, so a run with the same Pillow,
numpy and system fonts gives the same pixels, and images can be redrawn one at a time.
Arabic-script text is set with a system font that covers it (DejaVu Sans, or Noto Naskh Arabic
when present) through Pillow's raqm layout; without raqm the lines fall back to drawn pen
strokes. The results are committed, so building the site never needs this script.

The records these pictures illustrate are invented for the sample (see items.yaml); so is
every shelfmark, name and stamp drawn here.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, features

ROOT = Path(__file__).resolve().parents[1]
EXHIBITION = ROOT / "exhibitions" / "manuscripts-of-the-steppe"
JPEG_QUALITY = 85
MAX_BYTES = 600 * 1024

RAQM = features.check("raqm")
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"),
             "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts"]

# Inks and pigments (sRGB)
CARBON = (34, 27, 22)
IRON_GALL = (62, 42, 30)
VERMILION = (178, 52, 34)
LAPIS = (38, 62, 138)
GOLD = (196, 156, 72)
GREEN = (72, 112, 82)
VIOLET = (92, 58, 140)
PRINT_BLACK = (30, 28, 30)
GRAPHITE = (96, 96, 100)


# --------------------------------------------------------------------------------------------
# fonts and text
# --------------------------------------------------------------------------------------------

_FONT_INDEX: dict[str, str] | None = None


def _font_index() -> dict[str, str]:
    global _FONT_INDEX
    if _FONT_INDEX is None:
        _FONT_INDEX = {}
        for d in FONT_DIRS:
            p = Path(d)
            if p.is_dir():
                for f in sorted(p.rglob("*.[ot]tf")):
                    _FONT_INDEX.setdefault(f.name, str(f))
    return _FONT_INDEX


def font(names: Sequence[str], size: int) -> ImageFont.FreeTypeFont:
    """The first installed font of ``names`` at ``size`` px."""
    index = _font_index()
    for name in names:
        if name in index:
            engine = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC
            return ImageFont.truetype(index[name], size, layout_engine=engine)
    raise SystemExit(f"none of the fonts {', '.join(names)} is installed (Debian/Ubuntu: "
                     "apt-get install fonts-dejavu-core fonts-liberation)")


NASKH = ["NotoNaskhArabic-Regular.ttf", "Amiri-Regular.ttf", "DejaVuSans.ttf"]
NASKH_BOLD = ["NotoNaskhArabic-Bold.ttf", "Amiri-Bold.ttf", "DejaVuSans-Bold.ttf"]
SERIF = ["DejaVuSerif.ttf", "LiberationSerif-Regular.ttf"]
SERIF_BOLD = ["DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf"]
SERIF_ITALIC = ["DejaVuSerif-Italic.ttf", "LiberationSerif-Italic.ttf"]
SERIF_CONDENSED = ["DejaVuSerifCondensed.ttf", "DejaVuSerif.ttf"]
SANS_BOLD = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"]
SANS_COND_BOLD = ["DejaVuSansCondensed-Bold.ttf", "DejaVuSans-Bold.ttf"]
SANS = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
MONO = ["LiberationMono-Regular.ttf", "DejaVuSansMono.ttf"]


def fit_font(names: Sequence[str], text: str, max_width: float, size: int,
             rtl: bool = True) -> ImageFont.FreeTypeFont:
    """The largest font of ``names`` up to ``size`` px in which ``text`` fits ``max_width``."""
    while True:
        f = font(names, size)
        width = rtl_len(f, text) if rtl else f.getlength(text)
        if width <= max_width or size <= 10:
            return f
        size -= 2


def rtl_len(f: ImageFont.FreeTypeFont, text: str) -> float:
    if RAQM:
        return f.getlength(text, direction="rtl")
    return 0.42 * f.size * len(text)


def draw_rtl(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str,
             f: ImageFont.FreeTypeFont, fill: int = 255, anchor: str = "rs",
             rng: np.random.Generator | None = None) -> None:
    """Arabic-script text; ``anchor`` as Pillow's (``rs``: right end on the baseline)."""
    if RAQM:
        draw.text(xy, text, font=f, fill=fill, anchor=anchor, direction="rtl")
        return
    # fallback without a shaping engine: a pen line with loops, teeth and dots
    rng = rng or np.random.default_rng(len(text))
    width = rtl_len(f, text)
    x1 = xy[0] if anchor[0] == "r" else xy[0] + width / 2 if anchor[0] == "m" else xy[0] + width
    y = xy[1]
    s = f.size
    pts = []
    for i in range(int(width // 3) + 1):
        x = x1 - i * 3
        pts.append((x, y - abs(math.sin(i * 0.7 + len(text))) * s * 0.18))
    draw.line(pts, fill=fill, width=max(2, s // 12))
    for _ in range(max(1, len(text) // 3)):
        x = x1 - rng.uniform(0, width)
        draw.line([(x, y), (x + s * 0.05, y - s * rng.uniform(0.4, 0.8))], fill=fill,
                  width=max(2, s // 12))
        if rng.random() < 0.5:
            r = s * 0.05
            yy = y - s * 0.5 if rng.random() < 0.5 else y + s * 0.25
            draw.ellipse([x - r, yy - r, x + r, yy + r], fill=fill)


class Words:
    """An endless stream of words: first ``lead`` in order, then drawn from ``vocab``."""

    def __init__(self, vocab: Sequence[str], rng: np.random.Generator,
                 lead: Iterable[str] = ()):
        self.vocab = list(vocab)
        self.rng = rng
        self.queue = list(lead)
        self.lead_left = len(self.queue)

    def fitting(self, fits: Callable[[str], bool], tries: int = 12) -> str | None:
        """Swap the next drawn word for one that fits (never reorders a lead text)."""
        if self.lead_left > 0:
            return None
        for _ in range(tries):
            w = self.vocab[int(self.rng.integers(len(self.vocab)))]
            if fits(w):
                self.queue[:1] = [w]
                return w
        return None

    def peek(self) -> str:
        if not self.queue:
            self.queue.append(self.vocab[int(self.rng.integers(len(self.vocab)))])
        return self.queue[0]

    def take(self) -> str:
        w = self.peek()
        self.queue.pop(0)
        self.lead_left = max(0, self.lead_left - 1)
        return w


def set_line(draws: dict[str, ImageDraw.ImageDraw], f: ImageFont.FreeTypeFont, words: Words,
             x0: float, x1: float, y: float, rng: np.random.Generator, *, rtl: bool = True,
             justify: bool = True, red: Callable[[str], bool] | None = None,
             jitter: float = 0.0, max_words: int = 99, fill: int = 255,
             loose: float = 0.0) -> list[str]:
    """Set words on one baseline between x0 and x1 (right to left when ``rtl``)."""
    measure = (lambda w: rtl_len(f, w)) if rtl else f.getlength
    space = f.size * 0.32
    avail = x1 - x0
    chosen: list[str] = []
    widths: list[float] = []
    total = 0.0
    while len(chosen) < max_words:
        w = words.peek()
        ww = measure(w)
        if chosen and total + space + ww > avail:
            room = avail - total - space
            if room < f.size * 0.8 or words.fitting(lambda s, r=room: measure(s) <= r) is None:
                break
            ww = measure(words.peek())
        chosen.append(words.take())
        widths.append(ww)
        total += ww + (space if len(chosen) > 1 else 0)
    gap = space
    x = x1 if rtl else x0
    if justify and len(chosen) > 1 and total >= loose * avail:
        gap = (avail - sum(widths)) / (len(chosen) - 1)
    elif justify:  # a short line (a hemistich of few words) is centred, not stretched
        x += (-(avail - total) / 2) if rtl else (avail - total) / 2
    for w, ww in zip(chosen, widths, strict=True):
        d = draws["red"] if red and red(w) else draws["black"]
        yy = y + (rng.normal(0, jitter) if jitter else 0)
        if rtl:
            draw_rtl(d, (x, yy), w, f, fill=fill, anchor="rs", rng=rng)
            x -= ww + gap
        else:
            d.text((x, yy), w, font=f, fill=fill, anchor="ls")
            x += ww + gap
    return chosen


def set_centered(draw: ImageDraw.ImageDraw, cx: float, y: float, text: str,
                 f: ImageFont.FreeTypeFont, rtl: bool = False, fill: int = 255,
                 anchor: str = "ms") -> None:
    if rtl:
        draw_rtl(draw, (cx, y), text, f, fill=fill, anchor=anchor)
    else:
        draw.text((cx, y), text, font=f, fill=fill, anchor=anchor)


def rotated_text(layer: Image.Image, center: tuple[float, float], text: str,
                 f: ImageFont.FreeTypeFont, angle: float, rtl: bool = False,
                 fill: int = 255) -> None:
    """Paste ``text`` rotated by ``angle`` degrees (counter-clockwise) centred on ``center``."""
    w = int((rtl_len(f, text) if rtl else f.getlength(text)) + f.size)
    h = int(f.size * 2)
    tmp = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(tmp)
    set_centered(d, w / 2, h / 2, text, f, rtl=rtl, fill=fill, anchor="mm")
    tmp = tmp.rotate(angle, resample=Image.BICUBIC, expand=True)
    x = int(center[0] - tmp.width / 2)
    y = int(center[1] - tmp.height / 2)
    layer.paste(Image.new("L", tmp.size, fill), (x, y), tmp)


def ring_text(layer: Image.Image, cx: float, cy: float, r: float, text: str,
              f: ImageFont.FreeTypeFont, start: float = -90.0, fill: int = 255,
              spread: float = 1.0) -> None:
    """Letters around a circle (clockwise, upright towards the centre), as on a round stamp."""
    widths = [f.getlength(ch) * spread for ch in text]
    angle = start - math.degrees(sum(widths) / r) / 2 if start is not None else 0.0
    for ch, w in zip(text, widths, strict=True):
        mid = angle + math.degrees(w / 2 / r)
        if ch.strip():
            size = int(f.size * 1.6)
            tmp = Image.new("L", (size, size), 0)
            ImageDraw.Draw(tmp).text((size / 2, size / 2), ch, font=f, fill=fill, anchor="mm")
            tmp = tmp.rotate(-(mid + 90), resample=Image.BICUBIC)
            x = cx + r * math.cos(math.radians(mid)) - size / 2
            y = cy + r * math.sin(math.radians(mid)) - size / 2
            layer.paste(Image.new("L", tmp.size, fill), (int(x), int(y)), tmp)
        angle += math.degrees(w / r)


def handwriting(draw: ImageDraw.ImageDraw, x: float, y: float, length: float, height: float,
                rng: np.random.Generator, width: int = 3, fill: int = 255,
                slant: float = 0.35, words: int | None = None) -> float:
    """A line of fast cursive (loops, ascenders, word gaps); returns the end x."""
    n_words = words or max(1, int(length / (height * 3.2)))
    pos = x
    for _ in range(n_words):
        letters = int(rng.integers(2, 8))
        pts = []
        t = 0.0
        step = 0.18
        letter_w = height * rng.uniform(0.45, 0.6)
        heights = rng.uniform(0.5, 1.0, letters) * height
        for k in range(letters):
            tall = rng.random() < 0.22
            low = rng.random() < 0.12
            for _s in range(int(2 * math.pi / step)):
                u = t % (2 * math.pi)
                hh = heights[k] * (2.0 if tall and u < math.pi else 1.0)
                dy = -hh * (0.5 - 0.5 * math.cos(u))
                if low and u > math.pi:
                    dy += height * 0.9 * math.sin(u - math.pi)
                dx = letter_w * (t / (2 * math.pi)) - 0.35 * letter_w * math.sin(u)
                pts.append((pos + dx - slant * dy, y + dy))
                t += step
        draw.line(pts, fill=fill, width=width, joint="curve")
        pos = pts[-1][0] + height * rng.uniform(0.9, 1.6)
        if pos > x + length:
            break
    return pos


# --------------------------------------------------------------------------------------------
# paper, ink and the scanner
# --------------------------------------------------------------------------------------------


def seeded(name: str) -> np.random.Generator:
    return np.random.default_rng(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8],
                                                "little"))


def fbm(h: int, w: int, rng: np.random.Generator,
        octaves: Sequence[tuple[int, float]] = ((4, 1.0), (16, 0.5), (64, 0.25))) -> np.ndarray:
    """Smooth fractal noise, roughly zero mean and unit spread."""
    acc = np.zeros((h, w), np.float32)
    total = 0.0
    for cells, amp in octaves:
        gw = max(2, int(cells * w / max(h, w)) + 2)
        gh = max(2, int(cells * h / max(h, w)) + 2)
        g = rng.standard_normal((gh, gw)).astype(np.float32)
        acc += amp * np.asarray(Image.fromarray(g, "F").resize((w, h), Image.BICUBIC))
        total += amp
    return acc / total


def noise1d(n: int, rng: np.random.Generator, cells: int = 12) -> np.ndarray:
    g = rng.standard_normal(cells + 2).astype(np.float32)
    return np.interp(np.linspace(0, cells + 1, n), np.arange(cells + 2), g)


class Sheet:
    """A sheet of paper as a float RGB array, with ink layers drawn as 8-bit masks."""

    def __init__(self, w: int, h: int, rng: np.random.Generator, color: tuple[int, int, int],
                 *, mottle: float = 0.035, edge_tone: float = 0.10, fibres: float = 1.0,
                 foxing: int = 0, grain: float = 1.6, stains: int = 0):
        self.w, self.h, self.rng = w, h, rng
        self.rgb = paper(w, h, rng, color, mottle=mottle, edge_tone=edge_tone, fibres=fibres,
                         foxing=foxing, grain=grain, stains=stains)
        self.density = 1.0 - 0.22 * (0.5 + 0.5 * np.clip(fbm(h, w, rng, ((40, 1), (160, .6))),
                                                           -1, 1))

    def layer(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        img = Image.new("L", (self.w, self.h), 0)
        return img, ImageDraw.Draw(img)

    def ink(self, mask: Image.Image, color: tuple[int, int, int], strength: float = 0.94,
            bleed: float = 0.55, mottle: bool = True, sheen: float = 0.0,
            flake: float = 0.0, nib: float = 0.0) -> None:
        if nib:
            mask = reed_pen(mask, nib)
        m = mask.filter(ImageFilter.GaussianBlur(bleed)) if bleed else mask
        a = np.asarray(m, np.float32) / 255.0 * strength
        if mottle:
            a = a * self.density
        if flake:
            holes = fbm(self.h, self.w, self.rng, ((120, 1), (400, .5))) > (2.2 - flake * 2.5)
            a = np.where(holes, a * 0.25, a)
        a = np.clip(a, 0, 1)[..., None]
        ink = np.array(color, np.float32)[None, None, :]
        if sheen:
            s = fbm(self.h, self.w, self.rng, ((90, 1), (300, .6)))[..., None]
            ink = ink * (1 + sheen * s)
        under = self.rgb / 235.0
        self.rgb = self.rgb * (1 - a) + ink * np.clip(under, 0.6, 1.1) * a

    def fill(self, box: tuple[int, int, int, int], other: np.ndarray) -> None:
        x0, y0, x1, y1 = box
        self.rgb[y0:y1, x0:x1] = other[: y1 - y0, : x1 - x0]

    def darken(self, amount: np.ndarray) -> None:
        self.rgb *= (1 - np.clip(amount, 0, 1))[..., None]


def reed_pen(mask: Image.Image, length: float, angle: float = 70.0) -> Image.Image:
    """Give a font's even strokes the thick and thin of a cut reed pen.

    The letters are thinned, then dilated along a short line at the nib's angle: strokes across
    the nib come out broad, strokes along it stay hairlines, and dots become lozenges.
    """
    m = mask.point(lambda v: 255 if v > 110 else 0)
    if length >= 5:
        m = m.filter(ImageFilter.MinFilter(3))
    a = np.asarray(m)
    out = a.copy()
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    for t in np.linspace(-length / 2, length / 2, int(length * 2) + 1):
        dx, dy = round(t * c), -round(t * s)
        out = np.maximum(out, np.roll(np.roll(a, dy, 0), dx, 1))
    return Image.fromarray(out)


def paper(w: int, h: int, rng: np.random.Generator, color: tuple[int, int, int], *,
          mottle: float = 0.035, edge_tone: float = 0.10, fibres: float = 1.0,
          foxing: int = 0, grain: float = 1.6, stains: int = 0) -> np.ndarray:
    base = np.array(color, np.float32)
    n = fbm(h, w, rng)
    tone = 1 + mottle * n
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.minimum(np.minimum(xx, w - 1 - xx), np.minimum(yy, h - 1 - yy)) / min(w, h)
    reach = 0.035 * (1 + 0.5 * fbm(h, w, rng, ((6, 1),)))
    tone *= 1 - edge_tone * np.exp(-d / np.maximum(reach, 0.008))
    gx, gy = rng.uniform(-1, 1, 2)
    tone *= 1 + 0.035 * (gx * (xx / w - 0.5) + gy * (yy / h - 0.5))
    rgb = base[None, None, :] * tone[..., None]
    warm = fbm(h, w, rng, ((3, 1), (12, .4)))
    rgb[..., 2] *= 1 - 0.035 * warm
    rgb[..., 0] *= 1 + 0.012 * warm
    # fibres, a few lighter and a few darker
    for sign in (-1, 1):
        lay = Image.new("L", (w, h), 0)
        dr = ImageDraw.Draw(lay)
        for _ in range(int(fibres * w * h / 5000)):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            ang = rng.uniform(0, math.pi)
            length = rng.uniform(6, 45)
            curve = rng.normal(0, 0.04)
            pts = []
            for k in range(6):
                a = ang + curve * k
                pts.append((x, y))
                x += math.cos(a) * length / 5
                y += math.sin(a) * length / 5
            dr.line(pts, fill=int(rng.integers(60, 200)), width=1)
        f = np.asarray(lay.filter(ImageFilter.GaussianBlur(0.6)), np.float32) / 255
        if sign < 0:
            rgb *= (1 - 0.12 * f)[..., None]
        else:
            rgb += (0.10 * f)[..., None] * (255 - rgb)
    # foxing: rust-brown spots
    if foxing:
        lay = Image.new("L", (w, h), 0)
        dr = ImageDraw.Draw(lay)
        for _ in range(foxing):
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            for _k in range(int(rng.integers(1, 6))):
                r = rng.uniform(1.5, 9)
                ox, oy = rng.normal(0, 10, 2)
                dr.ellipse([cx + ox - r, cy + oy - r * 0.8, cx + ox + r, cy + oy + r * 0.8],
                           fill=int(rng.integers(60, 180)))
        f = np.asarray(lay.filter(ImageFilter.GaussianBlur(2.0)), np.float32) / 255
        fox = np.array([150, 95, 50], np.float32)
        rgb = rgb * (1 - 0.35 * f[..., None]) + fox * 0.35 * f[..., None]
    # water stains: a pale patch with a darker tide line
    for _ in range(stains):
        cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
        r = rng.uniform(0.12, 0.3) * min(w, h)
        wob = 1 + 0.12 * fbm(h, w, rng, ((5, 1),))
        dist = np.sqrt(((xx - cx) / 1.2) ** 2 + (yy - cy) ** 2) / (r * wob)
        tide = np.exp(-((dist - 1) / 0.03) ** 2) * 0.045
        inner = np.clip((1 - dist) * 4, 0, 1) * 0.02
        rgb *= (1 - tide - inner)[..., None]
        rgb[..., 2] *= 1 - tide * 0.8
    g = rng.normal(0, grain, (h, w)).astype(np.float32)
    rgb += g[..., None]
    return rgb


def holes(sheet: Sheet, rng: np.random.Generator, n: int, box: tuple[int, int, int, int],
          size: tuple[float, float] = (2.5, 6)) -> None:
    """Worm tunnels: through each hole shows the next leaf, darker, with a shadowed rim."""
    x0, y0, x1, y1 = box
    lay = Image.new("L", (sheet.w, sheet.h), 0)
    d = ImageDraw.Draw(lay)
    for _ in range(n):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        ang = rng.uniform(0, 2 * math.pi)
        for _k in range(int(rng.integers(1, 6))):
            r = rng.uniform(*size)
            d.ellipse([x - r, y - r * 0.8, x + r, y + r * 0.8], fill=255)
            ang += rng.normal(0, 0.7)
            x += math.cos(ang) * r * 1.3
            y += math.sin(ang) * r * 1.3
    m = np.asarray(lay.filter(ImageFilter.GaussianBlur(0.7)), np.float32) / 255
    shadow = np.roll(np.roll(m, 3, 0), 3, 1)
    rim = np.asarray(lay.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(1.5)),
                     np.float32) / 255
    sheet.darken(0.25 * rim * (1 - m))  # browned edges of the tunnel
    # the leaf beneath: the same paper in shadow, darkest along the upper-left edge
    sheet.darken(m * (0.3 + 0.35 * (1 - shadow)))


def scan(sheet: Sheet, rng: np.random.Generator, *, pad: float = 0.035,
         pad_bottom: float | None = None, gutter: str | None = None, angle: float = 0.0,
         edge: float = 3.0, backdrop: tuple[int, int, int] = (24, 24, 26),
         ruler_cm: float | None = None,
         creases: Sequence[float] = (), crease_depth: float = 0.16,
         corner: bool = False) -> Image.Image:
    """Lay the sheet on the scanner: backdrop, ragged edge, gutter shade, shadow, a ruler."""
    h, w = sheet.h, sheet.w
    rgb = sheet.rgb.copy()
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if gutter:
        dist = xx if gutter == "left" else (w - 1 - xx)
        shade = 0.45 * np.exp(-dist / (0.035 * w)) + 0.08 * np.exp(-dist / (0.15 * w))
        rgb *= (1 - shade)[..., None]
    for c in creases:  # horizontal folds: a dark valley beside a light ridge
        y0 = c * h
        prof = (np.exp(-((yy - y0) / 3.0) ** 2) * crease_depth
                - np.exp(-((yy - y0 - 6) / 5.0) ** 2) * crease_depth * 0.3)
        rgb *= (1 - prof)[..., None]
    # a ragged edge and maybe a worn corner
    left = edge * (1 + noise1d(h, rng, 40))[:, None]
    right = w - 1 - edge * (1 + noise1d(h, rng, 40))[:, None]
    top = edge * (1 + noise1d(w, rng, 40))[None, :]
    bottom = h - 1 - edge * (1 + noise1d(w, rng, 40))[None, :]
    inside = (xx > left) & (xx < right) & (yy > top) & (yy < bottom)
    if corner:
        cut = 0.06 * min(w, h) * (1 + 0.15 * noise1d(w, rng, 20))[None, :]
        inside &= ~((w - 1 - xx) + (h - 1 - yy) < cut)
    alpha = inside.astype(np.float32)
    page = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
    amask = Image.fromarray((alpha * 255).astype(np.uint8), "L").filter(
        ImageFilter.GaussianBlur(0.7))
    pb = pad if pad_bottom is None else pad_bottom
    W = int(w + 2 * pad * w)
    H = int(h + pad * w + pb * w)
    bg = np.empty((H, W, 3), np.float32)
    bg[:] = backdrop
    bg += rng.normal(0, 1.2, (H, W, 1))
    canvas = Image.fromarray(np.clip(bg, 0, 255).astype(np.uint8), "RGB")
    ox, oy = int(pad * w), int(pad * w)
    if angle:
        page = page.rotate(angle, resample=Image.BICUBIC, expand=True)
        amask = amask.rotate(angle, resample=Image.BICUBIC, expand=True)
        ox -= (page.width - w) // 2
        oy -= (page.height - h) // 2
    shadow = Image.new("L", (W, H), 0)
    shadow.paste(amask, (ox + 7, oy + 9))
    shadow = shadow.filter(ImageFilter.GaussianBlur(9))
    canvas = Image.composite(Image.new("RGB", (W, H), (6, 6, 7)), canvas,
                             shadow.point(lambda v: int(v * 0.55)))
    canvas.paste(page, (ox, oy), amask)
    if ruler_cm:
        ruler(canvas, int(pad * w), oy + h + int(0.018 * w), ruler_cm)
    return canvas


def ruler(canvas: Image.Image, x: int, y: int, px_per_cm: float) -> None:
    """A scale bar and grey patches, as digitisation studios lay beside the object."""
    d = ImageDraw.Draw(canvas)
    cm = 10
    length = int(px_per_cm * cm)
    hh = max(18, int(px_per_cm * 0.55))
    d.rectangle([x, y, x + length, y + hh], fill=(238, 238, 232))
    f = font(SANS, max(9, int(hh * 0.45)))
    for k in range(cm * 10 + 1):
        xx = x + k * px_per_cm / 10
        tick = hh * (0.55 if k % 10 == 0 else 0.35 if k % 5 == 0 else 0.2)
        d.line([(xx, y), (xx, y + tick)], fill=(20, 20, 20), width=1)
        if k % 10 == 0 and 0 < k < cm * 10:
            d.text((xx + 2, y + hh - 2), str(k // 10), font=f, fill=(20, 20, 20), anchor="ld")
    d.text((x + 3, y + hh - 2), "cm", font=f, fill=(20, 20, 20), anchor="ld")
    px = x + length + int(px_per_cm * 0.6)
    for k, v in enumerate((245, 200, 160, 120, 80, 40, 12)):
        d.rectangle([px + k * hh, y, px + (k + 1) * hh, y + hh], fill=(v, v, v))


def save_jpeg(img: Image.Image, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    q = JPEG_QUALITY
    while True:
        img.save(path, "JPEG", quality=q, optimize=True, progressive=True, subsampling="4:2:0")
        size = path.stat().st_size
        if size <= MAX_BYTES or q <= 60:
            return size
        q -= 5


def save_png(img: Image.Image, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG", optimize=True)
    return path.stat().st_size


# --------------------------------------------------------------------------------------------
# vocabularies (for the look of a written page; the readable texts are in items.yaml)
# --------------------------------------------------------------------------------------------

def words_of(text: str) -> list[str]:
    return text.split()


SHAHNAMEH_OPENING = [
    ("به نام خداوند جان و خرد", "کزین برتر اندیشه برنگذرد"),
    ("خداوند نام و خداوند جای", "خداوند روزی ده رهنمای"),
    ("خداوند کیوان و گردان سپهر", "فروزنده ماه و ناهید و مهر"),
    ("ز نام و نشان و گمان برترست", "نگارندهٔ بر شده پیکرست"),
    ("به بینندگان آفریننده را", "نبینی مرنجان دو بیننده را"),
    ("نیابد بدو نیز اندیشه راه", "که او برتر از نام و از جایگاه"),
    ("سخن هر چه زین گوهران بگذرد", "نیابد بدو راه جان و خرد"),
    ("خرد گر سخن برگزیند همی", "همان را گزیند که بیند همی"),
]
PERSIAN = words_of(
    "رستم سهراب شاه ایران توران پهلوان جهان گفت سپاه دل جان بر که از به چو این آن تو "
    "مرا خرد روز شب کوه دشت سوار اسب شمشیر تاج تخت گرز نبرد پیل شیر ابر باد مهر ماه "
    "بیامد بدید چنین داد گوهر نامور گردان کین آفرین زمین آسمان سر دلیر بگفت همی "
    "بزرگان پدر پسر گیتی نهان آشکار بپرسید چنان سخن رزم بزم"
)
CHAGHATAY = words_of(
    "ایردی اوغلی خان بولدی ترک مغول ایلی اولوس یورت پادشاه قزاق اوزبک قبیله اول "
    "وقتده ایکی اوچ ییل آتا نسب تاریخ قیلدی دیب آیتور ایکان سوز بیک سلطان جنگ قالدی "
    "کیلدی باردی ایچیده بیرلان اوچون حکایت روایت انداغ کیم اوشبو قرینداش اوغوز "
    "چنگیز جوجی دشت قپچاق ایل توقوز یوز ییگیت آلتون اوردا ایلچی یاخشی کونگول "
    "حق تعالی"
)
HIKMET = words_of(
    "حق تعالی عاشق بولوب درویش کونگول ذکر قیلیب حکمت آیتدیم یولی طریقت شریعت "
    "پیر مرید کوزیم یاش سحر تورا قول خواجه احمد یسوی ییغلاب اوتدی عمر یوق دنیا "
    "فانی باقی الله رسول امت یانیب کویوب سوزیم"
)
ARABIC_KAFIYA = words_of(
    "الكلمة لفظ وضع لمعنى مفرد وهي اسم وفعل وحرف لأنها إما أن تدل على معنى في "
    "نفسها أو لا الثاني الحرف والأول إن اقترن بأحد الأزمنة الثلاثة فالفعل وإلا "
    "فالاسم"
)
ARABIC = words_of(
    "قال الشارح رحمه الله تعالى أي الكلام ما تضمن كلمتين بالإسناد المعرب المبني "
    "الإعراب الرفع النصب الجر الفاعل المفعول به قوله وهذا كما هو المشهور في على من "
    "إلى عن ذلك لأن الاسم الفعل الحرف معنى لفظ حكم أصل فرع إذا كان يكون"
)
KAZAKH_ARABIC = words_of(
    "بیر زمانده خان بار ایدی قیزی جیبک تولگن بکژان آتی جیگیت کوپ مال قازاق "
    "ایلی جایلاو کوچ اوغلان سوز ایتتی کوردی کلدی باردی دیدی کونل قالای سولو "
    "آق قارا قیز بالا جان آنا آتا تاو سو دالا کون آی جولدوز آرقا ساری ایرته "
    "کیشی حالق ار تارغین باتیر جاو قول سالدی"
)
RED_WORDS = {"حکایت", "قوله", "روایت", "حکمت", "قال", "اوشبو"}


# --------------------------------------------------------------------------------------------
# shared page furniture
# --------------------------------------------------------------------------------------------


def ruled_frame(sheet: Sheet, box: tuple[float, float, float, float], scale: float = 1.0,
                gold: bool = True) -> None:
    """The jadval: gold band between black and blue hairlines around a text block."""
    x0, y0, x1, y1 = box
    g, gd = sheet.layer()
    k, kd = sheet.layer()
    b, bd = sheet.layer()
    r, rd = sheet.layer()
    s = scale
    if gold:
        gd.rectangle([x0 - 9 * s, y0 - 9 * s, x1 + 9 * s, y1 + 9 * s], outline=255,
                     width=int(7 * s))
    kd.rectangle([x0 - 10 * s, y0 - 10 * s, x1 + 10 * s, y1 + 10 * s], outline=255, width=2)
    kd.rectangle([x0 - 2 * s, y0 - 2 * s, x1 + 2 * s, y1 + 2 * s], outline=220, width=1)
    bd.rectangle([x0 - 14 * s, y0 - 14 * s, x1 + 14 * s, y1 + 14 * s], outline=255, width=2)
    rd.rectangle([x0 - 4 * s, y0 - 4 * s, x1 + 4 * s, y1 + 4 * s], outline=255, width=1)
    if gold:
        sheet.ink(g, GOLD, strength=0.95, sheen=0.12, bleed=0.4)
    sheet.ink(b, LAPIS, strength=0.85, bleed=0.4)
    sheet.ink(r, VERMILION, strength=0.8, bleed=0.4)
    sheet.ink(k, CARBON, strength=0.85, bleed=0.4)


def library_stamp(sheet: Sheet, cx: float, cy: float, r: float, ring: str, centre: str,
                  color: tuple[int, int, int] = VIOLET, strength: float = 0.55) -> None:
    lay, d = sheet.layer()
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=255, width=max(2, int(r / 18)))
    d.ellipse([cx - r * 0.72, cy - r * 0.72, cx + r * 0.72, cy + r * 0.72], outline=255,
              width=max(1, int(r / 30)))
    ring_text(lay, cx, cy, r * 0.86, ring, font(SANS_BOLD, int(r * 0.17)), start=-90)
    f = font(SANS_BOLD, int(r * 0.26))
    d.text((cx, cy), centre, font=f, fill=255, anchor="mm")
    lay = lay.rotate(float(sheet.rng.uniform(-25, 25)), center=(cx, cy),
                     resample=Image.BICUBIC)
    sheet.ink(lay, color, strength=strength, bleed=0.8)


def pencil(sheet: Sheet, xy: tuple[float, float], text: str, size: int,
           anchor: str = "la") -> None:
    lay, d = sheet.layer()
    d.text(xy, text, font=font(SANS, size), fill=200, anchor=anchor)
    sheet.ink(lay, GRAPHITE, strength=0.55, bleed=0.5)


def catchword(sheet: Sheet, x: float, y: float, word: str, f: ImageFont.FreeTypeFont) -> None:
    lay, _ = sheet.layer()
    rotated_text(lay, (x, y), word, f, angle=28, rtl=True)
    sheet.ink(lay, CARBON, strength=0.9)


# --------------------------------------------------------------------------------------------
# ms-0142 — Shahnameh, Persian, 1590s: illuminated opening, a text page, a miniature
# --------------------------------------------------------------------------------------------

SHAH_W, SHAH_H = 1480, 2200  # 21 × 31 cm → about 70 px/cm


def shahnameh_page(name: str, side: str) -> tuple[Sheet, tuple[int, int, int, int],
                                                   np.random.Generator]:
    rng = seeded(name)
    w, h = SHAH_W, SHAH_H
    # inlaid margins: tinted paper with gold flecks around the polished text paper
    sheet = Sheet(w, h, rng, (212, 210, 192), foxing=8, edge_tone=0.16, stains=1)
    flecks, fd = sheet.layer()
    for _ in range(900):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(0.8, 2.6)
        fd.polygon([(x + rng.normal(0, r), y + rng.normal(0, r)) for _ in range(4)], fill=255)
    sheet.ink(flecks, GOLD, strength=0.9, sheen=0.3, bleed=0.3, mottle=False)
    inner, outer = int(0.13 * w), int(0.21 * w)
    x0 = inner if side == "v" else outer  # RTL: the verso's gutter is on the left
    x1 = w - (outer if side == "v" else inner)
    y0, y1 = int(0.115 * h), int(0.80 * h)
    pad = 26
    text_paper = paper(x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, rng, (236, 224, 196),
                       edge_tone=0.0, fibres=0.7, grain=1.4)
    sheet.fill((x0 - pad, y0 - pad, x1 + pad, y1 + pad), text_paper)
    seam, sd = sheet.layer()
    sd.rectangle([x0 - pad, y0 - pad, x1 + pad, y1 + pad], outline=255, width=2)
    sheet.ink(seam, (150, 130, 100), strength=0.35, bleed=1.2)
    return sheet, (x0, y0, x1, y1), rng


def verse_rows(sheet: Sheet, rng: np.random.Generator, box: tuple[float, float, float, float],
               rows: Sequence[int], n_rows: int, f: ImageFont.FreeTypeFont,
               lead: Sequence[tuple[str, str]] = (), cols: int = 4,
               rules: bool = True, nib: float = 0.0) -> dict[str, Image.Image]:
    """Verse in ``cols`` columns of hemistichs, right to left; ``rows`` picks rows to fill."""
    x0, y0, x1, y1 = box
    black, bd = sheet.layer()
    red, rd = sheet.layer()
    rule, ruled = sheet.layer()
    draws = {"black": bd, "red": rd}
    row_h = (y1 - y0) / n_rows
    cw = (x1 - x0) / cols
    pad = cw * 0.05
    hemis = [h for pair in lead for h in pair]
    for r in rows:
        base = y0 + (r + 0.72) * row_h
        for c in range(cols):
            cx1 = x1 - c * cw - pad
            cx0 = x1 - (c + 1) * cw + pad
            if hemis:
                words = Words(PERSIAN, rng, hemis.pop(0).split())
                n = len(words.queue)
                set_line(draws, f, words, cx0, cx1, base, rng, max_words=n, jitter=0.8,
                         loose=0.75)
            else:
                set_line(draws, f, Words(PERSIAN, rng), cx0, cx1, base, rng, jitter=0.8)
    if rules:
        runs: list[list[int]] = []
        for r in sorted(rows):
            if runs and runs[-1][-1] == r - 1:
                runs[-1].append(r)
            else:
                runs.append([r])
        for run in runs:
            ya, yb = y0 + run[0] * row_h, y0 + (run[-1] + 1) * row_h
            for c in range(1, cols):
                x = x1 - c * cw
                for dx in (-4, 4):
                    ruled.line([(x + dx, ya), (x + dx, yb)], fill=255, width=1)
            ruled.line([(x0, ya), (x1, ya)], fill=255, width=1)
            ruled.line([(x0, yb), (x1, yb)], fill=255, width=1)
    sheet.ink(rule, VERMILION, strength=0.55, bleed=0.4)
    return {"black": black, "red": red}


def unwan(sheet: Sheet, rng: np.random.Generator, box: tuple[float, float, float, float],
          text: str) -> None:
    """An illuminated headpiece: gold ground, lapis cartouche, florets, a crest with finials."""
    x0, y0, x1, y1 = box
    cx = (x0 + x1) / 2
    gold, gd = sheet.layer()
    blue, bl = sheet.layer()
    red, rd = sheet.layer()
    white, wd = sheet.layer()
    black, kd = sheet.layer()
    green, gr = sheet.layer()
    gd.rectangle([x0, y0, x1, y1], fill=255)
    # crest: a pointed dome rising from the panel
    crest_h = (y1 - y0) * 0.55
    pts = []
    for k in range(61):
        t = k / 60
        x = x0 + (x1 - x0) * (0.25 + 0.5 * t)
        lift = math.sin(math.pi * t) ** 0.8
        peak = max(0.0, 1 - abs(t - 0.5) / 0.08) * 0.35
        pts.append((x, y0 - crest_h * (0.55 * lift + peak)))
    gd.polygon([(x0 + (x1 - x0) * 0.25, y0), *pts, (x0 + (x1 - x0) * 0.75, y0)], fill=255)
    kd.line(pts, fill=255, width=2)
    # finials: blue hairlines radiating from the crest and the panel's top edge
    for k in range(0, 61, 2):
        x, y = pts[k]
        a = math.atan2(y - (y0 + crest_h * 0.2), x - cx)
        bl.line([(x, y), (x + math.cos(a) * 55, y + math.sin(a) * 55)], fill=255, width=2)
        bl.ellipse([x + math.cos(a) * 55 - 4, y + math.sin(a) * 55 - 4,
                    x + math.cos(a) * 55 + 4, y + math.sin(a) * 55 + 4], fill=255)
    for x in np.arange(x0, x1 + 1, 22):
        if x0 + (x1 - x0) * 0.23 < x < x0 + (x1 - x0) * 0.77:
            continue
        bl.line([(x, y0), (x, y0 - 38)], fill=255, width=2)
        bl.ellipse([x - 3, y0 - 44, x + 3, y0 - 38], fill=255)
    # bands and cartouche
    m = 16
    kd.rectangle([x0, y0, x1, y1], outline=255, width=2)
    kd.rectangle([x0 + m, y0 + m, x1 - m, y1 - m], outline=255, width=2)
    bl.rectangle([x0 + m + 3, y0 + m + 3, x1 - m - 3, y1 - m - 3], fill=255)
    gd.rounded_rectangle([x0 + (x1 - x0) * 0.18, y0 + m + 16, x1 - (x1 - x0) * 0.18, y1 - m - 16],
                         radius=int((y1 - y0) * 0.3), fill=255)
    bl.rounded_rectangle([x0 + (x1 - x0) * 0.18, y0 + m + 16, x1 - (x1 - x0) * 0.18, y1 - m - 16],
                         radius=int((y1 - y0) * 0.3), fill=0)
    kd.rounded_rectangle([x0 + (x1 - x0) * 0.18, y0 + m + 16, x1 - (x1 - x0) * 0.18, y1 - m - 16],
                         radius=int((y1 - y0) * 0.3), outline=255, width=2)
    # florets on the blue ground and scrolls of gold
    for _ in range(260):
        x = rng.uniform(x0 + m + 10, x1 - m - 10)
        y = rng.uniform(y0 + m + 10, y1 - m - 10)
        if x0 + (x1 - x0) * 0.16 < x < x1 - (x1 - x0) * 0.16:
            continue
        r = rng.uniform(5, 9)
        layer = [rd, wd, gd][int(rng.integers(3))]
        for k in range(5):
            a = 2 * math.pi * k / 5
            layer.ellipse([x + math.cos(a) * r - r * 0.45, y + math.sin(a) * r - r * 0.45,
                           x + math.cos(a) * r + r * 0.45, y + math.sin(a) * r + r * 0.45],
                          fill=255)
        gd.ellipse([x - 2, y - 2, x + 2, y + 2], fill=255)
        gr.arc([x - 3 * r, y - 2 * r, x + r, y + 2 * r], 200, 320, fill=255, width=2)
    # gold arabesque scrolls on the blue ground beside the cartouche
    for side in (-1, 1):
        for k in range(3):
            sx = cx + side * (x1 - x0) * (0.36 + 0.035 * k)
            sy = (y0 + y1) / 2 + (k - 1) * (y1 - y0) * 0.22
            for r in (14, 22):
                gd.arc([sx - r, sy - r, sx + r, sy + r], 30 if side > 0 else 210,
                       300 if side > 0 else 120, fill=255, width=3)
    car_w = (x1 - x0) * 0.64
    size = int((y1 - y0) * 0.3)
    while size > 12 and rtl_len(font(NASKH_BOLD, size), text) > car_w * 0.82:
        size -= 2
    text_layer, td = sheet.layer()
    draw_rtl(td, (cx, (y0 + y1) / 2 + size * 0.1), text, font(NASKH_BOLD, size), anchor="mm")
    sheet.ink(gold, GOLD, strength=0.97, sheen=0.05, flake=0.12, bleed=0.5, mottle=False)
    sheet.ink(blue, LAPIS, strength=0.95, flake=0.2, bleed=0.5)
    sheet.ink(green, GREEN, strength=0.8, bleed=0.5)
    sheet.ink(red, VERMILION, strength=0.9)
    sheet.ink(white, (238, 232, 214), strength=0.9, mottle=False)
    sheet.ink(black, CARBON, strength=0.8, bleed=0.4)
    sheet.ink(text_layer, LAPIS, strength=0.97, nib=size * 0.12)


def ms_0142_f001v() -> Image.Image:
    sheet, (x0, y0, x1, y1), rng = shahnameh_page("ms-0142/f001v", "v")
    n_rows = 19
    row_h = (y1 - y0) / n_rows
    head_rows = 7
    unwan(sheet, rng, (x0, y0 + row_h * 1.6, x1, y0 + row_h * head_rows - 8),
          "بسم الله الرحمن الرحیم")
    f = font(NASKH, int(row_h * 0.46))
    # verses clouded in gold (tahrir), the first couplets of the poem
    layers = verse_rows(sheet, rng, (x0, y0, x1, y1), range(head_rows, n_rows), n_rows, f,
                        lead=SHAHNAMEH_OPENING)
    cloud = layers["black"].filter(ImageFilter.MaxFilter(13)).filter(ImageFilter.GaussianBlur(3))
    cloud = cloud.point(lambda v: 255 if v > 60 else 0)
    edge = cloud.filter(ImageFilter.FIND_EDGES)
    sheet.ink(cloud, GOLD, strength=0.55, sheen=0.2, bleed=1.0)
    sheet.ink(edge, CARBON, strength=0.45, bleed=0.5)
    sheet.ink(layers["red"], VERMILION, nib=f.size * 0.13)
    sheet.ink(layers["black"], CARBON, nib=f.size * 0.13)
    ruled_frame(sheet, (x0, y0 + row_h * head_rows - 4, x1, y1))
    library_stamp(sheet, x1 + 150, y1 + 150, 95, "ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ҰЛТТЫҚ "
                  "КІТАПХАНАСЫ · ", "Р-142")
    catchword(sheet, x0 + 40, y1 + 60, "بدان", f)
    holes(sheet, rng, 3, (0, int(0.9 * sheet.h), int(0.3 * sheet.w), sheet.h))
    return scan(sheet, rng, gutter="left", angle=0.25, ruler_cm=70,
                pad_bottom=0.1)


def ms_0142_f002r() -> Image.Image:
    sheet, (x0, y0, x1, y1), rng = shahnameh_page("ms-0142/f002r", "r")
    n_rows = 21
    row_h = (y1 - y0) / n_rows
    f = font(NASKH, int(row_h * 0.5))
    rows = [r for r in range(n_rows) if r not in (8, 9)]
    layers = verse_rows(sheet, rng, (x0, y0, x1, y1), rows, n_rows, f,
                        lead=SHAHNAMEH_OPENING[6:])
    sheet.ink(layers["black"], CARBON, nib=f.size * 0.13)
    # a heading on a gold panel spanning the middle columns
    hx0, hx1 = x0 + (x1 - x0) * 0.25, x1 - (x1 - x0) * 0.25
    hy0, hy1 = y0 + row_h * 8 + 6, y0 + row_h * 10 - 6
    panel, pd = sheet.layer()
    pd.rectangle([x0, hy0, x1, hy1], fill=255)
    sheet.ink(panel, (236, 224, 196), strength=1.0, mottle=False, bleed=0)
    gold, gd = sheet.layer()
    blue, bd = sheet.layer()
    head, hd = sheet.layer()
    gd.rectangle([hx0, hy0, hx1, hy1], fill=255)
    for x in np.arange(x0 + 14, hx0 - 8, 18):
        bd.line([(x, hy0 + 10), (x + 9, (hy0 + hy1) / 2), (x, hy1 - 10)], fill=255, width=2)
    for x in np.arange(hx1 + 14, x1 - 8, 18):
        bd.line([(x, hy0 + 10), (x + 9, (hy0 + hy1) / 2), (x, hy1 - 10)], fill=255, width=2)
    bd.rectangle([hx0, hy0, hx1, hy1], outline=255, width=3)
    heading = "گفتار اندر ستایش خرد"
    hf = fit_font(NASKH_BOLD, heading, (hx1 - hx0) * 0.86, int(row_h * 0.62))
    draw_rtl(hd, ((hx0 + hx1) / 2, (hy0 + hy1) / 2), heading, hf, anchor="mm")
    sheet.ink(gold, GOLD, strength=0.95, sheen=0.05, flake=0.15, mottle=False)
    sheet.ink(blue, LAPIS, strength=0.85)
    sheet.ink(head, VERMILION, strength=0.95, nib=hf.size * 0.12)
    ruled_frame(sheet, (x0, y0, x1, y1))
    pencil(sheet, (70, 60), "2", 34)
    return scan(sheet, rng, gutter="right", angle=-0.2, ruler_cm=70, pad_bottom=0.1)


HORSE = [(-0.48, -0.62), (-0.40, -0.70), (-0.10, -0.66), (0.22, -0.72), (0.36, -0.92),
         (0.45, -1.06), (0.44, -1.15), (0.48, -1.08), (0.52, -1.05), (0.66, -0.87),
         (0.67, -0.80), (0.56, -0.81), (0.43, -0.80), (0.40, -0.58), (0.39, -0.32),
         (0.42, -0.18), (0.41, 0.0), (0.34, 0.0), (0.34, -0.20), (0.30, -0.45),
         (0.0, -0.44), (-0.22, -0.45), (-0.25, -0.35), (-0.31, -0.18), (-0.27, 0.0),
         (-0.35, 0.0), (-0.39, -0.18), (-0.44, -0.36), (-0.50, -0.50)]


def horse_points(cx: float, gy: float, length: float, facing: int = 1
                 ) -> list[tuple[float, float]]:
    """A horse in profile standing on the ground line ``gy``, ``length`` px nose to tail."""
    return [(cx + facing * x * length, gy + y * length) for x, y in HORSE]


def miniature(sheet: Sheet, rng: np.random.Generator,
              box: tuple[float, float, float, float]) -> None:
    """A painting in the text block: gold sky, sponge rocks, a plane tree, two riders in combat."""
    x0, y0, x1, y1 = (int(v) for v in box)
    w, h = x1 - x0, y1 - y0
    img = Image.new("RGB", (w, h), (176, 190, 128))
    d = ImageDraw.Draw(img)
    horizon = int(0.24 * h)
    d.rectangle([0, 0, w, horizon], fill=GOLD)
    # a high horizon of many-coloured rocks, each lobe outlined
    lobes = []
    for _ in range(46):
        x = rng.uniform(-0.05, 1.05) * w
        y = horizon + rng.uniform(-0.08, 0.06) * h
        r = rng.uniform(0.03, 0.07) * w
        lobes.append((y, x, r))
    colours = [(206, 170, 190), (170, 176, 206), (214, 196, 150), (190, 206, 186)]
    for y, x, r in sorted(lobes):
        c = colours[int(rng.integers(len(colours)))]
        d.ellipse([x - r, y - r * 0.8, x + r, y + r * 0.8], fill=c, outline=(90, 80, 90), width=2)
        d.arc([x - r * 0.6, y - r * 0.5, x + r * 0.4, y + r * 0.4], 200, 330, fill=(110, 95, 110),
              width=2)
    d.rectangle([0, horizon + int(0.05 * h), w, h], fill=(172, 188, 124))
    # tufts of grass and flowering plants over the meadow
    for _ in range(340):
        x, y = rng.uniform(0, w), rng.uniform(horizon + 0.07 * h, h)
        g = (70 + int(rng.integers(30)), 110 + int(rng.integers(30)), 60)
        for k in (-1, 0, 1):
            d.line([(x, y), (x + k * 5, y - 11)], fill=g, width=2)
        if rng.random() < 0.3:
            c = [(200, 60, 50), (244, 238, 224), (60, 80, 150)][int(rng.integers(3))]
            d.ellipse([x - 3, y - 16, x + 3, y - 10], fill=c)
    # a stream of silver, tarnished to grey, winding across the meadow
    stream = [(w * (0.05 + 0.9 * t) + 0.06 * w * math.sin(t * 9),
               h * (0.98 - 0.58 * t) + 0.03 * h * math.sin(t * 14)) for t in np.linspace(0, 1, 40)]
    d.line(stream, fill=(96, 98, 104), width=int(h * 0.05), joint="curve")
    for k in range(0, len(stream) - 2, 2):
        ax, ay = stream[k]
        d.arc([ax - 8, ay - 4, ax + 8, ay + 4], 180, 360, fill=(150, 152, 160), width=2)
    # the plane tree, rising out of the frame
    tx = int(0.84 * w)
    d.line([(tx, h * 0.8), (tx - 14, h * 0.45), (tx + 6, h * 0.1), (tx - 4, -10)],
           fill=(110, 74, 48), width=18, joint="curve")
    d.line([(tx - 8, h * 0.35), (tx - 80, h * 0.18)], fill=(110, 74, 48), width=9)
    for _ in range(160):
        x, y = tx + rng.normal(0, w * 0.07), rng.uniform(-0.02 * h, 0.45 * h)
        r = rng.uniform(6, 13)
        g = (48 + int(rng.integers(40)), 96 + int(rng.integers(30)), 56)
        d.polygon([(x, y - r), (x + r, y), (x, y + r * 0.6), (x - r, y)], fill=g,
                  outline=(30, 60, 36))
    # two riders meeting in combat

    def rider(cx: float, gy: float, facing: int, horse: tuple[int, int, int],
              coat: tuple[int, int, int], cloth: tuple[int, int, int]) -> None:
        L = w * 0.27
        pts = horse_points(cx, gy, L, facing)
        tail = [pts[0], (cx - facing * 0.62 * L, gy - 0.45 * L), (cx - facing * 0.6 * L,
                                                                    gy - 0.28 * L)]
        d.line(tail, fill=(40, 30, 26), width=10, joint="curve")
        d.polygon(pts, fill=horse, outline=(40, 30, 26))
        d.line([(cx + facing * 0.36 * L, gy - 0.92 * L), (cx + facing * 0.2 * L, gy - 0.72 * L)],
               fill=(40, 30, 26), width=7)  # mane
        d.polygon([(cx - 0.2 * L, gy - 0.72 * L), (cx + 0.14 * L, gy - 0.74 * L),
                   (cx + 0.16 * L * 1.0, gy - 0.5 * L), (cx - 0.22 * L, gy - 0.48 * L)],
                  fill=cloth, outline=(40, 30, 26))
        bx = cx - facing * 0.02 * L
        d.polygon([(bx - 0.08 * L, gy - 0.7 * L), (bx + 0.08 * L, gy - 0.7 * L),
                   (bx + 0.06 * L, gy - 1.05 * L), (bx - 0.06 * L, gy - 1.05 * L)], fill=coat,
                  outline=(40, 30, 26))
        d.line([(bx, gy - 0.72 * L), (bx + facing * 0.05 * L, gy - 0.5 * L)], fill=coat,
               width=int(0.05 * L))
        d.ellipse([bx - 0.055 * L, gy - 1.16 * L, bx + 0.055 * L, gy - 1.05 * L],
                  fill=(236, 208, 172), outline=(40, 30, 26))
        d.ellipse([bx - 0.07 * L, gy - 1.22 * L, bx + 0.07 * L, gy - 1.12 * L],
                  fill=(246, 242, 232), outline=(40, 30, 26))
        d.polygon([(bx - 0.015 * L, gy - 1.2 * L), (bx + 0.015 * L, gy - 1.2 * L),
                   (bx, gy - 1.3 * L)], fill=(190, 40, 36))
        d.ellipse([bx - facing * 0.12 * L - 0.06 * L, gy - 0.98 * L,
                   bx - facing * 0.12 * L + 0.06 * L, gy - 0.86 * L], fill=GOLD,
                  outline=(40, 30, 26))  # shield
        d.line([(bx + facing * 0.03 * L, gy - 0.95 * L), (bx + facing * 0.75 * L, gy - 1.12 * L)],
               fill=(80, 60, 40), width=5)  # lance
    rider(w * 0.3, h * 0.9, 1, (236, 230, 214), (190, 48, 40), (40, 70, 140))
    rider(w * 0.64, h * 0.86, -1, (132, 86, 52), (40, 70, 140), (190, 48, 40))
    paint = np.asarray(img.filter(ImageFilter.GaussianBlur(0.7)), np.float32)
    paint *= (1 + 0.05 * fbm(h, w, rng, ((80, 1), (240, 1))))[..., None]
    # small losses of paint show the paper
    flake = (fbm(h, w, rng, ((90, 1), (260, .6))) > 1.6)[..., None]
    under = sheet.rgb[y0:y1, x0:x1]
    sheet.rgb[y0:y1, x0:x1] = np.where(flake, under * 0.94, paint)
    # the crown of the tree breaks out of the frame into the text above
    lay, d2 = sheet.layer()
    for _ in range(70):
        x, y = x0 + tx + rng.normal(0, w * 0.05), y0 - rng.uniform(0, 0.09 * h)
        r = rng.uniform(6, 13)
        d2.polygon([(x, y - r), (x + r, y), (x, y + r * 0.6), (x - r, y)], fill=255)
    sheet.ink(lay, (62, 104, 64), strength=0.92)
    frame, fd = sheet.layer()
    fd.rectangle([x0, y0, x1, y1], outline=255, width=2)
    sheet.ink(frame, CARBON, strength=0.8)


def ms_0142_f145v() -> Image.Image:
    sheet, (x0, y0, x1, y1), rng = shahnameh_page("ms-0142/f145v", "v")
    n_rows = 21
    row_h = (y1 - y0) / n_rows
    f = font(NASKH, int(row_h * 0.5))
    rows = [*range(0, 6), *range(17, 21)]
    layers = verse_rows(sheet, rng, (x0, y0, x1, y1), rows, n_rows, f)
    sheet.ink(layers["black"], CARBON, nib=f.size * 0.13)
    miniature(sheet, rng, (x0 + 2, y0 + row_h * 6 + 8, x1 - 2, y0 + row_h * 17 - 8))
    # a caption-verse in red over the painting's top edge
    ruled_frame(sheet, (x0, y0, x1, y1))
    catchword(sheet, x0 + 40, y1 + 60, "چنین", f)
    return scan(sheet, rng, gutter="left", angle=0.15, ruler_cm=70, pad_bottom=0.1)


# --------------------------------------------------------------------------------------------
# ms-0307 — Shajara-i Turk, Chaghatay, c. 1720: an opening page and a genealogical diagram
# --------------------------------------------------------------------------------------------


def prose_page(sheet: Sheet, rng: np.random.Generator, box: tuple[float, float, float, float],
               n_lines: int, vocab: Sequence[str], lead: Sequence[str] = (),
               size: float = 0.5, red_p: float = 0.0, skip: Iterable[int] = ()
               ) -> dict[str, Image.Image]:
    x0, y0, x1, y1 = box
    black, bd = sheet.layer()
    red, rd = sheet.layer()
    draws = {"black": bd, "red": rd}
    row_h = (y1 - y0) / n_lines
    f = font(NASKH, int(row_h * size))
    words = Words(vocab, rng, lead)
    skip = set(skip)
    reds = set(RED_WORDS)

    def is_red(w: str) -> bool:
        return w in reds or (red_p > 0 and rng.random() < red_p)
    for i in range(n_lines):
        if i in skip:
            continue
        base = y0 + (i + 0.75) * row_h
        set_line(draws, f, words, x0, x1, base, rng, red=is_red, jitter=1.0)
    return {"black": black, "red": red, "font": f}  # type: ignore[dict-item]


def ms_0307_f001v() -> Image.Image:
    rng = seeded("ms-0307/f001v")
    w, h = 1380, 2050
    sheet = Sheet(w, h, rng, (224, 204, 166), foxing=25, edge_tone=0.18, stains=2, fibres=1.3)
    x0, x1 = int(0.14 * w), int(0.83 * w)
    y0, y1 = int(0.2 * h), int(0.84 * h)
    # a modest headpiece: a gold-and-blue band with a red title
    hd, hdd = sheet.layer()
    bl, bld = sheet.layer()
    rd, rdd = sheet.layer()
    hdd.rectangle([x0, int(0.1 * h), x1, int(0.165 * h)], fill=255)
    bld.rectangle([x0 + 12, int(0.1 * h) + 12, x1 - 12, int(0.165 * h) - 12], fill=255)
    draw_rtl(rdd, ((x0 + x1) / 2, int(0.1325 * h)), "کتاب شجرهٔ ترک",
             font(NASKH_BOLD, 46), anchor="mm")
    sheet.ink(hd, GOLD, strength=0.9, sheen=0.05, flake=0.4, mottle=False)
    sheet.ink(bl, LAPIS, strength=0.85, flake=0.4)
    sheet.ink(rd, GOLD, strength=1.0, mottle=False, nib=5, sheen=0.05)
    lead = ["بسم", "الله", "الرحمن", "الرحیم", "حمد", "و", "ثنا", "اول", "پادشاهغه", "کیم"]
    layers = prose_page(sheet, rng, (x0, y0, x1, y1), 15, CHAGHATAY, lead=lead, red_p=0.03)
    sheet.ink(layers["red"], VERMILION, nib=layers["font"].size * 0.13)
    sheet.ink(layers["black"], IRON_GALL, strength=0.96, nib=layers["font"].size * 0.13)
    lay, d = sheet.layer()
    d.rectangle([x0 - 12, int(0.1 * h) - 12, x1 + 12, y1 + 10], outline=255, width=2)
    sheet.ink(lay, VERMILION, strength=0.6)
    # an owner's note written at a slant in the margin, and a stamp
    note, _ = sheet.layer()
    rotated_text(note, (x1 + 95, (y0 + y1) / 2), "من کتب العبد الفقیر ملا یوسف",
                 font(NASKH, 26), angle=62, rtl=True)
    sheet.ink(note, (70, 55, 50), strength=0.75)
    library_stamp(sheet, x0 + 130, y1 + 140, 80, "ҒЫЛЫМ ОРДАСЫ · КІТАПХАНА · ", "Қ-307")
    catchword(sheet, x0 + 30, y1 + 55, "ایردی", font(NASKH, 34))
    return scan(sheet, rng, gutter="left", angle=-0.35, corner=True, ruler_cm=66,
                pad_bottom=0.1)


TREE = [
    ("اوغوز خان", [
        ("کون خان", ["قایی", "بیات", "آلقه اولی", "قره اولی"]),
        ("آی خان", ["یازیر", "دوگر", "دودورغه", "یاپرلی"]),
        ("ییلدوز خان", ["اوشار", "قزیق", "بیگدیلی", "قارقین"]),
        ("کوک خان", ["بایندر", "بچنه", "چاولدر", "چپنی"]),
        ("تاغ خان", ["سالور", "ایمور", "آلایونتلی", "اورگیر"]),
        ("تنگیز خان", ["ایغدر", "بوگدوز", "ییوه", "قنیق"]),
    ]),
]


def ms_0307_f056r() -> Image.Image:
    rng = seeded("ms-0307/f056r")
    w, h = 1380, 2050
    sheet = Sheet(w, h, rng, (222, 201, 160), foxing=30, edge_tone=0.2, stains=1, fibres=1.3)
    x0, x1 = int(0.17 * w), int(0.86 * w)
    y0, y1 = int(0.08 * h), int(0.84 * h)
    row_h = (y1 - y0) / 15
    layers = prose_page(sheet, rng, (x0, y0, x1, y0 + row_h * 4), 4, CHAGHATAY, red_p=0.03)
    sheet.ink(layers["red"], VERMILION, nib=layers["font"].size * 0.13)
    sheet.ink(layers["black"], IRON_GALL, nib=layers["font"].size * 0.13)
    lines, ld = sheet.layer()
    names, nd = sheet.layer()
    reds, rdd = sheet.layer()
    root_name, sons = TREE[0]
    rx, ry = (x0 + x1) / 2, y0 + row_h * 5.0
    fn = font(NASKH, 25)
    fs = font(NASKH, 21)
    rr = 70
    ld.ellipse([rx - rr, ry - rr * 0.7, rx + rr, ry + rr * 0.7], outline=255, width=3)
    draw_rtl(rdd, (rx, ry), root_name, font(NASKH_BOLD, 34), anchor="mm")
    n = len(sons)
    col_w = (x1 - x0) / n
    for i, (son, tribes) in enumerate(sons):
        sx = x1 - (i + 0.5) * col_w  # right to left
        sy = ry + row_h * 2.1
        half = col_w / 2 - 5
        ld.line([(rx, ry + rr * 0.7), (rx, ry + rr * 1.2), (sx, ry + rr * 1.2), (sx, sy - 36)],
                fill=255, width=2)
        ld.ellipse([sx - half, sy - 36, sx + half, sy + 36], outline=255, width=2)
        draw_rtl(nd, (sx, sy), son, fn, anchor="mm")
        prev = sy + 36
        for j, tribe in enumerate(tribes):
            ty = sy + row_h * (1.35 + j * 1.3)
            ld.line([(sx, prev), (sx, ty - 30)], fill=255, width=2)
            ld.ellipse([sx - half * 0.86, ty - 30, sx + half * 0.86, ty + 30], outline=255,
                       width=2)
            draw_rtl(nd, (sx, ty), tribe, fs, anchor="mm")
            prev = ty + 30
    sheet.ink(lines, VERMILION, strength=0.85)
    sheet.ink(reds, VERMILION, strength=0.95, nib=4)
    sheet.ink(names, IRON_GALL, nib=2.5)
    # a note below the tree
    layers = prose_page(sheet, rng, (x0, y0 + row_h * 13.1, x1, y1 + row_h * 0.3), 2, CHAGHATAY)
    sheet.ink(layers["black"], IRON_GALL, nib=layers["font"].size * 0.13)
    pencil(sheet, (70, 60), "56", 32)
    holes(sheet, rng, 4, (int(0.6 * w), int(0.88 * h), w, h), size=(3, 7))
    return scan(sheet, rng, gutter="right", angle=0.3, ruler_cm=66,
                pad_bottom=0.1)


# --------------------------------------------------------------------------------------------
# ms-0519 — Divan-i Hikmat, Chaghatay, 1850–1870: verse in two columns on Kokand paper
# --------------------------------------------------------------------------------------------


def hikmet_page(name: str, side: str, start: int) -> Image.Image:
    rng = seeded(name)
    w, h = 1240, 1960
    sheet = Sheet(w, h, rng, (226, 212, 176), foxing=12, edge_tone=0.15, fibres=1.6,
                  stains=1 if side == "r" else 0)
    inner, outer = int(0.12 * w), int(0.17 * w)
    x0 = inner if side == "v" else outer
    x1 = w - (outer if side == "v" else inner)
    y0, y1 = int(0.1 * h), int(0.86 * h)
    n = 17
    row_h = (y1 - y0) / n
    f = font(NASKH, int(row_h * 0.5))
    black, bd = sheet.layer()
    red, rd = sheet.layer()
    draws = {"black": bd, "red": rd}
    cw = (x1 - x0) / 2
    heading_rows = {(start * 5) % n, (start * 5 + 9) % n}
    number = start
    for r in range(n):
        base = y0 + (r + 0.75) * row_h
        if r in heading_rows:
            draw_rtl(rd, ((x0 + x1) / 2, base), f"حکمت {to_arabic_digits(number)}", f,
                     anchor="ms")
            number += 1
            continue
        for c in range(2):
            set_line(draws, f, Words(HIKMET, rng), x1 - (c + 1) * cw + 18, x1 - c * cw - 18,
                     base, rng, jitter=1.0)
    sheet.ink(red, VERMILION, strength=0.9, nib=f.size * 0.13)
    sheet.ink(black, CARBON, nib=f.size * 0.13)
    lay, d = sheet.layer()
    d.rectangle([x0 - 10, y0 - 6, x1 + 10, y1 + 6], outline=255, width=2)
    d.line([((x0 + x1) / 2, y0 - 6), ((x0 + x1) / 2, y1 + 6)], fill=255, width=1)
    sheet.ink(lay, VERMILION, strength=0.7)
    if side == "v":
        catchword(sheet, x0 + 30, y1 + 50, "یانیب", f)
    else:
        pencil(sheet, (70, 60), str(13), 30)
    return scan(sheet, rng, gutter="left" if side == "v" else "right",
                angle=float(rng.uniform(-0.4, 0.4)), ruler_cm=75, pad_bottom=0.11)


def to_arabic_digits(n: int, persian: bool = False) -> str:
    digits = "۰۱۲۳۴۵۶۷۸۹" if persian else "٠١٢٣٤٥٦٧٨٩"
    return "".join(digits[int(c)] for c in str(n))


def ms_0519_f012v() -> Image.Image:
    return hikmet_page("ms-0519/f012v", "v", 21)


def ms_0519_f013r() -> Image.Image:
    return hikmet_page("ms-0519/f013r", "r", 23)


# --------------------------------------------------------------------------------------------
# ms-0611 — al-Fawa'id al-Diya'iyya (Jami on the Kafiya), Arabic, 16th c.: glosses, colophon
# --------------------------------------------------------------------------------------------


def ms_0611_f002v() -> Image.Image:
    rng = seeded("ms-0611/f002v")
    w, h = 1400, 2000
    sheet = Sheet(w, h, rng, (216, 192, 148), foxing=40, edge_tone=0.22, stains=2,
                  fibres=1.2, mottle=0.05)
    x0, x1 = int(0.2 * w), int(0.74 * w)
    y0, y1 = int(0.17 * h), int(0.8 * h)
    n = 19
    row_h = (y1 - y0) / n
    black, bd = sheet.layer()
    red, rd = sheet.layer()
    draws = {"black": bd, "red": rd}
    f = font(NASKH, int(row_h * 0.5))
    words = Words(ARABIC, rng, ["قوله", *ARABIC_KAFIYA])
    overline, od = sheet.layer()
    for i in range(n):
        base = y0 + (i + 0.75) * row_h
        set_line(draws, f, words, x0, x1, base, rng, jitter=0.8,
                 red=lambda s: s in RED_WORDS or s in ARABIC_KAFIYA[:4])
        # the commented text (matn) is overlined in red
        if rng.random() < 0.35:
            xa = rng.uniform(x0, x1 - 200)
            od.line([(xa, base - row_h * 0.62), (xa + rng.uniform(120, 260), base - row_h * 0.62)],
                    fill=255, width=3)
    sheet.ink(overline, VERMILION, strength=0.9)
    sheet.ink(red, VERMILION, nib=f.size * 0.13)
    sheet.ink(black, CARBON, nib=f.size * 0.13)
    # marginal glosses, written diagonally and in blocks, in a smaller, browner hand
    gl, _ = sheet.layer()
    gf = font(NASKH, 21)
    for k in range(9):
        text = " ".join(ARABIC[int(i)] for i in rng.integers(0, len(ARABIC), 5))
        cx = x1 + 130 + rng.normal(0, 14)
        cy = y0 + 90 + k * 150
        rotated_text(gl, (cx, cy), text, gf, angle=float(38 + rng.normal(0, 3)), rtl=True)
    for k in range(5):
        text = " ".join(ARABIC[int(i)] for i in rng.integers(0, len(ARABIC), 4))
        rotated_text(gl, (x0 - 120, y0 + 220 + k * 230), text, gf, angle=-40, rtl=True)
    # interlinear notes
    for _ in range(10):
        text = ARABIC[int(rng.integers(len(ARABIC)))]
        i = int(rng.integers(n))
        rotated_text(gl, (rng.uniform(x0 + 40, x1 - 40), y0 + i * row_h + 6), text,
                     font(NASKH, 18), angle=float(rng.normal(0, 6)), rtl=True)
    sheet.ink(gl, (88, 60, 42), strength=0.8)
    lay, d = sheet.layer()
    d.rectangle([x0 - 10, y0 - 8, x1 + 10, y1 + 8], outline=255, width=2)
    sheet.ink(lay, VERMILION, strength=0.55)
    catchword(sheet, x0 + 20, y1 + 60, "الاسم", f)
    library_stamp(sheet, x0 + 60, y0 - 110, 70, "ҒЫЛЫМ ОРДАСЫ · КІТАПХАНА · ", "Қ-611",
                  strength=0.4)
    holes(sheet, rng, 10, (0, int(0.75 * h), int(0.5 * w), h))
    holes(sheet, rng, 4, (0, 0, int(0.25 * w), int(0.2 * h)))
    return scan(sheet, rng, gutter="left", angle=0.2, ruler_cm=70,
                pad_bottom=0.1)


def ms_0611_f087v() -> Image.Image:
    rng = seeded("ms-0611/f087v")
    w, h = 1400, 2000
    sheet = Sheet(w, h, rng, (214, 189, 144), foxing=45, edge_tone=0.24, stains=1,
                  fibres=1.2, mottle=0.05)
    x0, x1 = int(0.2 * w), int(0.74 * w)
    y0, y1 = int(0.17 * h), int(0.8 * h)
    n = 19
    row_h = (y1 - y0) / n
    black, bd = sheet.layer()
    red, rd = sheet.layer()
    draws = {"black": bd, "red": rd}
    f = font(NASKH, int(row_h * 0.5))
    words = Words(ARABIC, rng)
    for i in range(8):
        set_line(draws, f, words, x0, x1, y0 + (i + 0.75) * row_h, rng, jitter=0.8,
                 red=lambda s: s in RED_WORDS)
    colophon = ["تم الكتاب بعون الملك الوهاب", "على يد العبد الضعيف الراجي",
                "رحمة ربه الغني غفر الله له", "ولوالديه ولجميع المسلمين",
                "في شهر رمضان المبارك", "سنة تسع وخمسين", "وتسعمائة"]
    cx = (x0 + x1) / 2
    for k, line in enumerate(colophon):
        base = y0 + (9 + k + 0.75) * row_h
        width = (x1 - x0) * (1 - k / (len(colophon) + 1.2))
        words = Words(ARABIC, rng, line.split())
        set_line(draws, f, words, cx - width / 2, cx + width / 2, base, rng,
                 max_words=len(line.split()), jitter=0.6, loose=0.8)
    rd.text((cx, y0 + (16.9 + 0.5) * row_h), "❁", font=font(SANS, int(row_h * 0.8)), fill=255,
            anchor="mm")
    sheet.ink(red, VERMILION, nib=f.size * 0.13)
    sheet.ink(black, CARBON, nib=f.size * 0.13)
    lay, d = sheet.layer()
    d.rectangle([x0 - 10, y0 - 8, x1 + 10, y1 + 8], outline=255, width=2)
    sheet.ink(lay, VERMILION, strength=0.55)
    # worms have eaten through the year
    holes(sheet, rng, 5, (int(cx - 140), int(y0 + 14 * row_h),
                                      int(cx + 140), int(y0 + 16.2 * row_h)), size=(5, 11))
    holes(sheet, rng, 8, (0, int(0.8 * h), int(0.4 * w), h))
    return scan(sheet, rng, gutter="left", angle=-0.3, ruler_cm=70,
                pad_bottom=0.1)


# --------------------------------------------------------------------------------------------
# Kazan printing (bk-2291 Qyz Zhibek 1894, bk-2304 Er Targyn 1896)
# --------------------------------------------------------------------------------------------


def ornament_border(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float],
                    unit: float) -> None:
    """A border of typographic fleurons, as Kazan printers set round a title."""
    x0, y0, x1, y1 = box
    draw.rectangle([x0, y0, x1, y1], outline=255, width=3)
    draw.rectangle([x0 + unit * 1.6, y0 + unit * 1.6, x1 - unit * 1.6, y1 - unit * 1.6],
                   outline=255, width=1)

    def fleuron(cx: float, cy: float) -> None:
        r = unit * 0.5
        draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], outline=255,
                     width=2)
        draw.ellipse([cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3], fill=255)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            draw.ellipse([cx + dx * r * 0.75 - 2, cy + dy * r * 0.75 - 2,
                          cx + dx * r * 0.75 + 2, cy + dy * r * 0.75 + 2], fill=255)
    k = int((x1 - x0) / unit)
    for i in range(k):
        x = x0 + (i + 0.5) * (x1 - x0) / k
        fleuron(x, y0 + unit * 0.8)
        fleuron(x, y1 - unit * 0.8)
    k = int((y1 - y0) / unit)
    for i in range(1, k - 1):
        y = y0 + (i + 0.5) * (y1 - y0) / k
        fleuron(x0 + unit * 0.8, y)
        fleuron(x1 - unit * 0.8, y)


def press_ink(sheet: Sheet, mask: Image.Image, color: tuple[int, int, int] = PRINT_BLACK,
              strength: float = 0.95) -> None:
    """Letterpress: slightly uneven inking and a little squeeze of ink at the edges."""
    squeezed = mask.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.GaussianBlur(0.6))
    sheet.ink(squeezed, color, strength=strength * 0.25, bleed=0)
    sheet.ink(mask, color, strength=strength, bleed=0.5, flake=0.15)


def bk_2291_title() -> Image.Image:
    rng = seeded("bk-2291/title")
    w, h = 1230, 1880
    sheet = Sheet(w, h, rng, (228, 222, 202), foxing=70, edge_tone=0.2, fibres=0.6, grain=1.8)
    lay, d = sheet.layer()
    m = 0.11 * w
    ornament_border(d, (m, 0.09 * h, w - m, 0.9 * h), 30)
    cx = w / 2
    set_centered(d, cx, 0.17 * h, "Дозволено цензурою. Казань, 4 мая 1894 г.",
                 font(SERIF, 22))
    set_centered(d, cx, 0.29 * h, "قصهٔ", font(NASKH_BOLD, 70), rtl=True)
    set_centered(d, cx, 0.40 * h, "قیز جیبک", font(NASKH_BOLD, 130), rtl=True)
    d.line([(cx - 200, 0.44 * h), (cx + 200, 0.44 * h)], fill=255, width=3)
    d.line([(cx - 140, 0.452 * h), (cx + 140, 0.452 * h)], fill=255, width=1)
    sub = "قازاق ایلینینگ قدیمی جیری توله بی ایلی"
    set_centered(d, cx, 0.52 * h, sub, font(NASKH, 44), rtl=True)
    set_centered(d, cx, 0.58 * h, "بکژان بیرلان جیبک قیز حکایتی", font(NASKH, 44), rtl=True)
    # a printer's vignette: a rosette between two rules of fleurons
    vx, vy = cx, 0.685 * h
    for k in range(12):
        a = 2 * math.pi * k / 12
        px, py = vx + math.cos(a) * 34, vy + math.sin(a) * 34
        d.ellipse([px - 13, py - 13, px + 13, py + 13], outline=255, width=3)
    d.ellipse([vx - 16, vy - 16, vx + 16, vy + 16], fill=255)
    d.ellipse([vx - 58, vy - 58, vx + 58, vy + 58], outline=255, width=2)
    for side in (-1, 1):
        for k in range(4):
            x = vx + side * (95 + k * 38)
            d.polygon([(x, vy - 10), (x + 10, vy), (x, vy + 10), (x - 10, vy)], fill=255)
    set_centered(d, cx, 0.79 * h, "قازان", font(NASKH_BOLD, 54), rtl=True)
    set_centered(d, cx, 0.835 * h, to_arabic_digits(1894), font(NASKH, 42), rtl=True)
    set_centered(d, cx, 0.868 * h, "Казань. Типо-литографія Императорскаго Университета. 1894.",
                 font(SERIF, 18))
    press_ink(sheet, lay)
    library_stamp(sheet, 0.72 * w, 0.64 * h, 78, "ҒЫЛЫМ ОРДАСЫ · КІТАПХАНА · ", "КП-2291",
                  strength=0.45)
    return scan(sheet, rng, gutter="right", angle=-0.25, ruler_cm=70, pad_bottom=0.11)


def kazan_text_page(name: str, page: int, paper_color: tuple[int, int, int],
                    header: str, first: bool = False) -> Image.Image:
    rng = seeded(name)
    w, h = 1230, 1880
    sheet = Sheet(w, h, rng, paper_color, foxing=90, edge_tone=0.2, fibres=0.6, grain=1.8)
    lay, d = sheet.layer()
    draws = {"black": d, "red": d}
    x0, x1 = int(0.14 * w), int(0.87 * w)  # recto of an RTL book: the gutter is on the right
    y0, y1 = int(0.1 * h), int(0.86 * h)
    # running head with the page number, and a double rule
    set_centered(d, (x0 + x1) / 2, y0, to_arabic_digits(page), font(NASKH, 32), rtl=True)
    set_centered(d, x0 + 120, y0, header, font(NASKH, 28), rtl=True)
    d.line([(x0, y0 + 18), (x1, y0 + 18)], fill=255, width=3)
    d.line([(x0, y0 + 25), (x1, y0 + 25)], fill=255, width=1)
    top = y0 + 60
    if first:
        band_h = 150
        ornament_border(d, (x0, top, x1, top + band_h), 24)
        set_centered(d, (x0 + x1) / 2, top + band_h / 2, "ار تارغین", font(NASKH_BOLD, 64),
                     rtl=True, anchor="mm")
        top += band_h + 40
    n = int((y1 - top) / 62)
    f = font(NASKH, 34)
    cw = (x1 - x0) / 2
    for r in range(n):
        base = top + (r + 0.8) * (y1 - top) / n
        for c in range(2):
            set_line(draws, f, Words(KAZAKH_ARABIC, rng), x1 - (c + 1) * cw + 22,
                     x1 - c * cw - 22, base, rng)
        d.text(((x0 + x1) / 2, base - 10), "*", font=font(SERIF, 20), fill=255, anchor="mm")
    # the catchword in the lower left corner, under the last line
    draw_rtl(d, (x0, y1 + 50), "کوردی", f, anchor="ls")
    press_ink(sheet, lay)
    return scan(sheet, rng, gutter="right", angle=float(rng.uniform(-0.3, 0.3)), ruler_cm=70,
                pad_bottom=0.11)


def bk_2291_p005() -> Image.Image:
    return kazan_text_page("bk-2291/p005", 5, (230, 224, 206), "قیز جیبک")


def bk_2304_p003() -> Image.Image:
    return kazan_text_page("bk-2304/p003", 3, (222, 214, 190), "ار تارغین", first=True)


def bk_2304_cover() -> Image.Image:
    rng = seeded("bk-2304/cover")
    w, h = 1230, 1880
    # a faded green printed wrapper, browned at the spine and the edges
    sheet = Sheet(w, h, rng, (176, 190, 160), foxing=20, edge_tone=0.3, fibres=0.5, grain=2.0,
                  stains=1)
    lay, d = sheet.layer()
    m = 0.09 * w
    ornament_border(d, (m, 0.07 * h, w - m, 0.93 * h), 34)
    cx = w / 2
    set_centered(d, cx, 0.2 * h, "قصهٔ", font(NASKH_BOLD, 80), rtl=True)
    set_centered(d, cx, 0.34 * h, "ار تارغین", font(NASKH_BOLD, 150), rtl=True)
    set_centered(d, cx, 0.45 * h, "قازاق باتیری ار تارغینینگ جیری", font(NASKH, 46), rtl=True)
    d.rectangle([cx - 230, 0.5 * h, cx + 230, 0.5 * h + 6], fill=255)
    set_centered(d, cx, 0.58 * h, "ЕРЪ-ТАРГЫНЪ", font(SERIF_BOLD, 60))
    set_centered(d, cx, 0.62 * h, "киргизская поэма", font(SERIF_ITALIC, 34))
    set_centered(d, cx, 0.78 * h, "قازان ١٨٩٦", font(NASKH_BOLD, 54), rtl=True)
    set_centered(d, cx, 0.84 * h, "Казань. Типо-литографія Императорскаго Университета.",
                 font(SERIF, 22))
    set_centered(d, cx, 0.87 * h, "Цѣна 5 коп.", font(SERIF, 22))
    press_ink(sheet, lay, (28, 32, 40))
    # fading from light along the exposed spine (right edge: an RTL book)
    _, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    fade = np.exp(-(w - 1 - xx) / 60)[..., None]
    sheet.rgb = sheet.rgb * (1 - 0.3 * fade) + np.array([150, 120, 80]) * 0.3 * fade
    return scan(sheet, rng, angle=0.4, corner=True, ruler_cm=70, pad_bottom=0.11)


# --------------------------------------------------------------------------------------------
# bk-3310 — a Latin-script (Jaña älipbi) primer for adults
# --------------------------------------------------------------------------------------------


def bk_3310_cover() -> Image.Image:
    rng = seeded("bk-3310/cover")
    w, h = 1300, 1840
    sheet = Sheet(w, h, rng, (206, 200, 178), foxing=15, edge_tone=0.28, fibres=0.4, grain=2.2,
                  mottle=0.05)
    red, rd = sheet.layer()
    black, kd = sheet.layer()
    # a constructivist cover: a red wedge, a black bar, stacked letters
    rd.polygon([(0, 0.62 * h), (w, 0.28 * h), (w, 0.44 * h), (0, 0.78 * h)], fill=255)
    kd.rectangle([0.09 * w, 0.08 * h, 0.91 * w, 0.2 * h], fill=255)
    big = font(SANS_BOLD, 190)
    kd.text((0.09 * w, 0.38 * h), "A", font=big, fill=255, anchor="ls")
    rd.text((0.27 * w, 0.38 * h), "Ə", font=big, fill=255, anchor="ls")
    kd.text((0.45 * w, 0.38 * h), "B", font=big, fill=255, anchor="ls")
    title = font(SANS_COND_BOLD, 112)
    # white letters knocked out of the black bar: drawn as paper over the ink later
    white, wd = sheet.layer()
    wd.text((w / 2, 0.14 * h), "ƏLIPBI", font=title, fill=255, anchor="mm")
    kd.text((0.09 * w, 0.88 * h), "QAZAQSTAN BASPASЬ", font=font(SANS_BOLD, 44), fill=255,
            anchor="ls")
    kd.text((0.09 * w, 0.925 * h), "ALMAATA · 1930", font=font(SANS_BOLD, 44), fill=255,
            anchor="ls")
    kd.text((0.91 * w, 0.26 * h), "eresekterge arnalƣan", font=font(SANS, 40), fill=255,
            anchor="rs")
    kd.text((0.91 * w, 0.7 * h), "Sauatsьzdьq\njojьlsьn!", font=font(SANS_BOLD, 56),
            fill=255, anchor="ra", align="right")
    sheet.ink(red, (190, 50, 40), strength=0.9, flake=0.3)
    sheet.ink(black, PRINT_BLACK, strength=0.92, flake=0.25)
    paper_under = paper(w, h, rng, (206, 200, 178), grain=2.0, fibres=0.3)
    a = np.asarray(white.filter(ImageFilter.GaussianBlur(0.6)), np.float32)[..., None] / 255
    sheet.rgb = sheet.rgb * (1 - a) + paper_under * a
    # a torn, browned spine and a price stamp
    lay, d = sheet.layer()
    d.text((0.91 * w, 0.975 * h), "Baƣasь 15 t.", font=font(SANS, 30), fill=255, anchor="rs")
    sheet.ink(lay, PRINT_BLACK, strength=0.8)
    library_stamp(sheet, 0.78 * w, 0.83 * h, 80, "ҚР ҰЛТТЫҚ КІТАПХАНАСЫ · ", "КП-3310",
                  strength=0.35)
    return scan(sheet, rng, angle=-0.5, corner=True, ruler_cm=72, pad_bottom=0.11)


def bk_3310_p012() -> Image.Image:
    rng = seeded("bk-3310/p012")
    w, h = 1300, 1840
    sheet = Sheet(w, h, rng, (220, 212, 186), foxing=25, edge_tone=0.22, fibres=0.5,
                  grain=2.2, mottle=0.05)
    lay, d = sheet.layer()
    x0, x1 = int(0.13 * w), int(0.87 * w)
    d.text((w / 2, 0.075 * h), "— 12 —", font=font(SERIF, 30), fill=255, anchor="mm")
    # a woodcut-like picture of a yurt in a box
    bx0, by0, bx1, by1 = x0, int(0.11 * h), x1, int(0.42 * h)
    d.rectangle([bx0, by0, bx1, by1], outline=255, width=4)
    gy = by1 - 70
    d.line([(bx0, gy), (bx1, gy)], fill=255, width=3)
    for k in range(40):
        x = bx0 + 20 + k * (bx1 - bx0 - 40) / 40
        d.line([(x, gy + 8), (x + 10, gy + 30 + (k % 3) * 8)], fill=255, width=2)
    yx, yw, yh = (bx0 + bx1) / 2, 320, 150
    d.rectangle([yx - yw / 2, gy - yh, yx + yw / 2, gy], outline=255, width=4)
    for k in range(12):
        x = yx - yw / 2 + k * yw / 12
        d.line([(x, gy - yh), (x + yw / 12, gy)], fill=255, width=2)
        d.line([(x + yw / 12, gy - yh), (x, gy)], fill=255, width=2)
    d.chord([yx - yw / 2 - 10, gy - yh - 140, yx + yw / 2 + 10, gy - yh + 130], 180, 360,
            fill=255)
    d.rectangle([yx - 40, gy - 110, yx + 40, gy], fill=255)
    d.ellipse([bx1 - 190, by0 + 40, bx1 - 90, by0 + 140], outline=255, width=4)
    for k in range(12):
        a = 2 * math.pi * k / 12
        d.line([(bx1 - 140 + math.cos(a) * 60, by0 + 90 + math.sin(a) * 60),
                (bx1 - 140 + math.cos(a) * 85, by0 + 90 + math.sin(a) * 85)], fill=255, width=3)
    # the letters of the lesson and syllables
    d.text((w / 2, 0.5 * h), "Qq   Aa   Tt   Ƣƣ   Ꞑꞑ", font=font(SANS_BOLD, 84), fill=255,
           anchor="mm")
    lines = ["qa — ta — la — ba — sa", "ata   ana   bala   qala", "at   ton   tas   qar   qaz",
             "Ata at baƣadь.", "Bala qaz baƣadь.", "Qar jauadь, dala aq.",
             "Ana ton tigedь."]
    fbody = font(SERIF, 50)
    for k, line in enumerate(lines):
        d.text((x0, 0.59 * h + k * 0.05 * h), line, font=fbody, fill=255, anchor="ls")
    d.line([(x0, 0.93 * h), (x0 + 250, 0.93 * h)], fill=255, width=2)
    d.text((x0, 0.955 * h), "2  Əlipbi", font=font(SERIF, 24), fill=255, anchor="ls")
    press_ink(sheet, lay)
    # a child's pencil practice in the margin
    scribble, sd = sheet.layer()
    handwriting(sd, x1 - 330, 0.86 * h, 320, 26, rng, width=2, fill=180)
    sheet.ink(scribble, GRAPHITE, strength=0.6)
    return scan(sheet, rng, gutter="right", angle=0.3, ruler_cm=72, pad_bottom=0.11)


# --------------------------------------------------------------------------------------------
# doc-0088 — a petition scroll (1838), with seals of the signatories
# --------------------------------------------------------------------------------------------


def seal_mask(size: int, rng: np.random.Generator, legend: Sequence[str], oval: bool = True,
              negative: bool = True) -> Image.Image:
    """An inked seal: white legend on a black ground (an engraved seal pressed with soot)."""
    lay = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(lay)
    rx = size * (0.36 if oval else 0.46)
    ry = size * 0.46
    c = size / 2
    d.ellipse([c - rx, c - ry, c + rx, c + ry], fill=255)
    text = Image.new("L", (size, size), 0)
    td = ImageDraw.Draw(text)
    td.ellipse([c - rx * 0.86, c - ry * 0.88, c + rx * 0.86, c + ry * 0.88], outline=255,
               width=max(2, size // 60))
    n = len(legend)
    for k, line in enumerate(legend):
        f = font(NASKH_BOLD, int(size * (0.17 if n > 2 else 0.2)))
        draw_rtl(td, (c, c + (k - (n - 1) / 2) * size * 0.2), line, f, anchor="mm")
    knocked_out = Image.fromarray(np.minimum(np.asarray(lay), 255 - np.asarray(text)))
    lay = knocked_out if negative else text
    # uneven pressure: a pale side, specks where the soot did not take
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    tilt = float(rng.uniform(0, 2 * math.pi))
    press = 0.9 - 0.25 * np.clip((np.cos(tilt) * (xx / size - 0.5) + np.sin(tilt) * (
        yy / size - 0.5)) * 2, 0, 1)
    specks = fbm(size, size, rng, ((size // 6, 1), (size // 3, .6))) > 1.3
    arr = np.asarray(lay, np.float32) * press * np.where(specks, 0.35, 1.0)
    return Image.fromarray(arr.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))


def doc_0088_scroll() -> Image.Image:
    rng = seeded("doc-0088/scroll")
    w, h = 760, 2280
    sheet = Sheet(w, h, rng, (220, 203, 168), foxing=30, edge_tone=0.18, fibres=1.4,
                  stains=2, mottle=0.05)
    # the scroll is two sheets pasted together
    join = int(0.52 * h)
    sheet.darken(0.08 * np.exp(-((np.arange(h)[:, None] - join) / 6.0) ** 2)
                 * np.ones((1, w)))
    x0, x1 = int(0.09 * w), int(0.91 * w)
    black, bd = sheet.layer()
    draws = {"black": bd, "red": bd}
    f = font(NASKH, 30)
    draw_rtl(bd, (w / 2, 0.045 * h), "هو", font(NASKH_BOLD, 40), anchor="ms")
    words = Words(CHAGHATAY, rng, ["عالی", "جناب", "اورنبورغ", "شهرینده", "اولوغ", "حاکم"])
    y = 0.085 * h
    line_h = 52
    k = 0
    while y < 0.72 * h:
        # lines drift upward toward the left, as writing on the knee does
        set_line(draws, f, words, x0, x1 - (40 if k == 0 else 0), y, rng, jitter=1.2)
        y += line_h
        k += 1
    sheet.ink(black, IRON_GALL, strength=0.95, nib=4)
    # the seals of the signatories, with their names written beside
    seals, _ = sheet.layer()
    names, nd = sheet.layer()
    legends = [["بی", "قاسم"], ["بی", "ارغین"], ["بی", "جانقوتی"], ["بی", "بایمرات"],
               ["سلطان", "اوغلی"], ["بی", "توره"]]
    for i, legend in enumerate(legends):
        col, row = i % 3, i // 3
        cx = x1 - (col + 0.5) * (x1 - x0) / 3
        cy = 0.78 * h + row * 0.1 * h
        m = seal_mask(150, rng, legend, oval=i % 2 == 0)
        m = m.rotate(float(rng.normal(0, 8)), resample=Image.BICUBIC)
        seals.paste(m, (int(cx - 75), int(cy - 75)), m)
        draw_rtl(nd, (cx, cy + 100), legend[-1] + " " + legend[0], font(NASKH, 24), anchor="ms")
    sheet.ink(seals, (20, 18, 18), strength=0.9, bleed=0.8)
    sheet.ink(names, IRON_GALL, strength=0.85, nib=3)
    # the Russian registry note in the top margin
    note, ndr = sheet.layer()
    ndr.text((x0, 0.02 * h), "Получ. 14 іюля 1838 г.  № 412", font=font(SERIF_ITALIC, 22),
             fill=230)
    sheet.ink(note, (70, 50, 40), strength=0.8)
    library_stamp(sheet, x0 + 70, 0.965 * h, 52, "ҰЛТТЫҚ КІТАПХАНА · ", "88", strength=0.4)
    return scan(sheet, rng, angle=0.2, creases=[k / 8 for k in range(1, 8)], edge=4,
                pad=0.05, crease_depth=0.3)


# --------------------------------------------------------------------------------------------
# lt-1925 — a village teacher's typewritten letter to the Commissariat of Education
# --------------------------------------------------------------------------------------------

LETTER = """\
                              В Народный Комиссариат Просвещения
                              Киргизской (Казакской) А.С.С.Р.
                              г. Кзыл-Орда

                              от учителя аульной школы № 3
                              Каркаралинского уезда
                              Ж. Оспанова

                         З А Я В Л Е Н И Е.

     Настоящим довожу до сведения Наркомпроса, что в
аульной школе № 3 обучаются 42 ученика, из них 11 девочек.
Учебников на родном языке школа не имеет: на весь класс
есть два букваря, привезённые мною из Семипалатинска,
и несколько старых книг казанской печати, которые
приносят родители.
     Прошу выслать в адрес школы 40 экземпляров букваря,
книги для чтения на казакском языке и хотя бы одну карту
губернии. Помещение для библиотеки аульный совет обещал
выделить к осени.

     Приложение: список учеников на 1 листе.

12 мая 1925 г.

     Учитель                            Ж. Оспанов
"""


def lt_1925_p1() -> Image.Image:
    rng = seeded("lt-1925/p1")
    w, h = 1460, 2060
    sheet = Sheet(w, h, rng, (226, 224, 212), foxing=20, edge_tone=0.14, fibres=0.5,
                  grain=1.6)
    lay, _ = sheet.layer()
    f = font(MONO, 30)
    adv = f.getlength("M")
    x0, y0 = 0.1 * w, 0.09 * h
    line_h = 50
    ribbon = fbm(40, 1, rng, ((8, 1),)).ravel()
    for i, line in enumerate(LETTER.splitlines()):
        y = y0 + i * line_h + rng.normal(0, 0.6)
        for j, ch in enumerate(line):
            if not ch.strip():
                continue
            x = x0 + j * adv + rng.normal(0, 0.5)
            # worn ribbon and uneven key strikes
            v = int(np.clip(205 + 40 * ribbon[i % 40] + rng.normal(0, 22), 90, 255))
            tmp = Image.new("L", (int(adv * 2), int(f.size * 1.8)), 0)
            ImageDraw.Draw(tmp).text((adv / 2, f.size * 0.3), ch, font=f, fill=v)
            lay.paste(Image.new("L", tmp.size, v), (int(x - adv / 2), int(y)), tmp)
    sheet.ink(lay, (70, 52, 110), strength=0.92, bleed=0.7)
    lines = LETTER.splitlines()
    sig_line = next(i for i, line in enumerate(lines) if "Учитель" in line)
    sy = y0 + sig_line * line_h + f.size * 0.9
    # the signature, in ink: an italic hand with a flourish
    sig, sd = sheet.layer()
    hand = font(SERIF_ITALIC, 46)
    x = x0 + 17 * adv
    for k, ch in enumerate("ЖОспанов"):
        if k == 1:
            x += 8
        sd.text((x, sy + rng.normal(0, 1.5)), ch, font=hand, fill=255, anchor="ls")
        x += hand.getlength(ch) * (0.86 if k else 1.05)
    sd.line([(x0 + 16 * adv, sy + 14), (x - 40, sy + 8), (x + 30, sy - 30)], fill=255, width=3,
            joint="curve")
    sheet.ink(sig, (30, 40, 90), strength=0.9, bleed=0.8)
    # the commissariat's resolution in blue pencil across the top corner
    res, rdd = sheet.layer()
    pencil_hand = font(SERIF_ITALIC, 38)
    for k, text in enumerate(["Т. Сейтову.", "Выслать буквари", "и книги для чтения.",
                              "20.V.25"]):
        rdd.text((0.06 * w + (k == 3) * 160, 0.045 * h + k * 50), text, font=pencil_hand,
                 fill=255)
    rdd.line([(0.06 * w, 0.045 * h + 200), (0.06 * w + 300, 0.045 * h + 192)], fill=255, width=3)
    res = res.rotate(9, center=(0.2 * w, 0.1 * h), resample=Image.BICUBIC)
    res = res.filter(ImageFilter.MaxFilter(3))
    sheet.ink(res, (60, 90, 170), strength=0.6, bleed=1.0, flake=0.35)
    # the village council's round stamp, struck over the word "Учитель"
    stamp, _ = sheet.layer()
    cx, cy, r = x0 + 9 * adv, sy - 10, 105
    sd2 = ImageDraw.Draw(stamp)
    sd2.ellipse([cx - r, cy - r, cx + r, cy + r], outline=255, width=4)
    sd2.ellipse([cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7], outline=255, width=2)
    ring_text(stamp, cx, cy, r * 0.85, "АУЛЬНЫЙ СОВЕТ № 3 * КАРКАРАЛИНСКИЙ УЕЗД * ",
              font(SANS_BOLD, 17))
    sd2.text((cx, cy - 12), "★", font=font(SANS, 40), fill=255, anchor="mm")
    sd2.text((cx, cy + 28), "К.А.С.С.Р.", font=font(SANS_BOLD, 20), fill=255, anchor="mm")
    stamp = stamp.rotate(-14, center=(cx, cy), resample=Image.BICUBIC)
    sheet.ink(stamp, VIOLET, strength=0.7, bleed=1.0, flake=0.3)
    # archival pencil foliation and a later inventory stamp
    pencil(sheet, (w - 130, 50), "17", 34)
    return scan(sheet, rng, angle=-0.4, creases=[1 / 3, 2 / 3], ruler_cm=69, pad_bottom=0.1,
                edge=1.5)


# --------------------------------------------------------------------------------------------
# ph-0412 — a mounted photograph, about 1910, and the back of its mount
# --------------------------------------------------------------------------------------------


def sample_wrap(tex: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Bilinear lookup in a tiling texture at fractional pixel coordinates."""
    th, tw = tex.shape
    u0, v0 = np.floor(u).astype(int), np.floor(v).astype(int)
    fu, fv = u - u0, v - v0
    a = tex[v0 % th, u0 % tw]
    b = tex[v0 % th, (u0 + 1) % tw]
    c = tex[(v0 + 1) % th, u0 % tw]
    d = tex[(v0 + 1) % th, (u0 + 1) % tw]
    return (a * (1 - fu) + b * fu) * (1 - fv) + (c * (1 - fu) + d * fu) * fv


def steppe_photo(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """A grayscale scene (0..1): a summer pasture under the mountains, a white felt yurt,
    a family and a saddled horse, as a studio photographer's glass plate would record it."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    horizon = 0.5 * h
    img = 0.9 - 0.05 * yy / horizon  # an orthochromatic plate leaves the sky almost blank
    # far range: ridge with snow on the peaks, gullies running down the slopes
    ridge = (0.27 * h + 0.07 * h * noise1d(w, rng, 7) + 0.02 * h * noise1d(w, rng, 31)
             + 0.006 * h * noise1d(w, rng, 140))[None, :]
    streak = np.asarray(Image.fromarray(rng.normal(0, 1, (h // 10, w // 3)).astype(np.float32),
                                        "F").resize((w, h), Image.BICUBIC))
    slope = np.gradient(ridge[0])[None, :]
    far = 0.76 + 0.05 * np.tanh(slope * 0.6) + 0.025 * streak
    snowline = ridge + (0.04 * h) * (1 + 0.6 * fbm(h, w, rng, ((40, 1), (120, .5))))
    far = np.where((yy < snowline) & (ridge < 0.29 * h), 0.9 + 0.02 * streak, far)
    img = np.where(yy > ridge, far, img)
    # foothills, nearer and darker
    hills = (0.4 * h + 0.035 * h * noise1d(w, rng, 5) + 0.008 * h * noise1d(w, rng, 50))[None, :]
    img = np.where(yy > hills, 0.64 + 0.03 * streak - 0.05 * (yy - hills) / h, img)
    # the pasture in perspective: the grass texture grows coarser towards the camera
    tex = fbm(256, 256, rng, ((16, 1), (64, .7), (128, .5)))
    depth = np.maximum(yy - horizon, 1.0) / (h - horizon)
    u = (xx - w / 2) / depth * 0.05 + 500
    v = 30 / depth
    grass = sample_wrap(tex, u, v)
    contrast = np.clip(depth * 2.2, 0.25, 1)
    meadow = 0.56 - 0.14 * depth + 0.07 * grass * contrast
    img = np.where(yy > horizon, meadow, img)
    edge = np.abs(yy - horizon) < 1.5
    img = np.where(edge, img * 0.93, img)
    pic = Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8), "L")
    d = ImageDraw.Draw(pic)
    # a far camp on the left
    for fx in (0.12 * w, 0.16 * w):
        d.chord([fx - 16, horizon - 16, fx + 16, horizon + 6], 180, 360, fill=205)
        d.rectangle([fx - 16, horizon - 5, fx + 16, horizon + 3], fill=190)
    # the yurt: a shaded cylinder of lattice under felt and a dome
    cx, gy = 0.58 * w, 0.74 * h
    yw, wall, dome = 0.27 * w, 0.1 * h, 0.12 * h
    yurt = np.zeros((h, w), np.float32)
    inside_wall = (np.abs(xx - cx) < yw / 2) & (yy > gy - wall) & (yy < gy)
    theta = np.arcsin(np.clip((xx - cx) / (yw / 2), -1, 1))
    light = 0.62 + 0.3 * np.cos(theta + 0.7)
    felt = 0.05 * fbm(h, w, rng, ((60, 1), (200, .5)))
    yurt = np.where(inside_wall, light + felt, 0)
    in_dome = (((xx - cx) / (yw / 2 + 6)) ** 2 + ((yy - (gy - wall)) / dome) ** 2 < 1) & (
        yy <= gy - wall)
    dome_light = 0.72 + 0.22 * np.cos(theta + 0.8) - 0.1 * ((gy - wall - yy) / dome)
    yurt = np.where(in_dome, dome_light + felt, yurt)
    mask = (inside_wall | in_dome)
    arr = np.asarray(pic, np.float32) / 255
    arr = np.where(mask, yurt, arr)
    pic = Image.fromarray((np.clip(arr, 0, 1) * 255).astype(np.uint8), "L")
    d = ImageDraw.Draw(pic)
    for k in range(3):  # the woven bands that hold the felt
        yb = gy - wall * (0.2 + 0.3 * k)
        d.line([(cx - yw / 2, yb), (cx + yw / 2, yb)], fill=92, width=5)
    for k in range(-5, 6):  # ropes over the dome
        d.line([(cx + k * yw / 12, gy - wall), (cx + k * yw / 30, gy - wall - dome * 0.95)],
               fill=140, width=2)
    d.rectangle([cx - 0.03 * w, gy - wall * 0.92, cx + 0.03 * w, gy], fill=28)  # open door
    d.rectangle([cx - 0.03 * w - 6, gy - wall * 0.92 - 6, cx + 0.03 * w + 6, gy], outline=160,
                width=5)
    d.polygon([(cx - yw / 2, gy), (cx + yw / 2, gy), (cx + yw / 2 + 160, gy + 26),
               (cx - yw / 2 + 60, gy + 22)], fill=86)  # its shadow on the grass
    # the family, and a horse with a saddle

    def person(x: float, base: float, height: float, coat: int, head: str,
               ghost: bool = False) -> None:
        bw = height * 0.3
        fill = coat if not ghost else int(coat * 0.5 + 150 * 0.5)
        d.polygon([(x - bw / 2, base), (x + bw / 2, base), (x + bw * 0.28, base - height * 0.78),
                   (x - bw * 0.28, base - height * 0.78)], fill=fill)
        d.ellipse([x - bw * 0.26, base - height * 0.84, x + bw * 0.26, base - height * 0.7],
                  fill=fill)  # shoulders
        face = 120 if not ghost else 170
        d.ellipse([x - bw * 0.17, base - height * 0.97, x + bw * 0.17, base - height * 0.8],
                  fill=face)
        if head == "tymaq":  # a fur hat with flaps
            d.pieslice([x - bw * 0.3, base - height * 1.08, x + bw * 0.3, base - height * 0.86],
                       180, 360, fill=30)
            d.rectangle([x - bw * 0.3, base - height * 0.97, x - bw * 0.18, base - height * 0.84],
                        fill=30)
            d.rectangle([x + bw * 0.18, base - height * 0.97, x + bw * 0.3, base - height * 0.84],
                        fill=30)
        elif head == "kimeshek":  # a woman's white wimple
            d.ellipse([x - bw * 0.3, base - height * 1.04, x + bw * 0.3, base - height * 0.7],
                      fill=232)
            d.polygon([(x - bw * 0.3, base - height * 0.86), (x + bw * 0.3, base - height * 0.86),
                       (x + bw * 0.2, base - height * 0.62), (x - bw * 0.2, base - height * 0.62)],
                      fill=228)
            d.ellipse([x - bw * 0.13, base - height * 0.95, x + bw * 0.13, base - height * 0.82],
                      fill=face)
        elif head == "skullcap":
            d.chord([x - bw * 0.18, base - height * 1.0, x + bw * 0.18, base - height * 0.88],
                    180, 360, fill=40)
        d.ellipse([x - bw * 0.7, base - 5, x + bw * 0.9, base + 7], fill=70)
    person(0.39 * w, 0.8 * h, 0.19 * h, 42, "tymaq")
    person(0.445 * w, 0.795 * h, 0.17 * h, 66, "kimeshek")
    person(0.475 * w, 0.81 * h, 0.1 * h, 84, "skullcap")
    person(0.5 * w, 0.815 * h, 0.09 * h, 70, "skullcap", ghost=True)  # a child who moved
    person(0.505 * w, 0.815 * h, 0.09 * h, 70, "skullcap", ghost=True)
    person(0.76 * w, 0.79 * h, 0.175 * h, 58, "kimeshek")
    hx, hy, L = 0.2 * w, 0.82 * h, 0.17 * w
    pts = horse_points(hx, hy, L, 1)
    d.line([pts[0], (hx - 0.6 * L, hy - 0.42 * L), (hx - 0.58 * L, hy - 0.25 * L)], fill=36,
           width=9, joint="curve")
    d.polygon(pts, fill=48)
    d.polygon([(hx - 0.16 * L, hy - 0.73 * L), (hx + 0.12 * L, hy - 0.75 * L),
               (hx + 0.1 * L, hy - 0.6 * L), (hx - 0.15 * L, hy - 0.6 * L)], fill=100)  # saddle
    d.line([(hx + 0.6 * L, hy - 0.82 * L), (0.36 * w, 0.72 * h)], fill=60, width=2)  # halter
    d.ellipse([hx - 0.55 * L, hy - 6, hx + 0.5 * L, hy + 9], fill=70)
    arr = np.asarray(pic.filter(ImageFilter.GaussianBlur(1.3)), np.float32) / 255
    return arr


def ph_0412_recto() -> Image.Image:
    rng = seeded("ph-0412/recto")
    w, h = 2100, 1480
    sheet = Sheet(w, h, rng, (186, 176, 150), edge_tone=0.25, fibres=0.3, grain=1.6,
                  foxing=10, mottle=0.04)
    pw, ph = 1560, 1060
    px0, py0 = (w - pw) // 2, 110
    scene = steppe_photo(pw, ph, rng)
    yy, xx = np.mgrid[0:ph, 0:pw].astype(np.float32)
    # fading and vignetting, grain, dust and scratches
    r = np.sqrt(((xx - pw / 2) / pw) ** 2 + ((yy - ph / 2) / ph) ** 2)
    scene = scene * (1 - 0.35 * r ** 2) + 0.08 * r
    scene = np.clip(0.5 + 1.15 * (scene - 0.55), 0, 1)
    scene = 0.1 + 0.84 * scene
    scene += rng.normal(0, 0.018, (ph, pw)).astype(np.float32)
    dust = Image.new("L", (pw, ph), 0)
    dd = ImageDraw.Draw(dust)
    for _ in range(140):
        x, y = rng.uniform(0, pw), rng.uniform(0, ph)
        rr = rng.uniform(0.6, 2.4)
        dd.ellipse([x - rr, y - rr, x + rr, y + rr], fill=255)
    for _ in range(6):
        x, y = rng.uniform(0, pw), rng.uniform(0, ph)
        a = rng.uniform(0, math.pi)
        length = rng.uniform(80, 400)
        dd.line([(x, y), (x + math.cos(a) * length, y + math.sin(a) * length)], fill=160,
                width=1)
    scene = np.maximum(scene, np.asarray(dust, np.float32) / 255 * 0.85)
    # warm-toned gelatin silver: dark brown to cream
    dark = np.array([48, 34, 26], np.float32)
    light = np.array([236, 224, 196], np.float32)
    s = np.clip(scene, 0, 1)[..., None]
    photo = dark + (light - dark) * s
    # silver mirroring: a bluish metallic bloom in the shadows near the edges
    edge = np.exp(-np.minimum(np.minimum(xx, pw - xx), np.minimum(yy, ph - yy)) / 45)[..., None]
    photo = photo + edge * (1 - s) * np.array([40, 45, 58]) * 0.8
    sheet.rgb[py0:py0 + ph, px0:px0 + pw] = photo
    # gilt bevel and the studio's imprint on the mount
    lay, d = sheet.layer()
    d.rectangle([px0 - 14, py0 - 14, px0 + pw + 14, py0 + ph + 14], outline=255, width=3)
    d.rectangle([px0 - 22, py0 - 22, px0 + pw + 22, py0 + ph + 22], outline=255, width=1)
    d.text((w / 2, py0 + ph + 120), "ФОТОГРАФІЯ  ·  ВѢРНЫЙ", font=font(SERIF_BOLD, 48),
           fill=255, anchor="mm")
    d.text((w / 2, py0 + ph + 180), "Колпаковскій проспектъ", font=font(SERIF_ITALIC, 30),
           fill=255, anchor="mm")
    sheet.ink(lay, (168, 130, 60), strength=0.85, sheen=0.2, flake=0.35)
    return scan(sheet, rng, angle=0.35, corner=True, edge=1.2)


def ph_0412_verso() -> Image.Image:
    rng = seeded("ph-0412/verso")
    w, h = 2100, 1480
    sheet = Sheet(w, h, rng, (204, 196, 170), edge_tone=0.22, fibres=0.5, grain=1.6,
                  foxing=30, mottle=0.04, stains=1)
    lay, d = sheet.layer()
    cx = w / 2
    ornament_border(d, (cx - 520, 170, cx + 520, 900), 34)
    d.text((cx, 330), "ФОТОГРАФІЯ", font=font(SERIF_BOLD, 86), fill=255, anchor="mm")
    d.text((cx, 450), "ВѢРНЫЙ", font=font(SERIF_BOLD, 70), fill=255, anchor="mm")
    d.text((cx, 540), "Колпаковскій проспектъ", font=font(SERIF_ITALIC, 40), fill=255,
           anchor="mm")
    d.line([(cx - 220, 610), (cx + 220, 610)], fill=255, width=3)
    d.text((cx, 690), "Негативы сохраняются.", font=font(SERIF, 40), fill=255, anchor="mm")
    d.text((cx, 760), "Дополнительные отпечатки и увеличенія", font=font(SERIF, 34), fill=255,
           anchor="mm")
    d.text((cx, 810), "исполняются по первому требованію.", font=font(SERIF, 34), fill=255,
           anchor="mm")
    sheet.ink(lay, (110, 70, 50), strength=0.85, flake=0.2)
    # a pencil inscription and an inventory stamp
    note, nd = sheet.layer()
    nd.text((cx - 560, 1040), "Джайляу у подножья Алатау.", font=font(SERIF_ITALIC, 44),
            fill=200)
    nd.text((cx - 560, 1110), "Семья Мусабая. Лѣто 1910 (?)", font=font(SERIF_ITALIC, 44),
            fill=200)
    note = note.rotate(-2, resample=Image.BICUBIC)
    sheet.ink(note, GRAPHITE, strength=0.7, bleed=0.7)
    st, sd = sheet.layer()
    sd.rectangle([w - 560, h - 270, w - 140, h - 150], outline=255, width=4)
    sd.text((w - 350, h - 232), "ҒЫЛЫМ ОРДАСЫ", font=font(SANS_BOLD, 30), fill=255, anchor="mm")
    sd.text((w - 350, h - 186), "Фт-412", font=font(SANS_BOLD, 34), fill=255, anchor="mm")
    sheet.ink(st, VIOLET, strength=0.65, flake=0.3, bleed=0.8)
    return scan(sheet, rng, angle=-0.3, edge=1.2)


# --------------------------------------------------------------------------------------------
# mp-0118 — a hand-coloured map of the Kazakh steppe, 1863
# --------------------------------------------------------------------------------------------

LON0, LON1, LAT0, LAT1 = 45.5, 67.0, 41.5, 54.5
CASPIAN = [(45.5, 41.5), (45.5, 44.0), (46.9, 44.6), (47.2, 45.6), (47.9, 46.1), (49.0, 46.4),
           (50.5, 46.9), (51.9, 47.1), (53.1, 46.9), (53.2, 46.2), (52.8, 45.4), (51.5, 45.2),
           (51.3, 44.6), (50.3, 44.6), (50.8, 44.1), (51.4, 43.4), (52.5, 42.8), (52.7, 41.5)]
ARAL = [(58.3, 45.0), (58.6, 45.8), (59.4, 46.3), (60.3, 46.7), (61.2, 46.6), (61.8, 46.0),
        (61.5, 45.3), (60.9, 44.6), (60.3, 43.6), (59.4, 43.5), (58.6, 44.0), (58.2, 44.5)]
RIVERS = {
    "Р. Уралъ": [(59.3, 54.5), (59.0, 52.8), (58.6, 51.2), (57.2, 51.5), (55.1, 51.8),
                 (53.5, 51.5), (51.4, 51.2), (51.2, 50.0), (51.6, 48.8), (51.9, 47.1)],
    "Р. Эмба": [(58.5, 49.6), (56.5, 48.8), (54.8, 47.8), (53.3, 46.8)],
    "Р. Иргизъ": [(59.8, 50.2), (60.8, 49.3), (61.6, 48.6), (62.2, 48.3)],
    "Р. Тургай": [(64.8, 51.2), (64.2, 50.2), (63.3, 49.2), (62.4, 48.4)],
    "Сыръ-Дарья": [(67.0, 44.0), (65.5, 44.8), (64.5, 45.0), (63.5, 45.3), (62.1, 45.8),
                   (61.3, 46.1)],
    "Аму-Дарья": [(61.6, 41.5), (60.8, 42.6), (60.0, 43.5)],
    "Р. Илекъ": [(58.2, 50.2), (56.8, 50.8), (55.3, 51.5)],
    "Р. Уилъ": [(57.0, 49.8), (55.0, 49.2), (53.6, 48.8)],
}
PLACES = [("Оренбургъ", 55.1, 51.8, True), ("Уральскъ", 51.4, 51.2, True),
          ("Гурьевъ", 51.9, 47.1, True), ("Орскъ", 58.6, 51.2, False),
          ("Укр. Оренбургское", 63.5, 49.6, False), ("Укр. Уральское", 61.3, 48.6, False),
          ("Фортъ № 1", 62.1, 45.8, False), ("Фортъ Перовскій", 65.5, 44.8, False),
          ("Ф. Александровскій", 50.3, 44.5, False), ("Укр. Карабутакское", 60.1, 49.9, False),
          ("Илецкая Защита", 55.0, 51.1, False)]


def mp_0118_sheet() -> Image.Image:
    rng = seeded("mp-0118/sheet")
    w, h = 2250, 1600
    sheet = Sheet(w, h, rng, (230, 220, 192), foxing=40, edge_tone=0.16, fibres=0.7,
                  stains=1, grain=1.6)
    mx0, my0, mx1, my1 = 110, 110, w - 110, h - 110

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (mx0 + (lon - LON0) / (LON1 - LON0) * (mx1 - mx0),
                my1 - (lat - LAT0) / (LAT1 - LAT0) * (my1 - my0))

    def wiggle(pts: Sequence[tuple[float, float]], amp: float, steps: int = 14
               ) -> list[tuple[float, float]]:
        out = []
        for (ax, ay), (bx, by) in itertools.pairwise(pts):
            for k in range(steps):
                t = k / steps
                x, y = ax + (bx - ax) * t, ay + (by - ay) * t
                out.append((x + rng.normal(0, amp), y + rng.normal(0, amp)))
        out.append(pts[-1])
        return out

    black, kd = sheet.layer()
    blue, bd = sheet.layer()
    wash_b, wbd = sheet.layer()
    # seas: a blue wash along the shore, wave lines inside
    for poly in (CASPIAN, ARAL):
        pts = wiggle([xy(*p) for p in poly], 3.0, 10)
        wbd.polygon(pts, fill=255)
        kd.line([*pts, pts[0]], fill=255, width=3)
        for k in range(1, 6):
            inner = [(x + (cx - x) * 0.03 * k, y + (cy - y) * 0.03 * k) for (x, y) in pts
                     for cx, cy in [np.mean(pts, axis=0)]]
            bd.line([*inner, inner[0]], fill=255, width=1)
    sheet.ink(wash_b.filter(ImageFilter.GaussianBlur(6)), (120, 160, 190), strength=0.4)
    # rivers, thickening downstream
    for name, pts in RIVERS.items():
        path = wiggle([xy(*p) for p in pts], 2.2, 12)
        n = len(path)
        for k in range(n - 1):
            kd.line([path[k], path[k + 1]], fill=255, width=1 + int(3 * k / n))
        mid = path[n // 2]
        nxt = path[min(n - 1, n // 2 + 3)]
        ang = -math.degrees(math.atan2(nxt[1] - mid[1], nxt[0] - mid[0]))
        if ang > 90:
            ang -= 180
        if ang < -90:
            ang += 180
        rotated_text(black, (mid[0] + 22, mid[1] - 22), name, font(SERIF_ITALIC, 24), ang)
    # hachured heights: the Mugodzhar hills and the Ustyurt escarpment
    for lon, lat, length in [(58.6, 49.0, 3.0), (58.3, 48.0, 2.0)]:
        cx, cy = xy(lon, lat)
        for k in range(60):
            t = k / 60
            x = cx + rng.normal(0, 14)
            y = cy - length * 60 * (t - 0.5)
            kd.line([(x - 16, y), (x - 4, y + rng.normal(0, 2))], fill=255, width=2)
            kd.line([(x + 4, y), (x + 16, y + rng.normal(0, 2))], fill=255, width=2)
    ust = wiggle([xy(53.3, 45.0), xy(55.0, 45.6), xy(56.5, 45.3), xy(58.0, 45.0),
                  xy(58.4, 44.0), xy(57.5, 43.0), xy(56.0, 42.2)], 2, 10)
    for x, y in ust:
        kd.line([(x, y), (x + 3, y + 14)], fill=255, width=2)
    rotated_text(black, xy(55.7, 44.0), "Плато  Усть-Уртъ", font(SERIF_ITALIC, 34), 0)
    rotated_text(black, xy(59.5, 48.6), "Мугоджарскія горы", font(SERIF_ITALIC, 26), 80)
    # sands: stipple
    for lon, lat, rx, ry, label in [(61.0, 47.4, 1.6, 0.6, "Пески Кара-кумъ"),
                                    (64.4, 43.5, 1.9, 0.7, "Пески Кизылъ-кумъ"),
                                    (58.8, 46.7, 0.8, 0.4, "Б. Барсуки")]:
        cx, cy = xy(lon, lat)
        sx = rx / (LON1 - LON0) * (mx1 - mx0)
        sy = ry / (LAT1 - LAT0) * (my1 - my0)
        for _ in range(900):
            a, rr = rng.uniform(0, 2 * math.pi), math.sqrt(rng.uniform(0, 1))
            x, y = cx + math.cos(a) * rr * sx, cy + math.sin(a) * rr * sy
            kd.ellipse([x - 1.2, y - 1.2, x + 1.2, y + 1.2], fill=255)
        rotated_text(black, (cx, cy - sy - 20), label, font(SERIF_ITALIC, 26), 0)
    # settlements
    for name, lon, lat, town in PLACES:
        x, y = xy(lon, lat)
        r = 9 if town else 6
        if town:
            kd.ellipse([x - r, y - r, x + r, y + r], outline=255, width=3)
            kd.ellipse([x - 3, y - 3, x + 3, y + 3], fill=255)
        else:
            kd.rectangle([x - r, y - r, x + r, y + r], outline=255, width=2)
        kd.text((x + 14, y - 6), name, font=font(SERIF_BOLD if town else SERIF, 26 if town else 22),
                fill=255, anchor="ls")
    rotated_text(black, xy(48.3, 44.3), "КАСПІЙСКОЕ  МОРЕ", font(SERIF, 36), 52)
    rotated_text(black, xy(60.0, 45.2), "АРАЛЬСКОЕ", font(SERIF, 30), 0)
    rotated_text(black, xy(60.0, 44.7), "МОРЕ", font(SERIF, 30), 0)
    for label, lon, lat, size in [("ЗЕМЛЯ  УРАЛЬСКАГО  КАЗАЧЬЯГО  ВОЙСКА", 52.5, 49.6, 28),
                                  ("КОЧЕВЬЯ  МЛАДШАГО  ЖУЗА", 56.3, 47.4, 40),
                                  ("ОРЕНБУРГСКАЯ  ГУБЕРНІЯ", 57.0, 53.3, 34),
                                  ("СРЕДНІЙ  ЖУЗЪ", 65.4, 47.9, 30),
                                  ("ХИВИНСКОЕ  ХАНСТВО", 58.0, 42.3, 30)]:
        rotated_text(black, xy(lon, lat), label, font(SERIF, size), 0)
    # boundaries: dash-dot lines with a watercolour band along one side
    washes = {(214, 120, 120): [(49.0, 51.5), (50.5, 50.0), (50.2, 48.2), (52.5, 47.6),
                                (53.6, 50.0), (54.8, 51.0)],
              (120, 170, 110): [(55.3, 51.2), (57.5, 50.6), (60.0, 51.0), (61.5, 51.4),
                                (62.2, 52.3)],
              (225, 190, 90): [(53.0, 45.3), (56.0, 45.8), (59.0, 46.9), (62.0, 47.0),
                               (64.5, 46.0), (66.8, 46.4)]}
    for color, pts in washes.items():
        path = wiggle([xy(*p) for p in pts], 1.5, 10)
        band, bdraw = sheet.layer()
        bdraw.line(path, fill=255, width=26, joint="curve")
        sheet.ink(band.filter(ImageFilter.GaussianBlur(5)), color, strength=0.35, mottle=True)
        for k in range(0, len(path) - 1, 3):
            kd.line([path[k], path[k + 1]], fill=255, width=2)
            if k % 6 == 0:
                x, y = path[k + 1]
                kd.ellipse([x - 2, y - 2, x + 2, y + 2], fill=255)
    # graticule with degree labels (longitude from Pulkovo, as Russian maps of the time)
    for lon in range(46, 67, 2):
        x0_, _ = xy(lon, LAT0)
        kd.line([(x0_, my0), (x0_, my1)], fill=110, width=1)
        kd.text((x0_, my0 - 12), str(lon - 30), font=font(SERIF, 22), fill=255, anchor="ms")
        kd.text((x0_, my1 + 30), str(lon - 30), font=font(SERIF, 22), fill=255, anchor="ms")
    for lat in range(42, 55, 2):
        _, y0_ = xy(LON0, lat)
        kd.line([(mx0, y0_), (mx1, y0_)], fill=110, width=1)
        kd.text((mx0 - 12, y0_), str(lat), font=font(SERIF, 22), fill=255, anchor="rm")
        kd.text((mx1 + 12, y0_), str(lat), font=font(SERIF, 22), fill=255, anchor="lm")
    kd.rectangle([mx0, my0, mx1, my1], outline=255, width=3)
    kd.rectangle([mx0 - 50, my0 - 50, mx1 + 50, my1 + 50], outline=255, width=5)
    kd.rectangle([mx0 - 56, my0 - 56, mx1 + 56, my1 + 56], outline=255, width=1)
    # the title cartouche, top right
    tx0, ty0, tx1, ty1 = mx1 - 640, my0 + 30, mx1 - 30, my0 + 330
    erase, ed = sheet.layer()
    ed.rectangle([tx0, ty0, tx1, ty1], fill=255)
    title, td = sheet.layer()
    td.rectangle([tx0, ty0, tx1, ty1], outline=255, width=3)
    td.rectangle([tx0 + 8, ty0 + 8, tx1 - 8, ty1 - 8], outline=255, width=1)
    tcx = (tx0 + tx1) / 2
    td.text((tcx, ty0 + 60), "К А Р Т А", font=font(SERIF_BOLD, 50), fill=255, anchor="mm")
    td.text((tcx, ty0 + 120), "КИРГИЗСКОЙ СТЕПИ", font=font(SERIF_BOLD, 40), fill=255,
            anchor="mm")
    td.text((tcx, ty0 + 170), "ОРЕНБУРГСКАГО ВѢДОМСТВА", font=font(SERIF, 32), fill=255,
            anchor="mm")
    td.text((tcx, ty0 + 215), "съ показаніемъ укрѣпленій и кочевій", font=font(SERIF_ITALIC, 28),
            fill=255, anchor="mm")
    td.text((tcx, ty0 + 265), "1863", font=font(SERIF_BOLD, 34), fill=255, anchor="mm")
    # the scale bar, bottom left
    sx0, sy0 = mx1 - 480, my1 - 70
    verst = (mx1 - mx0) / ((LON1 - LON0) * 111 * math.cos(math.radians(48)) / 1.0668)
    td.text((sx0, sy0 - 22), "Масштабъ въ верстахъ", font=font(SERIF_ITALIC, 24), fill=255,
            anchor="ls")
    for k in range(5):
        xa, xb = sx0 + k * 50 * verst, sx0 + (k + 1) * 50 * verst
        td.rectangle([xa, sy0, xb, sy0 + 12], outline=255, fill=255 if k % 2 else 0, width=2)
        td.text((xa, sy0 + 38), str(k * 50), font=font(SERIF, 20), fill=255, anchor="ms")
    td.text((sx0 + 250 * verst, sy0 + 38), "250", font=font(SERIF, 20), fill=255, anchor="ms")
    td.text((mx0 + 10, my1 + 80), "Долгота отъ Пулкова", font=font(SERIF_ITALIC, 22), fill=255,
            anchor="ls")
    sheet.ink(erase, (232, 222, 196), strength=1.0, bleed=1.0, mottle=False)
    for layer in (black, blue):  # nothing of the map runs under the cartouche
        layer.paste(0, (int(tx0), int(ty0), int(tx1) + 1, int(ty1) + 1))
    sheet.ink(blue, (60, 90, 130), strength=0.45)
    sheet.ink(black, (40, 34, 30), strength=0.9)
    sheet.ink(title, (40, 34, 30), strength=0.92)
    library_stamp(sheet, mx0 + 130, my0 + 120, 70, "ҚР ҰЛТТЫҚ КІТАПХАНАСЫ · ", "К-118",
                  strength=0.35)
    # folded in four: a vertical and a horizontal crease, browned
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    fold = np.exp(-((xx - w / 2) / 4) ** 2) * 0.15 + np.exp(-((yy - h / 2) / 4) ** 2) * 0.12
    sheet.darken(fold)
    return scan(sheet, rng, angle=0.15, pad=0.025, edge=3)


# --------------------------------------------------------------------------------------------
# seal-0031 — a seal impression, isolated on a transparent ground (PNG)
# --------------------------------------------------------------------------------------------


def seal_0031_seal() -> Image.Image:
    """A soot-ink impression of an oval seal, cut out from its document (transparent PNG)."""
    rng = seeded("seal-0031/seal")
    size = 1700
    c = size / 2
    rx, ry = size * 0.34, size * 0.45
    ink = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(ink)
    d.ellipse([c - rx, c - ry, c + rx, c + ry], fill=255)
    # the engraved (uninked) parts: a border of dots between two lines, the legend in three rows
    cut = Image.new("L", (size, size), 0)
    cd = ImageDraw.Draw(cut)
    for k, f in ((0.93, size // 180), (0.78, size // 225)):
        cd.ellipse([c - rx * k, c - ry * k, c + rx * k, c + ry * k], outline=255, width=f)
    for k in range(64):
        a = 2 * math.pi * k / 64
        x, y = c + math.cos(a) * rx * 0.855, c + math.sin(a) * ry * 0.855
        cd.ellipse([x - size / 150, y - size / 150, x + size / 150, y + size / 150], fill=255)
    for line, dy in (("عبده", -0.45), ("سلطان عبدالله", -0.08), ("بن قاسم", 0.28)):
        room = 2 * rx * 0.72 * math.sqrt(max(0.0, 1 - (dy * 1.25) ** 2))
        f = fit_font(NASKH_BOLD, line, room, int(size * 0.13))
        draw_rtl(cd, (c, c + dy * ry), line, f, anchor="mm")
    year = font(NASKH_BOLD, int(size * 0.08))
    draw_rtl(cd, (c, c + ry * 0.6), "١٢٥٨", year, anchor="mm")
    cut = reed_pen(cut, size / 150)
    arr = np.asarray(ink, np.float32) * (1 - np.asarray(cut, np.float32) / 255)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    # uneven pressure: paler towards one side, specks where the soot did not take
    press = 0.95 - 0.3 * np.clip((xx - c) / rx * 0.6 + (yy - c) / ry * 0.4, 0, 1)
    specks = fbm(size, size, rng, ((size // 6, 1), (size // 3, .6))) > 1.25
    arr = arr * press * np.where(specks, 0.3, 1.0)
    # the last digits of the year are lost in a smear of soot
    yw = rtl_len(year, "١٢٥٨")  # digits run left to right: the smear takes the last two
    smear = np.exp(-(((xx - (c + yw / 4)) / (yw / 4 + size / 110)) ** 4
                     + ((yy - (c + ry * 0.6)) / (size / 26)) ** 4))
    arr = np.maximum(arr, 235 * smear * (np.asarray(ink, np.float32) / 255))
    # the rim of the impression is ragged where the seal was rocked
    rim = noise1d(720, rng, 40)
    ang = (np.degrees(np.arctan2((yy - c) / ry, (xx - c) / rx)) + 360) % 360
    rad = np.sqrt(((xx - c) / rx) ** 2 + ((yy - c) / ry) ** 2)
    edge = 1 + 0.006 * rim[(ang * 2).astype(int) % 720]
    arr = np.where(rad > edge * 0.995, 0, arr)
    alpha = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(size / 900)).rotate(-7, resample=Image.BICUBIC)
    rgba = np.zeros((size, size, 4), np.uint8)
    rgba[..., :3] = (32, 27, 27)
    rgba[..., 3] = np.asarray(alpha) & 0xFC  # 64 levels of opacity keep the PNG small
    img = Image.fromarray(rgba, "RGBA")
    return img.crop(img.getbbox())


# --------------------------------------------------------------------------------------------

IMAGES: dict[str, Callable[[], Image.Image]] = {
    "ms-0142/f001v.jpg": ms_0142_f001v,
    "ms-0142/f002r.jpg": ms_0142_f002r,
    "ms-0142/f145v.jpg": ms_0142_f145v,
    "ms-0307/f001v.jpg": ms_0307_f001v,
    "ms-0307/f056r.jpg": ms_0307_f056r,
    "ms-0519/f012v.jpg": ms_0519_f012v,
    "ms-0519/f013r.jpg": ms_0519_f013r,
    "ms-0611/f002v.jpg": ms_0611_f002v,
    "ms-0611/f087v.jpg": ms_0611_f087v,
    "bk-2291/title.jpg": bk_2291_title,
    "bk-2291/p005.jpg": bk_2291_p005,
    "bk-2304/cover.jpg": bk_2304_cover,
    "bk-2304/p003.jpg": bk_2304_p003,
    "bk-3310/cover.jpg": bk_3310_cover,
    "bk-3310/p012.jpg": bk_3310_p012,
    "doc-0088/scroll.jpg": doc_0088_scroll,
    "lt-1925/p1.jpg": lt_1925_p1,
    "ph-0412/recto.jpg": ph_0412_recto,
    "ph-0412/verso.jpg": ph_0412_verso,
    "mp-0118/sheet.jpg": mp_0118_sheet,
    "seal-0031/seal.png": seal_0031_seal,
}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("only", nargs="*", help="item ids or image paths to draw (default: all)")
    ap.add_argument("--list", action="store_true", help="list the images and exit")
    ap.add_argument("--out", type=Path, default=EXHIBITION / "images",
                    help="output folder (default: the sample exhibition's images/)")
    args = ap.parse_args(argv)
    wanted = [k for k in IMAGES if not args.only or any(
        k == o or k.startswith(o.rstrip("/") + "/") for o in args.only)]
    if args.only and not wanted:
        print(f"nothing matches {args.only}", file=sys.stderr)
        return 2
    if not RAQM:
        print("note: Pillow has no raqm layout; Arabic-script lines are drawn as pen strokes",
              file=sys.stderr)
    total = 0
    for rel in wanted:
        path = args.out / rel
        if args.list:
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            continue
        img = IMAGES[rel]()
        size = save_png(img, path) if rel.endswith(".png") else save_jpeg(img.convert("RGB"),
                                                                          path)
        total += size
        print(f"{rel:24} {img.width:5} × {img.height:<5} {size / 1024:7.0f} KB")
    if not args.list:
        print(f"{len(wanted)} images, {total / 1024 / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
