"""Who appears: name keys (`names`, no spaCy), the gazetteer, roles, sports sides, the entity layer and
the resolution of mentions into one actor per person or body in an article (`resolve`)."""
