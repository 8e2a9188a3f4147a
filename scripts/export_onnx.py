"""Export a fine-tuned audio classifier to ONNX, for onnxruntime (no PyTorch needed to run it).

    python scripts/export_onnx.py --model DIR_OR_ID --out DIR [--int8] [--overwrite]

--model: a saved model folder (e.g. outputs/wav2vec2-base-minds14) or a Hub id, used as
named or refused in one sentence (exit 2). --out: the folder to write; an existing one is
refused unless --overwrite. --int8: quantise the weights of every matrix product to int8
(smaller and usually faster; check its accuracy on your validation split). The export is
checked against PyTorch on three clips before it is kept. The folder works wherever a model
folder does: `python scripts/classify.py PATH --model DIR`, `python scripts/demo.py --model
DIR`, `helpers.inference.load_classifier(DIR)`. Needs `pip install -e ".[deploy]"`.
"""

import argparse
import sys
from pathlib import Path

from helpers import deploy, models


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="saved model folder or Hub id")
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument("--int8", action="store_true", help="dynamic int8 quantisation")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    args = parser.parse_args(argv)
    try:  # a model you named is used or refused in one sentence
        model, origin = models.find_model(args.model)
    except (FileNotFoundError, ConnectionError, LookupError) as error:
        parser.error(str(error))
    if deploy.is_onnx_folder(model):
        parser.error(f"{model} is already an ONNX export: pass the PyTorch model folder.")
    print(origin.note)
    try:
        deploy.export_onnx(model, args.out, int8=args.int8, overwrite=args.overwrite)
    except (FileExistsError, ImportError, ValueError) as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
