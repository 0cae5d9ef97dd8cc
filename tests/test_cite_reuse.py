"""Re-use as data: rights in plain words, the credit line, the download decision matrix, and
what the curator is told about rights values, ``download:`` and ``citation: styles:``."""

from __future__ import annotations

from pathlib import Path

import pytest

from korme.cite import credit_line, downloads
from korme.cite.checks import diagnostics
from korme.cite.reuse import reuse_panel
from korme.errors import Severity
from korme.l10n import Catalog
from korme.model import Item, Site
from korme.rights import classify
from tests.cite_site import FIXTURE, item, load

INC = "http://rightsstatements.org/vocab/InC/1.0/"
PDM = "https://creativecommons.org/publicdomain/mark/1.0/"
CNE = "http://rightsstatements.org/vocab/CNE/1.0/"
CC_BY_SA_RU = "https://creativecommons.org/licenses/by-sa/4.0/deed.ru"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load(tmp_path_factory.mktemp("cite"))[0]


def with_rights(it: Item, rights: str | None, download: str | None) -> Item:
    """The item with other rights and ``download:`` (records are frozen: a copy)."""
    from dataclasses import replace

    record = it.record.model_copy(update={"rights": rights, "download": download})
    images = tuple(replace(img, record=img.record.model_copy(update={"rights": None}))
                   for img in it.images)
    return replace(it, record=record, images=images)


# (site's download:, item's download:, rights) → (sizes offered, full size offered)
MATRIX = [
    (None, None, PDM, True, False),        # default: largest
    ("largest", None, PDM, True, False),
    ("none", None, PDM, False, False),
    ("full", None, PDM, True, True),
    ("full", None, INC, True, False),      # rights forbid re-use: never full
    ("full", None, CNE, True, False),
    ("full", None, "all rights reserved", True, False),  # unknown value: never full
    ("full", None, None, True, False),     # no rights at all: never full
    ("full", None, CC_BY_SA_RU, True, True),
    ("none", "full", PDM, True, True),     # the item overrides the site
    ("none", "full", INC, True, False),
    ("full", "none", PDM, False, False),
    ("full", "largest", PDM, True, False),
]


@pytest.mark.parametrize(("site_mode", "item_mode", "rights", "sizes", "full"), MATRIX)
def test_download_matrix(site: Site, site_mode: str | None, item_mode: str | None,
                         rights: str | None, sizes: bool, full: bool) -> None:
    _, it = item(site, "reader")
    it = with_rights(it, rights, item_mode)
    got = downloads(site_mode, it, it.images[0])
    assert (got.sizes, got.full) == (sizes, full)
    assert got.full_refused == (got.mode == "full" and not full)


def test_an_image_right_overrides_the_item(site: Site) -> None:
    from dataclasses import replace

    _, it = item(site, "abai")  # in copyright, download: full
    assert not downloads("full", it, it.images[0]).full
    img = replace(it.images[0], record=it.images[0].record.model_copy(update={"rights": PDM}))
    assert downloads("full", it, img).full


def test_rights_in_plain_words() -> None:
    inc = classify(INC)
    assert inc is not None and inc.known and not inc.reusable and inc.icon == "rs-inc"
    assert inc.label("kk") == "Авторлық құқықпен қорғалған"
    assert inc.label("ru") == "Охраняется авторским правом"
    assert inc.label("en") == "In copyright"
    assert "разрешение правообладателя" in inc.summary("ru")
    assert inc.label("de") == "In copyright"  # other languages read English
    by_sa = classify(CC_BY_SA_RU)
    assert by_sa is not None and by_sa.key == "rights_cc_by_sa" and by_sa.reusable
    odd = classify("http://example.org/?creativecommons.org/licenses/by/4.0/")
    assert odd is not None and not odd.known and odd.label("en") == odd.uri
    assert odd.icon == "rights-unknown" and odd.summary("ru") == ""
    assert classify("") is None and classify(None) is None


def test_credit_line(site: Site) -> None:
    _, ms = item(site, "shahnama")
    order = site.codes
    assert credit_line(ms, ms.images[1], "ru", order) == "Фото: А. Сеитов"  # the image's
    assert credit_line(ms, ms.images[0], "kk", order) == \
        "Қазақстан Республикасының Ұлттық кітапханасы, Р-142"  # institution and shelfmark
    record = ms.record.model_copy(update={"credit": ms.record.title})
    from dataclasses import replace

    assert credit_line(replace(ms, record=record), ms.images[0], "en", order) == "Shahnameh"


