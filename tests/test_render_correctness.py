"""Incremental builds are always right: what a page shows is what it read while rendering.

A site theme that shows more than the default one (an item's creator on its card) must see its
pages re-rendered when that field changes, without any Python change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_into, tree_hash

CARD_WITH_CREATOR = """\
{% extends "default:partials/card.html" %}
{% block card_extra %}<span class="card-creator">{% for who in c.item.record.creator %}\
{{ p.t(who) }}{% endfor %}</span>{% endblock %}
"""


def _override_card(site: Path) -> None:
    (site / "site.yaml").write_text((site / "site.yaml").read_text("utf-8") + "theme: mine\n",
                                    "utf-8")
    folder = site / "themes/mine/templates/partials"
    folder.mkdir(parents=True)
    (folder / "card.html").write_text(CARD_WITH_CREATOR, "utf-8")


def test_an_overridden_card_follows_the_field_it_shows(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    _override_card(site)
    out = tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    listing = out / "kk/letters/items/index.html"
    assert "Абай" in listing.read_text("utf-8")
    items = site / "exhibitions/letters/items.yaml"
    text = items.read_text("utf-8")
    items.write_text(text.replace('creator: "Абай"', 'creator: "Абай Құнанбайұлы"'), "utf-8")
    assert build_into(site, out, "--no-search") == 0
    for page in ("kk/letters/items/", "ru/letters/items/", "kk/letters/"):
        assert "Абай Құнанбайұлы" in (out / page / "index.html").read_text("utf-8"), page
    fresh = tmp_path / "fresh"
    assert build_into(site, fresh, "--no-search") == 0
    assert tree_hash(out) == tree_hash(fresh)


BROKEN = {  # a theme's mistake that Python raises, not Jinja: each must name its template line
    "AttributeError": "{{ item.record.title.resolve(none) }}",  # None.strip() inside
    "TypeError": "{{ (item.images | first) + 1 }}",
    "ZeroDivisionError": "{{ 1 // (item.images | length - item.images | length) }}",
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_an_error_in_a_theme_names_the_template_line(site_copy, tmp_path: Path, kind: str,
                                                     capsys) -> None:
    site = site_copy("mini")
    out = tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    before = tree_hash(out)
    (site / "site.yaml").write_text((site / "site.yaml").read_text("utf-8") + "theme: mine\n",
                                    "utf-8")
    folder = site / "themes/mine/templates"
    folder.mkdir(parents=True)
    (folder / "item.html").write_text(
        '{% extends "default:item.html" %}\n{% block title %}\n' + BROKEN[kind] +
        "\n{% endblock %}\n", "utf-8")
    capsys.readouterr()
    assert build_into(site, out, "--no-search") == 1
    err = capsys.readouterr().err
    assert f"themes/mine/templates/item.html:3:1: {kind}" in err, err
    assert "(while rendering /kk/letters/items/letter-1/)" in err
    assert "Traceback" not in err
    assert tree_hash(out) == before  # the previous site untouched


OWN_BASE = """\
{% set main_html %}{% block main %}{% endblock %}{% endset %}
<!doctype html>
<html lang="{{ lang.tag }}"><head><title>{% block title %}{% endblock %}</title>
{% block head %}{% endblock %}</head>
<body><main>{{ main_html }}</main></body></html>
"""


def test_a_base_of_its_own_that_holds_the_main_content_still_makes_long_lists(
        site_copy, tmp_path: Path) -> None:
    """A theme's own base.html (not extending the default, knowing nothing of ``streamed``)
    holds the main content before its head: long lists come out whole, head first, once."""
    site = site_copy("mini")
    (site / "site.yaml").write_text((site / "site.yaml").read_text("utf-8") + "theme: mine\n",
                                    "utf-8")
    folder = site / "themes/mine/templates"
    folder.mkdir(parents=True)
    (folder / "base.html").write_text(OWN_BASE, "utf-8")
    out = tmp_path / "out"
    assert build_into(site, out, "--no-search") == 0
    for path in ("kk/letters/catalogue", "ru/letters/items", "kk/letters/timeline"):
        html = (out / path / "index.html").read_text("utf-8")
        assert html.startswith("<!doctype html>\n<html lang=") and html.count("<head>") == 1
        assert html.rstrip().endswith("</body></html>") and "\x00" not in html
        assert html.index("</head>") < html.index("<main>") < html.index("</main>")
    assert "letter-1" in (out / "kk/letters/catalogue/index.html").read_text("utf-8")
