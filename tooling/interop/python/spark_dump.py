"""Read Delta tables with Apache Spark (pyspark + delta-spark) in Silt's conformance form.

Usage: spark_dump.py TABLE_DIR [TABLE_DIR ...] [--version N | --all-versions]
       spark_dump.py --requests FILE      (JSON: [{"table": DIR, "version": N | "latest"}, ...])
       spark_dump.py --check              (start Spark, fetching the Delta jars if needed; print
                                           {"pyspark", "deltaSpark", "java", "startSeconds"})

Prints one JSON object per line, with the contract of conformance_deltars.py (engine "spark"),
for every table and version asked, from ONE SparkSession: Spark's start-up (10-25 s) is paid
once per process, so callers pass every table they need in one invocation.

Spark runs in local mode (``local[2]``, a small driver, no UI, logs at ERROR, session time zone
UTC, dates and INT96 read as proleptic Gregorian: ``CORRECTED``). The Delta jars come from Maven
Central through Ivy (``spark.jars.packages``, as delta-spark's ``configure_spark_with_delta_pip``
sets it) into the repository's git-ignored ``.tools/ivy`` (``SILT_SPARK_IVY`` overrides), so the
first run downloads them (~175 MB) and later runs resolve offline.

Each table is copied to a temporary folder first (same folder name), so nothing Spark or Hadoop
might write ever lands in the shared, read-only tables; paths in messages are mapped back.
Rows: ``spark.read.format("delta").option("versionAsOf", N).load(dir)``, converted through
Arrow (``DataFrame.toArrow``) into the canonical form of parquet_to_jsonl.py. For tables holding
variants, the Arrow batches are taken without toArrow's final cast (which fails on arrays of
variants) and each variant, a struct ``<value, metadata>`` in Spark, is reordered to
``{"metadata": base64, "value": base64}`` as delta-rs reads it. (``collect()`` is no way out:
it turns maps into Java HashMaps on the way to Python, losing their entries' order.)

The copies leave out Hadoop's hidden checksum files (``.NAME.crc``): some fixtures were edited
after Spark wrote them, and Hadoop would refuse the edited files. Time travel is not limited
to ``delta.deletedFileRetentionDuration`` (the fixtures are old).

Schema and partition columns come from the Delta snapshot of that version (its metaData
action), so the schema is the Delta schema JSON, column-mapping metadata included.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

# The JVM inherits the zone: with Spark's session zone also UTC, no answer depends on the machine's.
os.environ["TZ"] = "UTC"
time.tzset()

import pyarrow as pa  # noqa: E402

from conformance_common import canonical_rows, error_object, log_versions, requested_versions, write_result  # noqa: E402

ENGINE = "spark"
HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def start_spark(scratch):
    from delta import configure_spark_with_delta_pip
    from pyspark.sql import SparkSession

    log4j = os.path.join(scratch, "log4j2.properties")
    with open(log4j, "w") as handle:
        handle.write(LOG4J)
    ivy = os.environ.get("SILT_SPARK_IVY") or os.path.join(REPOSITORY, ".tools", "ivy")
    java_options = f"-Dlog4j2.configurationFile=file:{log4j} -Dderby.system.home={scratch}"
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("silt-conformance")
        .config("spark.jars.ivy", ivy)
        .config("spark.driver.memory", os.environ.get("SILT_SPARK_MEMORY", "2g"))
        .config("spark.driver.extraJavaOptions", java_options)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.local.dir", scratch)
        .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.databricks.delta.snapshotPartitions", "1")
        .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
        .config("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED")
        .config("spark.databricks.delta.vacuum.enforceTimeTravelWithinDeletedFileRetentionDuration", "false")
    )
    spark = configure_spark_with_delta_pip(builder).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class Reader:
    def __init__(self, spark):
        self.spark = spark
        jvm = spark._jvm
        self.delta_log = jvm.org.apache.spark.sql.delta.DeltaLog
        self.none = jvm.scala.Option.empty()

    def log(self, path):
        return self.delta_log.forTable(self.spark._jsparkSession, path)

    def snapshot(self, path, version):
        log = self.log(path)
        if version == "latest":
            return log.update(False, self.none, self.none)
        return log.getSnapshotAt(version, self.none, self.none, False)

    def describe(self, path, version):
        snapshot = self.snapshot(path, version)
        metadata = json.loads(snapshot.metadata().json())["metaData"]
        reader = self.spark.read.format("delta")
        if version != "latest":
            reader = reader.option("versionAsOf", version)
        frame = reader.load(path)
        # A metaData action without schemaString (some golden tables): Spark's own view.
        schema = json.loads(metadata["schemaString"]) if "schemaString" in metadata else json.loads(frame.schema.json())
        names = [field["name"] for field in schema["fields"]]
        rows = canonical_rows(to_arrow(frame), names)
        return {
            "version": snapshot.version(),
            "schema": schema,
            "partitionColumns": metadata.get("partitionColumns", []),
            "numRows": len(rows),
            "rows": rows,
        }


def has_variant(data_type):
    from pyspark.sql import types as T

    if isinstance(data_type, T.VariantType):
        return True
    if isinstance(data_type, T.StructType):
        return any(has_variant(field.dataType) for field in data_type.fields)
    if isinstance(data_type, T.ArrayType):
        return has_variant(data_type.elementType)
    if isinstance(data_type, T.MapType):
        return has_variant(data_type.keyType) or has_variant(data_type.valueType)
    return False


def reorder_variants(array, data_type):
    """An Arrow array of Spark's with every variant's struct<value, metadata> made
    struct<metadata, value>; arrays without variants come back as they are."""
    from pyspark.sql import types as T

    if not has_variant(data_type):
        return array
    if isinstance(array, pa.ChunkedArray):
        return pa.chunked_array([reorder_variants(chunk, data_type) for chunk in array.chunks], type=None) if array.num_chunks else array
    mask = array.is_null() if array.null_count else None
    if isinstance(data_type, T.VariantType):
        return pa.StructArray.from_arrays([array.field("metadata"), array.field("value")], names=["metadata", "value"], mask=mask)
    if isinstance(data_type, T.StructType):
        children = [reorder_variants(array.field(k), field.dataType) for k, field in enumerate(data_type.fields)]
        return pa.StructArray.from_arrays(children, names=[field.name for field in data_type.fields], mask=mask)
    if isinstance(data_type, T.ArrayType):
        return pa.ListArray.from_arrays(array.offsets, reorder_variants(array.values, data_type.elementType), mask=mask)
    if isinstance(data_type, T.MapType):
        keys = reorder_variants(array.keys, data_type.keyType)
        items = reorder_variants(array.items, data_type.valueType)
        return pa.MapArray.from_arrays(array.offsets, keys, items, mask=mask)
    return array


def to_arrow(frame):
    schema = frame.schema
    if not has_variant(schema):
        return frame.toArrow()
    batches = frame._collect_as_arrow(empty_list_if_zero_records=False)
    table = pa.Table.from_batches(batches)
    columns = [reorder_variants(table.column(k), field.dataType) for k, field in enumerate(schema.fields)]
    return pa.table(columns, names=[field.name for field in schema.fields])


def spark_error(error):
    """(type, message) of a Spark failure: the Java exception's class and message where there
    is one, with Spark's error condition (DELTA_...) when it has one."""
    java = getattr(error, "java_exception", None)
    condition = None
    for getter in ("getCondition", "getErrorClass"):
        if hasattr(error, getter):
            try:
                condition = getattr(error, getter)()
            except Exception:  # noqa: BLE001 - optional detail
                condition = None
            if condition:
                break
    if java is not None:
        name = java.getClass().getSimpleName()
        message = java.getMessage() or str(java)
        root, depth = java, 0
        while root.getCause() is not None and depth < 20:
            root, depth = root.getCause(), depth + 1
        if depth and (message.startswith("Exception thrown in awaitResult") or message.startswith("Job aborted")):
            # A wrapper of Spark's around the task's failure: the failure is the answer.
            name, message = root.getClass().getSimpleName(), root.getMessage() or str(root)
        elif depth:
            message = f"{message} (caused by {root.getClass().getSimpleName()}: {root.getMessage()})"
    else:
        name = type(error).__name__
        message = str(error)
    message = message.split("\nJVM stacktrace:")[0]
    return (f"{name}[{condition}]" if condition else name), message


