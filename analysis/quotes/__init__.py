"""Who is quoted saying what: cues (`cue`), quote content (`content`), speakers (`source`), pronoun and
role references (`coreference`), and the attribution pass that ties them together (`attribution`)."""

from analysis.quotes.attribution import extract_quotes
from analysis.quotes.cue import load_lexicon

__all__ = ["extract_quotes", "load_lexicon"]
