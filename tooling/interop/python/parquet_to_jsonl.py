"""Print the rows of a Parquet file in Silt's canonical JSON form, one line per row.

Usage: parquet_to_jsonl.py FILE [--engine pyarrow|duckdb] [--columns a,b] [--int96-unit ns|us]

The form is the one of ``tableToJsonLines`` in packages/parquet-io/src/arrow/exact-values.ts,
byte for byte, so that tests compare lines as strings:

- integers with every digit; floats as JavaScript's ``Number#toString`` writes them (``-0`` as
  ``0``), non-finite floats as the strings "NaN", "Infinity", "-Infinity"
- decimals as strings with exactly the column's scale (``-1.50``)
- dates ``YYYY-MM-DD``; timestamps ``YYYY-MM-DDTHH:MM:SS.ffffff`` in UTC, with ``Z`` when the
  column is UTC-adjusted (has a time zone); nanoseconds (INT96) are floored to microseconds
- binary as base64; structs as objects; lists as arrays; maps as ``[[key, value], ...]``; null

Values are converted from the Arrow arrays each engine returns (DuckDB's result is exported to
Arrow), from their raw integers, so no value passes through Python's datetime or a float.
"""

import argparse
import base64
import decimal
import json
import sys

import pyarrow as pa
import pyarrow.types as pat

MICROS_PER_DAY = 86_400_000_000
UNIT_TO_MICROS = {"s": ("mul", 1_000_000), "ms": ("mul", 1000), "us": ("mul", 1), "ns": ("div", 1000)}


class Raw:
    """Text that goes into the JSON output as it is (numbers)."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


def js_number(value):
    """The text of a finite float as JavaScript's Number#toString writes it."""
    if value == 0:
        return "0"
    if value < 0:
        return "-" + js_number(-value)
    sign, digits, exponent = decimal.Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).lstrip("0")
    # repr keeps trailing zeros of integral values ("100.0"); drop them into the exponent.
    stripped = text.rstrip("0")
    exponent += len(text) - len(stripped)
    digits_text = stripped
    k = len(digits_text)
    n = exponent + k  # value = 0.d1d2...dk * 10^n
    if k <= n <= 21:
        return digits_text + "0" * (n - k)
    if 0 < n <= 21:
        return digits_text[:n] + "." + digits_text[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits_text
    e = n - 1
    mantissa = digits_text if k == 1 else digits_text[0] + "." + digits_text[1:]
    return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def civil_from_days(days):
    """Proleptic Gregorian (year, month, day) of days since 1970-01-01 (Howard Hinnant's algorithm)."""
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y, m, d)


def format_year(year):
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"{'-' if year < 0 else '+'}{abs(year):06d}"


def format_date(days):
    y, m, d = civil_from_days(days)
    return f"{format_year(y)}-{m:02d}-{d:02d}"


def format_timestamp(micros, utc):
    days, rest = divmod(micros, MICROS_PER_DAY)
    seconds, fraction = divmod(rest, 1_000_000)
    time = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{fraction:06d}"
    return f"{format_date(days)}T{time}{'Z' if utc else ''}"


def format_decimal(value, scale):
    sign, digits, exponent = value.as_tuple()
    unscaled = int("".join(map(str, digits)) or "0")
    shift = exponent + scale
    if shift >= 0:
        unscaled *= 10**shift
    else:
        unscaled, dropped = divmod(unscaled, 10**-shift)
        if dropped:
            raise ValueError(f"{value} has more digits than the scale {scale}")
    text = str(unscaled).rjust(scale + 1, "0")
    if scale > 0:
        text = text[:-scale] + "." + text[-scale:]
    return ("-" if sign and unscaled != 0 else "") + text


def to_micros(raw, unit):
    how, factor = UNIT_TO_MICROS[unit]
    return raw * factor if how == "mul" else raw // factor  # floor division, as Silt floors


