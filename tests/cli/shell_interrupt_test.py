#!/usr/bin/env python3
"""Ctrl-C (SIGINT) during a query in `annals shell` stops the query, and the
session goes on: the rules typed before still answer, and the shell ends
when told to.

Two sessions, each over a generated chain of dissolutions:
  - piped: statements come through a pipe, as a program driving the shell
    sends them. The interrupted statement makes the exit status 1 (a script
    learns from the status that not every statement went through).
  - terminal: statements come through a pseudo-terminal, as a person types
    them; a second Ctrl-C at the prompt after the interrupt drops the line
    and does not end the shell either; the exit status is 0.

The long query would run for many minutes (a three-way join whose order
test always fails). The signal is sent once the shell is seen spending CPU
time on it (Linux's /proc), not after a fixed wait, so a slow or loaded
machine only makes the test slower. Every wait has a generous deadline.

Usage: shell_interrupt_test.py ANNALS_BINARY
"""
import os
import pty
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77  # CTest's SKIP_RETURN_CODE for this test
DEADLINE_SECONDS = 120
CHAIN_LENGTH = 2000
BUSY_CPU_SECONDS = 0.2  # CPU time the long query must have used before the signal

RULE = "r(X) :- dissolved_into(X, _).\n"
SHORT = '?- r("Org 5").\n'
LONG = ("?- dissolved_into(A, B), dissolved_into(C, D), dissolved_into(E, F), "
        "A < C, C < E, E < A.\n")
ONE_ROW = "(1 row)"


class Failure(Exception):
    pass


def write_chain(directory):
    path = os.path.join(directory, "chain.tsv")
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(CHAIN_LENGTH):
            handle.write(f"Org {i}\tdissolved_into\tOrg {i + 1}\t1900\t1950\n")
    return path


def cpu_seconds(pid):
    """User and system CPU time of `pid`, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        stat = handle.read()
    fields = stat[stat.rindex(")") + 2:].split()  # after the command name
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Output:
    """Everything a stream gave, read on a thread of its own."""

    def __init__(self, read):
        self._text = ""
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._pump, args=(read,), daemon=True)
        self._thread.start()

    def _pump(self, read):
        while True:
            try:
                chunk = read()
            except OSError:  # a terminal whose other end closed
                return
            if not chunk:
                return
            with self._lock:
                self._text += chunk.decode("utf-8", errors="replace")

    def text(self):
        with self._lock:
            return self._text

    def join(self):
        self._thread.join(DEADLINE_SECONDS)


def wait_until(what, condition, process):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if process.poll() is not None:
            raise Failure(f"the shell ended (status {process.returncode}) waiting for {what}")
        if time.monotonic() > deadline:
            raise Failure(f"no {what} within {DEADLINE_SECONDS} s")
        time.sleep(0.02)


def interrupt_long_query(process, send, answers, errors):
    """Sends LONG, waits until the shell works on it, interrupts it, and
    waits for the message."""
    answers_before = answers().count(ONE_ROW)
    cpu_before = cpu_seconds(process.pid)
    send(LONG)
    wait_until("CPU time spent on the long query",
               lambda: cpu_seconds(process.pid) >= cpu_before + BUSY_CPU_SECONDS, process)
    if answers().count(ONE_ROW) != answers_before or "interrupted" in errors():
        raise Failure("the long query ended before the signal")
    process.send_signal(signal.SIGINT)
    wait_until("message that the query was interrupted", lambda: "interrupted" in errors(),
               process)


def wait_for_exit(process):
    try:
        return process.wait(DEADLINE_SECONDS)
    except subprocess.TimeoutExpired:
        raise Failure(f"the shell did not end within {DEADLINE_SECONDS} s") from None


def piped_session(annals, chain, home):
    process = subprocess.Popen([annals, "shell", "--data", chain], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=dict(os.environ, HOME=home))
    try:
        out = Output(lambda: os.read(process.stdout.fileno(), 4096))
        err = Output(lambda: os.read(process.stderr.fileno(), 4096))

        def send(text):
            process.stdin.write(text.encode("utf-8"))
            process.stdin.flush()

        send(RULE + SHORT)
        wait_until("answer to the first short query", lambda: out.text().count(ONE_ROW) == 1,
                   process)
        interrupt_long_query(process, send, out.text, err.text)
        send(SHORT + ":quit\n")
        process.stdin.close()
        status = wait_for_exit(process)
        out.join()
        err.join()
        answers = out.text()
        if answers.count(ONE_ROW) != 2:
            raise Failure(f"expected the short query answered twice, got:\n{answers}")
        first, second = answers.split(ONE_ROW)[:2]
        if first.strip() != second.strip():
            raise Failure(f"the short query answered differently after the interrupt:\n{answers}")
        if status != 1:
            raise Failure(f"piped session ended with status {status}, expected 1")
        print(f"piped: interrupted, then answered; stderr: {err.text().strip()}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def terminal_session(annals, chain, home):
    controller, terminal = pty.openpty()
    process = subprocess.Popen([annals, "shell", "--data", chain], stdin=terminal,
                               stdout=terminal, stderr=terminal, start_new_session=True,
                               env=dict(os.environ, HOME=home, TERM="dumb"))
    os.close(terminal)
    try:
        screen = Output(lambda: os.read(controller, 4096))

        def send(text):
            os.write(controller, text.encode("utf-8"))

        def prompts():
            return screen.text().count("annals> ")

        wait_until("first prompt", lambda: prompts() >= 1, process)
        send(RULE)
        wait_until("rule to be added", lambda: "rule added" in screen.text(), process)
        send(SHORT)
        wait_until("answer to the first short query",
                   lambda: screen.text().count(ONE_ROW) == 1, process)
        interrupt_long_query(process, send, screen.text, screen.text)
        wait_until("prompt after the interrupt",
                   lambda: screen.text().rindex("annals> ") > screen.text().rindex("interrupted"),
                   process)
        # Ctrl-C at the prompt drops the line; the shell goes on.
        prompts_now = prompts()
        process.send_signal(signal.SIGINT)
        wait_until("prompt after Ctrl-C at the prompt", lambda: prompts() > prompts_now, process)
        send(SHORT)
        wait_until("answer to the second short query",
                   lambda: screen.text().count(ONE_ROW) == 2, process)
        send(":quit\n")
        status = wait_for_exit(process)
        if status != 0:
            raise Failure(f"terminal session ended with status {status}, expected 0")
        print("terminal: interrupted, Ctrl-C at the prompt, then answered")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if not os.path.exists(f"/proc/{os.getpid()}/stat"):
        print("skipped: needs /proc to see when the shell is busy")
        return SKIP
    annals = sys.argv[1]
    with tempfile.TemporaryDirectory() as scratch:
        chain = write_chain(scratch)
        try:
            piped_session(annals, chain, scratch)
            terminal_session(annals, chain, scratch)
        except Failure as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
    print("shell_interrupt_test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
