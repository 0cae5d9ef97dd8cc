"""A generated bilingual exhibition for the site benchmark: N items, Markdown descriptions with
a footnote, a few sections, tiny images (so that pages, not pixels, dominate)."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image

WORDS_KK = [
    "қолжазба",
    "кітап",
    "дала",
    "хат",
    "мұрағат",
    "ғасыр",
    "жазу",
    "тарих",
    "мәтін",
    "бет",
    "сақтау",
    "мұра",
    "ақын",
    "шежіре",
    "қала",
    "жол",
    "хан",
    "би",
    "ел",
    "жер",
    "су",
    "тау",
    "өзен",
    "кітапхана",
    "ғалым",
    "оқу",
    "білім",
]
WORDS_RU = [
    "рукопись",
    "книга",
    "степь",
    "письмо",
    "архив",
    "век",
    "письменность",
    "история",
    "текст",
    "лист",
    "хранение",
    "наследие",
    "поэт",
    "родословие",
    "город",
    "путь",
    "хан",
    "бий",
    "народ",
    "земля",
    "вода",
    "гора",
    "река",
    "библиотека",
    "учёный",
    "чтение",
    "знание",
]


def _text(rng: random.Random, words: tuple[str, ...] | list[str], n: int) -> str:
    out = [rng.choice(words) for _ in range(n)]
    out[0] = out[0].capitalize()
    for i in range(12, n, 13):
        out[i] += "."
    return " ".join(out) + "."


def make_site(root: Path, items: int = 2000, sections: int = 10, seed: int = 1) -> Path:
    """Write the benchmark site into ``root`` and return it."""
    rng = random.Random(seed)
    ex = root / "exhibitions" / "bench"
    (ex / "sections").mkdir(parents=True)
    (ex / "images").mkdir()
    (root / "content").mkdir()
    (root / "site.yaml").write_text(
        'format: 1\ntitle: {kk: "Өлшем", ru: "Замер"}\nlanguages: [kk, ru]\n'
        "images:\n  widths: [64]\n  formats: [jpeg]\n",
        "utf-8",
    )
    (root / "content" / "institutions.yaml").write_text(
        '- id: lib\n  name: {kk: "Кітапхана", ru: "Библиотека"}\n', "utf-8"
    )
    (ex / "exhibition.yaml").write_text(
        'title: {kk: "Үлкен көрме", ru: "Большая выставка"}\ninstitutions: [lib]\n', "utf-8"
    )
    for n in range(8):  # a few distinct tiny images shared by many items
        Image.new("RGB", (64, 48), (120 + n * 10, 100, 80)).save(ex / "images" / f"{n}.jpg")
    lines = []
    for i in range(items):
        # ~150 words: two paragraphs and a footnote (the "~150-word descriptions")
        kk = _text(rng, WORDS_KK, 70) + "\n\n      " + _text(rng, WORDS_KK, 70) + \
            " Ескерту[^1].\n\n    [^1]: " + _text(rng, WORDS_KK, 8)
        ru = _text(rng, WORDS_RU, 70) + "\n\n      " + _text(rng, WORDS_RU, 70) + \
            " Примечание[^1].\n\n    [^1]: " + _text(rng, WORDS_RU, 8)
        lines.append(
            f"- id: item-{i:04d}\n"
            f'  title: {{kk: "Экспонат {i}", ru: "Экспонат {i}"}}\n'
            f'  date: "{1500 + i % 450}"\n  type: manuscript\n  institution: lib\n'
            f'  identifier: "Р-{i}"\n'
            f"  description:\n    kk: |\n      {kk}\n    ru: |\n      {ru}\n"
            f"  images:\n    - file: images/{i % 8}.jpg\n"
            f'      alt: {{kk: "Сурет {i}", ru: "Изображение {i}"}}\n'
        )
    (ex / "items.yaml").write_text("".join(lines).replace("\n    [^1]", "\n\n      [^1]"), "utf-8")
    per = max(1, items // sections)
    for s in range(sections):
        ids = ", ".join(f"item-{i:04d}" for i in range(s * per, min(items, s * per + 6)))
        for lang, words in (("kk", WORDS_KK), ("ru", WORDS_RU)):
            body = "\n\n".join(_text(rng, words, 120) for _ in range(4))
            front = f"---\ntitle: {lang} {s}\n" + (f"items: [{ids}]\n" if lang == "kk" else "")
            (ex / "sections" / f"{s + 1:02d}-part-{s}.{lang}.md").write_text(
                f"{front}---\n{body}\n\n::item item-{s * per:04d}\n", "utf-8"
            )
    return root
