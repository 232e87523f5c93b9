"""What conformance_deltars.py and spark_dump.py share: the output contract and its helpers.

Each reference engine prints one JSON object per (table, requested version), one per line:

    {"engine": "delta-rs" | "spark", "engineVersion": "...", "table": TABLE_DIR,
     "requested": N | "latest", "version": N, "versions": [N, ...],
     "schema": {Delta schema JSON}, "partitionColumns": [...], "numRows": n,
     "rows": [canonical JSON lines, sorted by their text], "error": null}

or, where the engine cannot read the table at that version,

    {"engine": ..., "engineVersion": ..., "table": ..., "requested": ..., "version": null,
     "versions": [...], "error": {"type": "...", "message": "..."}}

``versions`` lists the versions found in the table's ``_delta_log`` (commits and checkpoints) at
which the engine loads the table's snapshot. Rows are in the canonical JSON form of
parquet_to_jsonl.py (imported from there, not copied), with the columns in the order of the
table's schema, so that Silt's lines compare with them as text.
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parquet_to_jsonl import table_lines  # noqa: E402

COMMIT = re.compile(r"^(\d{20})\.json$")
CHECKPOINT = re.compile(r"^(\d{20})\.checkpoint(\.[^/]+)?\.(parquet|json)$")
COMPACTED = re.compile(r"^(\d{20})\.(\d{20})\.compacted\.json$")
MAX_MESSAGE = 2000


def log_versions(table_dir):
    """The versions a reader could load: every version from the oldest commit or checkpoint
    in the log to the newest commit (a version below the oldest checkpoint whose commits are
    gone is still listed: an engine is expected to reject it)."""
    log = os.path.join(table_dir, "_delta_log")
    found = set()
    for name in os.listdir(log):
        match = COMMIT.match(name) or CHECKPOINT.match(name) or COMPACTED.match(name)
        if match:
            found.add(int(match.group(1)))
            if COMPACTED.match(name):
                found.add(int(match.group(2)))
    if not found:
        return []
    return list(range(min(found), max(found) + 1))


def clean_message(text):
    """An error message without the backtrace frames delta-rs appends ("   0: <unknown>")."""
    lines = [line for line in str(text).splitlines() if not re.match(r"^\s*(\d+: |at )", line)]
    message = "\n".join(lines).strip()
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "…"


def error_object(error_type, message):
    return {"type": error_type, "message": clean_message(message)}


def canonical_rows(table, field_names):
    """The canonical JSON lines of an Arrow table, columns in ``field_names`` order, sorted."""
    if field_names and set(field_names) <= set(table.column_names):
        table = table.select(field_names)
    if table.num_rows == 0:
        return []
    return sorted(table_lines(table))


def write_result(out, result):
    out.write(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
    out.flush()


def requested_versions(table_dir, version, all_versions):
    """[N] for --version N; every log version then "latest" for --all-versions; else ["latest"]."""
    if version is not None:
        return [version]
    if all_versions:
        return [*log_versions(table_dir), "latest"]
    return ["latest"]
