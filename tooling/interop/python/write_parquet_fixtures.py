"""Write Parquet files with pyarrow, DuckDB and the legacy layouts of Spark and Hive.

Usage: write_parquet_fixtures.py OUTDIR

Prints a JSON manifest on standard output: for each file its name, writer, what it covers, and
per column chunk the physical type, the logical/converted type, the encodings and whether a
dictionary page is present (so tests can check that a fixture holds what it claims to).

Files:
- pyarrow_all_types.parquet: every Delta type with nulls at every level (decimals as
  FIXED_LEN_BYTE_ARRAY, pyarrow's default)
- pyarrow_decimal_as_integer.parquet: decimals of precision <= 18 as INT32/INT64
- pyarrow_int96.parquet: timestamps as INT96 (use_deprecated_int96_timestamps, no Arrow schema
  in the footer, as Spark and Hive write them), UTC-adjusted and naive
- pyarrow_int96_extremes.parquet: INT96 timestamps outside 1677-09-21..2262-04-11, which do not
  fit 64-bit nanoseconds
- pyarrow_int96_arrow_schema.parquet, pyarrow_int96_extremes_arrow_schema.parquet: the same with
  pyarrow's Arrow schema (timestamp[us]) stored in the footer
- pyarrow_non_compliant_nested.parquet: use_compliant_nested_type=False (list element "item")
- pyarrow_dictionary_decimal.parquet: dictionary-encoded decimals (FIXED_LEN_BYTE_ARRAY and
  INT32/INT64), with a dictionary page
- pyarrow_flba_decimal.parquet: FIXED_LEN_BYTE_ARRAY decimals of every byte width 1..16
- duckdb_all_types.parquet: every Delta type with nulls, written by DuckDB's COPY ... TO
- legacy_nested.parquet: two-level lists, `_tuple` and `array` element groups, a bare repeated
  field, Spark's bag/array three-level lists and MAP_KEY_VALUE maps (parquet_legacy_writer.py)
"""

import datetime
import decimal
import json
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

sys.dont_write_bytecode = True  # importing a sibling script must leave no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parquet_legacy_writer as legacy  # noqa: E402

D = decimal.Decimal
UTC = datetime.timezone.utc


def micros(text):
    """Microseconds since the epoch of an ISO timestamp (UTC), exactly."""
    value = datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)
    delta = value - datetime.datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def days(text):
    return (datetime.date.fromisoformat(text) - datetime.date(1970, 1, 1)).days


def ts_array(values, tz):
    raw = pa.array([None if v is None else micros(v) for v in values], pa.int64())
    return raw.cast(pa.timestamp("us", tz=tz))


