/**
 * Rebuilds shredded Variant columns (apache/parquet-format VariantShredding.md, reader feature
 * `variantShredding`) into the unshredded form Silt returns for every Variant: a struct of the
 * `metadata` and `value` binaries of the Variant encoding.
 *
 * The rebuild follows the specification's `construct_variant` and writes the bytes Apache
 * Spark's reader writes for the same file (`ShreddingUtils.rebuild`), so that both engines
 * return the same binaries:
 * - a column whose group has no `typed_value` is unshredded and passes through untouched;
 * - otherwise every value is rebuilt with a fresh dictionary holding the keys it uses, in the
 *   order it meets them (shredded fields first, then those of the residual `value`);
 * - a `typed_value` primitive becomes the Variant primitive of its type, integers in the
 *   narrowest width that holds them;
 * - a shredded object keeps the fields whose `value` or `typed_value` is set (both null: the
 *   field is missing) and adds the fields of a partially shredded object's `value`;
 * - a missing value where one is required (an array element, the column itself) is the Variant
 *   null, as the specification requires (Spark refuses such files instead).
 */

import { type DeltaType, exactValue, type StructType } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { InvalidShreddedVariant } from './invalid-shredded-variant.js';
import {
  isShredded,
  type ScalarKind,
  type TypedSchema,
  type ValueSchema,
  type VariantSchema,
  variantSchema,
} from './shredding-schema.js';
import { type FieldEntry, VariantBuilder } from './variant-builder.js';
import { BasicType, containerLayout, readUnsigned, VariantMetadata } from './variant-encoding.js';

/** The Arrow type of an unshredded Variant, as Silt returns it. */
export function unshreddedVariantType(): arrow.Struct {
  return new arrow.Struct([
    new arrow.Field('metadata', new arrow.Binary(), false),
    new arrow.Field('value', new arrow.Binary(), false),
  ]);
}

/** True when `type` is or holds a Variant. */
export function containsVariant(type: DeltaType): boolean {
  if (typeof type === 'string') return type === 'variant';
  switch (type.type) {
    case 'struct':
      return type.fields.some((field) => containsVariant(field.type));
    case 'array':
      return containsVariant(type.elementType);
    case 'map':
      return containsVariant(type.keyType) || containsVariant(type.valueType);
  }
}

/**
 * A batch of a data file (columns under their logical names, as column mapping leaves them)
 * with every shredded Variant of `schema` — top-level or inside structs, arrays and maps —
 * rebuilt as an unshredded `struct<metadata: binary, value: binary>`. Other columns are kept as
 * they are; a batch without shredded Variants is returned unchanged.
 *
 * @example
 * ```ts
 * // A file whose Variant column `v` is shredded as an object with an int field `a`:
 * const batch = unshredVariants(fileBatch, { type: 'struct', fields: [{ name: 'v', type: 'variant', nullable: true, metadata: {} }] });
 * // batch.getChild('v') is struct<metadata, value>: {"a": 1} encoded as one Variant.
 * ```
 * @throws {InvalidShreddedVariant} when a shredded value breaks the shredding rules.
 * @throws {ProtocolNotSupported} when a `typed_value` has a type the specification does not define.
 */
export function unshredVariants(batch: arrow.RecordBatch, schema: StructType): arrow.RecordBatch {
  if (!containsVariant(schema)) return batch;
  const fields = [...batch.schema.fields];
  const children = [...batch.data.children];
  let changed = false;
  for (const field of schema.fields) {
    const index = findField(fields, field.name);
    if (index < 0) continue;
    const rebuilt = unshredData(children[index]!, field.type, field.name);
    if (rebuilt === undefined) continue;
    children[index] = rebuilt;
    fields[index] = fields[index]!.clone({ type: rebuilt.type });
    changed = true;
  }
  if (!changed) return batch;
  const type = new arrow.Struct(fields);
  return new arrow.RecordBatch(
    new arrow.Schema(fields, batch.schema.metadata),
    arrow.makeData({ type, length: batch.numRows, nullCount: 0, children }),
  );
}

