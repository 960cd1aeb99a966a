"""Importers: each format module only parses; `pipeline` does the rest."""