def all_types_table():
    n = 6
    point = pa.struct([("a", pa.int32()), ("b", pa.string()), ("c", pa.int64())])
    item = pa.struct([("x", pa.int64()), ("y", pa.decimal128(10, 3))])
    columns = {
        "id": pa.array(range(n), pa.int64()),
        "bool": pa.array([None, True, False, None, True, False], pa.bool_()),
        "byte": pa.array([None, -128, 127, 0, -1, 1], pa.int8()),
        "short": pa.array([None, -32768, 32767, 0, -1, 1], pa.int16()),
        "int": pa.array([None, -(2**31), 2**31 - 1, 0, -1, 1], pa.int32()),
        "long": pa.array([None, -(2**63), 2**63 - 1, 2**53 + 1, -(2**53) - 1, 0], pa.int64()),
        "float": pa.array([None, float("nan"), float("inf"), float("-inf"), 3.4028234663852886e38, -1.100000023841858], pa.float32()),
        "double": pa.array([None, float("nan"), float("-inf"), -0.0, 5e-324, 0.1], pa.float64()),
        "dec_38_0": pa.array([None, D("-" + "9" * 38), D("9" * 38), D(0), D("12345678901234567890123456789012345678"), D(-1)], pa.decimal128(38, 0)),
        "dec_38_18": pa.array(
            [None, D("-99999999999999999999.999999999999999999"), D("99999999999999999999.999999999999999999"), D("-0.000000000000000001"), D("12345678901234567890.123456789012345678"), D(0)],
            pa.decimal128(38, 18),
        ),
        "dec_9_2": pa.array([None, D("-9999999.99"), D("9999999.99"), D("-0.01"), D("1.50"), D("0.00")], pa.decimal128(9, 2)),
        "dec_18_4": pa.array([None, D("-99999999999999.9999"), D("99999999999999.9999"), D("0.0001"), D("-1.0000"), D(0)], pa.decimal128(18, 4)),
        "string": pa.array([None, "", "héllo wörld ✓ 😀 日本語", 'quote " backslash \\ newline \n control \u0001', "\u2028 émoji", "plain"], pa.string()),
        "binary": pa.array([None, b"", bytes(range(256)), b"\x00", b"\xff\x00\x80", None], pa.binary()),
        "date": pa.array([None, days("0001-01-01"), days("9999-12-31"), -1, days("1900-02-28"), 0], pa.int32()).cast(pa.date32()),
        "ts": ts_array([None, "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999", "1969-12-31T23:59:59.999999", "1969-07-20T20:17:40.123456", "2024-02-29T12:00:00.001"], "UTC"),
        "ts_ntz": ts_array([None, "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999", "1969-12-31T23:59:59.999999", "1969-07-20T20:17:40.123456", "2023-11-14T22:13:20.123456"], None),
        "struct": pa.array([None, {"a": None, "b": None, "c": 0}, None, {"a": 1, "b": "x", "c": -1}, {"a": None, "b": "", "c": 1}, {"a": 2**31 - 1, "b": None, "c": 2**63 - 1}], point),
        "array": pa.array([None, [], None, [None], [1, None, 3], [None, None]], pa.list_(pa.int32())),
        "map": pa.array([None, [], None, [("k", None)], [("NaN", float("nan")), ("inf", float("inf")), ("", -0.5)], [("only", 1e300)]], pa.map_(pa.string(), pa.float64())),
        "array_of_struct": pa.array(
            [None, [], None, [None, {"x": None, "y": None}, {"x": 1, "y": D("-1.001")}], [{"x": 2**63 - 1, "y": D("9999999.999")}], [None]],
            pa.list_(item),
        ),
        "map_of_array": pa.array(
            [None, [], None, [(1, None), (2, []), (3, [None, days("2024-02-29")])], [(-(2**31), [0])], [(0, [None])]],
            pa.map_(pa.int32(), pa.list_(pa.date32())),
        ),
        "struct_of_map": pa.array(
            [None, {"m": [], "n": None}, None, {"m": None, "n": 7}, {"m": [("a", None), ("b", micros("2000-01-01T00:00:00.000001"))], "n": -32768}, {"m": [("x", -1)], "n": None}],
            pa.struct([("m", pa.map_(pa.string(), pa.timestamp("us", tz="UTC"))), ("n", pa.int16())]),
        ),
    }
    return pa.table(columns)


def dictionary_decimal_table():
    n = 1000
    return pa.table(
        {
            "flba": pa.array([None if k % 10 == 0 else D(["-12345678901234567890.12345", "0.00001", "99999999999999999999.99999"][k % 3]) for k in range(n)], pa.decimal128(25, 5)),
            "as_int32": pa.array([None if k % 9 == 0 else D(["-99.99", "0.01", "12.34", "-0.50"][k % 4]) for k in range(n)], pa.decimal128(4, 2)),
            "as_int64": pa.array([None if k % 8 == 0 else D(["-123456789012.345678", "0.000001"][k % 2]) for k in range(n)], pa.decimal128(18, 6)),
        }
    )


def flba_decimal_table():
    # Each precision p needs a FIXED_LEN_BYTE_ARRAY of the smallest width that holds 10^p - 1.
    columns = {}
    for precision in [1, 2, 4, 7, 9, 10, 12, 14, 16, 18, 19, 21, 23, 26, 28, 31, 33, 35, 38]:
        scale = precision // 2
        # Built from digit tuples: Decimal arithmetic would round to 28 digits.
        values = [D((0, (9,) * precision, -scale)), D((1, (9,) * precision, -scale)), None, D((0, (1,), -scale)), D((1, (1,), -scale)), D(0)]
        columns[f"p{precision}_s{scale}"] = pa.array(values, pa.decimal128(precision, scale))
    return pa.table(columns)


