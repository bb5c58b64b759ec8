"""Pages of a school's training register (blueprint ``training``)."""
