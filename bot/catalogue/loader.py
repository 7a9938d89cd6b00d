"""Validating and loading catalogue_data (filled in by the foundation issue's catalogue work)."""
