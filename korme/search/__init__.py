"""Finding and browsing: the Pagefind index, script-aware spellings and facets."""
