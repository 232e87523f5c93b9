/**
 * Delta's data types, in the very shape of the schema JSON of the Delta protocol
 * ("Schema Serialization Format" in PROTOCOL.md), so that the codec is a validation, not a mapping.
 */

/** The primitive type names of Delta. */
export const PRIMITIVE_TYPE_NAMES = [
  'boolean',
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'string',
  'binary',
  'date',
  'timestamp',
  'timestamp_ntz',
  // Semi-structured values (table feature variantType): Parquet holds them as a struct of two
  // binaries, metadata and value, in the Variant binary encoding.
  'variant',
] as const;

/** A primitive Delta type name, such as `long` or `timestamp_ntz`. */
export type PrimitiveTypeName = (typeof PRIMITIVE_TYPE_NAMES)[number];

/** A decimal type written as Delta writes it: `decimal(precision,scale)`. */
export type DecimalTypeName = `decimal(${number},${number})`;

/** One field of a struct, with Delta's field metadata (column mapping ids, comments, invariants…). */
export interface StructField {
  name: string;
  type: DeltaType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

/** A struct; the schema of a table is a struct. */
export interface StructType {
  type: 'struct';
  fields: StructField[];
}

/** An array of one element type. */
export interface ArrayType {
  type: 'array';
  elementType: DeltaType;
  containsNull: boolean;
}

/** A map from keys of one type to values of another. Keys are never null. */
export interface MapType {
  type: 'map';
  keyType: DeltaType;
  valueType: DeltaType;
  valueContainsNull: boolean;
}

/** Any Delta data type. */
export type DeltaType = PrimitiveTypeName | DecimalTypeName | StructType | ArrayType | MapType;

/** Largest decimal precision Delta allows. */
export const MAX_DECIMAL_PRECISION = 38;

const decimalPattern = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;

/** The precision and scale of a decimal type name, or undefined for other types. */
export function decimalParts(type: DeltaType): { precision: number; scale: number } | undefined {
  if (typeof type !== 'string') return undefined;
  const match = decimalPattern.exec(type);
  if (!match) return undefined;
  return { precision: Number(match[1]), scale: Number(match[2]) };
}

/** Builds `decimal(p,s)`. */
export function decimalType(precision: number, scale: number): DecimalTypeName {
  return `decimal(${precision},${scale})`;
}

/** True for the primitive names and decimals. */
export function isPrimitive(type: DeltaType): type is PrimitiveTypeName | DecimalTypeName {
  return typeof type === 'string';
}

/** Builds a struct field; nullable by default, as in Spark. */
export function field(
  name: string,
  type: DeltaType,
  nullable = true,
  metadata: Record<string, unknown> = {},
): StructField {
  return { name, type, nullable, metadata };
}

/** Builds a struct type. */
export function struct(fields: StructField[]): StructType {
  return { type: 'struct', fields };
}

/** Renders a type as Spark's DDL spells it (`ARRAY<STRUCT<a: INT>>`), for messages and the CLI. */
export function typeToDdl(type: DeltaType): string {
  if (typeof type === 'string') {
    switch (type) {
      case 'integer':
        return 'INT';
      case 'byte':
        return 'TINYINT';
      case 'short':
        return 'SMALLINT';
      case 'long':
        return 'BIGINT';
      default:
        return type.toUpperCase().replace(/\s+/g, '');
    }
  }
  switch (type.type) {
    case 'struct':
      return `STRUCT<${type.fields.map((f) => `${quoteIdentifier(f.name)}: ${typeToDdl(f.type)}${f.nullable ? '' : ' NOT NULL'}`).join(', ')}>`;
    case 'array':
      return `ARRAY<${typeToDdl(type.elementType)}>`;
    case 'map':
      return `MAP<${typeToDdl(type.keyType)}, ${typeToDdl(type.valueType)}>`;
  }
}

/** Renders a table schema as a DDL column list: `id BIGINT NOT NULL, name STRING`. */
export function schemaToDdl(schema: StructType): string {
  return schema.fields
    .map((f) => `${quoteIdentifier(f.name)} ${typeToDdl(f.type)}${f.nullable ? '' : ' NOT NULL'}`)
    .join(', ');
}

function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}
