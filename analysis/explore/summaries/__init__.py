"""Tables over `CorpusFrames` that the notebooks chart, in three families: the corpus (`corpus`), one actor
(`actor`) and two groups side by side (`compare`); display labels, periods and filters they share are in
`labels`.

Every function takes frames (from records or from the store) and returns a small DataFrame (or a networkx
graph) that a chart in `analysis.explore.charts` draws. Actors are counted by corpus identity (`actor_key`) and
shown by their most frequent name. Notebooks call them as `summaries.<name>`: the names are re-exported here.
"""

from analysis.explore.summaries.actor import (  # noqa: F401
    ActorProfile,
    actor_by_source,
    actor_heading_html,
    actor_mentions_over_time,
    actor_neighbours,
    actor_profile,
    actor_quotes,
    actor_roles,
    actor_themes,
)
from analysis.explore.summaries.compare import (  # noqa: F401
    compare_actor_tone,
    compare_share_of_voice,
    compare_theme_shares,
    compare_tone,
    default_groups,
    split_groups,
)
from analysis.explore.summaries.subjects import (  # noqa: F401
    drill_subject,
    main_subjects,
    subject_counts,
    subject_label,
    subjects_by_source,
    subjects_over_time,
)
from analysis.explore.summaries.corpus import (  # noqa: F401
    actor_theme_matrix,
    actors_by_source,
    actors_over_time,
    cooccurrence_graph,
    share_of_voice,
    themes_by_source,
    themes_over_time,
    tone_by_actor,
    top_actors,
    top_groups,
    top_themes,
)
from analysis.explore.summaries.labels import (  # noqa: F401
    KINDS,
    UNNAMED_GROUP,
    actor_labels,
    actor_types,
    corpus_overview,
    fill_periods,
    filter_frames,
    period_start,
)