def hadoop_checksums(folder, names):
    """Hadoop's hidden checksum files (.NAME.crc), not Delta's NNN.crc."""
    return [name for name in names if name.startswith(".") and name.endswith(".crc")]


class Copies:
    """Temporary copies of the tables, same folder names, so Spark never writes into the originals."""

    def __init__(self, scratch):
        self.root = os.path.join(scratch, "tables")
        self.copies = {}

    def path(self, table_dir):
        original = os.path.abspath(table_dir)
        if original not in self.copies:
            target = os.path.join(self.root, str(len(self.copies)), os.path.basename(original.rstrip("/")))
            shutil.copytree(original, target, symlinks=True, ignore=hadoop_checksums)
            self.copies[original] = target
        return self.copies[original]

    def unmap(self, text, table_dir):
        copy = self.copies.get(os.path.abspath(table_dir))
        return text.replace(copy, os.path.abspath(table_dir)) if copy else text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="*", metavar="TABLE_DIR")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--version", type=int)
    which.add_argument("--all-versions", action="store_true")
    which.add_argument("--requests", help="a JSON file of [{table, version}] to read ('-' for stdin)")
    which.add_argument("--check", action="store_true", help="only start Spark and report its versions")
    args = parser.parse_args()
    if args.check:
        check()
        return

    requests = []
    if args.requests:
        with (sys.stdin if args.requests == "-" else open(args.requests)) as handle:
            requests = [(item["table"], item["version"]) for item in json.load(handle)]
    for table_dir in args.tables:
        try:
            requests += [(table_dir, v) for v in requested_versions(table_dir, args.version, args.all_versions)]
        except OSError:
            requests.append((table_dir, "latest"))
    if not requests:
        parser.error("no table to read")

    scratch = tempfile.mkdtemp(prefix="silt-spark-")
    try:
        started = time.monotonic()
        spark = start_spark(scratch)
        print(f"spark_dump: SparkSession started in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        import pyspark

        engine_version = f"pyspark {pyspark.__version__}, delta-spark {delta_version()}"
        reader = Reader(spark)
        copies = Copies(scratch)
        loadable = {}
        for table_dir, requested in requests:
            base = {"engine": ENGINE, "engineVersion": engine_version, "table": table_dir, "requested": requested}
            try:
                path = copies.path(table_dir)
            except OSError as error:
                write_result(sys.stdout, {**base, "version": None, "versions": [], "error": error_object(type(error).__name__, error)})
                continue
            if table_dir not in loadable:
                loadable[table_dir] = loadable_versions(reader, path)
            versions = loadable[table_dir]
            began = time.monotonic()
            try:
                described = reader.describe(path, requested)
                write_result(sys.stdout, {**base, **described, "versions": versions, "error": None})
            except Exception as error:  # noqa: BLE001 - an engine's refusal is a result
                name, message = spark_error(error)
                failure = error_object(name, copies.unmap(message, table_dir))
                write_result(sys.stdout, {**base, "version": None, "versions": versions, "error": failure})
            print(f"spark_dump: {table_dir} @ {requested}: {time.monotonic() - began:.1f} s", file=sys.stderr, flush=True)
        spark.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check():
    import pyspark

    scratch = tempfile.mkdtemp(prefix="silt-spark-")
    try:
        started = time.monotonic()
        spark = start_spark(scratch)
        seconds = time.monotonic() - started
        java = spark._jvm.java.lang.System.getProperty("java.version")
        spark.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report = {"pyspark": pyspark.__version__, "deltaSpark": delta_version(), "java": java, "startSeconds": round(seconds, 1)}
    write_result(sys.stdout, report)


def loadable_versions(reader, path):
    versions = []
    try:
        candidates = log_versions(path)
    except OSError:
        return versions
    for version in candidates:
        try:
            reader.snapshot(path, version)
            versions.append(version)
        except Exception:  # noqa: BLE001 - not loadable at that version
            pass
    return versions


def delta_version():
    from importlib.metadata import version

    return version("delta-spark")


if __name__ == "__main__":
    main()
