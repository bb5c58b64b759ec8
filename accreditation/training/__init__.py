"""The training register of a school (issue 30): who was trained in what, imports from a training platform's CSV,
and the coverage by staff role that a criterion's threshold reads as evidence."""
