"""A child server process for the crash and concurrency tests: the app with the keyword stub
predictor (or a bundle), served by ``serving.server.run`` like ``polarscan serve``.

    python tests/stub_server.py --database-url URL --port PORT [--predictor stub|BUNDLE_DIR]
"""

from __future__ import annotations

import argparse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--predictor", default="stub")
    args = parser.parse_args()

    from polarscan.serving.app import create_app
    from polarscan.serving.server import run
    from polarscan.serving.settings import Settings

    settings = Settings(database_url=args.database_url, port=args.port, host="127.0.0.1")
    if args.predictor == "stub":
        from review_support import StubPredictor

        predictor = StubPredictor()
    else:
        from polarscan.models.predictor import Predictor

        predictor = Predictor.from_bundle(args.predictor, threads=1)
    run(create_app(settings, predictor=predictor), settings, log_level="warning")


if __name__ == "__main__":
    main()