def int96_table(ts_values):
    return pa.table({"id": pa.array(range(len(ts_values)), pa.int32()), "ts_utc": ts_array(ts_values, "UTC"), "ts_naive": ts_array(ts_values, None)})


DUCKDB_COLUMNS = [
    "id", "bool", "byte", "short", "int", "long", "float", "double", "dec_38_0", "dec_38_18", "dec_9_2", "dec_18_4", "string", "binary",
    "date", "ts", "ts_ntz", "struct", "array", "map", "array_of_struct", "map_of_array", "struct_of_map",
]


def duckdb_all_types(path):
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    literal = "'" + path.replace("'", "''") + "'"
    names = ", ".join(f'"{name}"' for name in DUCKDB_COLUMNS)
    connection.execute(
        f"""
        COPY (
          SELECT * FROM (VALUES
            (0::BIGINT, NULL::BOOLEAN, NULL::TINYINT, NULL::SMALLINT, NULL::INTEGER, NULL::BIGINT, NULL::FLOAT, NULL::DOUBLE,
             NULL::DECIMAL(38,0), NULL::DECIMAL(38,18), NULL::DECIMAL(9,2), NULL::DECIMAL(18,4), NULL::VARCHAR, NULL::BLOB,
             NULL::DATE, NULL::TIMESTAMPTZ, NULL::TIMESTAMP, NULL::STRUCT(a INTEGER, b VARCHAR), NULL::INTEGER[],
             NULL::MAP(VARCHAR, DOUBLE), NULL::STRUCT(x BIGINT, y DECIMAL(10,3))[], NULL::MAP(INTEGER, DATE[]),
             NULL::STRUCT(m MAP(VARCHAR, TIMESTAMPTZ), n SMALLINT)),
            (1, true, -128, -32768, -2147483648, -9223372036854775808, 'nan'::FLOAT, 'nan'::DOUBLE,
             -99999999999999999999999999999999999999, -99999999999999999999.999999999999999999, -9999999.99, -99999999999999.9999, '', ''::BLOB,
             DATE '0001-01-01', TIMESTAMPTZ '0001-01-01 00:00:00+00', TIMESTAMP '0001-01-01 00:00:00', {{'a': NULL, 'b': NULL}}, [],
             MAP {{}}, [], MAP {{}}, {{'m': MAP {{}}, 'n': NULL}}),
            (2, false, 127, 32767, 2147483647, 9223372036854775807, 'inf'::FLOAT, '-inf'::DOUBLE,
             99999999999999999999999999999999999999, 99999999999999999999.999999999999999999, 9999999.99, 99999999999999.9999,
             'héllo wörld ✓ 😀 日本語', '\\x00\\xFF\\x80abc'::BLOB,
             DATE '9999-12-31', TIMESTAMPTZ '9999-12-31 23:59:59.999999+00', TIMESTAMP '9999-12-31 23:59:59.999999', NULL, NULL,
             NULL, NULL, NULL, NULL),
            (3, NULL, 0, 0, 0, 9007199254740993, '-inf'::FLOAT, -0.0::DOUBLE,
             0, -0.000000000000000001, -0.01, 0.0001, 'quote " backslash \\ tab' || chr(9) || 'end', '\\x00'::BLOB,
             DATE '1969-12-31', TIMESTAMPTZ '1969-12-31 23:59:59.999999+00', TIMESTAMP '1969-12-31 23:59:59.999999', {{'a': 1, 'b': 'x'}}, [NULL],
             MAP {{'k': NULL}}, [NULL, {{'x': NULL, 'y': NULL}}, {{'x': 1, 'y': -1.001}}], MAP {{1: NULL, 2: [], 3: [NULL, DATE '2024-02-29']}},
             {{'m': NULL, 'n': 7}}),
            (4, true, -1, -1, -1, -9007199254740993, 3.4028234663852886e38::FLOAT, 5e-324::DOUBLE,
             12345678901234567890123456789012345678, 12345678901234567890.123456789012345678, 1.5, -1, 'émoji 👩‍👩‍👧', '\\xFF'::BLOB,
             DATE '1900-02-28', TIMESTAMPTZ '1969-07-20 20:17:40.123456+00', TIMESTAMP '1969-07-20 20:17:40.123456', {{'a': NULL, 'b': ''}}, [1, NULL, 3],
             MAP {{'NaN': 'nan'::DOUBLE, 'inf': 'inf'::DOUBLE, '': -0.5}}, [{{'x': 9223372036854775807, 'y': 9999999.999}}],
             MAP {{-2147483648: [DATE '1970-01-01']}}, {{'m': MAP {{'a': NULL, 'b': TIMESTAMPTZ '2000-01-01 00:00:00.000001+00'}}, 'n': -32768}})
          ) AS t({names})
          ORDER BY id
        ) TO {literal} (FORMAT parquet)
        """
    )


