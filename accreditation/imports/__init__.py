"""Bulk imports from files operators prepare (CSV)."""
