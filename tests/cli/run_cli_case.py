#!/usr/bin/env python3
"""Runs one `annals` command-line case and compares it with its expectations.

A case file (tests/cli/cases/NAME.test):

    # one line saying what the case checks
    command: annals query --format json 'leads(P, "Communist Party of Bukhara") @ 1921-06'
    stdin: optional text fed to the command (one line; \\n for line breaks)
    stdout-to: optional file the command writes its output to instead (/dev/full)
    stdout-is: optional `json` (stdout must be exactly one JSON document) or
               `csv` (one RFC 4180 table: CRLF records, all as wide as the header)
    exit: 0
    ---- stdout
    expected standard output, exactly
    ---- stderr contains
    text that must appear in standard error (each non-blank line, in order)

`command:` is split like a POSIX shell would (shlex); its first word `annals`
is the binary under test. {datasets} and {cases} expand to the source
datasets/ directory and the directory of the case file, {tmp} to a scratch
directory made for the case and removed after it.

Steps run before the command, in the order written (each may repeat):

    setup: annals build --data data/zarv.tsv --out {tmp}/z.annals   (must exit 0)
    truncate: {tmp}/z.annals 100        keep the first 100 bytes of the file
    flip: {tmp}/z.annals -8             invert one byte (negative: from the end)
 Sections: `stdout` and
`stderr` compare exactly; `stdout contains` and `stderr contains` look for
each non-blank line in order. A section that is absent is not checked, but
`exit:` is required. A carriage return in output shows as the two characters
\\r at the end of its line, so CSV's CRLF is visible and checked.

Usage: run_cli_case.py ANNALS_BINARY DATASETS_DIR CASE_FILE [--rewrite]
"""
import csv
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

SECTION_MARK = "---- "
STEP_KINDS = ("setup", "truncate", "flip")


def parse_case(path):
    header = {}
    steps = []  # (kind, argument) of setup/truncate/flip, in order
    sections = []  # (name, text)
    current = None
    with open(path, encoding="utf-8") as handle:
        for line in handle.read().split("\n"):
            if line.startswith(SECTION_MARK):
                current = [line[len(SECTION_MARK):].strip(), []]
                sections.append(current)
            elif current is not None:
                current[1].append(line)
            elif line.startswith("#") or not line.strip():
                continue
            else:
                key, _, value = line.partition(":")
                if key.strip() in STEP_KINDS:
                    steps.append((key.strip(), value.strip()))
                else:
                    header[key.strip()] = value.strip()
    parsed = []
    for name, lines in sections:
        # The file's final line break, and blank lines before the next section,
        # are not part of the expectation.
        while lines and lines[-1] == "":
            lines.pop()
        parsed.append((name, "\n".join(lines) + ("\n" if lines else "")))
    return header, steps, parsed


def visible(text):
    return text.replace("\r\n", "\\r\n")


def contains_in_order(haystack, needles):
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            return needle
        position = found + len(needle)
    return None


def format_problem(kind, text):
    """Why `text` is not one document of `kind` ("json" or "csv"), or None.

    Comparing text alone would not notice two documents printed one after the
    other, which is what a parser downstream (jq, json.load, pandas) refuses.
    """
    if kind == "json":
        try:
            json.loads(text)
        except ValueError as error:
            return f"stdout is not one JSON document: {error}"
        return None
    if kind == "csv":
        if text and not text.endswith("\r\n"):
            return "stdout does not end with CRLF"
        records = list(csv.reader(io.StringIO(text, newline="")))
        if not records:
            return "stdout has no CSV header"
        for number, record in enumerate(records[1:], start=2):
            if len(record) != len(records[0]):
                return (f"CSV record {number} has {len(record)} fields, the header "
                        f"{len(records[0])}: {record!r}")
        return None
    return f"unknown stdout-is `{kind}` (json or csv)"


def expand(words, binary, datasets, case_dir, tmp):
    return [binary] + [w.replace("{datasets}", datasets).replace("{cases}", case_dir)
                       .replace("{tmp}", tmp) for w in words[1:]]


def run_steps(steps, binary, datasets, case_dir, tmp, env):
    """Runs the case's steps; returns an error message, or None."""
    for kind, argument in steps:
        words = shlex.split(argument)
        if kind == "setup":
            if not words or words[0] != "annals":
                return f"setup `{argument}` must start with `annals`"
            done = subprocess.run(expand(words, binary, datasets, case_dir, tmp),
                                  capture_output=True, env=env, cwd=case_dir, timeout=120)
            if done.returncode != 0:
                return (f"setup `{argument}` exited {done.returncode}:\n"
                        f"{done.stderr.decode('utf-8', errors='replace')}")
            continue
        if len(words) != 2:
            return f"{kind}: expects FILE and a number, got `{argument}`"
        path = os.path.join(case_dir, words[0].replace("{tmp}", tmp))
        number = int(words[1])
        with open(path, "r+b") as handle:
            data = bytearray(handle.read())
            if kind == "truncate":
                del data[number:]
            else:
                data[number] ^= 0xFF
            handle.seek(0)
            handle.truncate()
            handle.write(data)
    return None


