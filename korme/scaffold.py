"""``korme new exhibition|item|section``: valid, buildable content in every published language.

Existing files are never rewritten: a new item is appended to items.yaml as text, so the
curators' comments and layout stay as they were.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw

from korme.errors import Report, UsageError
from korme.i18n import norm_tag
from korme.l10n import Text, _
from korme.load.schema import RESERVED_SLUGS, SLUG_RE
from korme.load.site import SECTION_FILE, load_config, load_items

WORDS = {
    "kk": {"exhibition": "Жаңа көрме", "intro": "Кіріспе", "first": "Алғашқы экспонат",
           "alt": "Экспонаттың суреті", "intro_text": "Мұнда көрменің кіріспе мәтінін жазыңыз.",
           "item": "Жаңа экспонат", "section": "Жаңа бөлім",
           "section_text": "Мұнда бөлімнің мәтінін жазыңыз."},
    "ru": {"exhibition": "Новая выставка", "intro": "Введение", "first": "Первый экспонат",
           "alt": "Изображение экспоната",
           "intro_text": "Здесь напишите вступительный текст выставки.",
           "item": "Новый экспонат", "section": "Новый раздел",
           "section_text": "Здесь напишите текст раздела."},
    "en": {"exhibition": "New exhibition", "intro": "Introduction", "first": "First item",
           "alt": "Image of the item", "intro_text": "Write the exhibition's introduction here.",
           "item": "New item", "section": "New section",
           "section_text": "Write the section's text here."},
}


PLACEHOLDER_KEYS = frozenset({"exhibition", "first", "alt", "intro_text", "item", "section",
                              "section_text"})  # what the curator must replace


def word(lang: str, key: str) -> str:
    """A placeholder text of the scaffold in ``lang`` (English for languages it lacks)."""
    return WORDS.get(lang, WORDS.get(lang.split("-")[0], WORDS["en"]))[key]


def _map(langs: tuple[str, ...], key: str) -> str:
    return "{" + ", ".join(f'{lang}: "{word(lang, key)}"' for lang in langs) + "}"


def _check_slug(slug: str, what: Text, langs: tuple[str, ...] = ()) -> None:
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise UsageError(_("'{slug}' cannot name {what}: use lower-case a-z, 0-9 and '-', "
                           "and none of {reserved}", slug=slug, what=what,
                           reserved=", ".join(sorted(RESERVED_SLUGS))))
    if slug in langs:
        raise UsageError(_("'{slug}' is a language code of the site", slug=slug))


def _languages(site: Path) -> tuple[str, ...]:
    report = Report()
    loaded = load_config(site.resolve(), report)
    if loaded is None:
        raise UsageError("; ".join(str(d) for d in report.errors) or _("no site.yaml"))
    return tuple(norm_tag(t) for t in loaded[0].languages)


def _exhibition(site: Path, slug: str) -> Path:
    folder = site / "exhibitions" / slug
    if not (folder / "exhibition.yaml").is_file():
        raise UsageError(_("no exhibition '{slug}' ({path} not found)", slug=slug,
                           path=folder / "exhibition.yaml"))
    return folder


def placeholder_image(path: Path) -> None:
    """A small page-like JPEG for a new item, to be replaced by the real scan."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (1200, 1600), (236, 226, 204))
    draw = ImageDraw.Draw(image)
    for y in range(240, 1400, 60):
        draw.line((180, y, 1020, y), fill=(120, 96, 70), width=6)
    image.save(path, quality=85)


def _item_yaml(ident: str, langs: tuple[str, ...], title: str, indent: str = "") -> str:
    lines = [f"- id: {ident}", f"  title: {_map(langs, title)}", "  type: document",
             '  date: "1900"', "  images:", f"    - file: images/{ident}/page-1.jpg",
             f"      alt: {_map(langs, 'alt')}"]
    return "".join(indent + line + "\n" for line in lines)


