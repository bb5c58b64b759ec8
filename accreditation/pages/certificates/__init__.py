"""Signed-in pages of certificates: a school's certificates (PDF download, public-listing choice)."""