/** `data` (of Delta type `type`) with its shredded Variants rebuilt, or undefined when it has none. */
function unshredData(data: arrow.Data, type: DeltaType, column: string): arrow.Data | undefined {
  const arrowType = data.type as arrow.DataType;
  if (typeof type === 'string') {
    return type === 'variant' && isShredded(arrowType) ? unshredColumn(data, column) : undefined;
  }
  if (!containsVariant(type)) return undefined;
  switch (type.type) {
    case 'struct': {
      if (!arrow.DataType.isStruct(arrowType)) return undefined;
      const fields = [...arrowType.children];
      const children = [...data.children];
      let changed = false;
      for (const field of type.fields) {
        const index = findField(fields, field.name);
        if (index < 0) continue;
        const rebuilt = unshredData(children[index]!, field.type, `${column}.${field.name}`);
        if (rebuilt === undefined) continue;
        children[index] = rebuilt;
        fields[index] = fields[index]!.clone({ type: rebuilt.type });
        changed = true;
      }
      return changed
        ? data.clone(
            new arrow.Struct(fields),
            data.offset,
            data.length,
            data.nullCount,
            undefined,
            children,
          )
        : undefined;
    }
    case 'array': {
      if (!arrow.DataType.isList(arrowType)) return undefined;
      const rebuilt = unshredData(data.children[0]!, type.elementType, `${column}.element`);
      if (rebuilt === undefined) return undefined;
      const element = arrowType.children[0]!.clone({ type: rebuilt.type });
      return data.clone(
        new arrow.List(element),
        data.offset,
        data.length,
        data.nullCount,
        undefined,
        [rebuilt],
      );
    }
    case 'map': {
      if (!arrow.DataType.isMap(arrowType)) return undefined;
      const entries = data.children[0]!;
      const entryFields = [...(entries.type as arrow.Struct).children];
      const entryChildren = [...entries.children];
      let changed = false;
      const parts: [number, DeltaType, string][] = [
        [0, type.keyType, `${column}.key`],
        [1, type.valueType, `${column}.value`],
      ];
      for (const [index, partType, name] of parts) {
        const rebuilt = unshredData(entryChildren[index]!, partType, name);
        if (rebuilt === undefined) continue;
        entryChildren[index] = rebuilt;
        entryFields[index] = entryFields[index]!.clone({ type: rebuilt.type });
        changed = true;
      }
      if (!changed) return undefined;
      const entriesType = new arrow.Struct(entryFields);
      const newEntries = entries.clone(
        entriesType,
        entries.offset,
        entries.length,
        entries.nullCount,
        undefined,
        entryChildren,
      );
      const mapType = new arrow.Map_(
        arrowType.children[0]!.clone({ type: entriesType }) as never,
        arrowType.keysSorted,
      );
      return data.clone(mapType, data.offset, data.length, data.nullCount, undefined, [newEntries]);
    }
  }
}

/** One shredded Variant column rebuilt as struct<metadata, value>. */
function unshredColumn(data: arrow.Data, column: string): arrow.Data {
  const schema = variantSchema(data.type as arrow.DataType, column);
  const length = data.length;
  const metadataParts: Uint8Array[] = new Array(length);
  const valueParts: Uint8Array[] = new Array(length);
  const validity = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  const empty = new Uint8Array(0);
  for (let row = 0; row < length; row++) {
    if (!data.getValid(row)) {
      nullCount += 1;
      metadataParts[row] = empty;
      valueParts[row] = empty;
      continue;
    }
    validity[row >> 3]! |= 1 << (row & 7);
    const rebuilt = rebuildRow(data, schema, row, column);
    metadataParts[row] = rebuilt.metadata;
    valueParts[row] = rebuilt.value;
  }
  const type = unshreddedVariantType();
  return arrow.makeData({
    type,
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : null,
    children: [binaryData(metadataParts), binaryData(valueParts)],
  });
}

