"""Assessors one can trust (issue 32): the training path, calibration, the moderation sample, schools' feedback."""