def test_reuse_panel(site: Site) -> None:
    _, ms = item(site, "shahnama")
    panel = reuse_panel(ms, ms.images[1], "en", site.codes, site.config.download)
    assert panel.rights_label == "No copyright – non-commercial use only"
    assert panel.rights_icon == "rs-noc"
    assert panel.downloads.sizes and not panel.downloads.full
    assert panel.how_to_credit == (
        "Shahnameh, f. 1v. Photo: A. Seitov. No copyright – non-commercial use only "
        "(http://rightsstatements.org/vocab/NoC-NC/1.0/).")


def test_curator_diagnostics(tmp_path: Path) -> None:
    site, _ = load(tmp_path)
    found = {d.text(Catalog.english()) for d in diagnostics(site)}
    assert found == {
        "exhibitions/steppe/items.yaml:37:3: warning: item 'abai': 'download: full' is not "
        "possible because its rights do not allow re-use; the largest size is offered"}
    root = tmp_path / "cite"
    items = root / "exhibitions/steppe/items.yaml"
    items.write_text(items.read_text(encoding="utf-8").replace(
        "https://creativecommons.org/publicdomain/mark/1.0/", "Public domain"),
        encoding="utf-8")
    config = root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "en: chicago}", "en: harvard, de: apa}"), encoding="utf-8")
    from korme.build import load_model
    from korme.errors import Report

    site2 = load_model(root, Report())
    assert site2 is not None
    diags = diagnostics(site2)
    texts = [d.text(Catalog.load("ru")) for d in diags]
    assert any("стиль цитирования 'harvard' для 'en' неизвестен" in t for t in texts), texts
    assert any("site.yaml:9:" in t and "'de'" in t for t in texts), texts
    assert any("права 'Public domain' — не URI" in t for t in texts), texts
    errors = [d for d in diags if d.severity is Severity.ERROR]
    assert len(errors) == 1  # the unknown style; everything else is a warning


def test_a_publisher_with_its_place_in_front_is_told(tmp_path: Path) -> None:
    """A catalogue's "Kazan: Imperial University Press" in ``publisher:`` without ``place:``
    would be cited "[Place of publication not identified] : Kazan: …": the curator is told
    where (the item's line), in their language; a publisher alone, or a place given, is not."""
    from korme.build import load_model
    from korme.errors import Report

    root = tmp_path / "cite"
    load(tmp_path)
    items = root / "exhibitions/steppe/items.yaml"
    text = items.read_text(encoding="utf-8")
    items.write_text(text.replace(
        '  place: {kk: "Орынбор", ru: "Оренбург", en: "Orenburg"}\n', "").replace(
        '"Губерниялық басқарма баспаханасы"', '"Орынбор: Губерниялық басқарма баспаханасы"'),
        encoding="utf-8")
    site = load_model(root, Report())
    assert site is not None
    told = [d for d in diagnostics(site) if "place" in d.text(Catalog.english())]
    assert [d.text(Catalog.english()) for d in told] == [
        "exhibitions/steppe/items.yaml:20:3: warning: item 'reader': the publisher 'Орынбор: "
        "Губерниялық басқарма баспаханасы' begins with its place; write the place in 'place:' "
        "and the publisher alone, so that citations name the place"]
    assert "издатель 'Орынбор: Губерниялық" in told[0].text(Catalog.load("ru"))
    items.write_text(text.replace('  place: {kk: "Орынбор", ru: "Оренбург", en: "Orenburg"}\n',
                                  ""), encoding="utf-8")  # a publisher alone: nothing to say
    site = load_model(root, Report())
    assert site is not None
    assert not [d for d in diagnostics(site) if "place" in d.text(Catalog.english())]


def test_site_yaml_rejects_a_wrong_download(tmp_path: Path) -> None:
    import shutil

    from korme.checks import run_checks

    root = tmp_path / "s"
    shutil.copytree(FIXTURE, root)
    config = root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "download: largest", "download: everything"), encoding="utf-8")
    result = run_checks(root)
    assert any("site.yaml" in str(d) and "download" in str(d) for d in result.report.errors)
