"""The import merge rule, shared by every ``korme import`` (spreadsheets, library catalogues).

- :mod:`~korme.merge.values`: one field merged language by language;
- :mod:`~korme.merge.items_file`: items.yaml read round-trip and rewritten record by record,
  unchanged records (and every comment outside changed ones) kept to the byte;
- :mod:`~korme.merge.rule`: records matched by ``id``, else ``identifier``; validation; prune
  with a backup; nothing written unless every record is valid.
"""
