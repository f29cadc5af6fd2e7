"""annotator: correct spaCy pre-annotations of news and build NLP training data."""

__version__ = "0.1.0"