def legacy_nested(path):
    group, leaf = legacy.group, legacy.leaf
    fields = [
        leaf("id", "required", "INT32"),
        # Two-level list of a primitive (parquet-avro, old parquet-thrift, Hive).
        group("ints", "optional", [leaf("array", "repeated", "INT32")], converted="LIST"),
        # Two-level list of structs: a repeated group with several fields is the element.
        group(
            "structs",
            "optional",
            [group("array", "repeated", [leaf("name", "optional", "BYTE_ARRAY", converted="UTF8"), leaf("n", "optional", "INT64")])],
            converted="LIST",
        ),
        # A one-field repeated group named array is the element (a struct of one field).
        group("one_field", "optional", [group("array", "repeated", [leaf("v", "optional", "INT32")])], converted="LIST"),
        # A one-field repeated group named <list>_tuple is the element (parquet-thrift).
        group("tuples", "optional", [group("tuples_tuple", "repeated", [leaf("s", "optional", "BYTE_ARRAY", converted="UTF8")])], converted="LIST"),
        # Spark's legacy three-level list (spark.sql.parquet.writeLegacyFormat): bag / array.
        group("bag_list", "optional", [group("bag", "repeated", [leaf("array", "optional", "INT32")])], converted="LIST"),
        # A repeated field outside any LIST group: a required list of required elements.
        leaf("bare", "repeated", "INT64"),
        # A legacy map: the repeated group is annotated MAP_KEY_VALUE (Spark legacy, Hive).
        group(
            "legacy_map",
            "optional",
            [group("map", "repeated", [leaf("key", "required", "BYTE_ARRAY", converted="UTF8"), leaf("value", "optional", "INT32")], converted="MAP_KEY_VALUE")],
            converted="MAP",
        ),
        # A map whose key_value group has no annotation but whose parent is MAP_KEY_VALUE (parquet-mr < 1.5).
        group(
            "old_map",
            "optional",
            [group("key_value", "repeated", [leaf("key", "required", "INT32"), leaf("value", "optional", "BYTE_ARRAY", converted="UTF8")])],
            converted="MAP_KEY_VALUE",
        ),
    ]
    records = [
        {
            "id": 1,
            "ints": {"array": [1, -2, 2147483647]},
            "structs": {"array": [{"name": "a", "n": 1}, {"name": None, "n": None}]},
            "one_field": {"array": [{"v": 5}, {"v": None}]},
            "tuples": {"tuples_tuple": [{"s": "x"}, {"s": None}]},
            "bag_list": {"bag": [{"array": 1}, {"array": None}]},
            "bare": [10, -20],
            "legacy_map": {"map": [{"key": "k", "value": 1}, {"key": "z", "value": None}]},
            "old_map": {"key_value": [{"key": 7, "value": "seven"}]},
        },
        {"id": 2, "ints": None, "structs": None, "one_field": None, "tuples": None, "bag_list": None, "bare": [], "legacy_map": None, "old_map": None},
        {
            "id": 3,
            "ints": {"array": []},
            "structs": {"array": []},
            "one_field": {"array": []},
            "tuples": {"tuples_tuple": []},
            "bag_list": {"bag": []},
            "bare": [-1],
            "legacy_map": {"map": []},
            "old_map": {"key_value": []},
        },
    ]
    legacy.write_file(path, fields, records)