def convert(array, typ):
    """Canonical Python values of an Arrow array (not chunked)."""
    if pat.is_dictionary(typ):
        return convert(array.dictionary_decode(), typ.value_type)
    valid = array.is_valid().to_pylist()
    if pat.is_null(typ):
        return [None] * len(array)
    if pat.is_boolean(typ):
        return array.to_pylist()
    if pat.is_integer(typ):
        return [None if v is None else Raw(str(v)) for v in array.to_pylist()]
    if pat.is_floating(typ):
        out = []
        for v in array.to_pylist():
            if v is None:
                out.append(None)
            elif v != v:
                out.append("NaN")
            elif v == float("inf"):
                out.append("Infinity")
            elif v == float("-inf"):
                out.append("-Infinity")
            else:
                out.append(Raw(js_number(float(v))))
        return out
    if pat.is_decimal(typ):
        return [None if v is None else format_decimal(v, typ.scale) for v in array.to_pylist()]
    if pat.is_date32(typ):
        raw = array.cast(pa.int32()).to_pylist()
        return [None if v is None else format_date(v) for v in raw]
    if pat.is_date64(typ):
        raw = array.cast(pa.int64()).to_pylist()
        return [None if v is None else format_date(v // 86_400_000) for v in raw]
    if pat.is_timestamp(typ):
        raw = array.cast(pa.int64()).to_pylist()
        utc = typ.tz is not None
        return [None if v is None else format_timestamp(to_micros(v, typ.unit), utc) for v in raw]
    if pat.is_string(typ) or pat.is_large_string(typ) or pat.is_string_view(typ):
        return array.to_pylist()
    if pat.is_binary(typ) or pat.is_large_binary(typ) or pat.is_fixed_size_binary(typ) or pat.is_binary_view(typ):
        return [None if v is None else base64.b64encode(v).decode("ascii") for v in array.to_pylist()]
    if pat.is_struct(typ):
        children = [(typ.field(k).name, convert(array.field(k), typ.field(k).type)) for k in range(typ.num_fields)]
        return [None if not valid[i] else {name: values[i] for name, values in children} for i in range(len(array))]
    if pat.is_map(typ):
        offsets = array.offsets.to_pylist()
        keys = convert(array.keys, typ.key_type)
        items = convert(array.items, typ.item_type)
        return [
            None if not valid[i] else [[keys[k], items[k]] for k in range(offsets[i], offsets[i + 1])]
            for i in range(len(array))
        ]
    if pat.is_list(typ) or pat.is_large_list(typ):
        offsets = array.offsets.to_pylist()
        values = convert(array.values, typ.value_type)
        return [None if not valid[i] else values[offsets[i] : offsets[i + 1]] for i in range(len(array))]
    if pat.is_fixed_size_list(typ):
        size = typ.list_size
        values = convert(array.flatten(), typ.value_type)
        return [None if not valid[i] else values[i * size : (i + 1) * size] for i in range(len(array))]
    raise TypeError(f"no canonical JSON form for the Arrow type {typ}")


def dump(value):
    if value is None:
        return "null"
    if isinstance(value, Raw):
        return value.text
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dump(v) for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r}")


def table_lines(table):
    table = table.combine_chunks()
    columns = []
    for k, field in enumerate(table.schema):
        column = table.column(k)
        array = column.chunk(0) if column.num_chunks == 1 else pa.concat_arrays(column.chunks)
        columns.append((field.name, convert(array, field.type)))
    for i in range(table.num_rows):
        yield "{" + ",".join(json.dumps(name, ensure_ascii=False) + ":" + dump(values[i]) for name, values in columns) + "}"


def read(path, engine, columns, int96_unit="ns"):
    if engine == "pyarrow":
        import pyarrow.parquet as pq

        return pq.read_table(path, columns=columns, coerce_int96_timestamp_unit=int96_unit)
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    select = "*" if not columns else ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
    literal = "'" + path.replace("'", "''") + "'"
    return connection.sql(f"SELECT {select} FROM read_parquet({literal})").to_arrow_table()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--engine", choices=["pyarrow", "duckdb"], default="pyarrow")
    parser.add_argument("--columns", help="comma-separated top-level columns to read (default: all)")
    parser.add_argument(
        "--int96-unit",
        choices=["ns", "us", "ms", "s"],
        default="ns",
        help="pyarrow: the unit INT96 timestamps are read in (default ns, pyarrow's own default; us reads years 1-9999 without overflow)",
    )
    args = parser.parse_args()
    columns = args.columns.split(",") if args.columns else None
    table = read(args.file, args.engine, columns, args.int96_unit)
    out = sys.stdout
    for line in table_lines(table):
        out.write(line)
        out.write("\n")


if __name__ == "__main__":
    main()
