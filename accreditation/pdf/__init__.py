"""PDF documents (certificates, action plans) drawn with ReportLab, with embedded fonts that cover Cyrillic."""
