"""Training spaCy on the project's finished annotations (``annotator train``).

``train_project`` exports the chosen done sets to DocBin, builds a config
with spaCy's config system (``ner`` for entity labels, ``spancat`` for
span-key labels with the sentence suggester, the base pipeline's tagger and
parser sourced frozen so the rules keep their input), runs spaCy's own
training loop, scores the held-out split per label and registers the model.
"""
