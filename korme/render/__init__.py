"""Render stage: pages (URLs, view data, Jinja2 templates) for every published language."""
