"""Persistent reference-engine worker for Silt's benchmarks (tooling/bench).

Started once per benchmark run; reads one JSON command per line on stdin and answers one JSON
line on stdout, so interpreter and import start-up are never timed. Every timed op measures
itself with time.perf_counter around the engine call only, and reports its peak resident memory:

* ``peak_rss_delta_hwm``: where Linux allows resetting the high-water mark (writing 5 to
  /proc/self/clear_refs), VmHWM after the op: exact, catches spikes of any length, and costs
  nothing while the op runs;
* else ``peak_rss_delta_sampled``: a thread samples VmRSS from /proc/self/status every ~1 ms
  while the op runs (pyarrow releases the GIL in its C++ readers and writers, so the thread
  keeps running).

Either is relative to VmRSS just before the op; the other is null. Commands (all answers carry ``"ok"``):

  {"op": "hello"}                                  -> versions and machine facts
  {"op": "load_ipc", "path": P, "name": N}         -> reads an Arrow IPC file into memory as N
  {"op": "write_parquet", "table": N, "path": P, "compression": "snappy", "options": {...}}
                                                   -> pq.write_table (options: more keywords)
  {"op": "read_parquet", "path": P, "use_threads": true}
                                                   -> pq.read_table (whole table)
  {"op": "stream_parquet", "path": P, "batch_size": 65536, "use_threads": true}
                                                   -> pq.ParquetFile.iter_batches, batch by batch
  {"op": "check_parquet", "path": P}               -> rows and checksums of a file (not timed)

Delta ops (delta-rs, the Python package ``deltalake``):

  {"op": "write_delta", "table": N | "ipc": P, "path": P, "files": 10}
                                                   -> writes table N (or an Arrow IPC file) as a
                                                      new Delta table in `files` appends of equal
                                                      slices (not timed)
  {"op": "delta_checkpoints", "path": P, "versions": [v, ...]}
                                                   -> DeltaTable(P, version=v).create_checkpoint()
                                                      for each v in order (not timed)
  {"op": "delta_files", "path": P}                 -> version, active-file count and a SHA-256 of
                                                      the sorted add paths (not timed)
  {"op": "delta_snapshot", "path": P}              -> DeltaTable(P) then len(dt.file_uris()):
                                                      a cold snapshot load with the active files
                                                      listed; also `open_seconds`, DeltaTable(P) alone
  {"op": "delta_scan", "path": P, "checksums": false}
                                                   -> DeltaTable(P).to_pyarrow_table() (checksums,
                                                      when asked, are computed after the timing)
  {"op": "delta_write", "table": N, "path": P, "mode": "append"}
                                                   -> write_deltalake(P, table N, mode=mode) as one
                                                      commit; also the version and data-file count
                                                      after it (not timed)
  {"op": "delta_appends", "table": N, "path": P, "commits": 1000, "rows_per_commit": 100}
                                                   -> DeltaTable.create(P, schema) (not timed), then
                                                      `commits` calls of write_deltalake(P, slice,
                                                      mode="append") on consecutive slices of table N
                                                      from row 0, timed as one loop: `seconds` is
                                                      per commit (the loop / commits), `loop_seconds`
                                                      the loop, `per_tenth_seconds` the mean commit
                                                      of each tenth of the loop
  {"op": "delta_merge", "path": P, "source": N, "predicate": S, "source_alias": "s",
   "target_alias": "t", "clauses": ["update_all" | "delete" | "insert_all", ...]}
                                                   -> DeltaTable(P).merge(table N, S, ...) with the
                                                      clauses in order, .execute(): the table opened
                                                      and merged in the timing; answers delta-rs's
                                                      metrics and the version and data-file count
                                                      after it (not timed)
  {"op": "delta_delete", "path": P, "predicate": S}
                                                   -> DeltaTable(P).delete(S), the open included in
                                                      the timing; metrics, version and file count
  {"op": "quit"}

Timed ops answer {"ok": true, "seconds": s, "rows": n, "peak_rss_delta_sampled": b,
"peak_rss_delta_hwm": b | null, "rss_before": b}.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import sys
import threading
import time
import traceback

import hashlib

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

_tables: dict[str, pa.Table] = {}


# ---------------------------------------------------------------------------------------------
# Memory measurement


def _status_kib(field: str) -> int | None:
    with open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(field.encode()):
                return int(line.split()[1]) * 1024
    return None


def _rss() -> int:
    try:
        return _status_kib("VmRSS:") or 0
    except OSError:  # not Linux: fall back to the (monotonic) peak from getrusage
        import resource

        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


class _PeakSampler:
    """Samples VmRSS in a thread until stopped; ``peak`` is the largest sample."""

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = _rss()
            if rss > self.peak:
                self.peak = rss
            self._stop.wait(self.interval)

    def __enter__(self) -> "_PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())


def _timed(fn):
    """Runs fn() with the clock and the memory probes around it; returns (answer, fn's value)."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    rss_before = _rss()
    hwm_ok = _reset_hwm()
    sampler = None if hwm_ok else _PeakSampler().__enter__()
    try:
        start = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - start
    finally:
        if sampler is not None:
            sampler.__exit__()
    hwm = _status_kib("VmHWM:") if hwm_ok else None
    answer = {
        "seconds": seconds,
        "rss_before": rss_before,
        "peak_rss_delta_sampled": max(0, sampler.peak - rss_before) if sampler is not None else None,
        "peak_rss_delta_hwm": max(0, hwm - rss_before) if hwm is not None else None,
    }
    return answer, value


# ---------------------------------------------------------------------------------------------
# Ops


def op_hello(_: dict) -> dict:
    return {
        "python": platform.python_version(),
        "pyarrow": pa.__version__,
        "cpu_count": os.cpu_count(),
        "arrow_cpu_threads": pa.cpu_count(),
        "arrow_io_threads": pa.io_thread_count(),
        "memory_pool": pa.default_memory_pool().backend_name,
        "hwm_reset": _reset_hwm(),
        "deltalake": _deltalake_version(),
    }


def _deltalake_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("deltalake")
    except Exception:  # not installed: only the Delta ops need it
        return None


def op_load_ipc(cmd: dict) -> dict:
    with pa.OSFile(cmd["path"], "rb") as source:  # copies into memory: no mapping of the file
        table = ipc.open_file(source).read_all()
    _tables[cmd["name"]] = table
    return {"rows": table.num_rows, "batches": len(table.to_batches()), "schema": str(table.schema)}


def op_write_parquet(cmd: dict) -> dict:
    table = _tables[cmd["table"]]
    extra = cmd.get("options", {})  # more pq.write_table keywords (use_dictionary, write_statistics, ...)
    answer, _ = _timed(lambda: pq.write_table(table, cmd["path"], compression=cmd.get("compression", "snappy"), **extra))
    answer["rows"] = table.num_rows
    answer["bytes"] = os.path.getsize(cmd["path"])
    return answer


def op_read_parquet(cmd: dict) -> dict:
    answer, table = _timed(lambda: pq.read_table(cmd["path"], use_threads=cmd.get("use_threads", True)))
    answer["rows"] = table.num_rows
    del table
    return answer


def op_stream_parquet(cmd: dict) -> dict:
    def stream() -> int:
        rows = 0
        with pq.ParquetFile(cmd["path"]) as file:
            for batch in file.iter_batches(batch_size=cmd.get("batch_size", 65536), use_threads=cmd.get("use_threads", True)):
                rows += batch.num_rows
        return rows

    answer, rows = _timed(stream)
    answer["rows"] = rows
    return answer


def _checksums(table: pa.Table) -> dict:
    """Rows and order-independent column checksums (the shape of datasets.mjs's tableChecksums)."""
    out: dict = {"rows": table.num_rows, "columns": {}}
    for name, column in zip(table.column_names, table.columns):
        kind = column.type
        if pa.types.is_integer(kind):
            out["columns"][name] = {"sum": str(pc.sum(column).as_py() or 0)}
        elif pa.types.is_timestamp(kind):
            # int64 sums wrap (Arrow's sum is unchecked): compare them modulo 2^64 on both sides
            total = (pc.sum(column.cast(pa.int64())).as_py() or 0) % 2**64
            out["columns"][name] = {"sum_mod_2_64": str(total), "type": str(kind)}
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            out["columns"][name] = {"utf8_bytes": str(pc.sum(pc.binary_length(column)).as_py() or 0)}
    return out


def op_check_parquet(cmd: dict) -> dict:
    return _checksums(pq.read_table(cmd["path"]))


# ---------------------------------------------------------------------------------------------
# Delta ops (delta-rs)


def _deltalake():
    import deltalake  # imported on first use: the pyarrow-only benchmarks do not need it

    return deltalake


def op_write_delta(cmd: dict) -> dict:
    deltalake = _deltalake()
    if "ipc" in cmd:
        with pa.OSFile(cmd["ipc"], "rb") as source:
            table = ipc.open_file(source).read_all()
    else:
        table = _tables[cmd["table"]]
    parts = max(1, int(cmd.get("files", 1)))
    step = -(-table.num_rows // parts)
    for k, offset in enumerate(range(0, table.num_rows, step)):
        chunk = table.slice(offset, step)
        deltalake.write_deltalake(cmd["path"], chunk, mode="error" if k == 0 else "append")
    dt = deltalake.DeltaTable(cmd["path"])
    return {"version": dt.version(), "files": len(dt.file_uris()), "rows": table.num_rows}


def op_delta_checkpoints(cmd: dict) -> dict:
    deltalake = _deltalake()
    for version in cmd["versions"]:
        deltalake.DeltaTable(cmd["path"], version=version).create_checkpoint()
    return {"versions": cmd["versions"]}


def op_delta_files(cmd: dict) -> dict:
    dt = _deltalake().DeltaTable(cmd["path"])
    paths = sorted(dt.get_add_actions(flatten=False).column("path").to_pylist())
    digest = hashlib.sha256("\n".join(paths).encode()).hexdigest()
    return {"version": dt.version(), "files": len(paths), "paths_sha256": digest}


def op_delta_snapshot(cmd: dict) -> dict:
    DeltaTable = _deltalake().DeltaTable
    split: dict = {}

    def load() -> tuple[int, int]:
        start = time.perf_counter()
        dt = DeltaTable(cmd["path"])  # replays the log and materialises the active-file metadata
        split["open_seconds"] = time.perf_counter() - start
        return dt.version(), len(dt.file_uris())  # and lists the active files to Python

    answer, (version, files) = _timed(load)
    answer.update(split, version=version, files=files)
    return answer


def op_delta_scan(cmd: dict) -> dict:
    DeltaTable = _deltalake().DeltaTable
    answer, table = _timed(lambda: DeltaTable(cmd["path"]).to_pyarrow_table())
    answer["rows"] = table.num_rows
    if cmd.get("checksums"):
        answer["checksums"] = _checksums(table)
        answer["schema"] = [f"{field.name}: {field.type}" for field in table.schema]
    del table
    return answer


def op_delta_write(cmd: dict) -> dict:
    deltalake = _deltalake()
    table = _tables[cmd["table"]]
    answer, _ = _timed(lambda: deltalake.write_deltalake(cmd["path"], table, mode=cmd.get("mode", "append")))
    dt = deltalake.DeltaTable(cmd["path"])
    answer.update(rows=table.num_rows, version=dt.version(), files=len(dt.file_uris()))
    return answer


def op_delta_appends(cmd: dict) -> dict:
    deltalake = _deltalake()
    table = _tables[cmd["table"]]
    commits = int(cmd["commits"])
    size = int(cmd["rows_per_commit"])
    if commits * size > table.num_rows:
        raise ValueError(f"{commits} commits of {size} rows need {commits * size} rows; table {cmd['table']} has {table.num_rows}")
    deltalake.DeltaTable.create(cmd["path"], schema=table.schema)
    slices = [table.slice(k * size, size) for k in range(commits)]
    write_deltalake = deltalake.write_deltalake
    path = cmd["path"]
    commit_seconds: list[float] = []

    def loop() -> None:
        clock = time.perf_counter
        last = clock()
        for chunk in slices:
            write_deltalake(path, chunk, mode="append")
            now = clock()
            commit_seconds.append(now - last)
            last = now

    answer, _ = _timed(loop)
    tenth = max(1, commits // 10)
    answer.update(
        loop_seconds=answer["seconds"],
        seconds=answer["seconds"] / commits,
        per_tenth_seconds=[sum(commit_seconds[k : k + tenth]) / len(commit_seconds[k : k + tenth]) for k in range(0, commits, tenth)],
        max_commit_seconds=max(commit_seconds),
        rows=commits * size,
        version=deltalake.DeltaTable(path).version(),
    )
    return answer


_MERGE_CLAUSES = {
    "update_all": lambda merger: merger.when_matched_update_all(),
    "delete": lambda merger: merger.when_matched_delete(),
    "insert_all": lambda merger: merger.when_not_matched_insert_all(),
    "by_source_delete": lambda merger: merger.when_not_matched_by_source_delete(),
}


def op_delta_merge(cmd: dict) -> dict:
    DeltaTable = _deltalake().DeltaTable
    source = _tables[cmd["source"]]
    clauses = [_MERGE_CLAUSES[name] for name in cmd["clauses"]]
    path = cmd["path"]

    def merge() -> dict:
        merger = DeltaTable(path).merge(
            source,
            cmd["predicate"],
            source_alias=cmd.get("source_alias", "source"),
            target_alias=cmd.get("target_alias", "target"),
        )
        for clause in clauses:
            merger = clause(merger)
        return merger.execute()

    answer, metrics = _timed(merge)
    dt = DeltaTable(path)
    answer.update(metrics=metrics, rows=source.num_rows, version=dt.version(), files=len(dt.file_uris()))
    return answer


def op_delta_delete(cmd: dict) -> dict:
    DeltaTable = _deltalake().DeltaTable
    path = cmd["path"]
    answer, metrics = _timed(lambda: DeltaTable(path).delete(cmd["predicate"]))
    dt = DeltaTable(path)
    answer.update(metrics=metrics, version=dt.version(), files=len(dt.file_uris()))
    return answer


OPS = {
    "hello": op_hello,
    "load_ipc": op_load_ipc,
    "write_parquet": op_write_parquet,
    "read_parquet": op_read_parquet,
    "stream_parquet": op_stream_parquet,
    "check_parquet": op_check_parquet,
    "write_delta": op_write_delta,
    "delta_checkpoints": op_delta_checkpoints,
    "delta_files": op_delta_files,
    "delta_snapshot": op_delta_snapshot,
    "delta_scan": op_delta_scan,
    "delta_write": op_delta_write,
    "delta_appends": op_delta_appends,
    "delta_merge": op_delta_merge,
    "delta_delete": op_delta_delete,
}


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        op = cmd.get("op")
        if op == "quit":
            print(json.dumps({"id": cmd.get("id"), "ok": True}), flush=True)
            return
        try:
            handler = OPS.get(op)
            if handler is None:
                raise ValueError(f"unknown op {op!r}; known: {', '.join(sorted(OPS))}, quit")
            answer = {"id": cmd.get("id"), "ok": True, **handler(cmd)}
        except Exception as error:  # answered, so the Node side can fail loudly with the cause
            answer = {"id": cmd.get("id"), "ok": False, "error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
