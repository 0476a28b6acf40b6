"""Command-line parsing only: each command lives in its own module, imported when used."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from leverage.commands.args import positive_int
from leverage.commands.args import seed as seed_number
from leverage.files import printable

COMMANDS = ("play", "host", "validate", "simulate", "compare", "sensitivity", "bench", "demo",
            "schema", "reference", "new")
#: The distribution name whose metadata holds the version.
DISTRIBUTION = "leverage"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors say what to do and exit with status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print the problem, a hint and exit 2 (never a traceback)."""
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.stderr.write(f"Run '{self.prog} --help' to see the commands and their options.\n")
        raise SystemExit(2)


class _Version(argparse.Action):
    """`--version`: print the installed version (read only when asked, so start-up stays fast)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        """A flag that takes no value."""
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        """Print 'leverage VERSION' and exit 0."""
        sys.stdout.write(f"{parser.prog} {version()}\n")
        parser.exit(0)


def build_parser(detail: str | None = None) -> argparse.ArgumentParser:
    """Return the parser for every command; `detail` names the one whose module adds its options.

    Only the command being run imports its module, so opening the game stays fast.
    """
    parser = _Parser(
        prog="leverage",
        description="Leverage: a turn-based game about bilateral relations under sanctions.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    play = sub.add_parser("play", help="open the game (the default)")
    _add_window_arguments(play)
    host = sub.add_parser("host", help="a class game: teams plan on their own devices")
    if detail in ("host", "-h", "--help"):
        _register("leverage.commands.host", "add_host_arguments", host)
    validate = sub.add_parser("validate", help="check scenario files and list every problem")
    validate.add_argument("files", nargs="+", metavar="FILE", help="scenario or library YAML files")
    validate.add_argument("--playtest", action="store_true",
                          help="also play a batch of games and warn about "
                               "balance, dominant moves, moves never played, events never fired")
    validate.add_argument("--games", type=positive_int, default=None, metavar="N",
                          help="games played with --playtest (default 200)")
    validate.add_argument("--seed", type=seed_number, default=0, metavar="S",
                          help="random seed of the playtest (default 0)")
    validate.add_argument("--ai", choices=("easy", "normal", "hard"), default=None,
                          help="computer players' level in the playtest (default normal, the "
                               "level the balance targets are set for; easy is quicker)")
    simulate = sub.add_parser("simulate", help="play many games with computer players")
    if detail in ("simulate", "-h", "--help"):
        _register("leverage.commands.simulate", "add_simulate_arguments", simulate)
    compare = sub.add_parser("compare", help="play the real history and compare with real figures")
    compare.add_argument("scenario", metavar="SCENARIO",
                         help="a scenario file, or the id of a shipped or user scenario")
    compare.add_argument("--bands", action="store_true",
                         help="the games' P10-P90 band at every real date, with the fit checks")
    compare.add_argument("--games", type=positive_int, default=None,
                         help="games played with --bands (default 200)")
    compare.add_argument("--worlds", type=positive_int, default=None,
                         help="with --bands: worlds with drawn model parameters the games are "
                              "spread over (default 40; 1 = the parameters as they are, luck "
                              "only)")
    classes = sub.add_parser("class-report",
                             help="compare several saved games of one scenario in one page")
    classes.add_argument("saves", nargs="+", metavar="SAVE", help="saved games (JSON)")
    classes.add_argument("--out", metavar="FILE", default=None,
                         help="the HTML page to write (default: in Documents/Leverage)")
    sensitivity = sub.add_parser(
        "sensitivity", help="how much each model parameter moves each role's win rate")
    if detail in ("sensitivity", "-h", "--help"):
        _register("leverage.commands.sensitivity", "add_sensitivity_arguments", sensitivity)
    bench = sub.add_parser("bench", help="measure the model's speed against the targets")
    if detail in ("bench", "-h", "--help"):
        _register("leverage.commands.bench", "add_bench_arguments", bench)
    demo = sub.add_parser("demo", help="the computer plays every role through the screens")
    demo.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                      help="a scenario file, or the id of a shipped or user scenario")
    demo.add_argument("--turns", type=positive_int, default=None, help="turns to play")
    demo.add_argument("--screenshots", metavar="DIR", default=None, help="save a PNG per screen")
    _add_window_arguments(demo)
    schema = sub.add_parser("schema", help="write the JSON Schema of scenario files (for editors)")
    schema.add_argument("--out", metavar="FILE", default=None,
                        help="write to FILE instead of the standard output")
    reference = sub.add_parser("reference",
                               help="write the list of indicators, kinds and model parameters")
    reference.add_argument("--out", metavar="FILE", default=None,
                           help="write to FILE instead of the standard output")
    reference.add_argument("--into", metavar="FILE", default=None,
                           help="replace the generated part of FILE (between its marker lines, "
                                "as in docs/scenario-format.md) with the lists")
    new = sub.add_parser("new", help="write a new scenario file from a few questions")
    if detail in ("new", "-h", "--help"):
        _register("leverage.commands.new", "add_new_arguments", new)
    return parser


def version() -> str:
    """The installed version of Leverage, from the package metadata (pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(DISTRIBUTION)
    except PackageNotFoundError:
        return "(not installed: run 'pip install -e .')"


def _add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that open a window."""
    parser.add_argument("--perf", action="store_true", help="print frame times at exit")


def _register(module: str, function: str, parser: argparse.ArgumentParser) -> None:
    """Let a command module add its own options."""
    import importlib

    getattr(importlib.import_module(module), function)(parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named on the command line; no command opens the game."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        args_list = ["play"]
    args = build_parser(args_list[0]).parse_args(args_list)
    if sys.stdout is None:  # started with standard output closed
        sys.stderr.write("leverage: standard output is closed; nothing can be printed\n")
        return 1
    try:
        code = dispatch(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head` stopped reading: stop quietly
        _drop_stdout()
        return 1
    except OSError as error:
        if error.filename is not None:  # a file the command needed, not standard output
            sys.stderr.write(printable(f"leverage: {error.filename}: "
                                       f"{error.strerror or error}") + "\n")
            return 1
        _drop_stdout()
        sys.stderr.write(f"leverage: cannot write the output ({error.strerror or error})\n")
        return 1
    return code


def _drop_stdout() -> None:
    """Point standard output at the null device, so nothing more is written (or fails) at exit."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


class UnknownScenario(Exception):
    """A scenario argument that names neither a file nor a known id (the message lists the ids)."""


def scenario_path(name: str) -> str:
    """A scenario named by a path or an id, as a path; UnknownScenario when nothing matches
    (something that exists but is not a file is passed on, for the loader to name)."""
    from leverage.resources import find_scenario_file, unknown_scenario_message

    found = find_scenario_file(name)
    if found is not None:
        return str(found)
    if os.path.lexists(name):  # a folder, a pipe...: the loader says what is wrong with it
        return name
    raise UnknownScenario(unknown_scenario_message(name))


def dispatch(args: argparse.Namespace) -> int:
    """Call the module that carries out `args.command`; a scenario argument that names nothing
    gives one message listing the ids (exit 1)."""
    try:
        return _dispatch(args)
    except UnknownScenario as error:
        sys.stderr.write(f"leverage {args.command}: error: {error}\n")
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    """Call the module that carries out `args.command`."""
    command = args.command or "play"
    if command == "play":
        from leverage.ui.app import run_game

        return run_game(perf=getattr(args, "perf", False))
    if command == "host":
        from leverage.commands.host import run_host

        return run_host(args, scenario_path(args.scenario) if args.scenario else None,
                        sys.stdout)
    if command == "validate":
        from leverage.commands.validate import run_validate

        if (args.games is not None or args.ai is not None) and not args.playtest:
            sys.stderr.write("leverage validate: error: --games and --ai are used with "
                             "--playtest\n")
            return 2
        return run_validate(args.files, sys.stdout, args.playtest, args.games, args.seed,
                            args.ai)
    if command == "simulate":
        from leverage.commands.simulate import run_simulate

        args.scenario = scenario_path(args.scenario)
        return run_simulate(args, sys.stdout)
    if command == "compare":
        from leverage.commands.compare import BAND_GAMES, BAND_WORLDS, run_bands, run_compare

        if args.bands:
            return run_bands(scenario_path(args.scenario), sys.stdout, args.games or BAND_GAMES,
                             args.worlds or BAND_WORLDS)
        return run_compare(scenario_path(args.scenario), sys.stdout)
    if command == "sensitivity":
        from leverage.commands.sensitivity import run_sensitivity

        args.scenario = scenario_path(args.scenario)
        return run_sensitivity(args, sys.stdout)
    if command == "class-report":
        from leverage.commands.class_report import run_class_report

        return run_class_report(args.saves, args.out, sys.stdout)
    if command == "bench":
        from leverage.commands.bench import run_bench

        return run_bench(args, sys.stdout)
    if command == "schema":
        from leverage.commands.schema import run_schema

        return run_schema(args.out, sys.stdout)
    if command == "new":
        from leverage.commands.new import run_new

        return run_new(args, sys.stdout)
    if command == "reference":
        from leverage.commands.reference import run_reference

        if args.out is not None and args.into is not None:
            sys.stderr.write("leverage reference: error: give --out or --into, not both\n")
            return 2
        return run_reference(args.out, sys.stdout, args.into)
    scenario = None if args.scenario is None else scenario_path(args.scenario)
    from leverage.ui.demo import run_demo

    return run_demo(scenario, args.turns, args.screenshots, args.perf)
