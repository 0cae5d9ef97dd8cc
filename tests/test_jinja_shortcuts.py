"""The theme's Jinja environment takes shorter paths than Jinja's own (escaping, calls, macros,
dict keys, template lookup, striptags and trim filters); these tests hold each one to Jinja's
result."""

from __future__ import annotations

import random
from pathlib import Path

import jinja2
import pytest
from jinja2.filters import do_striptags, do_trim
from markupsafe import Markup, escape

from korme.render import jinja as shortcuts
from korme.render.jinja import ThemeEnvironment, _escape, _striptags, _trim
from tests.conftest import build_into, copy_site


def test_escape_gives_the_same_text() -> None:
    class Html:
        def __html__(self) -> str:
            return "<b>x</b>"

    for value in ("", "a<b>&'\"", Markup("<i>ok</i>"), 3, 2.5, None, Html(), "ü"):
        assert _escape(value) == escape(value)


def test_striptags_and_trim_give_the_same_text() -> None:
    pieces = ["<", ">", "<!--", "-->", "&amp;", "&nbsp;", "&#32;", "&", " ", "\n", "\t", "\xa0",
              "\u2003", "a", "<p>", "</p>", '<a href="x">', "&lt;", "\x1c"]
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for value in (text, Markup(text)):
            assert _striptags(value) == do_striptags(value)
            for chars in (None, " ", "a<"):
                got, want = _trim(value, chars), do_trim(value, chars)
                assert got == want and type(got) is type(want)


MACROS = {
    "defaults": "{% macro m(x, y='d') %}[{{ x }}|{{ y }}]{% endmacro %}"
                "{{ m('<a>') }}{{ m('b', '<c>') }}{{ m('b', y='k') }}{{ m(y='q', x=1) }}",
    "missing": "{% macro m(x, y='d') %}[{{ x is defined }}|{{ y }}]{% endmacro %}{{ m() }}",
    "caller": "{% macro m(x) %}<{{ x }}>{{ caller() }}{% endmacro %}"
              "{% call m('1') %}in<{% endcall %}",
    "varargs": "{% macro m() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, a=3) }}",
    "no-escape": "{% macro m(x) %}<{{ x }}>{% endmacro %}"
                 "{% autoescape false %}{{ m('&') ~ '<' }}{% endautoescape %}{{ m('&') ~ '<' }}",
    "too-many": "{% macro m(x) %}{{ x }}{% endmacro %}{{ m(1, 2) }}",
    "bad-keyword": "{% macro m(x) %}{{ x }}{% endmacro %}{{ m(1, z=2) }}",
    "imported": "{% from 'defaults' import m %}{{ m('i') }}{{ d.key }}{{ d.items() | list }}"
                "{{ d.nokey is defined }}{{ f(1) }}",
    "pass-context": "{{ ctx_fn() }}",
}


@jinja2.pass_context
def _ctx_fn(context: jinja2.runtime.Context) -> str:
    return str(context.get("d"))


def _render_all(env: jinja2.Environment) -> dict[str, str]:
    out = {}
    for name in MACROS:
        try:
            out[name] = env.get_template(name).render(d={"key": "<v>"}, f=lambda n: n + 1,
                                                       ctx_fn=_ctx_fn)
        except Exception as exc:  # the same errors, too
            out[name] = f"{type(exc).__name__}: {exc}"
    return out


def test_macros_calls_and_dict_keys_as_jinja() -> None:
    settings = {"loader": jinja2.DictLoader(MACROS), "autoescape": True,
                "undefined": jinja2.StrictUndefined, "auto_reload": False}
    assert _render_all(ThemeEnvironment(**settings)) == _render_all(jinja2.Environment(**settings))


def test_a_new_loader_is_looked_up_again() -> None:
    env = ThemeEnvironment(loader=jinja2.DictLoader({"t": "one"}), auto_reload=False)
    assert env.get_template("t").render() == "one"
    env.loader = jinja2.DictLoader({"t": "two"})
    assert env.get_template("t").render() == "two"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".korme")}


@pytest.mark.parametrize("fixture", ["mini"])
def test_site_is_the_same_with_jinja_own_environment(fixture: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_site(fixture, tmp_path / "a")
    assert build_into(site, tmp_path / "fast") == 0
    monkeypatch.setattr(shortcuts, "ThemeEnvironment", jinja2.Environment)
    monkeypatch.setattr(shortcuts, "_striptags", do_striptags)
    monkeypatch.setattr(shortcuts, "_trim", do_trim)
    site = copy_site(fixture, tmp_path / "b")
    assert build_into(site, tmp_path / "plain") == 0
    fast, plain = _files(tmp_path / "fast"), _files(tmp_path / "plain")
    assert fast.keys() == plain.keys()
    assert [name for name in fast if fast[name] != plain[name]] == []
