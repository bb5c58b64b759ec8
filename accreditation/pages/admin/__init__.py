"""Pages where admins and coordinators manage the programme's people: coordinators, assessors, admins."""
