"""Read Delta tables with delta-rs (the Python package deltalake) in Silt's conformance form.

Usage: conformance_deltars.py TABLE_DIR [TABLE_DIR ...] [--version N | --all-versions]
                              [--reader scan|pyarrow]

Prints one JSON object per line, as conformance_common.py describes: for each table, the
latest version (default), version N (--version), or every version of its log and then the
latest (--all-versions), all in one process.

The rows come from ``DeltaTable.scan()`` (delta-rs's own DataFusion reader, which applies
column mapping and deletion vectors) by default; ``--reader pyarrow`` uses
``to_pyarrow_dataset().to_table()`` instead, which refuses column mapping and deletion vectors
and casts INT96 timestamps through nanoseconds.
"""

import argparse
import json
import sys
import warnings

import deltalake
import pyarrow as pa
from deltalake import DeltaTable

from conformance_common import canonical_rows, error_object, log_versions, requested_versions, write_result

ENGINE = "delta-rs"


def load(table_dir, version):
    return DeltaTable(table_dir) if version == "latest" else DeltaTable(table_dir, version=version)


def read_rows(table, reader):
    if reader == "pyarrow":
        return table.to_pyarrow_dataset().to_table()
    return pa.RecordBatchReader.from_stream(table.scan()).read_all()


def describe(table_dir, requested, versions, reader):
    base = {"engine": ENGINE, "engineVersion": deltalake.__version__, "table": table_dir, "requested": requested}
    try:
        table = load(table_dir, requested)
        schema = json.loads(table.schema().to_json())
        names = [field["name"] for field in schema["fields"]]
        rows = canonical_rows(read_rows(table, reader), names)
        return {
            **base,
            "version": table.version(),
            "versions": versions,
            "schema": schema,
            "partitionColumns": list(table.metadata().partition_columns),
            "numRows": len(rows),
            "rows": rows,
            "error": None,
        }
    except Exception as error:  # noqa: BLE001 - an engine's refusal is a result
        return {**base, "version": None, "versions": versions, "error": error_object(type(error).__name__, error)}


def loadable_versions(table_dir):
    versions = []
    for version in log_versions(table_dir):
        try:
            DeltaTable(table_dir, version=version)
            versions.append(version)
        except Exception:  # noqa: BLE001 - not loadable at that version
            pass
    return versions


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="+", metavar="TABLE_DIR")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--version", type=int)
    which.add_argument("--all-versions", action="store_true")
    parser.add_argument("--reader", choices=["scan", "pyarrow"], default="scan")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    for table_dir in args.tables:
        try:
            versions = loadable_versions(table_dir)
            requests = requested_versions(table_dir, args.version, args.all_versions)
        except OSError as error:
            write_result(sys.stdout, {"engine": ENGINE, "table": table_dir, "requested": "latest", "version": None, "versions": [], "error": error_object(type(error).__name__, error)})
            continue
        for requested in requests:
            write_result(sys.stdout, describe(table_dir, requested, versions, args.reader))


if __name__ == "__main__":
    main()