def new_exhibition(site: Path, slug: str) -> Path:
    """Create ``exhibitions/SLUG/`` with a card, one item with an image and one section."""
    _check_slug(slug, _("an exhibition"))
    langs = _languages(site)
    _check_slug(slug, _("an exhibition"), langs)
    folder = site / "exhibitions" / slug
    if folder.exists():
        raise UsageError(_("{path} already exists", path=folder))
    (folder / "sections").mkdir(parents=True)
    (folder / "exhibition.yaml").write_text(
        f"title: {_map(langs, 'exhibition')}\nsummary: {_map(langs, 'intro_text')}\n"
        "institutions: []\ncurators: []\ncover: item-1\nstatus: draft\n", "utf-8")
    (folder / "items.yaml").write_text(_item_yaml("item-1", langs, "first"), "utf-8")
    placeholder_image(folder / "images" / "item-1" / "page-1.jpg")
    for lang in langs:
        items = "items: [item-1]\n" if lang == langs[0] else ""
        (folder / "sections" / f"01-introduction.{lang}.md").write_text(
            f"---\ntitle: {word(lang, 'intro')}\n{items}---\n{word(lang, 'intro_text')}\n\n"
            "::item item-1\n", "utf-8")
    return folder


def new_item(site: Path, exhibition: str, ident: str) -> Path:
    """Append a record for ``ident`` to the exhibition's items.yaml, with a placeholder image."""
    if not SLUG_RE.match(ident):
        raise UsageError(_("'{id}' cannot be an item id: use lower-case a-z, 0-9 and '-'",
                           id=ident))
    langs = _languages(site)
    folder = _exhibition(site, exhibition)
    path = folder / "items.yaml"
    report = Report()
    items, broken = load_items(path, site.resolve(), report)
    if broken is None:
        raise UsageError(_("{path} cannot be read; fix it first: {problems}", path=path,
                           problems="; ".join(str(d) for d in report.errors)))
    taken = {it.record.id for it in items} | set(broken)
    taken |= {a for it in items for a in it.record.aliases}
    if ident in taken:
        raise UsageError(_("an item '{id}' already exists in {path}", id=ident, path=path))
    before = path.read_bytes() if path.is_file() else b""
    text = before.decode("utf-8")
    nl = "\r\n" if "\r\n" in text else "\n"
    if not items and not broken:  # empty, or only comments and an empty list
        text = "".join(line + nl for line in text.splitlines() if line.lstrip().startswith("#"))
    dash = re.search(r"^([ \t]*)- ", text, flags=re.M)
    if text and not text.endswith("\n"):
        text += nl
    record = _item_yaml(ident, langs, "item", dash[1] if dash else "").replace("\n", nl)
    path.write_bytes((text + record).encode("utf-8"))
    after, _broken = load_items(path, site.resolve(), Report())
    if ident not in {it.record.id for it in after}:  # never leave a broken file behind
        path.write_bytes(before)
        raise UsageError(_("could not append to {path}: its layout is unusual; add the item "
                           "by hand", path=path))
    image = folder / "images" / ident / "page-1.jpg"
    if not image.exists():
        placeholder_image(image)
    return path


def new_section(site: Path, exhibition: str, slug: str) -> list[Path]:
    """Create ``sections/NN-SLUG.<lang>.md`` for every published language (NN: the next one)."""
    langs = _languages(site)
    _check_slug(slug, _("a section"), langs)
    folder = _exhibition(site, exhibition) / "sections"
    found = [m for m in (SECTION_FILE.match(p.name) for p in folder.glob("*.md")) if m]
    if any(m["slug"] == slug for m in found):
        raise UsageError(_("a section '{slug}' already exists in {path}", slug=slug,
                           path=folder))
    number = max((int(m["order"]) for m in found), default=0) + 1
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for lang in langs:
        path = folder / f"{number:02d}-{slug}.{lang}.md"
        path.write_text(f"---\ntitle: {word(lang, 'section')}\n---\n"
                        f"{word(lang, 'section_text')}\n", "utf-8")
        paths.append(path)
    return paths
