"""Read every Parquet file under a folder with pyarrow, in Silt's canonical JSON form.

Usage: parquet_tree_to_jsonl.py ROOT [--int96-unit ns|us]

Prints one JSON object: {"files": {RELATIVE_PATH: {"lines": [...], "int96": bool, "legacy": [...]}
or {"error": "..."}}}, where lines are what parquet_to_jsonl.py prints for the file, int96 tells
whether a column is stored as INT96, and legacy lists the legacy nested layouts found in the
schema ("bag/array" lists, "MAP_KEY_VALUE" maps, "two-level" lists). One process for a whole
tree of files (the conformance tables hold hundreds of small ones).
"""

import argparse
import json
import os
import re
import sys

import pyarrow.parquet as pq

sys.dont_write_bytecode = True  # importing a sibling script must leave no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parquet_to_jsonl import table_lines  # noqa: E402


def legacy_layouts(schema_text):
    found = []
    if re.search(r"repeated group field_id=-?\d+ bag \{", schema_text):
        found.append("bag/array")
    if re.search(r"repeated group field_id=-?\d+ \w+ \(Map\)", schema_text):
        found.append("MAP_KEY_VALUE")
    if re.search(r"\(List\) \{\n\s*repeated (?!group)", schema_text):
        found.append("two-level")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--int96-unit", choices=["ns", "us", "ms", "s"], default="ns")
    args = parser.parse_args()
    files = {}
    for folder, _, names in os.walk(args.root):
        for name in sorted(names):
            if not name.endswith(".parquet"):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, args.root)
            try:
                handle = pq.ParquetFile(path)
                metadata = handle.metadata
                int96 = any(metadata.schema.column(k).physical_type == "INT96" for k in range(len(metadata.schema)))
                table = pq.read_table(path, coerce_int96_timestamp_unit=args.int96_unit)
                files[relative] = {"lines": list(table_lines(table)), "int96": int96, "legacy": legacy_layouts(str(handle.schema))}
            except Exception as error:  # noqa: BLE001 - reported to the test, which decides
                files[relative] = {"error": f"{type(error).__name__}: {error}"}
    json.dump({"files": dict(sorted(files.items()))}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
