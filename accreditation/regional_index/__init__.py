"""The regional index (issue 31): per region of a country, engagement, certification and the median claimed and
reviewed level per criterion, for a year; its ranking and change since the previous year. Small numbers are
suppressed through ``accreditation.dashboard.small_numbers``."""
