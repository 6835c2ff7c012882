"""Command line: ``python -m skill {chat,nlu,package,serve,validate}``."""

from __future__ import annotations

import argparse
import os
import sys
from importlib.util import find_spec
from pathlib import Path

DISTRIBUTION = "thigh-cramp-helper"
# Commands beyond the base install (core, local understanding, chat, nlu): the extra each
# needs and the modules it brings. Checked before importing, so a missing one is one clear
# line and exit status 2, never a traceback.
NEEDS = {
    "serve": ("web", ("flask", "werkzeug", "cryptography", "certifi", "ask_sdk_core")),
    "validate": ("validate", ("jsonschema",)),
    "package": ("package", ("packaging", "ask_sdk_core", "pip")),
}


def missing_extra(command: str) -> str | None:
    """The line to print when ``command`` needs an extra that is not installed."""
    if command not in NEEDS:
        return None
    extra, modules = NEEDS[command]
    absent = [name for name in modules if find_spec(name) is None]
    if not absent:
        return None
    return (
        f"python -m skill {command} needs the [{extra}] extra ({', '.join(absent)} not "
        f"installed): pip install '{DISTRIBUTION}[{extra}]' (or '.[{extra}]' in a checkout)"
    )


def port_number(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return port


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="take the assessment by typing")
    chat.add_argument("--locale", default="en-US", help="request locale (default en-US)")
    chat.add_argument("--json", action="store_true", help="one JSON object per turn, per line")
    chat.add_argument(
        "--alexa",
        action="store_true",
        help="send each line as a real Alexa envelope to lambda_handler.handler (needs ask-sdk)",
    )

    nlu = commands.add_parser("nlu", help="print the intent and slots for each line read")
    nlu.add_argument("--locale", default="en-US", help="interaction model locale (default en-US)")

    serve = commands.add_parser("serve", help="run the web endpoint and the simulator")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=5000, help="port (default 5000; 0: any)")
    serve.add_argument("--no-verify", action="store_true", help="skip Alexa request checks")
    serve.add_argument("--dev", action="store_true", help="enable the simulator on any host")

    package = commands.add_parser("package", help="write build/skill-package and lambda.zip")
    package.add_argument("--build", type=Path, help="output folder (default: build/)")

    check = commands.add_parser("validate", help="check the knowledge base, wording and models")
    check.add_argument("--knowledge", type=Path, help="a knowledge.json other than the packaged")
    check.add_argument("--wording", type=Path, nargs="*", help="wording files to check")
    check.add_argument("--model", type=Path, nargs="*", help="interaction models to check")
    args = parser.parse_args(argv)
    needed = missing_extra(args.command)
    if needed:
        print(needed, file=sys.stderr)
        return 2

    if args.command == "chat":
        from skill.chat import run_chat

        return run_chat(args.locale, args.json, alexa=args.alexa)
    if args.command == "nlu":
        from skill.chat import run_nlu

        return run_nlu(args.locale)
    if args.command == "serve":
        from skill.web import serve as run_server

        return run_server(args.host, args.port, not args.no_verify, args.dev)
    if args.command == "package":
        from skill.package import main as build_package

        return build_package(args.build)
    from skill.validate import validate_files

    problems = validate_files(args.knowledge, args.wording, args.model)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("knowledge base, wording and interaction models are valid")
    return 0


def run(argv: list[str] | None = None) -> int:
    """``main``, ending quietly when the person presses Ctrl-C or the reader goes away."""
    try:
        return main(argv)
    except KeyboardInterrupt:  # while starting up, before a command could catch it
        return 130
    except BrokenPipeError:  # e.g. `python -m skill chat | head -1`
        # Point stdout at /dev/null so Python's final flush cannot fail again, noisily.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(run())
