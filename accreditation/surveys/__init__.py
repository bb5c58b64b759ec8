"""Community surveys: a school opens a window for some audiences, respondents answer anonymously through a link,
and the results per criterion appear beside the school's own rating once enough people have answered."""
