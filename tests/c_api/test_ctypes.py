#!/usr/bin/env python3
"""The C API driven from Python through ctypes, as an FFI user would.

Loads the shared libannals, asks who led the Communist Party of Bukhara in
mid-1921 and checks the answer; checks that an error comes back as a status
with a positioned message; runs a prepared query with bound parameters, one
set at a time and as a batch; interrupts a running query from another
Python thread (ctypes lets go of the GIL during the call).

Usage: test_ctypes.py LIBANNALS_SO DATASET_DIR
"""
import ctypes
import sys
import threading

ANNALS_OK = 0
ANNALS_ERROR_UNKNOWN_ENTITY = 3
ANNALS_ERROR_INTERRUPTED = 12
ANNALS_CERTAIN = 2


def bind(lib):
    """Declares the signatures used here, so ctypes passes pointers intact."""
    c_db = ctypes.c_void_p
    c_res = ctypes.c_void_p
    c_prep = ctypes.c_void_p
    sigs = {
        "annals_libversion": (ctypes.c_char_p, []),
        "annals_open": (ctypes.c_int, [ctypes.POINTER(c_db)]),
        "annals_close": (None, [c_db]),
        "annals_errmsg": (ctypes.c_char_p, [c_db]),
        "annals_errpos": (None, [c_db, ctypes.POINTER(ctypes.c_uint32),
                                 ctypes.POINTER(ctypes.c_uint32)]),
        "annals_load": (ctypes.c_int, [c_db, ctypes.c_char_p, ctypes.c_void_p]),
        "annals_query": (ctypes.c_int, [c_db, ctypes.c_char_p, ctypes.POINTER(c_res)]),
        "annals_query_ex": (ctypes.c_int, [c_db, ctypes.c_char_p, ctypes.c_size_t,
                                           ctypes.c_uint32, ctypes.c_int, ctypes.POINTER(c_res)]),
        "annals_interrupt": (None, [c_db]),
        "annals_status_name": (ctypes.c_char_p, [ctypes.c_int]),
        "annals_add_fact": (ctypes.c_int, [c_db, ctypes.c_char_p, ctypes.c_char_p,
                                           ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p,
                                           ctypes.c_void_p, ctypes.c_size_t]),
        "annals_result_free": (None, [c_res]),
        "annals_result_column_count": (ctypes.c_size_t, [c_res]),
        "annals_result_column_name": (ctypes.c_char_p, [c_res, ctypes.c_size_t]),
        "annals_result_row_count": (ctypes.c_size_t, [c_res]),
        "annals_result_cell": (ctypes.c_char_p, [c_res, ctypes.c_size_t, ctypes.c_size_t]),
        "annals_result_certainty": (ctypes.c_int, [c_res, ctypes.c_size_t]),
        "annals_result_from": (ctypes.c_char_p, [c_res, ctypes.c_size_t]),
        "annals_result_to": (ctypes.c_char_p, [c_res, ctypes.c_size_t]),
        "annals_result_source_count": (ctypes.c_size_t, [c_res, ctypes.c_size_t]),
        "annals_result_source": (ctypes.c_char_p, [c_res, ctypes.c_size_t, ctypes.c_size_t]),
        "annals_prepare": (ctypes.c_int, [c_db, ctypes.c_char_p, ctypes.POINTER(c_prep)]),
        "annals_prepared_free": (None, [c_prep]),
        "annals_bind_text": (ctypes.c_int, [c_prep, ctypes.c_char_p, ctypes.c_char_p]),
        "annals_bind_date": (ctypes.c_int, [c_prep, ctypes.c_char_p, ctypes.c_int, ctypes.c_int,
                                            ctypes.c_int]),
        "annals_execute": (ctypes.c_int, [c_prep, ctypes.POINTER(c_res)]),
        "annals_batch_add": (ctypes.c_int, [c_prep]),
        "annals_execute_batch": (ctypes.c_int, [c_prep, ctypes.POINTER(c_res)]),
        "annals_result_set_count": (ctypes.c_size_t, [c_res]),
        "annals_result_set_first": (ctypes.c_size_t, [c_res, ctypes.c_size_t]),
        "annals_result_set_row_count": (ctypes.c_size_t, [c_res, ctypes.c_size_t]),
    }
    for name, (restype, argtypes) in sigs.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


def text(raw):
    return raw.decode("utf-8") if raw is not None else None


def query(lib, db, question):
    """Runs a query; returns (columns, rows) with each row a dict."""
    result = ctypes.c_void_p()
    status = lib.annals_query(db, question.encode("utf-8"), ctypes.byref(result))
    if status != ANNALS_OK:
        raise RuntimeError(f"status {status}: {text(lib.annals_errmsg(db))}")
    return read_result(lib, result)


