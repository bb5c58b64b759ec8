"""The yearly report (issue 31): a country's or a region's year of a programme, as a PDF and an editable ODT, made
by a worker in the reader's language."""
