"""The entity types actors carry (spaCy's OntoNotes labels): each set presswork uses, defined once.

No spaCy here: the store, the reader and the views import these too.
"""

# What an actor may be: mentions of these types become actors (the gazetteer's and `presswork actors
# --type`'s choices too).
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
# Types a gazetteer entry may have: actors, and named things an article may mention by a known name.
GAZETTEER_TYPES = (*ACTOR_TYPES, "LAW", "EVENT", "PRODUCT")
# Spans that are names (propagated and voted on), actors or not.
NAME_TYPES = (*ACTOR_TYPES, "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE")
# Places and the people of a place: a setting more than an actor.
PLACE_TYPES = ("GPE", "LOC", "NORP", "FAC")
# Bodies a "they" or an "it" can stand for (pronoun antecedents).
COLLECTIVE_TYPES = ("ORG", "NORP", "GPE")
# Who acts, in the main views: people, organisations and states. Groups and nationalities (NORP:
# "Republican", "Americans") and places are adjectives and settings more than actors; they get a view of
# their own (`GROUP_TYPES`) so they do not crowd the people out of the top-N charts.
MAIN_TYPES = ("PERSON", "ORG", "GPE")
GROUP_TYPES = ("NORP",)
