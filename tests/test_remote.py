"""Partners' IIIF documents fetched from a loopback server: parsing, limits, errors, cache."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from korme.errors import Position, Report
from korme.remote.cache import FolderCache
from korme.remote.documents import RemoteDocuments
from korme.remote.fetch import Limits
from korme.remote.iiif import PartnerIIIF, manifest_fields
from tests.iiif_partner_docs import info_v2_level2, info_v3_level0, manifest_v2, manifest_v3
from tests.partner_server import Partner, json_answer, partner_server

AT = Position("exhibitions/joint/items.yaml", 12, 11)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORME_LANG", "en")


def _routes(partner: Partner) -> None:
    b = partner.base
    partner.routes.update({
        "/iiif/3/ms-12-f2r/info.json": json_answer(info_v3_level0(b)),
        "/iiif/2/persan-123-f1/info.json": json_answer(info_v2_level2(b)),
        "/iiif/persan-123/manifest.json": json_answer(manifest_v2(b)),
        "/iiif/ms-12/manifest.json": json_answer(manifest_v3(b)),
        "/bad/info.json": json_answer({"@context": "http://iiif.io/api/image/3/context.json",
                                       "id": f"{b}/bad", "type": "ImageService3",
                                       "profile": "level0", "width": "wide", "height": 10}),
        "/notjson/info.json": (200, {"Content-Type": "application/json"}, b"{oops"),
        "/big/info.json": (200, {"Content-Type": "application/json"}, b" " * 5000),
        "/stream/info.json": (200, {"Content-Type": "application/json",
                                    "Transfer-Encoding": "chunked"}, b" " * 50_000),
        "/loop/a/info.json": (302, {"Location": "/loop/b/info.json"}, b""),
        "/loop/b/info.json": (302, {"Location": "/loop/a/info.json"}, b""),
        "/moved/info.json": (301, {"Location": "/iiif/3/ms-12-f2r/info.json",
                                   "Set-Cookie": "session=secret"}, b""),
        "/gone/info.json": (404, {}, b"no"),
        "/elsewhere/info.json": (302, {"Location": "file:///etc/passwd"}, b""),
    })


def _reader(tmp_path: Path, refresh: bool = False, limits: Limits | None = None
            ) -> PartnerIIIF:
    docs = RemoteDocuments(FolderCache(tmp_path / ".korme-cache" / "remote"), refresh,
                           limits or Limits(connect_timeout=2, read_timeout=5, max_bytes=20_000))
    return PartnerIIIF(docs)


def _messages(report: Report) -> list[str]:
    return [str(d) for d in report.sorted()]


def test_image_services_v2_and_v3(tmp_path: Path) -> None:
    with partner_server() as partner:
        _routes(partner)
        iiif, report = _reader(tmp_path), Report()
        level0 = iiif.service(f"{partner.base}/iiif/3/ms-12-f2r", AT, report)
        level2 = iiif.service(f"{partner.base}/iiif/2/persan-123-f1/info.json", AT, report)
    assert not report.diagnostics, _messages(report)
    assert level0 is not None and level2 is not None
    assert (level0.version, level0.level, level0.width, level0.height) == (3, 0, 3000, 4000)
    assert level0.tiles[0].width == 512 and level0.tiles[0].scale_factors == (1, 2, 4, 8)
    assert level0.sizes[0].width == 375 and not level0.makes_regions
    assert level0.rights == "http://rightsstatements.org/vocab/NoC-NC/1.0/"
    assert level0.origin == partner.base
    # level 0: only the sizes it lists (as w,h in version 3), and no regions
    assert level0.image_url(300).endswith("/full/375,500/0/default.jpg")
    assert level0.image_url(2000).endswith("/full/max/0/default.jpg")
    assert [w for _, w in level0.srcset((480, 960))] == [3000]
    assert level0.region_url(10, 10, 100, 100) is None
    assert level0.best_size(200).width == 375
    # level 2 (version 2): any width as "w,", regions cut by the partner
    assert (level2.version, level2.level, level2.tiles[0].height) == (2, 2, 1024)
    assert level2.image_url(960) == f"{partner.base}/iiif/2/persan-123-f1/full/960,/0/" \
                                    "default.jpg"
    assert [w for _, w in level2.srcset((480, 960, 10_000))] == [480, 960, 6000]
    assert level2.region_url(100, 200, 1000, 500, 400) == \
        f"{partner.base}/iiif/2/persan-123-f1/100,200,1000,500/400,/0/default.jpg"
    assert level2.rights == "https://creativecommons.org/licenses/by/4.0/"


def test_manifests_v2_and_v3_with_languages_credit_and_canvases(tmp_path: Path) -> None:
    with partner_server() as partner:
        _routes(partner)
        iiif, report = _reader(tmp_path), Report()
        v2 = iiif.item(f"{partner.base}/iiif/persan-123/manifest.json", AT, report)
        v3 = iiif.item(f"{partner.base}/iiif/ms-12/manifest.json", AT, report)
        third = iiif.image(f"{partner.base}/iiif/persan-123/manifest.json#canvas=2", AT,
                           report)
        by_id = iiif.image(f"{partner.base}/iiif/persan-123/manifest.json#canvas="
                           f"{partner.base}/iiif/persan-123/canvas/f1", AT, report)
    assert not report.diagnostics, _messages(report)
    assert v2 is not None and v3 is not None and third is not None and by_id is not None
    m2 = v2.manifest
    assert m2.version == 2 and m2.viewing_direction == "right-to-left"
    assert m2.label.to_langtext().texts == (("fr", "Shâhnâmeh"), ("fa", "شاهنامه"))
    fields2 = manifest_fields(m2)
    assert fields2["credit"].get("fr") == "Bibliothèque partenaire"
    assert fields2["description"].get("fr") == "<p>Copie <b>illustrée</b></p>"  # sanitised
    assert m2.rights == "https://creativecommons.org/licenses/by/4.0/"
    assert m2.metadata[0].value.to_langtext().plain == "Persan 123"
    assert [img.service.level if img.service else None for img in v2.images] == [2, None]
    assert v2.images[1].image_url == f"{partner.base}/plain/f2.jpg"
    assert (v2.images[1].width, v2.images[1].height) == (600, 800)
    m3 = v3.manifest
    assert m3.label.to_langtext().texts == (("kk", "Қолжазба 12"), ("ru", "Рукопись 12"),
                                             ("fa", "دستنویس"))
    summary = manifest_fields(m3)["description"].get("ru") or ""
    assert "javascript" not in summary and "onclick" not in summary and "XVI" in summary
    assert m3.required_statement is not None
    assert manifest_fields(m3)["credit"].get("kk") == "Серіктес кітапхана"
    assert m3.rights == "http://rightsstatements.org/vocab/NoC-NC/1.0/"
    assert v3.images[0].service is not None and v3.images[0].service.level == 0
    assert v3.images[0].canvas is not None and v3.images[0].canvas.label.to_langtext() \
        .plain == "f. 2r"
    assert third.canvas is not None and third.canvas.number == 2
    assert by_id.service is not None and by_id.service.version == 2


@pytest.mark.parametrize(("path", "expected"), [
    ("/bad/info.json", "/bad/info.json: 'width' is not a positive whole number"),
    ("/notjson/info.json", "/notjson/info.json: not a IIIF image information document "
                           "(info.json): not JSON"),
    ("/big/info.json", "/big/info.json: larger than 4 KB, the limit for a remote document"),
    ("/stream/info.json", "/stream/info.json: larger than 4 KB, the limit for a remote "
                          "document"),
    ("/loop/a/info.json", "/loop/a/info.json: the redirects go round in a loop"),
    ("/gone/info.json", "/gone/info.json: the server answered 404"),
    ("/elsewhere/info.json", "redirected to file:///etc/passwd, which is not an http or "
                             "https address"),
])
def test_each_bad_answer_is_one_clear_error_at_the_line(tmp_path: Path, path: str,
                                                         expected: str) -> None:
    with partner_server() as partner:
        _routes(partner)
        iiif = _reader(tmp_path, limits=Limits(connect_timeout=2, read_timeout=5,
                                               max_bytes=4096))
        report = Report()
        assert iiif.service(partner.base + path, AT, report) is None
    messages = _messages(report)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{AT}: {partner.base}"), messages
    assert expected in messages[0], messages
    assert not list((tmp_path / ".korme-cache" / "remote").glob("*.body"))  # nothing kept


def test_unreachable_partner_and_refused_addresses(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    iiif, report = _reader(tmp_path), Report()
    assert iiif.service(f"http://127.0.0.1:{port}/iiif/x", AT, report) is None
    assert iiif.service("ftp://example.org/iiif/x", AT, report) is None
    assert iiif.service("https://user:secret@example.org/iiif/x", AT, report) is None
    messages = _messages(report)
    assert len(messages) == 3
    assert any(f"http://127.0.0.1:{port}/iiif/x/info.json: cannot connect" in m
               for m in messages)
    assert any("only http and https addresses can be fetched" in m for m in messages)
    assert any("a user name or password is refused" in m for m in messages)


def test_fetched_once_then_read_from_the_cache_with_the_partner_stopped(tmp_path: Path
                                                                        ) -> None:
    url_info = "/iiif/3/ms-12-f2r/info.json"
    with partner_server() as partner:
        _routes(partner)
        base = partner.base
        iiif, report = _reader(tmp_path), Report()
        first = iiif.item(f"{base}/iiif/ms-12/manifest.json", AT, report)
        again = iiif.image(f"{base}/iiif/3/ms-12-f2r", Position("x.yaml", 3, 1), report)
        assert partner.count(url_info) == 1  # the same document, asked twice: fetched once
        moved = iiif.service(f"{base}/moved", AT, report)  # answers with a cookie, redirected
    assert not report.diagnostics and first and again and moved
    sent = [h for _, h in partner.requests]
    assert all("Authorization" not in h and "Cookie" not in h for h in sent)
    # the partner is stopped: the next build reads everything from the cache
    iiif, report = _reader(tmp_path), Report()
    second = iiif.item(f"{base}/iiif/ms-12/manifest.json", AT, report)
    assert not report.diagnostics, _messages(report)
    assert second == first
    # a refresh with the partner stopped: warnings (the kept copies are used)
    refresh, report = _reader(tmp_path, refresh=True), Report()
    assert refresh.item(f"{base}/iiif/ms-12/manifest.json", AT, report) == first
    assert len(report.warnings) == 2 and not report.errors
    assert "cannot connect" in str(report.warnings[0]) and "the copy kept from" in \
        str(report.warnings[0])
    strict = Report(strict=True)
    _reader(tmp_path, refresh=True).item(f"{base}/iiif/ms-12/manifest.json", AT, strict)
    assert len(strict.errors) == 2  # under --strict, errors


def test_refresh_reports_what_changed(tmp_path: Path) -> None:
    with partner_server() as partner:
        _routes(partner)
        url = f"{partner.base}/iiif/ms-12/manifest.json"
        assert _reader(tmp_path).item(url, AT, Report()) is not None
        changed = manifest_v3(partner.base)
        changed["label"]["kk"] = ["Қолжазба 12 (жаңа)"]
        partner.routes["/iiif/ms-12/manifest.json"] = json_answer(changed)
        iiif = _reader(tmp_path, refresh=True)
        report = Report()
        item = iiif.item(url, AT, report)
        assert item is not None and item.manifest.label.values("kk")[0].text == \
            "Қолжазба 12 (жаңа)"
        kinds = {c.url.rsplit("/", 2)[-2]: c.kind for c in iiif.docs.changes}
        assert kinds == {"ms-12": "changed", "ms-12-f2r": "unchanged"}
        summary = str(iiif.docs.summary())
        assert summary.startswith("refreshed 2 remote documents: 1 changed (") and url in summary
        # a malformed answer never replaces the good copy
        partner.routes["/iiif/ms-12/manifest.json"] = json_answer({"type": "Manifest"})
        report = Report()
        kept = _reader(tmp_path, refresh=True).item(url, AT, report)
        assert kept == item and len(report.warnings) == 1
        assert "'id' is missing" in str(report.warnings[0])


def test_canvas_selection_errors(tmp_path: Path) -> None:
    with partner_server() as partner:
        _routes(partner)
        iiif, report = _reader(tmp_path), Report()
        url = f"{partner.base}/iiif/persan-123/manifest.json"
        assert iiif.image(url + "#canvas=7", AT, report) is None
        assert iiif.image(url + "#canvas=nope", AT, report) is None
    assert [str(d.message) for d in report.sorted()] == [
        f"{url}: the manifest has no canvas '7' (it has 2; give a number from 1 or a canvas "
        "id)",
        f"{url}: the manifest has no canvas 'nope' (it has 2; give a number from 1 or a "
        "canvas id)"]
