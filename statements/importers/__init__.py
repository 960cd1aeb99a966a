"""Importers: each format module only parses (records.py, registry.py); `run` does the rest:
batches, writer, linking, sources."""
