import { InvalidSchema } from '../errors/schema-error.js';
import {
  type DeltaType,
  decimalParts,
  MAX_DECIMAL_PRECISION,
  PRIMITIVE_TYPE_NAMES,
  type StructField,
  type StructType,
} from './delta-type.js';

const primitiveNames = new Set<string>(PRIMITIVE_TYPE_NAMES);

/**
 * Parses and validates Delta schema JSON (the `schemaString` of a metaData action).
 *
 * @throws {InvalidSchema} when the text is not JSON or not a valid Delta struct type.
 */
export function parseSchemaJson(text: string): StructType {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InvalidSchema({ reason: 'the schema is not valid JSON', cause });
  }
  const type = validateType(value, '$');
  if (typeof type === 'string' || type.type !== 'struct') {
    throw new InvalidSchema({ reason: 'a table schema must be a struct type' });
  }
  return type;
}

/** Serializes a schema the way Delta writers do (compact JSON). */
export function schemaToJson(schema: StructType): string {
  return JSON.stringify(schema);
}

/**
 * Validates a decoded JSON value as a Delta type. Unknown primitive names are rejected here;
 * readers that must tolerate newer types (variant…) check the protocol first.
 */
export function validateType(value: unknown, path: string): DeltaType {
  if (typeof value === 'string') {
    if (primitiveNames.has(value)) return value as DeltaType;
    const decimal = decimalParts(value as DeltaType);
    if (decimal) {
      if (
        decimal.precision < 1 ||
        decimal.precision > MAX_DECIMAL_PRECISION ||
        decimal.scale > decimal.precision
      ) {
        throw new InvalidSchema({
          reason: `${path}: ${value} needs 1 <= precision <= 38 and scale <= precision`,
        });
      }
      return `decimal(${decimal.precision},${decimal.scale})`;
    }
    throw new InvalidSchema({ reason: `${path}: unknown type "${value}"` });
  }
  if (typeof value !== 'object' || value === null) {
    throw new InvalidSchema({ reason: `${path}: expected a type name or a type object` });
  }
  const object = value as Record<string, unknown>;
  switch (object.type) {
    case 'struct': {
      if (!Array.isArray(object.fields))
        throw new InvalidSchema({ reason: `${path}: a struct needs "fields"` });
      const names = new Set<string>();
      const fields = object.fields.map((raw, index): StructField => {
        const fieldPath = `${path}.fields[${index}]`;
        if (typeof raw !== 'object' || raw === null)
          throw new InvalidSchema({ reason: `${fieldPath}: expected an object` });
        const f = raw as Record<string, unknown>;
        if (typeof f.name !== 'string')
          throw new InvalidSchema({ reason: `${fieldPath}: "name" must be a string` });
        const lower = f.name.toLowerCase();
        if (names.has(lower))
          throw new InvalidSchema({
            reason: `${path}: duplicate field "${f.name}" (names are case-insensitive)`,
          });
        names.add(lower);
        const metadata = f.metadata === undefined ? {} : f.metadata;
        if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
          throw new InvalidSchema({ reason: `${fieldPath}: "metadata" must be an object` });
        }
        return {
          name: f.name,
          type: validateType(f.type, `${fieldPath}.type`),
          nullable: f.nullable === undefined ? true : Boolean(f.nullable),
          metadata: metadata as Record<string, unknown>,
        };
      });
      return { type: 'struct', fields };
    }
    case 'array':
      return {
        type: 'array',
        elementType: validateType(object.elementType, `${path}.elementType`),
        containsNull: object.containsNull === undefined ? true : Boolean(object.containsNull),
      };
    case 'map':
      return {
        type: 'map',
        keyType: validateType(object.keyType, `${path}.keyType`),
        valueType: validateType(object.valueType, `${path}.valueType`),
        valueContainsNull:
          object.valueContainsNull === undefined ? true : Boolean(object.valueContainsNull),
      };
    default:
      throw new InvalidSchema({ reason: `${path}: unknown type ${JSON.stringify(object.type)}` });
  }
}
