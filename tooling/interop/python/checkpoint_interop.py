"""Read tables whose checkpoints Silt wrote with delta-rs and Apache Spark, to prove both accept them.

Usage: checkpoint_interop.py < REQUESTS      (JSON: [{"table": DIR, "version": N}, ...])

Prints one JSON object per line, per request and engine:

    {"engine": "delta-rs" | "spark", "table": DIR, "version": N,
     "files": [add paths, sorted], "ids": [values of column "id", sorted],
     "filteredIds": [ids of the rows with id >= 25, read with that filter (file skipping on)],
     "checkpointVersion": N | null,   (spark: the checkpoint its snapshot was built from)
     "error": null | {"type", "message"}}

and, per distinct table, one object {"engine": "spark", "table": DIR, "lastCheckpoint": {...}}
with Spark's own parse of ``_delta_log/_last_checkpoint`` through
``LastCheckpointInfo.deserializeFromJson(json, validate = true)`` — it throws when the checksum
does not match — or an "error".

Spark starts once for all requests (see spark_dump.py for its configuration); the tables are
read in place (reading writes nothing into them).
"""

import json
import os
import sys
import tempfile
import shutil
import time

os.environ["TZ"] = "UTC"
time.tzset()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def error_of(error):
    java = getattr(error, "java_exception", None)
    if java is not None:
        return {"type": java.getClass().getSimpleName(), "message": (java.getMessage() or str(java))[:2000]}
    return {"type": type(error).__name__, "message": str(error).split("\nJVM stacktrace:")[0][:2000]}


def delta_rs(table, version):
    from deltalake import DeltaTable

    try:
        dt = DeltaTable(table, version=version)
        import pyarrow as pa

        # delta-rs's own reader (DataFusion), which applies column mapping and deletion vectors.
        data = pa.RecordBatchReader.from_stream(dt.scan()).read_all()
        ids = sorted(data.column("id").to_pylist()) if "id" in data.column_names else []
        # A filter that file statistics can prune: wrong statistics would lose rows.
        filtered = pa.RecordBatchReader.from_stream(dt.scan(predicate="id >= 25")).read_all() if ids else None
        filtered_ids = sorted(filtered.column("id").to_pylist()) if filtered is not None else []
        adds = dt.get_add_actions(flatten=True)
        files = sorted(adds.column("path").to_pylist()) if adds.num_rows else []
        return {"version": dt.version(), "files": files, "ids": ids, "filteredIds": filtered_ids, "error": None}
    except Exception as error:  # noqa: BLE001 - a refusal is a result
        return {"error": error_of(error)}


def spark_read(spark, table, version):
    jvm = spark._jvm
    none = jvm.scala.Option.empty()
    try:
        log = jvm.org.apache.spark.sql.delta.DeltaLog.forTable(spark._jsparkSession, table)
        snapshot = log.getSnapshotAt(version, none, none, False)
        provider = snapshot.logSegment().checkpointProvider()
        checkpoint_version = provider.version()
        files = sorted(str(f.path()) for f in snapshot.allFiles().collectAsList())
        frame = spark.read.format("delta").option("versionAsOf", version).load(table)
        ids = sorted(row["id"] for row in frame.select("id").collect()) if "id" in frame.columns else []
        filtered_ids = sorted(row["id"] for row in frame.where("id >= 25").select("id").collect()) if ids else []
        return {
            "version": snapshot.version(),
            "files": files,
            "ids": ids,
            "filteredIds": filtered_ids,
            "checkpointVersion": checkpoint_version if checkpoint_version >= 0 else None,
            "error": None,
        }
    except Exception as error:  # noqa: BLE001 - a refusal is a result
        return {"error": error_of(error)}


def spark_last_checkpoint(spark, table):
    jvm = spark._jvm
    try:
        with open(os.path.join(table, "_delta_log", "_last_checkpoint")) as handle:
            text = handle.read()
        info = jvm.org.apache.spark.sql.delta.LastCheckpointInfo.deserializeFromJson(text, True)
        stored, actual = None, None
        checksums = jvm.org.apache.spark.sql.delta.LastCheckpointInfo.getChecksums(text)
        stored = checksums._1().get() if checksums._1().isDefined() else None
        actual = checksums._2()
        return {
            "version": info.version(),
            "size": info.size(),
            "storedChecksum": stored,
            "actualChecksum": actual,
            "error": None,
        }
    except Exception as error:  # noqa: BLE001
        return {"error": error_of(error)}


def main():
    requests = json.load(sys.stdin)
    for request in requests:
        emit({"engine": "delta-rs", "table": request["table"], "requested": request["version"], **delta_rs(request["table"], request["version"])})

    from spark_dump import start_spark

    scratch = tempfile.mkdtemp(prefix="silt-spark-")
    try:
        spark = start_spark(scratch)
        for table in sorted({request["table"] for request in requests}):
            emit({"engine": "spark", "table": table, "lastCheckpoint": spark_last_checkpoint(spark, table)})
        for request in requests:
            emit({"engine": "spark", "table": request["table"], "requested": request["version"], **spark_read(spark, request["table"], request["version"])})
        spark.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
