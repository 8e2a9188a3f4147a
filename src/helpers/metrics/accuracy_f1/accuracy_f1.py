"""Accuracy and macro-F1 as an `evaluate` metric module that loads without the Hub.

`evaluate.load("accuracy")` downloads its script from the Hugging Face Hub, which fails
offline. `evaluate.load()` also accepts a local path; `helpers.training.load_metric()`
passes this folder.
"""

import datasets
import evaluate
from sklearn.metrics import accuracy_score, f1_score

_DESCRIPTION = "Accuracy and macro-averaged F1 (every class weighs the same) for classification."
_KWARGS_DESCRIPTION = """
Args:
    predictions (list of int): predicted class ids.
    references (list of int): true class ids.
Returns:
    accuracy (float): share of correct predictions, in [0, 1].
    f1_macro (float): unweighted mean of the per-class F1 scores, in [0, 1].
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class AccuracyF1(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features(
                {"predictions": datasets.Value("int64"), "references": datasets.Value("int64")}
            ),
        )

    def _compute(self, predictions, references):
        return {
            "accuracy": float(accuracy_score(references, predictions)),
            "f1_macro": float(f1_score(references, predictions, average="macro", zero_division=0)),
        }
