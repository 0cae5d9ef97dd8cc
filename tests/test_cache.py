"""The one build cache: values found again when nothing they were made from changed, made
again when anything did, and a damaged cache file ignored with a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from korme.build import CACHE_DIR, BuildOptions, build
from korme.cache import BuildCache, Store
from tests.conftest import copy_site, tree_hash


def _build(site: Path, out: Path) -> dict[str, tuple[int, int]]:
    """Build into ``out`` (a new folder: every page is rendered) and say what the build
    cache gave: ``kind: (reused, made)``."""
    return build(BuildOptions(site, out, workers=1, quiet=True, search=False)).cache


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def warm(site_copy, tmp_path: Path) -> Path:
    site = site_copy("mini")
    first = _build(site, tmp_path / "first")
    assert all(made > 0 for kind, (_, made) in first.items() if kind != "values"), first
    return site


def test_a_second_build_makes_nothing_again(warm: Path, tmp_path: Path) -> None:
    counts = _build(warm, tmp_path / "second")
    for kind in ("records", "markdown", "fragments"):
        reused, made = counts[kind]
        assert reused > 0 and made == 0, (kind, counts)
    assert tree_hash(tmp_path / "second") == tree_hash(tmp_path / "first")


def test_an_edited_record_is_read_again_alone(warm: Path, tmp_path: Path) -> None:
    _edit(warm / "exhibitions/letters/items.yaml", "Краткое **описание**.",
          "Краткое **новое** описание.")
    counts = _build(warm, tmp_path / "second")
    assert counts["records"][1] == 1  # the one record of items.yaml whose bytes changed
    assert counts["markdown"][1] >= 1  # its description's HTML
    assert counts["records"][0] > 5


def test_a_changed_setting_makes_what_depends_on_it(warm: Path, tmp_path: Path) -> None:
    _edit(warm / "site.yaml", "Сынақ көрмелері", "Сынақ көрмелері (жаңа)")
    counts = _build(warm, tmp_path / "second")
    assert counts["records"][1] == 1  # site.yaml itself; every other file as it was
    assert counts["fragments"][1] > 0  # the header shows the site's title


def test_a_changed_theme_renders_every_part_again(warm: Path, tmp_path: Path) -> None:
    folder = warm / "themes/default/i18n"
    folder.mkdir(parents=True)
    (folder / "kk.yaml").write_text("nav_home: Барлық көрмелер\n", "utf-8")
    counts = _build(warm, tmp_path / "second")
    assert counts["fragments"][0] == 0 and counts["fragments"][1] > 0
    assert counts["records"][1] == 0


def test_a_new_code_version_makes_everything_again(warm: Path, tmp_path: Path,
                                                    monkeypatch) -> None:
    import korme.build

    monkeypatch.setattr(korme.build, "code_digest", lambda: "another version")
    counts = _build(warm, tmp_path / "second")
    assert counts["records"][0] == 0 and counts["fragments"][0] == 0


def test_a_damaged_cache_file_is_ignored_with_a_warning(warm: Path, tmp_path: Path,
                                                        capsys) -> None:
    (warm / CACHE_DIR / "records.cache").write_bytes(b"not a cache")
    (warm / CACHE_DIR / "fragments.cache").write_bytes(b"KORME-CACHE 1 markdown py3.11\nx")
    result = build(BuildOptions(warm, tmp_path / "second", workers=1, quiet=True,
                                search=False))
    warned = {str(d) for d in result.report.warnings if d.kind == "cache"}
    assert any("records.cache is damaged" in w for w in warned), warned
    assert any("fragments.cache is damaged" in w for w in warned), warned
    assert tree_hash(tmp_path / "second") == tree_hash(tmp_path / "first")
    # and the next build finds the files made again
    assert _build(warm, tmp_path / "third")["records"][1] == 0


def test_a_store_keeps_what_a_build_used() -> None:
    store: Store[str] = Store("markdown", {"a": "A", "b": "B"})
    assert store.get("a") == "A"
    store.put("c", "C")
    assert store.counts() == (1, 1)
    store.end_build()
    assert store.known == {"a": "A", "c": "C"}  # "b" was not used: dropped


def test_the_cache_files_round_trip(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.store("markdown").put("k", "<p>x</p>")
    cache.save()
    again = BuildCache(tmp_path)
    assert again.store("markdown").get("k") == "<p>x</p>"
    assert again.problems == []


def test_a_cache_of_another_python_is_made_again_quietly(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.store("markdown").put("k", "<p>x</p>")
    cache.save()
    path = tmp_path / "markdown.cache"
    data = path.read_bytes()
    path.write_bytes(data.replace(b" py3.", b" py2.", 1))
    again = BuildCache(tmp_path)
    assert again.store("markdown").get("k") is None
    assert again.problems == []  # not damaged: written by another Python (marshal's format)


def _made_in_worker(cache: BuildCache, pipe) -> None:  # type: ignore[no-untyped-def]
    cache.start_workers()
    cache.store("fragments").put("made-in-worker", "<p>w</p>")
    assert cache.store("fragments").get("kept") == "<p>k</p>"
    pipe.send(cache.take_used())


def test_values_made_in_forked_workers_reach_the_file_not_the_parent(tmp_path: Path) -> None:
    import multiprocessing

    first = BuildCache(tmp_path)
    for key in ("kept", "unused"):
        first.store("fragments").put(key, f"<p>{key[0]}</p>")
    first.save()
    cache = BuildCache(tmp_path)
    cache.store("fragments").get("nothing")  # opened in the parent before the fork
    fork = multiprocessing.get_context("fork")
    ours, theirs = fork.Pipe()
    worker = fork.Process(target=_made_in_worker, args=(cache, theirs))
    worker.start()
    used = ours.recv()
    worker.join()
    assert all(isinstance(v, bool) for kind in used.values() for v in kind.values())
    cache.merge_used(used)  # digests of the keys, not the values
    assert cache.counts()["fragments"] == (1, 1)
    cache.save()
    again = BuildCache(tmp_path)
    assert again.store("fragments").get("made-in-worker") == "<p>w</p>"
    assert again.store("fragments").get("kept") == "<p>k</p>"
    assert again.store("fragments").get("unused") is None  # not used by the last build


def test_records_are_written_aside_before_the_render_stage(tmp_path: Path) -> None:
    """What loading read (records with their YAML) is written to the cache file by a forked
    child right after the model is made, not held in the build's process until the end; the
    next build finds every record there."""
    from korme.build import load_model
    from korme.errors import Report
    from tests.conftest import copy_site

    site = copy_site("mini", tmp_path)
    cache = BuildCache(site / CACHE_DIR)
    assert load_model(site, Report(), cache=cache) is not None
    records = cache.store("records")
    made_first = records.counts()[1]
    assert records.later == {} and made_first > 0  # made, and not held here
    cache.save()
    again = BuildCache(site / CACHE_DIR)
    assert load_model(site, Report(), cache=again) is not None
    reused, made = again.store("records").counts()
    assert (reused, made) == (made_first, 0)


def _worker_round(cache: BuildCache, key: str, conn: object) -> None:
    """In a forked worker: read ``key``, make ``made-<key>``, send back what was used."""
    cache.start_workers()
    store = cache.store("fragments")
    found = store.get(key)
    store.put(f"made-{key}", f"<p>{key}</p>")
    conn.send((found, cache.take_used()))  # type: ignore[attr-defined]


def test_a_worker_sees_what_earlier_workers_made(tmp_path: Path) -> None:
    """Forked workers start from the build process's knowledge of the file (no query of every
    key per worker): a value an earlier pool's worker made, merged back, is found by the next
    pool's worker; what the parent knew is found too."""
    import multiprocessing

    first = BuildCache(tmp_path)
    first.store("fragments").put("old", "<p>old</p>")
    first.save()
    cache = BuildCache(tmp_path)
    cache.store("fragments")
    fork = multiprocessing.get_context("fork")
    found = []
    for key in ("old", "made-old"):  # the second worker asks for what the first one made
        cache.before_fork()
        ours, theirs = fork.Pipe()
        worker = fork.Process(target=_worker_round, args=(cache, key, theirs))
        worker.start()
        value, used = ours.recv()
        worker.join()
        cache.merge_used(used)
        found.append(value)
    assert found == ["<p>old</p>", "<p>old</p>"]


