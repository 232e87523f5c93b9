"""Print the commit history delta-rs (the Python package ``deltalake``) reads from a table, as JSON.

Usage: delta_log_history.py TABLE [--limit N]

Output: a JSON array, newest commit first, of the dictionaries ``DeltaTable.history()`` returns
(the commitInfo of each version plus ``version``). When delta-rs cannot load the table, the output
is ``{"error": {"type": ..., "message": ...}}`` and the exit status is still 0.
"""

import argparse
import json
import sys

from deltalake import DeltaTable


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    try:
        out = DeltaTable(args.table).history(args.limit)
    except Exception as error:  # delta-rs raises several exception types; report them all alike
        out = {"error": {"type": type(error).__name__, "message": str(error).split("\n")[0]}}
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
