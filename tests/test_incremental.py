"""Incremental builds: a no-op rebuild touches nothing; an edit re-renders only its pages."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.conftest import build_into, leftovers, output_files


def stats(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in output_files(out)}


def test_noop_rebuild_touches_no_file(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before, folder = stats(out), os.stat(out).st_ino
    assert build_into(site, out) == 0
    assert stats(out) == before
    assert os.stat(out).st_ino == folder  # not even swapped
    assert not leftovers(tmp_path / "out")


def test_one_field_edit_renders_only_dependent_pages(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before = stats(out)
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("Екінші хат", "Екінші хат (жаңа)"), "utf-8")
    assert build_into(site, out) == 0
    after = stats(out)
    changed = {p for p in after if after[p] != before.get(p) and p != ".korme-site"}
    index = {p for p in changed if p.startswith("pagefind/")}
    assert index  # the search index is made again, as pages changed
    # the item itself (its one image has no page of its own), every page that shows its
    # title (the home page among them: its items to start with; the items beside it, and those
    # it is related to: korme.related; the compare page, which lists every image), and nothing
    # else: not the pages of letter-1's images, whose item is beside it
    assert changed - index == {
        f"{lang}/letters/{page}index.html" for lang in ("kk", "ru") for page in (
            "items/letter-2/", "items/letter-1/", "items/photo-1/",
            "items/petition/", "items/shezhire/", "items/", "",
            "introduction/", "timeline/", "institutions/", "catalogue/",
            "compare/")  # the compare page lists every image by its item's title
    } | {"kk/index.html", "ru/index.html"} | {  # its citation files, and the exhibition's
        f"{lang}/letters/cite/{name}.{ext}" for lang in ("kk", "ru")
        for name in ("letters", "items/letter-2") for ext in ("bib", "ris", "json")}
    for page in ("kk/letters/items/", "ru/letters/introduction/", "kk/letters/items/letter-1/"):
        assert "Екінші хат (жаңа)" in (out / page / "index.html").read_text("utf-8")
    assert after["kk/about/index.html"] == before["kk/about/index.html"]


def test_outputs_no_longer_produced_are_gone(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    assert (out / "kk/about/index.html").exists()
    (site / "content/pages/about.kk.md").unlink()
    assert build_into(site, out) == 0
    assert not (out / "kk/about").exists()


def test_hand_edited_output_is_repaired(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    page = out / "kk/index.html"
    good = page.read_text("utf-8")
    page.write_text("vandalised", "utf-8")
    assert build_into(site, out) == 0
    assert page.read_text("utf-8") == good


def test_theme_change_rerenders_everything(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    before = stats(out)
    override = site / "themes/default/i18n"
    override.mkdir(parents=True)
    (override / "kk.yaml").write_text("nav_home: Барлық көрмелер\n", "utf-8")
    assert build_into(site, out) == 0
    after = stats(out)
    pages = [p for p in after if p.endswith("index.html") and p.startswith("kk/")
             and "photo-old" not in p]  # a redirect page does not show the string
    assert [p for p in pages if after[p] == before[p]] == []
    assert "Барлық көрмелер" in (out / "kk/about/index.html").read_text("utf-8")


def _build_with_pool(site: Path, out: Path, monkeypatch) -> None:
    """A build whose pages are rendered (and written) by forked worker processes."""
    from korme.build import BuildOptions, build
    from korme.render import stage

    monkeypatch.setattr(stage, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(stage, "CHUNK", 7)
    build(BuildOptions(site, out, quiet=True, workers=2, search=False))


def test_pages_written_by_workers_equal_one_process(site_copy, tmp_path: Path,
                                                    monkeypatch) -> None:
    from korme.build import BuildOptions, build
    from tests.conftest import tree_hash

    site = site_copy("mini")
    build(BuildOptions(site, tmp_path / "one", quiet=True, workers=1, search=False))
    _build_with_pool(site, tmp_path / "pool", monkeypatch)
    assert tree_hash(tmp_path / "pool") == tree_hash(tmp_path / "one")
    # an edit: unchanged pages are still linked from the previous output, not rewritten
    before = stats(tmp_path / "pool")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("Екінші хат", "Екінші хат (жаңа)"), "utf-8")
    _build_with_pool(site, tmp_path / "pool", monkeypatch)
    after = stats(tmp_path / "pool")
    assert after["kk/about/index.html"] == before["kk/about/index.html"]
    assert after["kk/letters/items/index.html"] != before["kk/letters/items/index.html"]
    assert "Екінші хат (жаңа)" in (tmp_path / "pool/kk/letters/items/index.html").read_text("utf-8")
    assert not leftovers(tmp_path / "pool")


def test_failed_build_removes_pages_workers_wrote(site_copy, tmp_path: Path,
                                                  monkeypatch) -> None:
    import pytest

    from korme.errors import BuildFailed

    site = site_copy("mini")
    out = tmp_path / "out"
    _build_with_pool(site, out, monkeypatch)
    before = stats(out)
    broken = site / "themes/default/templates/page.html"
    broken.parent.mkdir(parents=True)
    broken.write_text('{% extends "base.html" %}{% block main %}{{ no_such_name }}'
                      '{% endblock %}', "utf-8")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("Екінші хат", "Екінші хат (жаңа)"), "utf-8")
    with pytest.raises(BuildFailed):
        _build_with_pool(site, out, monkeypatch)
    assert stats(out) == before  # the previous site untouched
    assert not leftovers(tmp_path / "out")  # and the half-written one gone


def test_a_build_adds_the_missing_search_index(site_copy, tmp_path: Path) -> None:
    """Pages unchanged since a build without the index: the next build still makes it."""
    from korme.build import BuildOptions, build

    site = site_copy("mini")
    out = tmp_path / "out"
    build(BuildOptions(site, out, quiet=True, search=False))
    assert not (out / "pagefind").exists()
    build(BuildOptions(site, out, quiet=True))
    assert (out / "pagefind" / "pagefind.js").is_file()


def test_output_intact_sees_every_change_to_the_folder(site_copy, tmp_path: Path) -> None:
    from korme.build import CACHE_DIR
    from korme.state import load_state

    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    state = load_state(site / CACHE_DIR, out)
    assert state.output_intact(out)
    page = out / "kk/about/index.html"
    text = page.read_text("utf-8")
    extra = out / "kk/about/notes.txt"
    extra.write_text("mine", "utf-8")  # a file the build did not write
    assert not state.output_intact(out)
    extra.unlink()
    os.rename(page, tmp_path / "page.html")  # a file it wrote, gone
    assert not state.output_intact(out)
    os.rename(tmp_path / "page.html", page)
    assert state.output_intact(out)
    page.write_text(text.replace("<", "< "), "utf-8")  # edited by hand
    assert not state.output_intact(out)
    assert build_into(site, out) == 0  # and the next build puts it right
    assert page.read_text("utf-8") == text


def test_serve_keeps_its_state_in_memory_and_writes_it_behind(site_copy,
                                                              tmp_path: Path) -> None:
    """``korme serve`` starts each rebuild from the last state in memory (a damaged file on
    disk changes nothing) and writes it once the server is quiet: then the file holds it."""
    from korme.build import CACHE_DIR, BuildOptions, build
    from korme.cache import BuildCache
    from korme.state import KeptStates, load_state, state_path

    site = site_copy("mini")
    out = tmp_path / "served"
    states = KeptStates()
    options = BuildOptions(site, out, workers=1, quiet=True, search=False, preview=True,
                           cache=BuildCache(site / CACHE_DIR), states=states)
    first = build(options)
    states.flush()
    path = state_path(site / CACHE_DIR, out)
    assert load_state(site / CACHE_DIR, out).pages == states.states[out.resolve()].pages
    path.write_text("not a state", "utf-8")  # a file the next rebuild must not need
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace("Екінші хат", "Екінші хат (жаңа)"), "utf-8")
    again = build(options)
    assert 0 < again.rendered < first.rendered  # from the kept state: only what changed
    time.sleep(states.quiet + 0.5)  # written when quiet, by itself
    assert load_state(site / CACHE_DIR, out).pages == states.states[out.resolve()].pages


def test_serve_follows_the_language_order_on_the_compare_page(site_copy,
                                                              tmp_path: Path) -> None:
    """The compare page's kept parts of each item also follow the site's settings: with the
    languages' order swapped, serve's rebuild gives the image pages' addresses of a fresh
    build (their slugs come from the first language's label)."""
    import shutil

    from korme.build import CACHE_DIR, BuildOptions, build
    from korme.cache import BuildCache
    from korme.state import KeptStates

    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace('label: "1 б."',
                                                      'label: {kk: "1 бет", ru: "Лист 1"}'),
                     "utf-8")
    served = tmp_path / "served"
    states = KeptStates()
    options = BuildOptions(site, served, workers=1, quiet=True, search=False, preview=True,
                           cache=BuildCache(site / CACHE_DIR, hold=True), states=states)
    build(options)
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("languages: [kk, ru]",
                                                        "languages: [ru, kk]"), "utf-8")
    build(options)
    states.flush()  # (not written behind the test, into a folder it may be removing)
    fresh_site = tmp_path / "fresh"
    shutil.copytree(site, fresh_site, ignore=shutil.ignore_patterns(CACHE_DIR))
    build(BuildOptions(fresh_site, tmp_path / "fresh-out", workers=1, quiet=True, search=False))
    for lang in ("kk", "ru"):
        page = f"{lang}/letters/compare/index.html"
        made = (tmp_path / "fresh-out" / page).read_text("utf-8")
        assert "letter-1/list-1" in made
        assert (served / page).read_text("utf-8") == made, lang