def _many_items(site: Path, count: int) -> None:
    """Add ``count`` plain items to the mini site's exhibition (the long lists then hold
    several runs of 100 entries)."""
    items = site / "exhibitions/letters/items.yaml"
    extra = "".join(
        f'- id: many-{n:03d}\n  title: {{kk: "Көп {n}", ru: "Много {n}"}}\n'
        f'  date: "{1800 + n % 150}"\n  type: letter\n  institution: library\n'
        f'  subjects: [{{kk: "Тақырып {n % 3}", ru: "Тема {n % 3}"}}]\n'
        for n in range(count))
    items.write_text(items.read_text("utf-8") + extra, "utf-8")


def test_long_lists_are_made_from_kept_runs(tmp_path: Path) -> None:
    """The long lists (items, catalogue, timeline, subjects, institutions) keep their entries in
    runs of 100: after one title is edited, only its run is made again (its other entries
    kept), and the site is the one a fresh build makes."""
    site = copy_site("mini", tmp_path / "a")
    _many_items(site, 250)
    out = tmp_path / "out"
    build(BuildOptions(site, out, search=False, quiet=True, workers=1))
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace('"Много 150"', '"Много сто пятьдесят"'),
                     "utf-8")
    again = build(BuildOptions(site, out, search=False, quiet=True, workers=1))
    reused, made = again.cache["fragments"]
    # made: in each list and language, the edited item's entry and its run (and the cards of
    # the items now related to it); read: the other runs whole, not each of their entries
    # (5 lists × 2 languages × 257 entries = 2,570 parts read without runs)
    assert 0 < made <= 40 and 500 < reused < 1200, (reused, made)
    fresh_site = copy_site("mini", tmp_path / "b")
    shutil.copy(items, fresh_site / "exhibitions/letters/items.yaml")
    fresh = tmp_path / "fresh"
    build(BuildOptions(fresh_site, fresh, search=False, quiet=True, workers=1))
    assert tree_hash(out) == tree_hash(fresh)
    for page in ("items", "catalogue", "timeline", "subjects", "institutions"):
        assert "Много сто пятьдесят" in (out / f"ru/letters/{page}/index.html").read_text(
            "utf-8"), page


def test_serve_holds_what_it_read(tmp_path: Path) -> None:
    """``korme serve``'s cache (``hold=True``) keeps the small values it read in memory
    between rebuilds (its stores stay open, unpruned): the next rebuild does not read the file
    again, nor after a rebuild it dropped. Without ``hold`` the file is read again."""
    import sqlite3

    trace = (("item", "ex", "a"),)
    for hold, dropped in ((True, False), (False, False), (True, True)):
        folder = tmp_path / f"{hold}-{dropped}"
        first = BuildCache(folder)
        first.store("traces").put("page", trace)
        first.save()
        cache = BuildCache(folder, hold=hold)
        assert cache.store("traces").get("page") == trace
        if dropped:  # a rebuild dropped for a newer save (korme.preview) holds it too
            cache.abandon(close=False)
        else:
            cache.save(write=False)  # as korme serve ends a rebuild
        db = sqlite3.connect(folder / "traces.cache")
        db.execute("UPDATE kv SET v = ?", (marshal_of((("item", "ex", "b"),)),))
        db.commit()
        db.close()
        assert cache.store("traces").get("page") == (trace if hold else (("item", "ex", "b"),))


def marshal_of(value: object) -> bytes:
    import marshal

    return marshal.dumps(value)
