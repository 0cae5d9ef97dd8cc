"""A site written by the showcase tests: current, upcoming and past exhibitions, partners with
logos, covers with focal points (busy, bright, dark and one too small), the site's own types,
languages and fields, a section in Kazakh only, wide and full figures, dates of every kind.

The built site is read by ``tests/test_showcase.py`` and ``tests/test_showcase_browser.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

MARK = (230, 20, 20)  # the focal point's marker on the tall cover
MARK_AT = (0.5, 0.15)  # where it is, as fractions of the width and height


def _busy(size: tuple[int, int], seed: int, light: bool) -> Image.Image:
    """Calligraphy-like clutter: many strokes on a light or dark ground."""
    rnd = random.Random(seed)
    im = Image.new("RGB", size, (250, 246, 236) if light else (12, 10, 8))
    draw = ImageDraw.Draw(im)
    w, h = size
    for _ in range(900):
        x, y = rnd.randrange(w), rnd.randrange(h)
        tone = rnd.randrange(0, 90) if light else rnd.randrange(170, 256)
        draw.line((x, y, x + rnd.randrange(-60, 60), y + rnd.randrange(-30, 30)),
                  fill=(tone, tone, min(255, tone + 40)), width=rnd.randrange(2, 9))
    return im


def _tall_with_mark(size: tuple[int, int]) -> Image.Image:
    """A tall page with a red disc at :data:`MARK_AT` (the focal point) and nothing red else."""
    im = _busy(size, 7, True)
    draw = ImageDraw.Draw(im)
    x, y, r = size[0] * MARK_AT[0], size[1] * MARK_AT[1], size[0] // 10
    draw.ellipse((x - r, y - r, x + r, y + r), fill=MARK)
    return im


LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" '
        'r="30" fill="{colour}"/></svg>')

SITE = """\
format: 1
title: {kk: "Сынақ көрмелері", ru: "Тестовые выставки", en: "Test exhibitions"}
description: {kk: "Сынақ сайты", ru: "Тестовый сайт", en: "A test site"}
languages: [kk, ru, en]
images: {widths: [480, 960, 1600], formats: [jpeg], zoom: false}
fields:
  legend: {label: {kk: "Мөрдегі жазу", ru: "Легенда"}, type: markdown}
  provenance: {label: {kk: "Шығу тегі", ru: "Происхождение", en: "Provenance"}}
vocabulary:
  type:
    seal-impression: {kk: "Мөр ізі", ru: "Оттиск печати"}
  language:
    chg: {kk: "шағатай тілі", ru: "чагатайский", en: "Chagatai"}
"""

INSTITUTIONS = """\
- id: library
  name: {kk: "Ұлттық кітапхана", ru: "Национальная библиотека", en: "National Library"}
  url: https://example.org/library
  logo: logos/library.svg
- id: academy
  name: {kk: "Ғылым ордасы", ru: "Гылым ордасы", en: "Gylym Ordasy"}
  logo: logos/academy.svg
"""

ITEMS = """\
- id: shahnameh
  title: {kk: "Шаһнама", ru: "Шахнаме", en: "Shahnameh", fa: "شاهنامه"}
  date: "159X"
  type: manuscript
  language: [fa]
  institution: library
  subjects: [{kk: "Поэзия", ru: "Поэзия", en: "Poetry"}]
  images:
    - file: images/tall.jpg
      alt: {kk: "Бет", ru: "Лист", en: "A leaf"}
- id: seal
  title: {kk: "Мөр", ru: "Печать", en: "A seal"}
  date: "18XX"
  type: seal-impression
  language: [chg]
  institution: academy
  legend: {kk: "«Оның *құлы*»", ru: "«Раб *Его*»", en: "“His *servant*”"}
  provenance: {kk: "Сыйға тартылған", ru: "Дар", en: "A gift"}
  subjects: [{kk: "Мөрлер", ru: "Печати", en: "Seals"}]
  images:
    - file: images/wide.jpg
      alt: {kk: "Мөр", ru: "Печать", en: "A seal"}
- id: divan
  title: {kk: "Диуан", ru: "Диван", en: "Divan"}
  date: "1850/1870"
  type: manuscript
  institution: library
  subjects: [{kk: "Поэзия", ru: "Поэзия", en: "Poetry"}]
  images:
    - file: images/bright.jpg
      alt: {kk: "Бет", ru: "Лист", en: "A leaf"}