def main():
    args = [a for a in sys.argv[1:] if a != "--rewrite"]
    rewrite = "--rewrite" in sys.argv[1:]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, datasets, case_path = args
    header, steps, sections = parse_case(case_path)
    if "command" not in header or "exit" not in header:
        print(f"{case_path}: needs `command:` and `exit:` lines", file=sys.stderr)
        return 2
    words = shlex.split(header["command"])
    if not words or words[0] != "annals":
        print(f"{case_path}: the command must start with `annals`", file=sys.stderr)
        return 2
    case_dir = os.path.dirname(os.path.abspath(case_path))
    tmp = tempfile.mkdtemp(prefix="annals-cli-")
    try:
        return run_case(case_path, header, steps, sections, words, binary, datasets, case_dir,
                        tmp, rewrite)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_case(case_path, header, steps, sections, words, binary, datasets, case_dir, tmp,
             rewrite):
    words = expand(words, binary, datasets, case_dir, tmp)
    stdin = header.get("stdin", "").replace("\\n", "\n").encode("utf-8")
    env = dict(os.environ)
    env["HOME"] = case_dir  # the shell's history file must not be the user's
    env.pop("ANNALS_HISTORY", None)
    failed_step = run_steps(steps, binary, datasets, case_dir, tmp, env)
    if failed_step is not None:
        print(f"{case_path}: {failed_step}")
        return 1
    stdout_to = header.get("stdout-to")
    if stdout_to is None:
        completed = subprocess.run(words, input=stdin, capture_output=True, env=env,
                                   cwd=case_dir, timeout=120)
    else:
        with open(stdout_to, "wb") as sink:
            completed = subprocess.run(words, input=stdin, stdout=sink, stderr=subprocess.PIPE,
                                       env=env, cwd=case_dir, timeout=120)
        completed.stdout = b""
    # The scratch directory's name changes every run; outputs show it as {tmp}.
    actual = {
        "stdout": visible(completed.stdout.decode("utf-8", errors="replace")).replace(tmp, "{tmp}"),
        "stderr": visible(completed.stderr.decode("utf-8", errors="replace")).replace(tmp, "{tmp}"),
    }
    # Checked apart from the text: --rewrite cannot make output parse.
    if "stdout-is" in header:
        problem = format_problem(header["stdout-is"],
                                 completed.stdout.decode("utf-8", errors="replace"))
        if problem is not None:
            print(f"{case_path}: `{header['command']}`: {problem}")
            return 1
    failures = []
    if str(completed.returncode) != header["exit"]:
        failures.append(f"exit code {completed.returncode}, expected {header['exit']}")
    rewritten = []
    for name, expected in sections:
        stream, _, mode = name.partition(" ")
        if stream not in actual or mode not in ("", "contains"):
            print(f"{case_path}: unknown section `{name}`", file=sys.stderr)
            return 2
        if mode == "":
            rewritten.append((name, actual[stream]))
            if actual[stream] != expected:
                failures.append(f"{stream} differs.\n--- expected\n{expected}--- actual\n"
                                f"{actual[stream]}---")
        else:
            rewritten.append((name, expected))
            needles = [line for line in expected.split("\n") if line.strip()]
            missing = contains_in_order(actual[stream], needles)
            if missing is not None:
                failures.append(f"{stream} lacks {missing!r}.\n--- actual\n{actual[stream]}---")
    if rewrite and failures:
        with open(case_path, encoding="utf-8") as handle:
            text = handle.read()
        head = text[:text.find("\n" + SECTION_MARK) + 1] if SECTION_MARK in text else text
        head = head.replace(f"exit: {header['exit']}", f"exit: {completed.returncode}")
        body = "".join(f"{SECTION_MARK}{name}\n{content}" for name, content in rewritten)
        with open(case_path, "w", encoding="utf-8") as handle:
            handle.write(head + body)
        print(f"{case_path}: rewritten")
        return 0
    if failures:
        print(f"{case_path}: `{header['command']}` failed:")
        for failure in failures:
            print(failure)
        if not any(name.startswith("stderr") for name, _ in sections):
            print(f"--- stderr\n{actual['stderr']}---")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
