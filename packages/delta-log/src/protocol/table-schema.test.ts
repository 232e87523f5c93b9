import { describe, expect, it } from 'vitest';
import { CorruptLog } from './errors/corrupt-log.js';
import { parseTableSchema } from './table-schema.js';

const schemaWith = (type: unknown, metadata: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'struct',
    fields: [
      { name: 'id', type: 'long', nullable: true, metadata: {} },
      { name: 'v', type, nullable: true, metadata },
    ],
  });

describe('parseTableSchema', () => {
  it('keeps field metadata it does not know as written', () => {
    const metadata = {
      'delta.columnMapping.id': 4,
      'delta.identity.start': 1,
      'some.tool': { nested: [true] },
    };
    const schema = parseTableSchema(schemaWith('string', metadata));
    expect(schema.fields[1]).toEqual({ name: 'v', type: 'string', nullable: true, metadata });
  });

  it.each([
    ['a variant column', 'variant'],
    ['a variant array element', { type: 'array', elementType: 'variant', containsNull: true }],
    [
      'a variant map value',
      { type: 'map', keyType: 'string', valueType: 'variant', valueContainsNull: true },
    ],
  ])(
    'reads a table with %s (variants are read as their metadata and value binaries)',
    (_case, type) => {
      expect(parseTableSchema(schemaWith(type)).fields[1]!.type).toEqual(type);
    },
  );

  it.each([
    ['not JSON', '{"type":'],
    ['not a struct', '"long"'],
    ['an unknown type', schemaWith('uuid')],
  ])('refuses a schema that is %s with CorruptLog naming the file', (_case, text) => {
    expect(() => parseTableSchema(text, { file: '_delta_log/00000000000000000000.json' })).toThrow(
      CorruptLog,
    );
    expect(() => parseTableSchema(text, { file: '_delta_log/00000000000000000000.json' })).toThrow(
      /00000000000000000000\.json/,
    );
  });
});
