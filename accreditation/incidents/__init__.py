"""The incident log of a school (issue 30): entries by category with the people involved by role only, a warning
when free text looks like it names someone, the school's trends, and anonymous counts for coordinators."""
