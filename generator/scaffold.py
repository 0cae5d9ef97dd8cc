"""``korme new exhibition SLUG``: a valid, buildable exhibition in every published language."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from generator.content.load import load_config
from generator.content.schema import RESERVED_SLUGS, SLUG_RE
from generator.errors import Report, UsageError
from generator.i18n import norm_tag

_WORDS = {
    "kk": ("Жаңа көрме", "Кіріспе", "Алғашқы экспонат", "Экспонаттың суреті",
           "Мұнда көрменің кіріспе мәтінін жазыңыз."),
    "ru": ("Новая выставка", "Введение", "Первый экспонат", "Изображение экспоната",
           "Здесь напишите вступительный текст выставки."),
    "en": ("New exhibition", "Introduction", "First item", "Image of the item",
           "Write the exhibition's introduction here."),
}


def _words(lang: str) -> tuple[str, str, str, str, str]:
    return _WORDS.get(lang, _WORDS.get(lang.split("-")[0], _WORDS["en"]))


def _map(langs: tuple[str, ...], index: int) -> str:
    return "{" + ", ".join(f'{lang}: "{_words(lang)[index]}"' for lang in langs) + "}"


def new_exhibition(site: Path, slug: str) -> Path:
    """Create ``exhibitions/SLUG/`` with a card, one item with an image and one section."""
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise UsageError(f"'{slug}' cannot name an exhibition: use lower-case a-z, 0-9 and '-', "
                         f"and none of {', '.join(sorted(RESERVED_SLUGS))}")
    report = Report()
    loaded = load_config(site.resolve(), report)
    if loaded is None:
        raise UsageError("; ".join(str(d) for d in report.errors) or "no site.yaml")
    langs = tuple(norm_tag(t) for t in loaded[0].languages)
    if slug in langs:
        raise UsageError(f"'{slug}' is a language code of the site")
    folder = site / "exhibitions" / slug
    if folder.exists():
        raise UsageError(f"{folder} already exists")
    (folder / "sections").mkdir(parents=True)
    (folder / "images" / "item-1").mkdir(parents=True)
    (folder / "exhibition.yaml").write_text(
        f"title: {_map(langs, 0)}\nsummary: {_map(langs, 4)}\ninstitutions: []\n"
        f"curators: []\ncover: item-1\nstatus: published\n", "utf-8")
    (folder / "items.yaml").write_text(
        f"- id: item-1\n  title: {_map(langs, 2)}\n  type: document\n  date: \"1900\"\n"
        f"  images:\n    - file: images/item-1/page-1.jpg\n      alt: {_map(langs, 3)}\n",
        "utf-8")
    image = Image.new("RGB", (1200, 1600), (236, 226, 204))
    draw = ImageDraw.Draw(image)
    for y in range(240, 1400, 60):
        draw.line((180, y, 1020, y), fill=(120, 96, 70), width=6)
    image.save(folder / "images" / "item-1" / "page-1.jpg", quality=85)
    for lang in langs:
        w = _words(lang)
        items = "items: [item-1]\n" if lang == langs[0] else ""
        (folder / "sections" / f"01-introduction.{lang}.md").write_text(
            f"---\ntitle: {w[1]}\n{items}---\n{w[4]}\n\n::item item-1\n", "utf-8")
    return folder
