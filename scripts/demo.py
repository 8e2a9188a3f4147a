"""Serve a web demo of a spoken-intent model: upload a recording or talk into the microphone.

    python scripts/demo.py [--model DIR_OR_ID] [--port N] [--host ADDRESS] [--share] [--top-k 5]

--model: a saved model folder or a Hub id, used as named or refused in one sentence (exit 2).
Without it: notebook 03's folder, else the public MInDS-14 checkpoint (its labels checked),
else (offline) the bundled demo classifier, said in one sentence.
It listens on 127.0.0.1 (this machine only) unless --host says otherwise; --share also
opens a public *.gradio.live link, said in one sentence. Uploads are limited in size, long
recordings are classified by windows, and requests made at once wait in a queue.
Stop it with Ctrl+C. Needs Gradio (`pip install gradio`; Colab has it).
"""

import argparse
import sys

from helpers import demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="saved model folder or Hub id")
    parser.add_argument("--port", type=int, default=None, help="default: 7860 or the next free")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--share", action="store_true", help="also open a public link")
    parser.add_argument("--top-k", type=int, default=5)
    args = parser.parse_args(argv)
    try:  # a model you named is used or refused; only the default falls back
        app = demo.build_demo(args.model, top_k=args.top_k)
    except (FileNotFoundError, ConnectionError, LookupError, ImportError) as error:
        parser.error(str(error))
    demo.launch(app, host=args.host, port=args.port, share=args.share, inline=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
