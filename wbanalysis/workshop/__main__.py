"""``python -m wbanalysis.workshop COMMAND``: the teacher's and the students' commands, on any system (no make)."""

from __future__ import annotations

import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m wbanalysis.workshop", description=__doc__.split(":", 1)[1])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("lab", help="students: open JupyterLab on the landing notebook (no news pop-up)")
    commands.add_parser("preflight", help="teacher: environment, timetable, every notebook runs, every solution passes")
    out = commands.add_parser("solutions", help="teacher: write the solution notebooks into a folder")
    out.add_argument("folder", nargs="?", help="where to write them (default: workshop-solutions/ in the clone)")
    summary = commands.add_parser("summary", help="teacher: per task, how many tried, right, close, stuck")
    summary.add_argument("folder", help="the folder of collected workshop-outcomes-*.csv files")
    pack = commands.add_parser("pack", help="maintainer: pack the answers of edited solution notebooks")
    pack.add_argument("folder", help="the folder of solution notebooks (as written by 'solutions', then edited)")
    commands.add_parser("timetable", help="print both plans, minute by minute")
    commands.add_parser("prepare-binder", help="Binder's postBuild: JupyterLab settings; remove the packed solutions")
    return parser


def _timetable() -> str:
    from .timetable import PLANS, clock, schedule, total

    lines = []
    for plan, name in PLANS.items():
        lines.append(f"{name} ({total(plan)} minutes)")
        for part, start, end in schedule(plan):
            when = "homework" if part.homework else f"{clock(start, plan)}-{clock(end, plan)}"
            optional = f" (tasks optional: {', '.join(map(str, part.optional_tasks))})" if part.optional_tasks else ""
            lines.append(f"  {when:>11}  {part.label}{optional}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args, extra = _parser().parse_known_args(argv)
    if extra and args.command != "lab":
        _parser().error(f"unrecognised arguments: {' '.join(extra)}")
    try:
        if args.command == "lab":
            from .environment import lab

            return lab(extra)
        if args.command == "preflight":
            from .preflight import main as preflight

            return preflight()
        if args.command == "solutions":
            from .solutions import write_solutions

            written = write_solutions(args.folder)
            print(f"{len(written)} solution notebooks in {written[0].parent} (keep them out of the students' folders)")
        elif args.command == "summary":
            from .outcomes import report

            print(report(args.folder))
        elif args.command == "pack":
            from .solutions import pack

            print(f"answers packed in {pack(args.folder)}")
        elif args.command == "timetable":
            print(_timetable())
        elif args.command == "prepare-binder":
            from .environment import prepare_binder

            print("\n".join(prepare_binder()))
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
