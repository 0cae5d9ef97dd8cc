"""Kórme's Jinja environment: Jinja's output byte for byte, with less work per expression.

Every ``{{ … }}`` of a page goes through ``escape`` and every call through ``Context.call``;
an item page has ~130 of the one and ~30 of the other. They, macro calls, ``x.key`` on dicts,
template lookup and the ``striptags``/``trim`` filters are replaced here by versions that give
exactly the same text and take a shorter path in the common cases. They rely on Jinja 3.1's
internals (pinned in pyproject.toml) and are held to Jinja's own behaviour by
``tests/test_jinja_shortcuts.py``.
"""

from __future__ import annotations

import types
from collections.abc import Callable, MutableMapping
from typing import Any

import jinja2
import jinja2.runtime
from jinja2.filters import do_trim
from jinja2.nodes import EvalContext
from jinja2.utils import missing, pass_eval_context
from markupsafe import Markup
from markupsafe import escape as markup_escape

from korme.render.context import escape_text
from korme.render.seo import strip_tags

_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType,
                              types.BuiltinMethodType, types.MethodWrapperType})


def _escape(value: Any) -> str:
    """``markupsafe.escape`` for template output: the same characters, without making a
    ``Markup`` of each piece (output pieces are only joined, never used as values)."""
    if type(value) is str:
        return escape_text(value)  # type: ignore[no-any-return]
    if type(value) is Markup:
        return value
    return markup_escape(value)


class _Macro(jinja2.runtime.Macro):
    """Jinja's macro; a call with positional arguments only (the usual one) goes straight to
    the macro's function."""

    @pass_eval_context
    def __call__(self, *args: Any, **kwargs: Any) -> str:
        if not kwargs and not self.caller and not self.catch_varargs \
                and not self.catch_kwargs and not self._environment.is_async:
            if args and isinstance(args[0], EvalContext):
                autoescape = args[0].autoescape
                args = args[1:]
            else:
                autoescape = self._default_autoescape
            n, count = len(args), self._argument_count
            if n <= count:
                rv = self._func(*args) if n == count else \
                    self._func(*args, *(missing,) * (count - n))
                return Markup(rv) if autoescape else rv  # type: ignore[no-any-return]
            return super().__call__(*args)  # the error about too many arguments
        return super().__call__(*args, **kwargs)


class _Context(jinja2.runtime.Context):
    """Jinja's context; calls of plain functions, methods and macros skip the checks for
    ``pass_context`` and friends (which plain callables cannot carry, and which macros always
    carry the same way)."""

    def call(__self, __obj: Callable[..., Any], *args: Any,
             **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is _Macro:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(__self.eval_ctx, *args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        if kind in _PLAIN_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class _Template(jinja2.Template):
    """A template whose output escaping is :func:`_escape` and whose macros are
    :class:`_Macro`."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment,
                        namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        namespace["escape"] = _escape
        namespace["Macro"] = _Macro
        return super()._from_namespace(environment, namespace, globals)  # type: ignore[misc,no-any-return]

    def _get_default_module(self, ctx: jinja2.runtime.Context | None = None) -> Any:
        # ``{% from … import %}`` on every render: Jinja's test (no global of the importing
        # context missing here) is a set difference with a dict view, slow in Python
        module = self._module
        if ctx is not None and module is not None and not self.environment.is_async:
            mine = self.globals
            if all(k in mine for k in ctx.globals_keys):
                return module
        return super()._get_default_module(ctx)


def _striptags(value: Any) -> str:
    """Jinja's ``striptags`` filter, the same text in a third of the time (see
    :func:`korme.render.seo.strip_tags`)."""
    if hasattr(value, "__html__"):
        value = value.__html__()
    return strip_tags(str(value))


def _trim(value: Any, chars: str | None = None) -> str:
    """Jinja's ``trim`` filter without markupsafe's wrapper around ``str.strip``."""
    if type(value) is Markup:
        text = str.strip(value, chars)
        return value if len(text) == len(value) else Markup(text)
    return do_trim(value, chars)


_DICT_ATTRS = frozenset(dir(dict))


class ThemeEnvironment(jinja2.Environment):
    """Jinja's environment with :class:`_Context` and :class:`_Template`, and a direct path
    for ``x.key`` on a dict (views pass dicts: Jinja would first try, and fail, to find an
    attribute ``key``)."""

    context_class = _Context
    template_class = _Template

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # templates by name, with the loader that loaded them (see get_template)
        self._by_name: dict[str, tuple[Any, jinja2.Template]] = {}

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict of the environment's and its own, instead of
        Jinja's ``ChainMap`` (iterated in Python three times a page). The environment's globals
        are never changed once templates are loaded, as Jinja asks."""
        return {**self.globals, **(d or {})}

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """Jinja's ``get_template``; without ``auto_reload`` a template already loaded is
        taken from a plain dict (Jinja's own cache makes a weak reference per lookup, six times
        a page)."""
        if globals is not None or self.auto_reload or self.cache is None or type(name) is not str:
            return super().get_template(name, parent, globals)
        if parent is not None:
            name = self.join_path(name, parent)
        hit = self._by_name.get(name)
        if hit is not None and hit[0] is self.loader and hit[1].environment is self:
            return hit[1]
        template = super().get_template(name)
        self._by_name[name] = (self.loader, template)
        return template

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` as Jinja finds it: an attribute, else an item (so a dict's key
        unless a dict method has the name)."""
        if type(obj) is dict and attribute not in _DICT_ATTRS:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:  # Jinja's own way
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


def theme_environment(loader: jinja2.BaseLoader, cache: jinja2.BytecodeCache | None
                      ) -> jinja2.Environment:
    """The environment pages are rendered with: autoescape everywhere, undefined names are
    errors, and the shortcuts above."""
    env = ThemeEnvironment(
        loader=loader,
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: templates do not change during it
    )
    env.filters["striptags"] = _striptags
    env.filters["trim"] = _trim
    return env
