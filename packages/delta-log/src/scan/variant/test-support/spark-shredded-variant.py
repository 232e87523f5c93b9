"""Writes test-support/spark-shredded-variant with Apache Spark and dumps Spark's read of it.

Run with the reference-engine Python from the repository root:

    .venv-interop/bin/python packages/delta-log/src/scan/variant/test-support/spark-shredded-variant.py \
        /tmp/spark-shredded-variant

then copy the table's *.parquet and _delta_log/*.json into test-support/spark-shredded-variant/,
and the lines of versions 16 and 1 of /tmp/spark-shredded-variant.expected.json into
spark-shredded-variant.rows.jsonl and spark-shredded-variant.rows-v1.jsonl.

Every append writes the same values with shredding forced to another shape
(spark.sql.variant.forceShreddingSchemaForTest); version 1 is unshredded. Spark 4.2 fails to
shred Variants nested in arrays, structs or maps, so the table has one top-level Variant.
"""
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "..", "..", "tooling", "interop", "python"))
import spark_dump  # noqa: E402
from conformance_common import log_versions  # noqa: E402

out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
scratch = tempfile.mkdtemp(prefix="silt-shred-")
spark = spark_dump.start_spark(scratch)

VALUES = [
    """parse_json('{"a": 1, "b": "2", "c": 3.3, "d": 4.4}')""",
    """parse_json('{"a": [1,2,3], "b": "hello", "c": {"x": 0}}')""",
    """parse_json('{"A": 1, "c": 1.23}')""",
    """parse_json('{"a": null, "b": null}')""",
    """parse_json('null')""",
    """cast(null as variant)""",
    """parse_json('"not an object"')""",
    """parse_json('{}')""",
    """parse_json('[1, "two", null, 3.5, {"k": "v"}]')""",
    """parse_json('123456789012')""",
    """parse_json('{"a": 2147483648, "b": "a string longer than sixty-three bytes, to force the long string encoding of variants", "e": {"nested": [true, false]}, "zz": {"b": 1, "a": 2}}')""",
    """cast(date'2024-02-29' as variant)""",
    """cast(timestamp'2024-02-29 12:34:56.789' as variant)""",
    """cast(X'DEADBEEF' as variant)""",
    """to_variant_object(named_struct('a', 7, 'ts', timestamp_ntz'2024-01-01 00:00:00', 'f', cast(1.5 as float), 'bin', X'01', 'dec', cast(12345678901234567890.12 as decimal(38,2)), 'bool', true, 'k', 'key'))""",
    """parse_json('[]')""",
    """parse_json('[[1,2],[3]]')""",
    """parse_json('3.14159')""",
    """parse_json('1e300')""",
    """parse_json('[{"k":"a"},{"k":1},{"j":2},null,"s"]')""",
    """parse_json('[1, 2, 300, 70000, 5000000000]')""",
    """parse_json('true')""",
    """parse_json('-7')""",
    """cast(cast(2.5 as float) as variant)""",
    """cast(-cast(0.0 as double) as variant)""",
    """cast(cast(1.125 as decimal(18,3)) as variant)""",
    """cast(timestamp_ntz'1900-01-01 00:00:00' as variant)""",
    """parse_json('{"b": "x", "a": {"x": 1, "y": "z"}, "ts": 5}')""",
    """parse_json('{"a": {"x": "not int", "w": 1}, "e": {"nested": [1, "x"]}}')""",
    """parse_json('{"\\uE000": 1, "\\uD83D\\uDE00": 2, "b": {"\\uE000": 3, "\\uD83D\\uDE00": 4}}')""",
    """parse_json('[1, -129, 40000, -2147483649, 1.5, 0.001, 12345678901234567890, -0.0, 1E-10]')""",
]
SCHEMAS = [
    None,
    "a int, b string, c decimal(15, 1)",
    "bigint",
    "array<int>",
    "a struct<x int>, b string, e struct<nested array<boolean>>, ts timestamp_ntz, f float, bin binary, dec decimal(38,2), bool boolean, k string",
    "array<struct<k string>>",
    "string",
    "date",
    "timestamp",
    "decimal(18, 3)",
    "double",
    "float",
    "binary",
    "boolean",
    "array<array<int>>",
    "int",
]

cases = " ".join(f"when {k} then {v}" for k, v in enumerate(VALUES))
base = spark.sql(f"select id, case id {cases} end as v from range(0, {len(VALUES)}, 1, 1)")
base.createOrReplaceTempView("base")
df = spark.sql("select id, v from base")
props = "'delta.enableVariantShredding' = 'true'"
spark.sql(f"CREATE TABLE shred (id long, v variant) USING DELTA LOCATION '{out}' TBLPROPERTIES ({props})")
for k, schema in enumerate(SCHEMAS):
    if schema is None:
        spark.conf.set("spark.sql.variant.writeShredding.enabled", "false")
    else:
        spark.conf.set("spark.sql.variant.writeShredding.enabled", "true")
        spark.conf.set("spark.sql.variant.inferShreddingSchema", "false")
        spark.conf.set("spark.sql.variant.forceShreddingSchemaForTest", schema)
    try:
        df.withColumn("id", df.id + 1000 * k).coalesce(1).write.format("delta").mode("append").save(out)
        print("wrote", k, schema, file=sys.stderr)
    except Exception as e:
        print("FAILED", k, schema, str(e)[:500], file=sys.stderr)
spark.conf.set("spark.sql.variant.writeShredding.enabled", "false")

reader = spark_dump.Reader(spark)
results = {}
for version in log_versions(out):
    d = reader.describe(out, version)
    results[str(version)] = sorted(d["rows"])
with open(out + ".expected.json", "w") as h:
    json.dump(results, h, indent=0)
spark.stop()
shutil.rmtree(scratch, ignore_errors=True)
