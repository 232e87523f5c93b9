"""Print what delta-rs (the Python package ``deltalake``) reads from a Delta table's log, as JSON.

Usage: delta_log_snapshot.py TABLE [--version N | --timestamp ISO-8601] [--app-id ID ...]

Output (one JSON object on standard output):

- ``version``: the snapshot version
- ``protocol``: ``minReaderVersion``, ``minWriterVersion``, ``readerFeatures``, ``writerFeatures``
- ``metadata``: ``id``, ``partitionColumns``, ``configuration``, ``schema`` (Delta schema JSON)
- ``files``: the ``path`` of every active ``add`` action as delta-rs reports it, sorted
- ``fileUris``: ``DeltaTable.file_uris()``, sorted
- ``transactions``: for each ``--app-id``, ``DeltaTable.transaction_version(ID)`` (null when none)

When delta-rs cannot load the table, the output is ``{"error": {"type": ..., "message": ...}}``
and the exit status is still 0, so that tests can compare failures as well as successes.
"""

import argparse
import json
import os
import sys

from deltalake import DeltaTable


def as_given(uri, table_path):
    """delta-rs resolves symlinks in the table path; give URIs under the path as the caller wrote it."""
    real = os.path.realpath(table_path).rstrip("/") + "/"
    given = os.path.abspath(table_path).rstrip("/") + "/"
    return given + uri[len(real):] if uri.startswith(real) else uri


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("--version", type=int)
    parser.add_argument("--timestamp")
    parser.add_argument("--app-id", action="append", default=[])
    args = parser.parse_args()
    try:
        table = DeltaTable(args.table, version=args.version)
        if args.timestamp is not None:
            table.load_as_version(args.timestamp)
        protocol = table.protocol()
        metadata = table.metadata()
        adds = table.get_add_actions(flatten=True)
        paths = adds.column("path").to_pylist() if adds.num_rows > 0 else []
        out = {
            "version": table.version(),
            "protocol": {
                "minReaderVersion": protocol.min_reader_version,
                "minWriterVersion": protocol.min_writer_version,
                "readerFeatures": protocol.reader_features,
                "writerFeatures": protocol.writer_features,
            },
            "metadata": {
                "id": metadata.id,
                "partitionColumns": list(metadata.partition_columns),
                "configuration": dict(metadata.configuration),
                "schema": json.loads(table.schema().to_json()),
            },
            "files": sorted(paths),
            "fileUris": sorted(as_given(uri, args.table) for uri in table.file_uris()),
            "transactions": {app_id: table.transaction_version(app_id) for app_id in args.app_id},
        }
    except Exception as error:  # delta-rs raises several exception types; report them all alike
        out = {"error": {"type": type(error).__name__, "message": str(error).split("\n")[0]}}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