def bind_all(lib, db, prepared, values):
    """Binds each name of the dict `values` to its value: a str as text, a
    (year, month, day) tuple by annals_bind_date."""
    for name, value in values.items():
        if isinstance(value, tuple):
            status = lib.annals_bind_date(prepared, name.encode("utf-8"), *value)
        else:
            status = lib.annals_bind_text(prepared, name.encode("utf-8"), value.encode("utf-8"))
        if status != ANNALS_OK:
            raise RuntimeError(f"bind {name}: status {status}: {text(lib.annals_errmsg(db))}")


def execute(lib, db, prepared, **values):
    """Binds `values` to the prepared query, runs it; returns (columns, rows)."""
    bind_all(lib, db, prepared, values)
    result = ctypes.c_void_p()
    status = lib.annals_execute(prepared, ctypes.byref(result))
    if status != ANNALS_OK:
        raise RuntimeError(f"status {status}: {text(lib.annals_errmsg(db))}")
    return read_result(lib, result)


def execute_batch(lib, db, prepared, sets):
    """Runs the prepared query once per dict of values in `sets`, as one
    batch; returns [(columns, rows)] with one entry per set."""
    for values in sets:
        bind_all(lib, db, prepared, values)
        status = lib.annals_batch_add(prepared)
        if status != ANNALS_OK:
            raise RuntimeError(f"batch_add: status {status}: {text(lib.annals_errmsg(db))}")
    result = ctypes.c_void_p()
    status = lib.annals_execute_batch(prepared, ctypes.byref(result))
    if status != ANNALS_OK:
        raise RuntimeError(f"status {status}: {text(lib.annals_errmsg(db))}")
    ranges = [(lib.annals_result_set_first(result, k), lib.annals_result_set_row_count(result, k))
              for k in range(lib.annals_result_set_count(result))]
    columns, rows = read_result(lib, result)
    return [(columns, rows[first:first + count]) for first, count in ranges]


def read_result(lib, result):
    """(columns, rows) of a result, which it frees."""
    try:
        columns = [text(lib.annals_result_column_name(result, c))
                   for c in range(lib.annals_result_column_count(result))]
        rows = []
        for r in range(lib.annals_result_row_count(result)):
            row = {name: text(lib.annals_result_cell(result, r, c))
                   for c, name in enumerate(columns)}
            row["certainty"] = lib.annals_result_certainty(result, r)
            row["from"] = text(lib.annals_result_from(result, r))
            row["to"] = text(lib.annals_result_to(result, r))
            row["sources"] = [text(lib.annals_result_source(result, r, s))
                              for s in range(lib.annals_result_source_count(result, r))]
            rows.append(row)
        return columns, rows
    finally:
        lib.annals_result_free(result)


