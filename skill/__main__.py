"""Command line: ``python -m skill validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check the knowledge base, wording and models")
    check.add_argument("--knowledge", type=Path, help="a knowledge.json other than the packaged")
    check.add_argument("--wording", type=Path, nargs="*", help="wording files to check")
    check.add_argument("--model", type=Path, nargs="*", help="interaction models to check")
    args = parser.parse_args(argv)

    if args.command == "validate":
        from skill.validate import validate_files

        problems = validate_files(args.knowledge, args.wording, args.model)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s) found", file=sys.stderr)
            return 1
        print("knowledge base, wording and interaction models are valid")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
