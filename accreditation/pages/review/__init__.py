"""Pages of the assessor's journey: the queue, conflicts of interest, the review beside the evidence, the decisions,
the school's feedback and the site visit's calendar file. Views parse the form, call one operation, render."""
