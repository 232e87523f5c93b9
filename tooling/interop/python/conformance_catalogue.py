"""Describe Delta tables from their logs alone, for the catalogue CONFORMANCE-TABLES.md.

Usage: conformance_catalogue.py TABLE_DIR [TABLE_DIR ...]

Prints one JSON object per table and line: the versions in its log, its checkpoints, the
latest protocol and metadata found (commits first, newest wins; else the newest checkpoint),
counts of the actions of its commits, and the data files it references that are absent. No
engine is involved: this reads the JSON commits and, with pyarrow, the checkpoint files, so
it describes tables that no engine can read too.
"""

import argparse
import json
import os
import re
import sys
import urllib.parse

from conformance_common import CHECKPOINT, COMMIT, COMPACTED, log_versions, write_result

ACTIONS = ["add", "remove", "cdc", "metaData", "protocol", "txn", "commitInfo", "domainMetadata", "checkpointMetadata", "sidecar"]


def read_commit(path):
    actions = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                try:
                    actions.append(json.loads(line))
                except json.JSONDecodeError:
                    actions.append({"_unparsable": line[:200]})
    return actions


def checkpoint_actions(path):
    """protocol and metaData of a checkpoint file (Parquet or JSON), as dicts; None if unreadable."""
    try:
        if path.endswith(".json"):
            found = {}
            for action in read_commit(path):
                for key in ("protocol", "metaData"):
                    if key in action:
                        found[key] = action[key]
            return found
        import pyarrow.parquet as pq

        names = pq.ParquetFile(path).schema_arrow.names
        table = pq.read_table(path, columns=[c for c in ("protocol", "metaData") if c in names])
        found = {}
        for column in table.column_names:
            for value in table.column(column).to_pylist():
                if value is not None:
                    if column == "metaData" and isinstance(value.get("configuration"), list):
                        value["configuration"] = dict(value["configuration"])
                    found[column] = value
        return found
    except Exception as error:  # noqa: BLE001 - described, not raised
        return {"_error": f"{type(error).__name__}: {error}"}


def describe(table_dir):
    log = os.path.join(table_dir, "_delta_log")
    names = sorted(os.listdir(log))
    commits = sorted(int(m.group(1)) for m in map(COMMIT.match, names) if m)
    checkpoints = {}
    for name in names:
        match = CHECKPOINT.match(name)
        if match:
            version = int(match.group(1))
            middle = match.group(2) or ""
            kind = "multi-part" if re.match(r"^\.\d+\.\d+$", middle) else ("v2" if middle else "classic")
            checkpoints.setdefault(version, set()).add(kind if match.group(3) == "parquet" else f"{kind} (json)")
    compacted = [name for name in names if COMPACTED.match(name)]
    counts = dict.fromkeys(ACTIONS, 0)
    counts["deletionVector"] = 0
    counts["inCommitTimestamp"] = 0
    protocol = metadata = None
    unparsable = 0
    referenced = set()
    removed = set()
    for version in commits:
        for action in read_commit(os.path.join(log, f"{version:020d}.json")):
            if "_unparsable" in action:
                unparsable += 1
                continue
            for key in ACTIONS:
                if key in action:
                    counts[key] += 1
            if "add" in action:
                referenced.add(action["add"].get("path"))
                if action["add"].get("deletionVector"):
                    counts["deletionVector"] += 1
            if "remove" in action:
                removed.add(action["remove"].get("path"))
            if "commitInfo" in action and isinstance(action["commitInfo"], dict) and "inCommitTimestamp" in action["commitInfo"]:
                counts["inCommitTimestamp"] += 1
            if "protocol" in action:
                protocol = action["protocol"]
            if "metaData" in action:
                metadata = action["metaData"]
    source = "commits"
    if (protocol is None or metadata is None) and checkpoints:
        newest = max(checkpoints)
        for name in names:
            match = CHECKPOINT.match(name)
            if match and int(match.group(1)) == newest:
                found = checkpoint_actions(os.path.join(log, name))
                protocol = protocol or found.get("protocol")
                metadata = metadata or found.get("metaData")
                source = "commits and checkpoint" if commits else "checkpoint"
    absent = 0
    for path in referenced - removed:
        if path is None:
            continue
        local = urllib.parse.unquote(path)
        if "://" not in local and not os.path.exists(os.path.join(table_dir, local)):
            absent += 1
    data_files = 0
    for folder, subfolders, files in os.walk(table_dir):
        if "_delta_log" in subfolders:
            subfolders.remove("_delta_log")
        data_files += sum(1 for f in files if f.endswith(".parquet"))
    return {
        "table": table_dir,
        "versions": log_versions(table_dir),
        "commits": commits,
        "checkpoints": {str(v): sorted(kinds) for v, kinds in sorted(checkpoints.items())},
        "lastCheckpoint": "_last_checkpoint" in names,
        "sidecars": os.path.isdir(os.path.join(log, "_sidecars")),
        "compacted": compacted,
        "crc": sum(1 for n in names if n.endswith(".crc")),
        "protocol": protocol,
        "metadata": metadata,
        "metadataSource": source,
        "actions": counts,
        "unparsableLines": unparsable,
        "absentFiles": absent,
        "dataFiles": data_files,
        "changeDataFolder": os.path.isdir(os.path.join(table_dir, "_change_data")),
        "deletionVectorFiles": sum(1 for n in os.listdir(table_dir) if n.startswith("deletion_vector_")),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="+", metavar="TABLE_DIR")
    args = parser.parse_args()
    for table_dir in args.tables:
        try:
            write_result(sys.stdout, describe(table_dir))
        except Exception as error:  # noqa: BLE001 - described, not raised
            write_result(sys.stdout, {"table": table_dir, "error": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    main()