def describe(path):
    metadata = pq.ParquetFile(path).metadata
    columns = []
    for g in range(metadata.num_row_groups):
        row_group = metadata.row_group(g)
        for c in range(row_group.num_columns):
            column = row_group.column(c)
            schema_column = metadata.schema.column(c)
            columns.append(
                {
                    "rowGroup": g,
                    "path": column.path_in_schema,
                    "physicalType": column.physical_type,
                    "logicalType": str(schema_column.logical_type),
                    "convertedType": schema_column.converted_type,
                    "encodings": list(column.encodings),
                    "hasDictionaryPage": bool(column.has_dictionary_page),
                }
            )
    return {"numRows": metadata.num_rows, "createdBy": metadata.created_by, "columns": columns}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    files = []

    def add(name, writer, covers):
        path = os.path.join(out, name)
        files.append({"name": name, "path": path, "writer": writer, "covers": covers, **describe(path)})

    pq.write_table(all_types_table(), os.path.join(out, "pyarrow_all_types.parquet"))
    add("pyarrow_all_types.parquet", "pyarrow", "every Delta type with nulls; decimals as FIXED_LEN_BYTE_ARRAY")

    pq.write_table(all_types_table(), os.path.join(out, "pyarrow_decimal_as_integer.parquet"), store_decimal_as_integer=True, compression="zstd")
    add("pyarrow_decimal_as_integer.parquet", "pyarrow", "decimals of precision <= 18 as INT32/INT64, zstd")

    normal = ["1970-01-01T00:00:00", "1969-12-31T23:59:59.999999", "2020-02-29T12:34:56.789012", "1677-09-22T00:00:00", "2262-04-11T00:00:00", None]
    pq.write_table(int96_table(normal), os.path.join(out, "pyarrow_int96.parquet"), use_deprecated_int96_timestamps=True, store_schema=False)
    add("pyarrow_int96.parquet", "pyarrow", "INT96 timestamps without an Arrow schema in the footer (as Spark and Hive write)")

    pq.write_table(int96_table(normal), os.path.join(out, "pyarrow_int96_arrow_schema.parquet"), use_deprecated_int96_timestamps=True)
    add("pyarrow_int96_arrow_schema.parquet", "pyarrow", "INT96 timestamps with pyarrow's Arrow schema in the footer")

    extremes = ["0001-01-01T00:00:00", "1000-06-15T01:02:03.000004", "9999-12-31T23:59:59.999999"]
    pq.write_table(int96_table(extremes), os.path.join(out, "pyarrow_int96_extremes.parquet"), use_deprecated_int96_timestamps=True, store_schema=False)
    add("pyarrow_int96_extremes.parquet", "pyarrow", "INT96 timestamps outside the range of 64-bit nanoseconds")

    pq.write_table(int96_table(extremes), os.path.join(out, "pyarrow_int96_extremes_arrow_schema.parquet"), use_deprecated_int96_timestamps=True)
    add("pyarrow_int96_extremes_arrow_schema.parquet", "pyarrow", "INT96 timestamps outside 64-bit nanoseconds, with a microsecond Arrow schema in the footer")

    pq.write_table(all_types_table(), os.path.join(out, "pyarrow_non_compliant_nested.parquet"), use_compliant_nested_type=False)
    add("pyarrow_non_compliant_nested.parquet", "pyarrow", "use_compliant_nested_type=False (list elements named item)")

    pq.write_table(dictionary_decimal_table(), os.path.join(out, "pyarrow_dictionary_decimal.parquet"), use_dictionary=True, store_decimal_as_integer=True)
    add("pyarrow_dictionary_decimal.parquet", "pyarrow", "dictionary-encoded decimals (FIXED_LEN_BYTE_ARRAY, INT32, INT64)")

    pq.write_table(flba_decimal_table(), os.path.join(out, "pyarrow_flba_decimal.parquet"), use_dictionary=False)
    add("pyarrow_flba_decimal.parquet", "pyarrow", "FIXED_LEN_BYTE_ARRAY decimals of precision 1..38")

    duckdb_all_types(os.path.join(out, "duckdb_all_types.parquet"))
    add("duckdb_all_types.parquet", "duckdb", "every Delta type with nulls, COPY ... TO")

    legacy_nested(os.path.join(out, "legacy_nested.parquet"))
    add("legacy_nested.parquet", "parquet_legacy_writer", "two-level lists, _tuple/array element groups, bare repeated field, bag/array lists, MAP_KEY_VALUE maps")

    json.dump({"files": files}, sys.stdout)


if __name__ == "__main__":
    main()
