"""Create small Delta tables with a reference engine, for Silt to append to.

Usage: make_tables.py deltars DIR     (delta-rs: write_deltalake, two commits)
       make_tables.py spark DIR       (Apache Spark: CREATE TABLE + two INSERTs)

Both tables have the schema ``id BIGINT, name STRING, amount DOUBLE, day DATE, part STRING``,
partitioned by ``part``, and hold rows 1-4 (``part`` 'a' or 'b c', one null ``name``). Prints
{"version": N} — the table's version after the writes.
"""

import json
import os
import shutil
import sys
import tempfile
import time

os.environ["TZ"] = "UTC"
time.tzset()


def rows():
    import datetime

    return [
        (1, "one", 1.5, datetime.date(2024, 1, 1), "a"),
        (2, None, 2.5, datetime.date(2024, 1, 2), "b c"),
        (3, "three", -3.0, datetime.date(2024, 1, 3), "a"),
        (4, "four", 4.25, None, "b c"),
    ]


def with_deltars(path):
    import pyarrow as pa
    from deltalake import DeltaTable, write_deltalake

    schema = pa.schema(
        [("id", pa.int64()), ("name", pa.string()), ("amount", pa.float64()), ("day", pa.date32()), ("part", pa.string())]
    )
    data = rows()
    for chunk in (data[:2], data[2:]):
        table = pa.Table.from_pylist([dict(zip(schema.names, row)) for row in chunk], schema=schema)
        write_deltalake(path, table, mode="append", partition_by=["part"])
    return DeltaTable(path).version()


def with_spark(path):
    from spark_dump import start_spark

    scratch = tempfile.mkdtemp(prefix="silt-spark-make-")
    try:
        spark = start_spark(scratch)
        spark.sql(
            f"CREATE TABLE delta.`{path}` (id BIGINT, name STRING, amount DOUBLE, day DATE, part STRING) "
            "USING delta PARTITIONED BY (part)"
        )
        data = rows()
        for chunk in (data[:2], data[2:]):
            values = ", ".join(
                "({}, {}, {}, {}, '{}')".format(
                    row[0],
                    "NULL" if row[1] is None else f"'{row[1]}'",
                    row[2],
                    "NULL" if row[3] is None else f"DATE '{row[3].isoformat()}'",
                    row[4],
                )
                for row in chunk
            )
            spark.sql(f"INSERT INTO delta.`{path}` VALUES {values}")
        version = spark.sql(f"DESCRIBE HISTORY delta.`{path}`").agg({"version": "max"}).collect()[0][0]
        spark.stop()
        return int(version)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    engine, path = sys.argv[1], os.path.abspath(sys.argv[2])
    version = with_deltars(path) if engine == "deltars" else with_spark(path)
    print(json.dumps({"version": version}))


if __name__ == "__main__":
    main()