/** The Variant of one row of a shredded column (the row's group is not null). */
export function rebuildRow(
  data: arrow.Data,
  schema: VariantSchema,
  row: number,
  column: string,
): { metadata: Uint8Array; value: Uint8Array } {
  const metadataBytes = binaryAt(data.children[schema.metadata]!, row);
  if (metadataBytes === null) {
    throw new InvalidShreddedVariant({ column, reason: `row ${row} has no Variant metadata` });
  }
  const builder = new VariantBuilder();
  try {
    const context: RowContext = { metadata: new VariantMetadata(metadataBytes), builder, column };
    if (!appendValue(context, data, schema, row)) builder.appendNull();
  } catch (error) {
    if (error instanceof InvalidShreddedVariant && error.column === undefined) {
      throw new InvalidShreddedVariant({ column, reason: error.reason, cause: error });
    }
    throw error;
  }
  return builder.result();
}

interface RowContext {
  metadata: VariantMetadata;
  builder: VariantBuilder;
  column: string;
}

/**
 * Appends the value of a `value` / `typed_value` pair (the children of struct `data`) at `row`.
 * False when both are null: the value is missing.
 */
function appendValue(
  context: RowContext,
  data: arrow.Data,
  schema: ValueSchema,
  row: number,
): boolean {
  const typed = schema.typed;
  const typedData = typed === undefined ? undefined : data.children[typed.index]!;
  const value = schema.value === undefined ? null : binaryAt(data.children[schema.value]!, row);
  if (typed !== undefined && typedData!.getValid(row)) {
    appendTyped(context, typedData!, typed.schema, row, value);
    return true;
  }
  if (value !== null) {
    context.builder.appendVariant(value, context.metadata);
    return true;
  }
  return false;
}

function appendTyped(
  context: RowContext,
  data: arrow.Data,
  schema: TypedSchema,
  row: number,
  residual: Uint8Array | null,
): void {
  const { builder } = context;
  switch (schema.kind) {
    case 'scalar':
      appendScalar(builder, data, schema.scalar, schema.scale, row);
      return;
    case 'array': {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      const elements = data.children[0]!;
      const start = builder.writePosition;
      const positions: number[] = [];
      for (let k = Number(offsets[row]!); k < Number(offsets[row + 1]!); k++) {
        positions.push(builder.writePosition - start);
        // An element must be present; a missing one reads as the Variant null.
        if (!elements.getValid(k) || !appendValue(context, elements, schema.element, k)) {
          builder.appendNull();
        }
      }
      builder.finishArray(start, positions);
      return;
    }
    case 'object': {
      const start = builder.writePosition;
      const fields: FieldEntry[] = [];
      for (const field of schema.fields) {
        const fieldData = data.children[field.index]!;
        if (!fieldData.getValid(row)) {
          throw new InvalidShreddedVariant({
            column: context.column,
            reason: `the shredded field group "${field.name}" is null in row ${row} (it must always be set)`,
          });
        }
        // Both null: the field is missing (and its key stays out of the dictionary).
        if (!isPresent(fieldData, field.schema, row)) continue;
        fields.push({
          key: field.name,
          id: builder.addKey(field.name),
          offset: builder.writePosition - start,
        });
        appendValue(context, fieldData, field.schema, row);
      }
      if (residual !== null) appendResidualFields(context, residual, schema, fields, start);
      builder.finishObject(start, fields);
      return;
    }
  }
}

/**
 * Adds the fields of a partially shredded object's `value` (an object that must not repeat a
 * shredded field) to the object being written.
 */
