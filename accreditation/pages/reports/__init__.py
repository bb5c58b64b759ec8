"""The yearly reports' pages: ask for one, watch it being made, download its PDF and ODT."""
