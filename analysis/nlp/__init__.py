"""The spaCy model, loaded once per process, with presswork's fast pipes and BLAS choice.

`model` loads and caches the pipeline and the per-Doc caches every extractor reads; `fastpipes` holds
output-identical faster rule components; `blas` picks the faster matrix library for the model's layers.
"""

from analysis.nlp.model import doc_text, load_model, model_info, resolve_model_name, words_of

__all__ = ["doc_text", "load_model", "model_info", "resolve_model_name", "words_of"]