function appendResidualFields(
  context: RowContext,
  residual: Uint8Array,
  schema: Extract<TypedSchema, { kind: 'object' }>,
  fields: FieldEntry[],
  start: number,
): void {
  const { builder, metadata } = context;
  if (residual.length === 0 || (residual[0]! & 0b11) !== BasicType.OBJECT) {
    throw new InvalidShreddedVariant({
      column: context.column,
      reason: 'a shredded object has a value that is not an object',
    });
  }
  const layout = containerLayout(residual, 0);
  for (let k = 0; k < layout.size; k++) {
    const id = readUnsigned(residual, layout.idStart + k * layout.idSize, layout.idSize);
    const offset = readUnsigned(
      residual,
      layout.offsetStart + k * layout.offsetSize,
      layout.offsetSize,
    );
    const key = metadata.key(id);
    if (schema.fields.some((field) => field.name === key)) {
      throw new InvalidShreddedVariant({
        column: context.column,
        reason: `the field "${key}" is both shredded and in the object's value`,
      });
    }
    fields.push({ key, id: builder.addKey(key), offset: builder.writePosition - start });
    builder.appendVariant(residual, metadata, layout.dataStart + offset);
  }
}

/** True when `value` or `typed_value` of the pair is set at `row`. */
function isPresent(data: arrow.Data, schema: ValueSchema, row: number): boolean {
  return (
    (schema.typed !== undefined && data.children[schema.typed.index]!.getValid(row)) ||
    (schema.value !== undefined && data.children[schema.value]!.getValid(row))
  );
}

function appendScalar(
  builder: VariantBuilder,
  data: arrow.Data,
  kind: ScalarKind,
  scale: number,
  row: number,
): void {
  switch (kind) {
    case 'boolean':
      builder.appendBoolean(exactValue(data, row) as boolean);
      return;
    case 'integer':
      builder.appendInteger(exactValue(data, row) as number | bigint);
      return;
    case 'float':
      builder.appendFloat(exactValue(data, row) as number);
      return;
    case 'double':
      builder.appendDouble(exactValue(data, row) as number);
      return;
    case 'decimal':
      builder.appendDecimal(exactValue(data, row) as bigint, scale);
      return;
    case 'date':
      builder.appendDate(exactValue(data, row) as number);
      return;
    case 'timestamp':
    case 'timestamp_ntz':
      builder.appendTimestamp(raw64(data, row), kind === 'timestamp');
      return;
    case 'timestamp_nanos':
    case 'timestamp_ntz_nanos':
      builder.appendTimestamp(raw64(data, row), kind === 'timestamp_nanos', true);
      return;
    case 'time':
      builder.appendTime(raw64(data, row));
      return;
    case 'string':
      builder.appendString(binaryAt(data, row)!);
      return;
    case 'binary':
      builder.appendBinary(binaryAt(data, row)!);
      return;
    case 'uuid':
      builder.appendUuid(exactValue(data, row) as Uint8Array);
      return;
  }
}

/** The 64-bit integer stored at `row` (timestamps and times, in their own unit). */
function raw64(data: arrow.Data, row: number): bigint {
  return BigInt((data.values as ArrayLike<number | bigint>)[row]!);
}

/** The bytes at `row` of a binary or string column (a view, not a copy), or null. */
function binaryAt(data: arrow.Data, row: number): Uint8Array | null {
  if (!data.getValid(row)) return null;
  const offsets = data.valueOffsets as ArrayLike<number | bigint>;
  return (data.values as Uint8Array).subarray(Number(offsets[row]!), Number(offsets[row + 1]!));
}

/** A Binary column of `parts` (null rows hold empty bytes; the struct's validity covers them). */
function binaryData(parts: Uint8Array[]): arrow.Data<arrow.Binary> {
  const offsets = new Int32Array(parts.length + 1);
  let total = 0;
  parts.forEach((part, k) => {
    total += part.length;
    offsets[k + 1] = total;
  });
  const bytes = new Uint8Array(total);
  parts.forEach((part, k) => {
    bytes.set(part, offsets[k]!);
  });
  return arrow.makeData({
    type: new arrow.Binary(),
    length: parts.length,
    nullCount: 0,
    valueOffsets: offsets,
    data: bytes,
  });
}

function findField(fields: readonly arrow.Field[], name: string): number {
  const exact = fields.findIndex((field) => field.name === name);
  if (exact >= 0) return exact;
  const lower = name.toLowerCase();
  return fields.findIndex((field) => field.name.toLowerCase() === lower);
}
