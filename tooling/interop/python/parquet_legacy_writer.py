"""A minimal Parquet writer for the legacy nested layouts no current library writes.

pyarrow (Arrow C++) and DuckDB always write lists in the three-level form of the Parquet spec;
Spark, Hive, parquet-avro and parquet-thrift wrote older forms that readers must still accept
("Backward-compatibility rules" in LogicalTypes.md of apache/parquet-format):

- two-level lists: ``optional group a (LIST) { repeated int32 array; }``
- two-level lists of structs: ``repeated group array { ... }`` and ``repeated group a_tuple { ... }``
- a bare repeated field outside any LIST group: ``repeated int32 a;``
- legacy maps whose repeated group is annotated ``MAP_KEY_VALUE``

This module writes such files: one row group, one uncompressed PLAIN data page (v1) per column,
levels in the RLE/bit-packed hybrid, footer in the Thrift compact protocol. It is a test-fixture
writer only: no statistics, no dictionary, no compression.
"""

import struct as binary

# Thrift compact protocol type codes.
T_BOOL_TRUE, T_BOOL_FALSE, T_I32, T_I64, T_BINARY, T_LIST, T_STRUCT = 1, 2, 5, 6, 8, 9, 12

PHYSICAL = {"BOOLEAN": 0, "INT32": 1, "INT64": 2, "INT96": 3, "FLOAT": 4, "DOUBLE": 5, "BYTE_ARRAY": 6, "FIXED_LEN_BYTE_ARRAY": 7}
REPETITION = {"required": 0, "optional": 1, "repeated": 2}
CONVERTED = {"UTF8": 0, "MAP": 1, "MAP_KEY_VALUE": 2, "LIST": 3, "DECIMAL": 5, "DATE": 6, "TIMESTAMP_MICROS": 10}
ENC_PLAIN, ENC_RLE = 0, 3


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63)


class Struct:
    """A Thrift struct: (field id, type, value) triples, written in field-id order."""

    def __init__(self, *fields):
        self.fields = [f for f in fields if f[2] is not None]


def encode_value(kind, value):
    if kind in (T_I32, T_I64):
        return varint(zigzag(value))
    if kind == T_BINARY:
        data = value.encode("utf-8") if isinstance(value, str) else value
        return varint(len(data)) + data
    if kind == T_STRUCT:
        return encode_struct(value)
    if kind == T_LIST:
        element_kind, items = value
        size = len(items)
        head = bytes([(size << 4) | element_kind]) if size < 15 else bytes([0xF0 | element_kind]) + varint(size)
        return head + b"".join(encode_value(element_kind, item) for item in items)
    raise ValueError(kind)


def encode_struct(value):
    out = bytearray()
    last = 0
    for field_id, kind, item in value.fields:
        wire_kind = kind
        if kind == "bool":
            wire_kind = T_BOOL_TRUE if item else T_BOOL_FALSE
        delta = field_id - last
        if 0 < delta <= 15:
            out.append((delta << 4) | wire_kind)
        else:
            out.append(wire_kind)
            out += varint(zigzag(field_id))
        if kind != "bool":
            out += encode_value(kind, item)
        last = field_id
    out.append(0)
    return bytes(out)


class Node:
    """A schema node: a group (children) or a primitive (physical type)."""

    def __init__(self, name, repetition, physical=None, children=None, converted=None, type_length=None, scale=None, precision=None):
        self.name = name
        self.repetition = repetition
        self.physical = physical
        self.children = children
        self.converted = converted
        self.type_length = type_length
        self.scale = scale
        self.precision = precision


def group(name, repetition, children, converted=None):
    return Node(name, repetition, children=children, converted=converted)


def leaf(name, repetition, physical, converted=None, **kw):
    return Node(name, repetition, physical=physical, converted=converted, **kw)


def leaves(node, path=(), max_def=0, max_rep=0):
    """(node, path, max definition level, max repetition level) of each primitive below node."""
    if node.repetition == "optional":
        max_def += 1
    elif node.repetition == "repeated":
        max_def += 1
        max_rep += 1
    path = path + (node.name,)
    if node.children is None:
        return [(node, path, max_def, max_rep)]
    return [entry for child in node.children for entry in leaves(child, path, max_def, max_rep)]


def shred(node, value, r, d, rep_depth, columns):
    """Appends (repetition level, definition level, value) to the column of each leaf below node."""
    if node.repetition == "repeated":
        items = value or []
        if not items:
            emit_null(node, r, d, columns)
            return
        for index, item in enumerate(items):
            present(node, item, r if index == 0 else rep_depth + 1, d + 1, rep_depth + 1, columns)
    elif node.repetition == "optional":
        if value is None:
            emit_null(node, r, d, columns)
        else:
            present(node, value, r, d + 1, rep_depth, columns)
    else:
        if value is None:
            raise ValueError(f"required field {node.name} is null")
        present(node, value, r, d, rep_depth, columns)


