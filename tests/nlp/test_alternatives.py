"""A position stated by the act it refuses ("will seek talks rather than retaliate")
opposes that act, whatever the chosen one's cues say (alternatives.py). Each test is
a sentence written for it, never text from the gold.
"""

from __future__ import annotations

import pytest

from .test_fresh_copy_rules import marked


@pytest.mark.parametrize(
    ("text", "polarity", "target"),
    [
        (
            "Chile will renegotiate the quota rather than leave the pact, Trade Minister"
            " Jorge Vidal said.",
            "oppose",
            "leave the pact",
        ),
        (
            "Kenya said it would buy tankers instead of building a pipeline to Uganda.",
            "oppose",
            "building a pipeline",
        ),
        # 'would rather X than Y' prefers X; 'tankers rather than pipelines' compares things
        ("Bangladesh said it would rather pay for gas than lose the factories.", "support", ""),
        (
            "Peru said it welcomed tankers rather than pipelines.",
            "support",
            "tankers rather than pipelines",
        ),
    ],
)
def test_a_position_stated_against_an_alternative_opposes_the_refused_act(
    annotator, text, polarity, target
):
    found = [(a["polarity"], a["target"]) for _, a in marked(annotator, text, "STANCE")]
    assert found == [(polarity, target)], found
