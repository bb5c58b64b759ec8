"""School networks' pages (issue 31): coordinators and admins create networks, add schools (by region, or a CSV of
national ids with its preview) and name leads; a lead reads the network's schools' progress."""
