"""Pages of the assessors' quality: the overview, calibration exercises, held decisions, schools' feedback."""
