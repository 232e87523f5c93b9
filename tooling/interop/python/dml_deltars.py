"""Run DELETE / UPDATE / MERGE with delta-rs, as the oracle of Silt's DML differential tests.

Usage: dml_deltars.py REQUESTS.json

REQUESTS.json is a list of operations, each on its own table folder:

    {"dir": ..., "op": "delete", "predicate": "id = 2" | null}
    {"dir": ..., "op": "update", "set": {"col": "sql expr"}, "predicate": ... | null}
    {"dir": ..., "op": "merge", "source": [row objects], "schema": [[name, "int32"|"int64"|
     "float64"|"string"], ...], "predicate": "t.id = s.id", "clauses": [
        {"kind": "matchedUpdateAll" | "matchedDelete" | "notMatchedInsertAll" |
                  "notMatchedBySourceDelete" | "matchedUpdate", "predicate": ... | null,
         "set": {...}}]}

Prints one JSON line per request: {"dir": ..., "metrics": {...}} or {"dir": ..., "error": "..."}.
"""

import json
import sys

import pyarrow as pa
from deltalake import DeltaTable

TYPES = {"int32": pa.int32(), "int64": pa.int64(), "float64": pa.float64(), "string": pa.string()}


def run(request):
    table = DeltaTable(request["dir"])
    op = request["op"]
    if op == "delete":
        return table.delete(request.get("predicate"))
    if op == "update":
        return table.update(updates=request["set"], predicate=request.get("predicate"))
    if op == "merge":
        schema = pa.schema([(name, TYPES[kind]) for name, kind in request["schema"]])
        source = pa.Table.from_pylist(request["source"], schema=schema)
        merger = table.merge(source, request["predicate"], source_alias="s", target_alias="t")
        for clause in request["clauses"]:
            kind, predicate = clause["kind"], clause.get("predicate")
            if kind == "matchedUpdateAll":
                merger = merger.when_matched_update_all(predicate=predicate)
            elif kind == "matchedUpdate":
                merger = merger.when_matched_update(updates=clause["set"], predicate=predicate)
            elif kind == "matchedDelete":
                merger = merger.when_matched_delete(predicate=predicate)
            elif kind == "notMatchedInsertAll":
                merger = merger.when_not_matched_insert_all(predicate=predicate)
            elif kind == "notMatchedBySourceDelete":
                merger = merger.when_not_matched_by_source_delete(predicate=predicate)
            else:
                raise ValueError(f"unknown clause {kind}")
        return merger.execute()
    raise ValueError(f"unknown op {op}")


def main():
    with open(sys.argv[1]) as handle:
        requests = json.load(handle)
    for request in requests:
        try:
            print(json.dumps({"dir": request["dir"], "metrics": run(request)}, default=str))
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            print(json.dumps({"dir": request["dir"], "error": f"{type(error).__name__}: {error}"}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
