"""Pages of a school's incident log and of the coordinators' anonymous incident counts (blueprint ``incidents``)."""
