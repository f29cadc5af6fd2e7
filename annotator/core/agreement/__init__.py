"""Inter-annotator agreement and disagreement lists (no Qt, no SQL).

``compute_agreement`` gives every figure from plain data; ``project_agreement``
loads that data from a project; ``disagreements``/``align`` list per document
where annotators differ, for the review mode. See README "Agreement, review
and merging" for what each figure means.
"""

from __future__ import annotations

from .matching import (
    DISAGREEMENT_TYPES,
    Alignment,
    Disagreement,
    Group,
    align,
    disagreements,
    overlap_matching,
)
from .project import (
    ReviewItem,
    annotator_progress,
    choose_annotators,
    document_alignment,
    load_documents,
    project_agreement,
    review_queue,
)
from .report import (
    DEFAULT_ATTRIBUTES,
    AgreementReport,
    AttributeAgreement,
    DocumentSets,
    LabelAgreement,
    MultiAgreement,
    PairAgreement,
    compute_agreement,
)
from .statistics import cohen_kappa, fleiss_kappa, nominal_alpha

__all__ = [
    "DEFAULT_ATTRIBUTES",
    "DISAGREEMENT_TYPES",
    "AgreementReport",
    "Alignment",
    "AttributeAgreement",
    "Disagreement",
    "DocumentSets",
    "Group",
    "LabelAgreement",
    "MultiAgreement",
    "PairAgreement",
    "ReviewItem",
    "align",
    "annotator_progress",
    "choose_annotators",
    "cohen_kappa",
    "compute_agreement",
    "disagreements",
    "document_alignment",
    "fleiss_kappa",
    "load_documents",
    "nominal_alpha",
    "overlap_matching",
    "project_agreement",
    "review_queue",
]
