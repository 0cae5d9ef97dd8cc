"""The site's own Arabic-script web font: ``fonts: {arabic: FILE}`` in site.yaml.

The font (TTF, OTF, WOFF or WOFF2, a file in the site folder) is subset with fontTools to the
Arabic-script characters the site shows (every text of the content and of the theme's strings
of its languages), with its shaping features, and published as WOFF2 in ``media/`` under a name
made from its content, with a stylesheet declaring it as ``Korme Arabic`` (the first family of
the theme's Arabic stack) and its licence beside it: a licence file next to the font (``OFL.txt``,
``LICENSE``…), else the licence its own name table states. Without any, the build stops: a font
is only published with its licence. The subset is kept in ``.korme-cache/fonts/``. Pages link
the stylesheet and preload the font when they show Arabic-script text; offline copies (opened
from disk, where browsers refuse web fonts) do without it.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from korme.errors import Position, Report
from korme.i18n import LangText
from korme.l10n import _
from korme.model import Site
from korme.write import Output, copy_output, text_output

FAMILY = "Korme Arabic"
# the Arabic script's blocks (with its supplement, extended and presentation forms)
BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x089F), (0x08A0, 0x08FF),
          (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
ARABIC = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in BLOCKS) + "]")
JOINERS = "\u200c\u200d\u200e\u200f"  # ZWNJ (Persian), ZWJ, the direction marks
LICENCE_NAMES = ("OFL.txt", "OFL-1.1.txt", "OFL", "LICENSE.txt", "LICENSE", "LICENCE.txt",
                 "LICENCE", "COPYING.txt", "COPYING")


@dataclass(frozen=True)
class WebFonts:
    """The published font: its stylesheet's and file's site paths (``base.html`` links them)."""

    css: str
    woff2: str
    licence: str
    key: str  # the digest the names carry (part of the pages' fingerprint)

    def used_in(self, html: str) -> bool:
        """Whether a page shows Arabic-script text (then it preloads the font)."""
        return ARABIC.search(html) is not None


def _texts(value: Any) -> Iterator[str]:
    """Every string in a record, a multilingual value, a list or a mapping."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, LangText):
        if value.plain is not None:
            yield value.plain
        yield from (t for _, t in value.texts)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)
    elif hasattr(value, "__dict__"):  # a record (pydantic model)
        yield from _texts(dict(value.__dict__))
        yield from _texts(getattr(value, "model_extra", None) or {})


def characters(site: Site, strings: Iterable[str]) -> str:
    """The Arabic-script characters the site shows (content, and the theme's ``strings``)."""
    found: set[str] = set()

    def take(texts: Iterable[str]) -> None:
        for text in texts:
            found.update(ARABIC.findall(text))

    take(_texts(site.config))
    take(_texts(list(site.institutions.values())))
    take(strings)
    for ex in site.exhibitions:
        take(_texts(ex.card))
        for it in ex.items:
            take(_texts(it.record))
        for sec in ex.sections:
            take(d.body + d.meta.title for d in sec.files.values())
    for page in site.pages.values():
        take(d.body + d.meta.title for d in page.files.values())
    return "".join(sorted(found))


def _licence(font: Path, data: bytes) -> str | None:
    """The font's licence: a file beside it, else what its name table says."""
    for name in (f"{font.stem}.LICENSE.txt", f"{font.stem}-LICENSE.txt", *LICENCE_NAMES):
        path = font.with_name(name)
        if path.is_file():
            return path.read_text("utf-8", errors="replace")
    from fontTools.ttLib import TTFont

    names = TTFont(io.BytesIO(data), lazy=True)["name"]
    parts = [names.getDebugName(i) for i in (0, 13, 14)]
    if not (parts[1] or parts[2]):
        return None
    return "\n\n".join(p for p in parts if p) + "\n"


def _subset(data: bytes, chars: str) -> bytes:
    """The font with only ``chars`` (and what shaping them needs), as WOFF2."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]  # joining forms, ligatures, mark positioning
    options.flavor = "woff2"
    options.name_IDs = ["*"]  # keep the copyright and licence entries
    options.notdef_outline = True
    font = subset.load_font(io.BytesIO(data), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars + JOINERS)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def _css(woff2: str) -> str:
    ranges = ",".join(f"U+{a:04X}-{b:04X}" for a, b in BLOCKS)
    return (f'@font-face{{font-family:"{FAMILY}";src:url({woff2}) format("woff2");'
            f"font-display:optional;unicode-range:{ranges},U+200C-200F}}\n")


def web_fonts(site: Site, strings: Iterable[str], cache_dir: Path, report: Report
              ) -> tuple[WebFonts | None, dict[str, Output]]:
    """The site's web font and the files to publish (none when not asked for or not used)."""
    given = site.config.fonts.arabic
    if not given:
        return None, {}
    pos = site.config_located.at(("fonts", "arabic")) if site.config_located else \
        Position("site.yaml")
    path = (site.root / given).resolve()
    if not path.is_relative_to(site.root.resolve()) or not path.is_file():
        report.error(pos, _("fonts: arabic: '{path}' is not a file in the site folder",
                            path=given))
        return None, {}
    chars = characters(site, strings)
    if not chars:
        return None, {}
    data = path.read_bytes()
    try:
        licence = _licence(path, data)
        key = hashlib.sha256(b"\0".join([data, chars.encode(), version("fonttools").encode()])
                             ).hexdigest()[:16]
        kept = cache_dir / "fonts" / f"{key}.woff2"
        if not kept.is_file():
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_bytes(_subset(data, chars))
    except Exception as exc:  # fontTools raises many kinds for a file that is not a font
        report.error(pos, _("fonts: arabic: '{path}' cannot be read as a font ({problem})",
                            path=given, problem=type(exc).__name__))
        return None, {}
    if licence is None:
        report.error(pos, _("fonts: arabic: no licence for '{path}': put its licence file "
                            "(such as OFL.txt) beside it; it is published with the font",
                            path=given))
        return None, {}
    name = f"media/{key}-arabic"
    fonts = WebFonts(f"{name}.css", f"{name}.woff2", f"{name}.LICENSE.txt", key)
    return fonts, {fonts.woff2: copy_output(kept), fonts.licence: text_output(licence),
                   fonts.css: text_output(_css(f"{key}-arabic.woff2"))}
