"""Print the column statistics of a Parquet file's footer, as pyarrow reads them, as JSON.

Usage: stats_pyarrow.py FILE

Output: ``{"num_rows": N, "columns": {"a.b": {"physical_type", "logical_type", "null_count",
"min", "max"}}}``, one entry per leaf column (dotted ``path_in_schema``), aggregated over the
row groups: null counts summed, the least min and the greatest max. ``min``/``max`` are null when
a row group has no min/max for the column (all values null, or a type without statistics).

Values keep every digit, so that tests compare them as text:

- integers (also dates' and timestamps' raw values) as decimal strings
- timestamps as the raw integer string in the column's unit, which ``unit`` names
  (``milliseconds``, ``microseconds`` or ``nanoseconds``)
- dates ``YYYY-MM-DD``; decimals as Python's ``str(Decimal)``, with the column's scale
- floats as JSON numbers; strings as strings; other types as null
"""

import json
import sys

import pyarrow.parquet as pq


def logical_name(stats):
    logical = stats.logical_type
    return logical.type if logical is not None else "NONE"


def comparable(stats, which):
    """The min or max of a row group as a Python value ordered like the column's values."""
    logical = logical_name(stats)
    if logical == "TIMESTAMP":
        return getattr(stats, f"{which}_raw")
    value = getattr(stats, which)
    if isinstance(value, bytes):
        return None
    return value


def to_json_value(value, logical):
    if value is None:
        return None
    if logical == "DATE":
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if logical == "DECIMAL":
        return str(value)
    if isinstance(value, float):
        return "NaN" if value != value else value
    if isinstance(value, str):
        return value
    return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: stats_pyarrow.py FILE")
    metadata = pq.ParquetFile(sys.argv[1]).metadata
    columns = {}
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for index in range(row_group.num_columns):
            chunk = row_group.column(index)
            stats = chunk.statistics
            entry = columns.setdefault(
                chunk.path_in_schema,
                {"physical_type": chunk.physical_type, "logical_type": None, "unit": None,
                 "null_count": 0, "min": None, "max": None, "complete": True},
            )
            if stats is None:
                entry["complete"] = False
                continue
            logical = logical_name(stats)
            entry["logical_type"] = logical
            if logical == "TIMESTAMP":
                entry["unit"] = json.loads(stats.logical_type.to_json())["timeUnit"]
            entry["null_count"] += stats.null_count if stats.has_null_count else 0
            if not stats.has_min_max:
                # Footer stats have no min/max for an all-null row group: it bounds nothing.
                continue
            low, high = comparable(stats, "min"), comparable(stats, "max")
            if low is None or high is None:
                entry["complete"] = False
                continue
            entry["min"] = low if entry["min"] is None else min(entry["min"], low)
            entry["max"] = high if entry["max"] is None else max(entry["max"], high)
    out = {}
    for path, entry in columns.items():
        logical = entry["logical_type"]
        out[path] = {
            "physical_type": entry["physical_type"],
            "logical_type": logical,
            "unit": entry["unit"],
            "null_count": entry["null_count"],
            "min": to_json_value(entry["min"], logical) if entry["complete"] else None,
            "max": to_json_value(entry["max"], logical) if entry["complete"] else None,
        }
    json.dump({"num_rows": metadata.num_rows, "columns": out}, sys.stdout)


if __name__ == "__main__":
    main()
