"""Read the change data feed of Delta tables with Apache Spark and delta-rs, in Silt's canonical form.

Usage: cdf_dump.py --requests FILE   (JSON: [{"table": DIR, "startingVersion": N,
                                              "endingVersion": M (optional)}, ...]; '-' for stdin)
       [--engines spark,delta-rs]

Prints one JSON object per line for every request and engine:

    {"engine": "spark" | "delta-rs", "engineVersion": "...", "table": DIR,
     "startingVersion": N, "endingVersion": M | null, "columns": [...],
     "rows": [canonical JSON lines, sorted], "error": null}

or, where the engine refuses the read, ``"rows": null`` and ``"error": {"type", "message"}``.

Spark: ``spark.read.format("delta").option("readChangeFeed", "true").option("startingVersion",
N)[.option("endingVersion", M)].load(copy)``, from ONE SparkSession (spark_dump.start_spark), over
a temporary copy of each table (spark_dump.Copies: file modification times, which are the
commit timestamps of tables without in-commit timestamps, are kept). delta-rs:
``DeltaTable(dir).load_cdf(starting_version=N, ending_version=M)``, with ``_commit_version``
as a long and ``_commit_timestamp`` as a UTC timestamp, the types Spark gives them. Rows are in
the canonical form of parquet_to_jsonl.py: the table's columns, then ``_change_type``,
``_commit_version``, ``_commit_timestamp``.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

os.environ["TZ"] = "UTC"
time.tzset()

import pyarrow as pa  # noqa: E402

from conformance_common import canonical_rows, error_object, write_result  # noqa: E402
from spark_dump import Copies, delta_version, spark_error, start_spark, to_arrow  # noqa: E402

CHANGE_COLUMNS = ["_change_type", "_commit_version", "_commit_timestamp"]


def normalise(table):
    """Arrow types as Spark gives them: plain strings, long versions, UTC microsecond timestamps."""
    columns = []
    for name in table.column_names:
        column = table.column(name)
        kind = column.type
        if pa.types.is_string_view(kind) or pa.types.is_large_string(kind):
            column = column.cast(pa.string())
        elif name == "_commit_version":
            column = column.cast(pa.int64())
        elif name == "_commit_timestamp":
            column = column.cast(pa.timestamp("us", tz="UTC"))
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def deltars_read(request):
    import deltalake

    table = deltalake.DeltaTable(request["table"])
    kwargs = {"starting_version": request["startingVersion"]}
    if request.get("endingVersion") is not None:
        kwargs["ending_version"] = request["endingVersion"]
    reader = table.load_cdf(**kwargs)
    data = pa.RecordBatchReader.from_stream(reader).read_all() if not hasattr(reader, "read_all") else reader.read_all()
    if not isinstance(data, pa.Table):
        data = pa.table(data)
    schema_names = [field.name for field in table.schema().fields]
    return normalise(data), schema_names + CHANGE_COLUMNS


def spark_read(spark, path, request):
    reader = spark.read.format("delta").option("readChangeFeed", "true").option("startingVersion", request["startingVersion"])
    if request.get("endingVersion") is not None:
        reader = reader.option("endingVersion", request["endingVersion"])
    frame = reader.load(path)
    return to_arrow(frame), [field.name for field in frame.schema.fields]


def result(engine, engine_version, request, read):
    base = {
        "engine": engine,
        "engineVersion": engine_version,
        "table": request["table"],
        "startingVersion": request["startingVersion"],
        "endingVersion": request.get("endingVersion"),
    }
    try:
        table, names = read()
        return {**base, "columns": names, "rows": canonical_rows(table, names), "error": None}
    except Exception as error:  # noqa: BLE001 - an engine's refusal is a result
        name, message = spark_error(error) if engine == "spark" else (type(error).__name__, str(error))
        return {**base, "columns": None, "rows": None, "error": error_object(name, message)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", required=True, help="a JSON file of requests ('-' for stdin)")
    parser.add_argument("--engines", default="spark,delta-rs")
    args = parser.parse_args()
    with (sys.stdin if args.requests == "-" else open(args.requests)) as handle:
        requests = json.load(handle)
    engines = args.engines.split(",")

    if "delta-rs" in engines:
        import deltalake

        for request in requests:
            write_result(sys.stdout, result("delta-rs", f"deltalake {deltalake.__version__}", request, lambda: deltars_read(request)))

    if "spark" in engines:
        scratch = tempfile.mkdtemp(prefix="silt-spark-cdf-")
        try:
            started = time.monotonic()
            spark = start_spark(scratch)
            print(f"cdf_dump: SparkSession started in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
            import pyspark

            engine_version = f"pyspark {pyspark.__version__}, delta-spark {delta_version()}"
            copies = Copies(scratch)
            for request in requests:
                path = copies.path(request["table"])
                out = result("spark", engine_version, request, lambda: spark_read(spark, path, request))
                if out["error"]:
                    out["error"]["message"] = copies.unmap(out["error"]["message"], request["table"])
                write_result(sys.stdout, out)
            spark.stop()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
