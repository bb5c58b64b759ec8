"""Pages of applications: one application with its next steps and history, the lists, joining a programme, and
the coordinators' programme diagrams. Views parse the form, call one operation, render."""
