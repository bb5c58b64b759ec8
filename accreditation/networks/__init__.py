"""School networks (issue 31): coordinators and admins group schools (a district, a municipality, a group of
schools), name its leads, and a lead follows the network's schools' progress and nothing else."""