- id: shezhire
  title: {kk: "Шежіре", ru: "Родословие", en: "Genealogy"}
  date: "1720~"
  type: manuscript
  institution: academy
  images:
    - file: images/dark.jpg
      alt: {kk: "Бет", ru: "Лист", en: "A leaf"}
- id: letter
  title: {kk: "Хат", ru: "Письмо", en: "A letter"}
  date: "1925-05-12"
  type: letter
  institution: library
  images:
    - file: images/bright.jpg
      alt: {kk: "Хат", ru: "Письмо", en: "A letter"}
- id: map
  title: {kk: "Карта", ru: "Карта", en: "A map"}
  date: "1863?"
  type: map
  images:
    - file: images/wide.jpg
      alt: {kk: "Карта", ru: "Карта", en: "A map"}
"""

SECTION_KK = """\
---
title: Кіріспе
---
Кіріспе мәтіні.

::item seal 1 wide

Ортасы.

::item map 1 full

Соңы.
"""

EXHIBITION = """\
title: {{kk: "{kk}", ru: "{ru}", en: "{en}"}}
subtitle: {{kk: "Қолжазбалар", ru: "Рукописи", en: "Manuscripts"}}
institutions: [library, academy]
dates: {dates}
cover: {cover}
"""

# slug: (titles, dates, cover)
EXHIBITIONS = {
    "now": (("Қазіргі көрме", "Текущая выставка", "The current exhibition"),
            "{opens: 2026-01-01, closes: 2026-12-31}",
            "{item: shahnameh, image: 1, focus: pct:50,15}"),
    "plain": (("Фокуссыз көрме", "Выставка без фокуса", "An exhibition without a focus"),
              "{opens: 2026-02-01, closes: 2026-11-30}", "shahnameh"),
    "small": (("Кішкентай мұқаба", "Маленькая обложка", "A small cover"),
              "{opens: 2027-03-01}", "images/small.jpg"),
    "before": (("Өткен көрме", "Прошедшая выставка", "A past exhibition"),
               "{opens: 2024-01-01, closes: 2025-06-30}", "{item: shezhire, image: 1}"),
}


def write_site(root: Path) -> Path:
    """Write the showcase test site into ``root`` (which must not exist) and return it."""
    (root / "content" / "logos").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE, "utf-8")
    (root / "content" / "institutions.yaml").write_text(INSTITUTIONS, "utf-8")
    for name, colour in (("library", "#1f5fbf"), ("academy", "#8a2f1a")):
        (root / "content" / "logos" / f"{name}.svg").write_text(LOGO.format(colour=colour),
                                                                 "utf-8")
    pages = root / "content" / "pages"
    pages.mkdir()
    (pages / "index.kk.md").write_text("---\ntitle: Сынақ\n---\nҚош келдіңіз.\n", "utf-8")
    (pages / "index.ru.md").write_text("---\ntitle: Тест\n---\nДобро пожаловать.\n", "utf-8")
    (pages / "about.kk.md").write_text("---\ntitle: Жоба туралы\n---\nМәтін.\n", "utf-8")
    for slug, ((kk, ru, en), dates, cover) in EXHIBITIONS.items():
        folder = root / "exhibitions" / slug
        (folder / "images").mkdir(parents=True)
        (folder / "exhibition.yaml").write_text(
            EXHIBITION.format(kk=kk, ru=ru, en=en, dates=dates, cover=cover), "utf-8")
        (folder / "items.yaml").write_text(ITEMS, "utf-8")
        (folder / "sections").mkdir()
        (folder / "sections" / "01-intro.kk.md").write_text(SECTION_KK, "utf-8")
        images = folder / "images"
        _tall_with_mark((1000, 2400)).save(images / "tall.jpg", quality=85)
        _busy((1800, 1100), 3, True).save(images / "wide.jpg", quality=85)
        _busy((1200, 1500), 4, True).save(images / "bright.jpg", quality=85)
        _busy((1200, 1500), 5, False).save(images / "dark.jpg", quality=85)
        if slug == "small":
            _busy((600, 400), 6, True).save(images / "small.jpg", quality=85)
    return root
