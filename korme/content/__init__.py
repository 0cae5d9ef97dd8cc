"""Content: reading the curators' files (YAML, front matter, Markdown) into validated records."""
