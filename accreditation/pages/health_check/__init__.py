"""The yearly health check's pages (blueprint ``health_check``): the school's, and the coordinators' overview."""