def present(node, value, r, d, rep_depth, columns):
    if node.children is None:
        columns[id(node)].append((r, d, value))
        return
    for child in node.children:
        shred(child, value.get(child.name), r, d, rep_depth, columns)


def emit_null(node, r, d, columns):
    if node.children is None:
        columns[id(node)].append((r, d, None))
        return
    for child in node.children:
        emit_null(child, r, d, columns)


def hybrid(levels, max_level):
    """Levels in the RLE/bit-packed hybrid encoding (RLE runs only), with the 4-byte length prefix."""
    width = max_level.bit_length()
    byte_width = (width + 7) // 8
    out = bytearray()
    k = 0
    while k < len(levels):
        run = 1
        while k + run < len(levels) and levels[k + run] == levels[k]:
            run += 1
        out += varint(run << 1)
        out += levels[k].to_bytes(byte_width, "little")
        k += run
    return binary.pack("<I", len(out)) + bytes(out)


def plain(node, values):
    kind = node.physical
    if kind == "BOOLEAN":
        out = bytearray((len(values) + 7) // 8)
        for k, v in enumerate(values):
            if v:
                out[k >> 3] |= 1 << (k & 7)
        return bytes(out)
    if kind == "INT32":
        return b"".join(binary.pack("<i", v) for v in values)
    if kind == "INT64":
        return b"".join(binary.pack("<q", v) for v in values)
    if kind == "FLOAT":
        return b"".join(binary.pack("<f", v) for v in values)
    if kind == "DOUBLE":
        return b"".join(binary.pack("<d", v) for v in values)
    if kind == "INT96":
        return b"".join(values)
    if kind == "FIXED_LEN_BYTE_ARRAY":
        return b"".join(values)
    if kind == "BYTE_ARRAY":
        out = bytearray()
        for v in values:
            data = v.encode("utf-8") if isinstance(v, str) else v
            out += binary.pack("<I", len(data)) + data
        return bytes(out)
    raise ValueError(kind)


def schema_elements(node, is_root=False):
    element = Struct(
        (1, T_I32, None if node.children is not None else PHYSICAL[node.physical]),
        (2, T_I32, node.type_length),
        (3, T_I32, None if is_root else REPETITION[node.repetition]),
        (4, T_BINARY, node.name),
        (5, T_I32, len(node.children) if node.children is not None else None),
        (6, T_I32, CONVERTED[node.converted] if node.converted else None),
        (7, T_I32, node.scale),
        (8, T_I32, node.precision),
    )
    out = [element]
    for child in node.children or []:
        out += schema_elements(child)
    return out


def write_file(path, fields, records, created_by="silt legacy fixture writer"):
    """Writes records (dicts in the physical shape of the schema) to a one-row-group Parquet file."""
    root = group("spark_schema", "required", fields)
    all_leaves = [entry for child in fields for entry in leaves(child)]
    columns = {id(node): [] for node, _, _, _ in all_leaves}
    for record in records:
        for child in fields:
            shred(child, record.get(child.name), 0, 0, 0, columns)
    body = bytearray(b"PAR1")
    chunks = []
    for node, path_in_schema, max_def, max_rep in all_leaves:
        triples = columns[id(node)]
        page = bytearray()
        if max_rep > 0:
            page += hybrid([t[0] for t in triples], max_rep)
        if max_def > 0:
            page += hybrid([t[1] for t in triples], max_def)
        page += plain(node, [t[2] for t in triples if t[1] == max_def])
        header = encode_struct(
            Struct(
                (1, T_I32, 0),
                (2, T_I32, len(page)),
                (3, T_I32, len(page)),
                (5, T_STRUCT, Struct((1, T_I32, len(triples)), (2, T_I32, ENC_PLAIN), (3, T_I32, ENC_RLE), (4, T_I32, ENC_RLE))),
            )
        )
        offset = len(body)
        body += header + page
        size = len(header) + len(page)
        meta = Struct(
            (1, T_I32, PHYSICAL[node.physical]),
            (2, T_LIST, (T_I32, [ENC_PLAIN, ENC_RLE])),
            (3, T_LIST, (T_BINARY, list(path_in_schema))),
            (4, T_I32, 0),
            (5, T_I64, len(triples)),
            (6, T_I64, size),
            (7, T_I64, size),
            (9, T_I64, offset),
        )
        chunks.append((Struct((2, T_I64, offset), (3, T_STRUCT, meta)), size))
    row_group = Struct(
        (1, T_LIST, (T_STRUCT, [c for c, _ in chunks])),
        (2, T_I64, sum(s for _, s in chunks)),
        (3, T_I64, len(records)),
    )
    footer = encode_struct(
        Struct(
            (1, T_I32, 1),
            (2, T_LIST, (T_STRUCT, schema_elements(root, is_root=True))),
            (3, T_I64, len(records)),
            (4, T_LIST, (T_STRUCT, [row_group])),
            (6, T_BINARY, created_by),
        )
    )
    body += footer + binary.pack("<I", len(footer)) + b"PAR1"
    with open(path, "wb") as handle:
        handle.write(body)
