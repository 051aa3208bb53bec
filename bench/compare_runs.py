#!/usr/bin/env python3
"""Runs annals_compare several times, each in a process of its own, and
prints each row's median and range over the runs.

One run's ratios are of one process. On a shared virtual machine, lookups
that wait on memory can take up to twice as long in one process as in the
next (the README's *One process is one sample*), which a process's own best
of N runs cannot show. Processes in turn show how far each row moves, so
that a ratio near its target can be read as at the edge or as past it.

usage: compare_runs.py [--runs N] [--compare PATH] [-- ANNALS_COMPARE_ARGS...]

The arguments after `--` go to every run. Exits non-zero when a run fails
(annals_compare fails when the engines disagree) or when the runs' tables
do not list the same rows.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
CELL = re.compile(r"^(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(ns|us|ms|s|x)?$")


def parse_cell(text):
    """A cell as (value, unit): seconds for a time, the number for a ratio
    (unit "x") or a plain figure (unit ""); None for "-"."""
    text = text.strip()
    if text == "-":
        return None
    match = CELL.match(text)
    if not match:
        raise ValueError(f"not a figure: {text!r}")
    number = float(match.group(1).replace(",", ""))
    unit = match.group(2) or ""
    if unit in UNITS:
        return number * UNITS[unit], "s"
    return number, unit


def format_figure(value, unit):
    if unit == "s":
        for name in ("s", "ms", "us", "ns"):
            scaled = value / UNITS[name]
            if scaled >= 1 or name == "ns":
                return f"{scaled:#.3g}".rstrip(".") + f" {name}"
    if unit == "x":
        return f"{value:.1f}x"
    return f"{value:#.3g}".rstrip(".")


def parse_table(output):
    """The rows of annals_compare's table, in order: name -> three cells."""
    rows = {}
    in_table = False
    for line in output.splitlines():
        if line.startswith("workload ") and "|" in line:
            in_table = True
            continue
        if not in_table or "|" not in line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4:
            raise ValueError(f"a table row without four cells: {line!r}")
        rows[parts[0]] = [parse_cell(cell) for cell in parts[1:]]
    if not rows:
        raise ValueError("annals_compare printed no table")
    return rows


def summarize(cells):
    """Median (range) of one column over the runs, or "-"."""
    figures = [cell for cell in cells if cell is not None]
    if not figures:
        return "-"
    unit = figures[0][1]
    values = [value for value, _ in figures]
    median = format_figure(statistics.median(values), unit)
    if len(values) == 1:
        return median
    low, high = format_figure(min(values), unit), format_figure(max(values), unit)
    return f"{median} ({low} - {high})"


def default_compare():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(os.path.dirname(here), "build-bench", "bench", "annals_compare")


def main():
    parser = argparse.ArgumentParser(
        description="annals_compare in several processes: each row's median and range.")
    parser.add_argument("--runs", type=int, default=5, help="processes to run (default 5)")
    parser.add_argument("--compare", default=default_compare(),
                        help="the annals_compare executable (default: build-bench's)")
    parser.add_argument("compare_args", nargs=argparse.REMAINDER,
                        help="-- then the arguments for annals_compare")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    passed = args.compare_args[1:] if args.compare_args[:1] == ["--"] else args.compare_args

    tables = []
    header = []
    for run in range(args.runs):
        done = subprocess.run([args.compare, *passed], capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            sys.exit(f"compare_runs: run {run + 1} of {args.runs} failed "
                     f"(exit {done.returncode})")
        try:
            tables.append(parse_table(done.stdout))
        except ValueError as error:
            sys.exit(f"compare_runs: run {run + 1}: {error}")
        if run == 0:  # what was run, and how: the lines above the table
            lines = (done.stderr + done.stdout).splitlines()
            header = [line for line in lines if line.startswith("data:")]
            for at, line in enumerate(lines):
                if line.startswith("Annals vs"):
                    header += lines[at:at + 2]
        print(f"run {run + 1} of {args.runs} done", file=sys.stderr, flush=True)

    names = list(tables[0])
    for run, table in enumerate(tables[1:], start=2):
        if list(table) != names:
            sys.exit(f"compare_runs: run {run} lists other rows than run 1")

    for text in header:
        print(text)
    print(f"{args.runs} processes: median (lowest - highest) of each process's figure")
    titles = ["workload", "Annals", "SQLite", "ratio (SQLite/Annals)"]
    rows = [[name, *(summarize([table[name][column] for table in tables]) for column in range(3))]
            for name in names]
    widths = [max(len(title), *(len(row[at]) for row in rows)) for at, title in enumerate(titles)]

    def line(row):
        return " | ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    print(line(titles))
    print("-" * (sum(widths) + 3 * (len(titles) - 1)))
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    main()
