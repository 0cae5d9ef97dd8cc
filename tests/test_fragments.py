"""Page-independent Markdown is converted once per build and kept between builds."""

from __future__ import annotations

import marshal
import re
from collections import Counter
from pathlib import Path

from korme.build import CACHE_DIR
from korme.markdown.fragments import FILE, Fragments, fragment_key
from tests.conftest import build_into

ITEMS = "exhibitions/letters/items.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_kept_fragments_follow_edits(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    kept = Fragments.load(site / CACHE_DIR, None).known
    old_key = fragment_key("Краткое **описание**.", "Вернуться к тексту")
    assert old_key in kept and "<strong>описание</strong>" in kept[old_key]

    _edit(site / ITEMS, "Краткое **описание**.", "Новое *описание*[^n].\\n\\n[^n]: Сноска.")
    assert build_into(site, out) == 0
    page = (out / "ru/letters/items/letter-1/index.html").read_text("utf-8")
    catalogue = (out / "ru/letters/catalogue/index.html").read_text("utf-8")
    for html in (page, catalogue):
        assert "Новое <em>описание</em>" in html and "Сноска." in html
        assert "Краткое" not in html
    kept = Fragments.load(site / CACHE_DIR, None).known
    assert old_key not in kept  # only what the last build used is kept


def test_a_damaged_cache_is_ignored(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    assert build_into(site, tmp_path / "a") == 0
    (site / CACHE_DIR / FILE).write_bytes(b"not marshal data")
    assert build_into(site, tmp_path / "b") == 0
    page = (tmp_path / "b/ru/letters/items/letter-1/index.html").read_text("utf-8")
    assert "<strong>описание</strong>" in page


def test_catalogue_descriptions_never_share_ids(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    for lang_text in ("Краткое **описание**.", "Қысқа **сипаттама**."):
        _edit(site / ITEMS, lang_text, "Текст[^1].\\n\\n## Заголовок\\n\\n[^1]: Сноска.")
    text = (site / ITEMS).read_text("utf-8")
    # the second item gets the same footnote, so the catalogue shows two "fn:1"
    text = re.sub(r"(- id: letter-2\n)", r'\1  description: "Другой[^1].\\n\\n[^1]: Б."\n',
                  text, count=1)
    (site / ITEMS).write_text(text, "utf-8")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    html = (out / "ru/letters/catalogue/index.html").read_text("utf-8")
    ids = Counter(re.findall(r' id="([^"]+)"', html))
    assert ids["letter-1-fn:1"] == 1 and ids["letter-2-fn:1"] == 1
    assert not [i for i, n in ids.items() if n > 1]
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids


def test_html_kept_by_other_code_is_not_reused(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    assert build_into(site, tmp_path / "a") == 0
    stamp, known = marshal.loads((site / CACHE_DIR / FILE).read_bytes())
    key = fragment_key("Краткое **описание**.", "Вернуться к тексту")
    assert key in known
    stale = {k: "<p>STALE</p>" for k in known}
    (site / CACHE_DIR / FILE).write_bytes(marshal.dumps((stamp + " older code", stale)))
    assert build_into(site, tmp_path / "b") == 0
    page = (tmp_path / "b/ru/letters/items/letter-1/index.html").read_text("utf-8")
    assert "STALE" not in page and "<strong>описание</strong>" in page


def test_prerender_gives_each_text_the_engines_html(monkeypatch) -> None:
    from korme.markdown import fragments as fr
    from korme.markdown.render import MarkdownEngine

    monkeypatch.setattr(fr, "PARALLEL_MIN", 1)  # the other texts go to a pool of two
    texts = [(f"Қолжазба {n}[^1].\n\n[^1]: Ескерту\u00a0{n}.", "Мәтінге") for n in range(30)]
    texts += [(f"*Бір* {n}.\n\n- тізім\n- {n}", "back") for n in range(30)]
    texts += [("::item ms-1", "back"), ("", "back")]  # not pure, empty: left to the pages
    kept = fr.Fragments({}, "stamp")
    assert fr.prerender(kept, texts, workers=2) == 30  # plain prose is left to the pages
    engine = MarkdownEngine()
    for text, back in texts[:30]:
        assert kept.get(fr.fragment_key(text, back)) is None
    for text, back in texts[30:60]:
        html = engine.convert(text, lambda _i, _n: "", lambda _k, _t: "", back)
        assert kept.get(fr.fragment_key(text, back)) == html
