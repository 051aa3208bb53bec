#!/usr/bin/env python3
"""Runs every example command in a Markdown file and checks its printed output.

An example is a ```console block whose lines starting with "$ " are commands
(run with bash, the built `annals` first on PATH) and whose following lines,
up to the next command or the end of the block, are the expected stdout.
Keeps the README's "real questions with their real output" real.

usage: check_examples.py ANNALS_BINARY_DIR FILE.md [--rewrite]
"""
import os
import re
import subprocess
import sys

BLOCK = re.compile(r"^```console\n(.*?)^```", re.S | re.M)


def examples(text):
    for block in BLOCK.finditer(text):
        command, expected = None, []
        for line in block.group(1).splitlines():
            if line.startswith("$ "):
                if command is not None:
                    yield block, command, expected
                command, expected = line[2:], []
            elif command is not None:
                expected.append(line)
        if command is not None:
            yield block, command, expected


def run(command, bin_dir, cwd):
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    return done.stdout.rstrip("\n").splitlines()


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    bin_dir, path = sys.argv[1], sys.argv[2]
    rewrite = "--rewrite" in sys.argv[3:]
    text = open(path, encoding="utf-8").read()
    cwd = os.path.dirname(os.path.abspath(path))
    failures, count, replacements = 0, 0, {}
    for block, command, expected in examples(text):
        count += 1
        actual = run(command, bin_dir, cwd)
        if rewrite:
            replacements.setdefault(block.span(), []).append((command, actual))
        elif actual != expected:
            failures += 1
            print(f"{path}: example '$ {command}' printed:", file=sys.stderr)
            print("\n".join(actual), file=sys.stderr)
            print("but the file says:", file=sys.stderr)
            print("\n".join(expected), file=sys.stderr)
    if rewrite:
        for (start, end), runs in sorted(replacements.items(), reverse=True):
            body = "".join(f"$ {c}\n" + "".join(line + "\n" for line in out) for c, out in runs)
            text = text[:start] + "```console\n" + body + "```" + text[end:]
        open(path, "w", encoding="utf-8").write(text)
        print(f"rewrote {count} examples in {path}")
        return 0
    if count == 0:
        print(f"{path}: no ```console examples found", file=sys.stderr)
        return 1
    print(f"{count - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
