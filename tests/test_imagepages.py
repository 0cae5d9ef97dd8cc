"""Each image's page slug (the contract's rule), related items, and the thumbnail widths."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from korme.build import load_model
from korme.errors import Position, Report
from korme.imagepages import image_page, item_page_slugs, label_slug, page_slugs
from korme.images.plan import derivative_widths
from korme.images.settings import ImageSettings
from korme.load.schema import ImageRecord
from korme.model import ItemImage, Site
from korme.related import related_index, related_items
from tests.conftest import REPO, build_into


def _image(n: int, **fields: object) -> ItemImage:
    record = ImageRecord(file=f"images/{n}.jpg", alt="a page", **fields)
    return ItemImage(f"ex/images/{n}.jpg", record, n, Position("items.yaml", n))


@pytest.mark.parametrize(("label", "slug"), [
    ("f. 1v", "f1v"), ("f. 145v", "f145v"), ("fol. 12r", "fol12r"), ("p. 5", "p5"),
    ("с. 5", "s5"), ("5-бет", "5-bet"), ("Титул", "titul"), ("Title page", "title-page"),
    ("Лицевая сторона", "litsevaia-storona"), ("ff. 1v–2r", "ff1v-2r"), ("شاهنامه", ""),
])
def test_label_slugs(label: str, slug: str) -> None:
    assert label_slug(label) == slug


def test_page_slugs_follow_the_contract() -> None:
    images = [
        _image(1, label="f. 1r"),
        _image(2, label="f. 1v", id="opening"),  # an id: first
        _image(3),  # no label: the number
        _image(4, label="f. 1r"),  # a label taken: its number appended
        _image(5, label={"kk": "Мұқаба", "ru": "Обложка"}),  # the default language's label
        _image(6, label="3"),  # the same slug as image 3's number: labels come first
        _image(7, label={"fa": "صفحه"}),  # nothing to spell in a-z 0-9: the number
    ]
    assert page_slugs(images, ("kk", "ru")) == \
        ("f1r", "opening", "3-3", "f1r-4", "muqaba", "3", "7")
    assert page_slugs(images, ("ru", "kk"))[4] == "oblojka"
    slugs = page_slugs(images * 1, ("kk",))
    assert len(set(slugs)) == len(slugs)
    assert image_page("kk", "ex", "ms-1", "f1r") == "kk/ex/items/ms-1/f1r/"


@pytest.fixture(scope="module")
def sample() -> Site:
    report = Report()
    site = load_model(REPO, report)
    assert site is not None and not report.errors
    return site


def test_sample_slugs_are_unique_and_stable(sample: Site) -> None:
    ex = sample.exhibitions[0]
    item = ex.item("ms-0142")
    assert item is not None
    assert item_page_slugs(item, sample.codes) == {1: "f1v", 2: "f2r", 3: "f145v"}
    book = ex.item("bk-2291")
    assert book is not None and item_page_slugs(book, sample.codes) == {1: "titul", 2: "5-bet"}
    for it in ex.items:
        slugs = list(item_page_slugs(it, sample.codes).values())
        assert len(set(slugs)) == len(slugs) == len(it.images)


def test_related_items(sample: Site) -> None:
    ex = sample.exhibitions[0]
    item = ex.item("ms-0142")
    assert item is not None
    related = related_items(ex, item, sample.codes)
    assert related[0] == "ms-0519"  # poetry, the one subject they share
    assert "ms-0142" not in related and len(related) <= 4
    assert related == related_items(ex, item, sample.codes)  # deterministic
    index = related_index(ex, sample.codes)
    for it in ex.items:  # the index gives what the function gives, for every item
        assert index[it.id] == related_items(ex, it, sample.codes), it.id
    seal = ex.item("seal-0031")
    assert seal is not None and related_items(ex, seal, sample.codes)[0] == "doc-0088"  # seals
    # an item sharing nothing is related to nothing
    lone = dataclasses.replace(item, record=item.record.model_copy(update={
        "subjects": [], "creator": [], "institution": None}), institution=None)
    assert related_items(ex, lone, sample.codes) == ()


def test_one_institution_relates_nothing(sample: Site) -> None:
    ex = sample.exhibitions[0]
    bare = [dataclasses.replace(it, record=it.record.model_copy(update={
        "subjects": [], "creator": []})) for it in ex.items]
    held = [it for it in bare if it.institution is not None]
    one = [it for it in held if it.institution == held[0].institution]
    other = next(it for it in held if it.institution != held[0].institution)
    assert len(one) >= 3
    # all from one institution: the institution tells nothing apart
    alone = dataclasses.replace(ex, items=tuple(one))
    assert set(related_index(alone, sample.codes).values()) == {()}
    # from two: the items of the same one are related
    mixed = dataclasses.replace(ex, items=(*one, other))
    assert related_index(mixed, sample.codes)[one[0].id] == tuple(i.id for i in one[1:5])
    assert related_index(mixed, sample.codes)[other.id] == ()


def test_thumbnail_widths() -> None:
    assert ImageSettings().all_widths() == (64, 128, 256, 480, 960, 1600, 2400)
    assert ImageSettings(widths=(120, 240)).all_widths() == (64, 120, 240)
    assert ImageSettings(thumbnail=0).all_widths() == (480, 960, 1600, 2400)
    assert ImageSettings(thumbnail=100, widths=(480,)).all_widths() == (100, 200, 400, 480)
    assert [str(m) for m in ImageSettings(thumbnail=8).problems()] == \
        ["thumbnail: expected a width between 16 and 16384, or 0 for none"]
    assert ImageSettings(thumbnail=0).problems() == []
    # a page 1583 px wide gets every thumbnail width and the usual ones
    assert derivative_widths(1583, 2399, ImageSettings().all_widths()) == \
        [64, 128, 256, 480, 960, 1583]


def test_thumbnail_setting_in_site_yaml(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8").replace("widths: [120, 240]",
                                                        "widths: [240]\n  thumbnail: 100"))
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    names = {p.name for p in (out / "media").iterdir()}
    assert any("-w100-" in n for n in names) and any("-w200-" in n for n in names)
    assert not any("-w64-" in n for n in names)
    config.write_text(config.read_text("utf-8").replace("thumbnail: 100", "thumbnail: 5"))
    assert build_into(site, out) == 1
    assert "images: thumbnail: expected a width between 16 and 16384" in capsys.readouterr().err


def test_an_image_id_names_its_page(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    file = "    - file: images/letter-1b.jpg\n"
    items.write_text(items.read_text("utf-8").replace(file, file + "      id: verso\n"), "utf-8")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    assert "verso" not in capsys.readouterr().err  # a field of the format: no warning
    page = (out / "kk/letters/items/letter-1/verso/index.html").read_text("utf-8")
    assert 'class="viewer-page is-current" id="image-2"' in page
    assert 'href="verso/"' in (out / "kk/letters/items/letter-1/index.html").read_text("utf-8")
    items.write_text(items.read_text("utf-8").replace("id: verso", "id: Verso Page"), "utf-8")
    assert build_into(site, out) == 1
    assert "is not a slug" in capsys.readouterr().err


def test_two_images_with_one_id(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    text = items.read_text("utf-8")
    for file in ("    - file: images/letter-1.jpg\n", "    - file: images/letter-1b.jpg\n"):
        text = text.replace(file, file + "      id: leaf\n")
    items.write_text(text, "utf-8")
    line = text.splitlines().index("      id: leaf", text.splitlines().index(
        "    - file: images/letter-1b.jpg")) + 1
    assert build_into(site, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"exhibitions/letters/items.yaml:{line}:11: item 'letter-1': images[1].id: " \
        "'leaf' is also the id of images[0]" in err
    assert "Traceback" not in err


def test_an_item_of_one_image_is_that_image_s_page(mini_built: Path) -> None:
    item = mini_built / "kk/letters/items/letter-2"
    assert [p.name for p in item.iterdir()] == ["index.html"]  # no page of its own
    html = (item / "index.html").read_text("utf-8")
    assert '<a class="label" href="./">' in html and "filmstrip" not in html
    assert '"href":"./"' in html  # the viewer's address: the item page itself
    assert (mini_built / "kk/letters/items/letter-1/2/index.html").is_file()
