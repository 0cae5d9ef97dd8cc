"""Kórme's Markdown: Python-Markdown with footnotes, tables, heading ids and our extensions.

- :mod:`korme.markdown.refs` finds ``::item`` lines and ``item:``/``section:`` links with
  their line and column, so validation can check them before anything is rendered.
- :mod:`korme.markdown.render` turns Markdown into sanitised HTML for one page.
"""
