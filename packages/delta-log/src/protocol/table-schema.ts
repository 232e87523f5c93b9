import { InvalidSchema, parseSchemaJson, SiltError, type StructType } from '@silt/parquet-io';
import { CorruptLog } from './errors/corrupt-log.js';
import { ProtocolNotSupported } from './errors/protocol-not-supported.js';

/**
 * Type names of the Delta protocol that Silt cannot read yet, with the table feature that brings
 * each. None today: `variant` (variantType) is read, shredded or not (variantShredding).
 */
const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {};

/**
 * Parses a table schema (`metaData.schemaString`). Unknown field metadata is kept as written.
 * A column of a type Silt cannot read yet (see `UNSUPPORTED_TYPES`; none today) makes the table
 * unreadable: it is refused with {@link ProtocolNotSupported}, even when the protocol fails to
 * list the feature.
 *
 * @param schemaString the Delta schema JSON.
 * @param options.readerVersion the table's reader version, for the error; default 3.
 * @param options.file the log file the metaData came from, for errors.
 * @throws {ProtocolNotSupported} for a column of a type in `UNSUPPORTED_TYPES`.
 * @throws {CorruptLog} when the schema is not valid Delta schema JSON.
 */
export function parseTableSchema(
  schemaString: string,
  options: { readerVersion?: number; file?: string } = {},
): StructType {
  let raw: unknown;
  try {
    raw = JSON.parse(schemaString);
  } catch (cause) {
    throw new CorruptLog({
      file: options.file,
      reason: 'the table schema (metaData.schemaString) is not valid JSON',
      cause,
    });
  }
  const unsupported = new Set<string>();
  collectUnsupportedTypes(raw, unsupported);
  if (unsupported.size > 0) {
    const features = [...unsupported].map((type) => UNSUPPORTED_TYPES[type]!);
    throw new ProtocolNotSupported({
      readerVersion: options.readerVersion ?? 3,
      features,
      reason: `the column type${unsupported.size === 1 ? '' : 's'} ${[...unsupported].join(', ')} (table feature ${features.join(', ')})`,
    });
  }
  try {
    return parseSchemaJson(schemaString);
  } catch (cause) {
    if (SiltError.hasCode(cause, InvalidSchema.code)) {
      throw new CorruptLog({
        file: options.file,
        reason: `the table schema (metaData.schemaString) is invalid: ${cause.message}`,
        cause,
      });
    }
    throw cause;
  }
}

/** Walks a schema JSON type (struct, array, map or a type name) and collects unsupported type names. */
function collectUnsupportedTypes(type: unknown, found: Set<string>): void {
  if (typeof type === 'string') {
    if (type in UNSUPPORTED_TYPES) found.add(type);
    return;
  }
  if (typeof type !== 'object' || type === null) return;
  const object = type as Record<string, unknown>;
  switch (object.type) {
    case 'struct':
      if (Array.isArray(object.fields)) {
        for (const field of object.fields) {
          if (typeof field === 'object' && field !== null)
            collectUnsupportedTypes((field as Record<string, unknown>).type, found);
        }
      }
      return;
    case 'array':
      collectUnsupportedTypes(object.elementType, found);
      return;
    case 'map':
      collectUnsupportedTypes(object.keyType, found);
      collectUnsupportedTypes(object.valueType, found);
      return;
    default:
      // A type object naming a type by its "type" key ({ "type": "variant" }).
      collectUnsupportedTypes(object.type, found);
  }
}