def interrupted_status(lib, check):
    """The status of a query that would run for minutes, interrupted from
    this thread while another runs it."""
    db = ctypes.c_void_p()
    check(lib.annals_open(ctypes.byref(db)) == ANNALS_OK, "annals_open for the chain")
    for i in range(1500):
        status = lib.annals_add_fact(db, b"link", f"Link {i}".encode(), f"Link {i + 1}".encode(),
                                     b"1900..1950", None, None, 0)
        check(status == ANNALS_OK, f"annals_add_fact {i}")
    # Three links whose first ends can order no way: no row, after minutes.
    endless = b"?- link(A, B), link(C, D), link(E, F), A < C, C < E, E < A."
    outcome = {}

    def run():
        result = ctypes.c_void_p()
        # The time-out is a backstop, never reached when annals_interrupt works.
        outcome["status"] = lib.annals_query_ex(db, endless, 0, 300000, 0, ctypes.byref(result))
        lib.annals_result_free(result)

    runner = threading.Thread(target=run)
    runner.start()
    while runner.is_alive():
        lib.annals_interrupt(db)
        runner.join(0.001)
    lib.annals_close(db)
    return outcome.get("status")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    lib = ctypes.CDLL(sys.argv[1])
    bind(lib)
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)
            print(f"FAILED: {what}", file=sys.stderr)

    check(len(text(lib.annals_libversion())) > 0, "annals_libversion is not empty")
    db = ctypes.c_void_p()
    check(lib.annals_open(ctypes.byref(db)) == ANNALS_OK, "annals_open")
    status = lib.annals_load(db, sys.argv[2].encode("utf-8"), None)
    if status != ANNALS_OK:
        print(text(lib.annals_errmsg(db)), file=sys.stderr)
        return 1

    columns, rows = query(
        lib, db, '?- leads(P, "Communist Party of Bukhara") @ "mid-1921".')
    check(columns == ["P"], f"columns are ['P'], got {columns}")
    leaders = {row["P"]: row for row in rows}
    check(set(leaders) == {"Saidulla Tursunkhodzhayev", "Abdurashid Mukamilov"},
          f"mid-1921 leaders, got {sorted(leaders)}")
    expected = {
        "Saidulla Tursunkhodzhayev": ("1921-02-23", "1921-07-03"),
        "Abdurashid Mukamilov": ("1921-07-05", "1922-01-10"),
    }
    for name, (start, end) in expected.items():
        row = leaders.get(name)
        if row is None:
            continue
        check(row["certainty"] == ANNALS_CERTAIN, f"{name} is certain")
        check((row["from"], row["to"]) == (start, end),
              f"{name} held office {start}..{end}, got {row['from']}..{row['to']}")
        check(any(s.startswith("communist-party-of-bukhara.txt:") for s in row["sources"]),
              f"{name} cites the Bukhara article, got {row['sources']}")

    result = ctypes.c_void_p()
    status = lib.annals_query(db, b'?- leads(P, "Bukhara").', ctypes.byref(result))
    check(status == ANNALS_ERROR_UNKNOWN_ENTITY, f"unknown entity status, got {status}")
    check(not result.value, "no result on error")
    message = text(lib.annals_errmsg(db))
    check("Communist Party of Bukhara" in message, f"suggestion in message: {message!r}")
    line, column = ctypes.c_uint32(), ctypes.c_uint32()
    lib.annals_errpos(db, ctypes.byref(line), ctypes.byref(column))
    check(line.value == 1 and column.value > 0, f"error position, got {line.value}:{column.value}")

    prepared = ctypes.c_void_p()
    status = lib.annals_prepare(db, b"?- leads(P, $org) @ $when.", ctypes.byref(prepared))
    check(status == ANNALS_OK, f"annals_prepare, got {status}")
    if status == ANNALS_OK:
        for org, when in [("Communist Party of Bukhara", "mid-1921"),
                          ("Communist Party of Khorezm", "December 1920")]:
            literal = query(lib, db, f'?- leads(P, "{org}") @ "{when}".')
            check(len(literal[1]) > 0, f"{org} @ {when} has rows")
            answer = execute(lib, db, prepared, org=org, when=when)
            check(answer == literal, f"prepared {org} @ {when}: {answer} == {literal}")
        sets = [{"org": org, "when": when}
                for org in ("Communist Party of Bukhara", "Communist Party of Khorezm")
                for when in ("1919", "mid-1921", "1922", "1924")]
        answers = execute_batch(lib, db, prepared, sets)
        check(len(answers) == len(sets), f"one answer per set, got {len(answers)}")
        check(sum(len(rows) for _, rows in answers) > 0, "the batch has rows")
        for values, answer in zip(sets, answers):
            alone = execute(lib, db, prepared, **values)
            check(answer == alone, f"batch set {values}: {answer} == {alone}")
        # A date bound as numbers means what its ISO text means.
        dated_rows = 0
        for when, parts in [("1921-07-04", (1921, 7, 4)), ("1920-12", (1920, 12, 0)),
                            ("1922", (1922, 0, 0))]:
            for org in ("Communist Party of Bukhara", "Communist Party of Khorezm"):
                as_text = execute(lib, db, prepared, org=org, when=when)
                as_parts = execute(lib, db, prepared, org=org, when=parts)
                check(as_parts == as_text, f"{org} @ {parts}: {as_parts} == {as_text}")
                dated_rows += len(as_text[1])
        check(dated_rows > 0, "dates bound as numbers have rows")
        check(lib.annals_bind_date(prepared, b"when", 1921, 2, 29) != ANNALS_OK,
              "1921-02-29 is refused")
        lib.annals_prepared_free(prepared)

    _, before = query(lib, db, '?- leads(P, "Communist Party of Bukhara") @ "mid-1921".')
    lib.annals_interrupt(db)  # no query running: the next one answers
    check(query(lib, db, '?- leads(P, "Communist Party of Bukhara") @ "mid-1921".')[1] == before,
          "a query after annals_interrupt answers as before")
    lib.annals_close(db)

    status = interrupted_status(lib, check)
    check(status == ANNALS_ERROR_INTERRUPTED, f"interrupted status, got {status}")
    check(text(lib.annals_status_name(ANNALS_ERROR_INTERRUPTED)) == "interrupted",
          "the interrupted status's name")

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("test_ctypes: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
