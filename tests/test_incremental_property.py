"""Property: after any sequence of edits, an incremental build (and ``korme serve``'s rebuild)
gives exactly the files a fresh build gives.

Edits are random: an item's field, a custom field, an image added, removed or replaced, a
section's text and title, the exhibition's card, an institution, a theme template, a theme UI
string, the site's title. Each sequence runs with the default theme and with a site theme
whose templates show every field of every record, so no knowledge of which fields the default
templates read can make the incremental build right by accident.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from korme.build import BuildOptions, build
from korme.cache import BuildCache
from korme.inplace import put_pages
from korme.render.stage import FirstPages
from korme.state import KeptStates
from tests.conftest import FIXTURES, stored_files, tree_hash

ITEMS = "exhibitions/letters/items.yaml"
SECTION = "exhibitions/letters/sections/01-introduction.kk.md"

# a theme that shows every field of every record it is given, wherever the default shows any
SHOW_ALL = """{%- macro dump(record) -%}
<dl class="all">{% for k, v in record %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
{%- endmacro -%}"""
OVERRIDES = {
    "partials/dump.html": SHOW_ALL,
    "partials/card.html": '{% extends "default:partials/card.html" %}'
                          '{% from "partials/dump.html" import dump %}'
                          '{% block card_extra %}{{ dump(c.item.record) }}'
                          '{% if c.item.institution %}{{ dump(c.item.institution) }}{% endif %}'
                          '{{ c.item.featured_in | join(",") }}{% endblock %}',
    "partials/entry.html": '{% extends "default:partials/entry.html" %}'
                           '{% from "partials/dump.html" import dump %}'
                           '{% block entry_extra %}{{ dump(e.item.record) }}{% endblock %}',
    "partials/catalogue-entry.html": '{% extends "default:partials/catalogue-entry.html" %}'
                                     '{% from "partials/dump.html" import dump %}'
                                     '{% block catalogue_extra %}{{ dump(e.item.record) }}'
                                     '{% for s in e.item.images %}{{ dump(s.record) }}'
                                     '{% endfor %}{% endblock %}',
    "base.html": '{% extends "default:base.html" %}{% from "partials/dump.html" import dump %}'
                 '{% block footer %}{{ dump(site.config) }}'
                 '{% for i in site.institutions.values() %}{{ dump(i) }}{% endfor %}'
                 '{% for e in site.exhibitions %}{{ dump(e.card) }}{% endfor %}{% endblock %}',
}


def _yaml(site: Path, rel: str) -> object:
    return yaml.safe_load((site / rel).read_text("utf-8"))


def _write_yaml(site: Path, rel: str, data: object) -> None:
    (site / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _items(site: Path, change: Callable[[list[dict]], None]) -> None:
    items = _yaml(site, ITEMS)
    change(items)  # type: ignore[arg-type]
    _write_yaml(site, ITEMS, items)


def _image(site: Path, name: str, colour: tuple[int, int, int], size: tuple[int, int]) -> str:
    path = site / "exhibitions/letters/images" / name
    Image.new("RGB", size, colour).save(path)
    return f"images/{name}"


def edit_item_field(site: Path, n: int, word: str) -> None:
    def change(items: list[dict]) -> None:
        it = items[n % len(items)]
        field = ("title", "creator", "date", "identifier", "type")[len(word) % 5]
        if field == "date":
            it["date"] = f"1{len(word) % 10}{n % 10}0"
        elif field == "title":
            it["title"] = {"kk": f"Атау {word}", "ru": f"Название {word}"}
        else:
            it[field] = word
    _items(site, change)


def edit_custom_field(site: Path, n: int, word: str) -> None:
    def change(items: list[dict]) -> None:
        items[n % len(items)]["provenance"] = {"kk": f"Шығу {word}", "ru": f"Происх. {word}"}
    _items(site, change)


def edit_images(site: Path, n: int, word: str) -> None:
    def change(items: list[dict]) -> None:
        it = items[n % len(items)]
        how = len(word) % 3
        # a section shows letter-1's second image: it keeps two (the site stays valid)
        keep = 2 if it["id"] == "letter-1" else 0
        if how == 0 or len(it.get("images") or []) <= max(keep, how - 1):  # add
            rel = _image(site, f"new-{word}.png", (n * 40 % 256, 90, 160), (90 + n, 120))
            it.setdefault("images", []).append({"file": rel, "alt": {"kk": word, "ru": word}})
        elif how == 1:  # remove the last one
            it["images"].pop()
        else:  # replace the first one's pixels
            img = it["images"][0]
            img["file"] = _image(site, f"re-{word}.png", (200, n * 30 % 256, 40), (120, 80 + n))
    _items(site, change)


def edit_section(site: Path, n: int, word: str) -> None:
    path = site / SECTION
    text = path.read_text("utf-8")
    if n % 2:
        text = text.replace("title: ", f"title: {word} ", 1)
    else:
        text = text.replace("Кіріспе мәтіні", f"Кіріспе мәтіні {word}", 1)
    path.write_text(text, "utf-8")


def edit_exhibition(site: Path, n: int, word: str) -> None:
    card = _yaml(site, "exhibitions/letters/exhibition.yaml")
    key = ("title", "subtitle", "summary")[n % 3]
    card[key] = {"kk": f"{key} {word}", "ru": f"{key} {word}"}  # type: ignore[index]
    _write_yaml(site, "exhibitions/letters/exhibition.yaml", card)


def edit_institution(site: Path, n: int, word: str) -> None:
    insts = _yaml(site, "content/institutions.yaml")
    inst = insts[0]  # type: ignore[index]
    if n % 2:
        inst["name"] = {"kk": f"Кітапхана {word}", "ru": f"Библиотека {word}"}
    else:
        inst["city"] = {"kk": word, "ru": word}
    _write_yaml(site, "content/institutions.yaml", insts)


def edit_template(site: Path, n: int, word: str) -> None:
    folder = site / "themes/mine/templates/partials"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "crumbs.html").write_text(
        '{% macro crumbs(p, links, current) %}<nav class="breadcrumbs">' + word +
        ' {{ current }}</nav>{% endmacro %}', "utf-8")


def edit_string(site: Path, n: int, word: str) -> None:
    folder = site / "themes/mine/i18n"
    folder.mkdir(parents=True, exist_ok=True)
    key = ("nav_home", "items_title", "field_creator")[n % 3]
    (folder / "kk.yaml").write_text(f"{key}: {word}\n", "utf-8")


def edit_site_title(site: Path, n: int, word: str) -> None:
    config = _yaml(site, "site.yaml")
    config["title"] = {"kk": f"Көрмелер {word}", "ru": f"Выставки {word}"}  # type: ignore[index]
    _write_yaml(site, "site.yaml", config)


EDITS = [edit_item_field, edit_custom_field, edit_images, edit_section, edit_exhibition,
         edit_institution, edit_template, edit_string, edit_site_title]
WORDS = st.text(alphabet="абвгдеәіңқөұүһ", min_size=1, max_size=6)
STEPS = st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 9), WORDS),
                 min_size=1, max_size=4)


def _use_theme(site: Path, show_all: bool) -> None:
    config = _yaml(site, "site.yaml")
    config["theme"] = "mine"  # type: ignore[index]
    _write_yaml(site, "site.yaml", config)
    folder = site / "themes/mine/templates"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (OVERRIDES if show_all else {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")


# pages serve renders and writes first, as if open in a browser (korme.preview)
SHOWN = frozenset({"kk/letters/items/letter-1/index.html", "ru/letters/items/index.html",
                   "kk/index.html", "kk/letters/introduction/index.html"})


def _options(site: Path, out: Path, **kw: object) -> BuildOptions:
    return BuildOptions(site, out, workers=1, quiet=True, search=False, drafts=True, **kw)


def _fresh_build(site: Path, where: Path) -> Path:
    """A build from a copy of the site with no build cache (image files aside: they are
    pure functions of their sources)."""
    copy = where / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".korme-cache"))
    for kept in ("images", "media", "tiles"):
        if (site / ".korme-cache" / kept).is_dir():
            shutil.copytree(site / ".korme-cache" / kept, copy / ".korme-cache" / kept)
    build(_options(copy, where / "out"))
    return where / "out"


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(show_all=st.booleans(), steps=STEPS)
@example(show_all=False, steps=[(edit_images, 0, "а"), (edit_images, 0, "вқ"),
                                (edit_images, 0, "вқ")])  # the same edit twice: a no-op build
def test_incremental_builds_equal_fresh_builds(show_all: bool, steps: list) -> None:
    states = KeptStates()  # as korme serve keeps them between rebuilds
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as written:
        written.callback(states.flush)  # serve's state written before the folder is removed
        base = Path(tmp)
        site = base / "site"
        shutil.copytree(FIXTURES / "mini", site, ignore=shutil.ignore_patterns(
            ".korme-cache", "_site"))
        _use_theme(site, show_all)
        out, served = base / "out", base / "served"
        shown = FirstPages(SHOWN, lambda pages: put_pages(served, pages))  # open in a browser
        serve = _options(site, served, preview=True, first=shown,
                         cache=BuildCache(site / ".korme-cache", hold=True), states=states)
        build(_options(site, out))
        build(serve)
        last = grace = stored_files(out)  # the last build's stored files; the one's before
        for n, (edit, number, word) in enumerate(steps):
            edit(site, number, word)
            changed = build(_options(site, out)).changed
            build(serve)
            fresh = _fresh_build(site, base / f"fresh-{n}")
            expected, now = tree_hash(fresh, stored=False), stored_files(fresh)
            if changed:  # (a build that changed nothing swapped nothing: the grace stays)
                grace, last = last, now
            for folder in (out, served):
                assert tree_hash(folder, stored=False) == expected, (edit.__name__, number, word)
                # media and tiles are a store that keeps the previous build's for one build
                # (a visitor's open page still finds its pictures), and nothing older
                kept = stored_files(folder)
                assert now.items() <= kept.items(), (edit.__name__, number, word)
                assert set(kept) <= set(now) | set(grace), (edit.__name__, number, word)
