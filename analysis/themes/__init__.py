"""About which themes, in what tone: the taxonomy matcher, VADER tone, and topic discovery for new themes."""
