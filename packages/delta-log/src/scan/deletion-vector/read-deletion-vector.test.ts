import { describe, expect, it } from 'vitest';
import type { DeletionVectorDescriptor } from '../../protocol/actions.js';
import { MemoryStorage } from '../../storage/memory-storage.js';
import { commitActions, conformanceTable } from '../test-support/conformance.js';
import { pyroaring } from '../test-support/pyroaring.js';
import { encodeDeletionVectorData, encodeDeletionVectorFile } from './deletion-vector-format.js';
import { deletionVectorPath } from './deletion-vector-path.js';
import { InvalidDeletionVector } from './invalid-deletion-vector.js';
import { readDeletionVector } from './read-deletion-vector.js';
import { rowIndexSetOf } from './roaring-writer.js';
import { encodeZ85 } from './z85.js';

const DV_UUID = 'vBn[lx{q8@P<9BNH/isA';
const DV_FILE = 'deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin';

/** A table in memory holding one DV file with the given sets. */
async function tableWith(sets: number[][]) {
  const storage = new MemoryStorage();
  const file = encodeDeletionVectorFile(sets.map(rowIndexSetOf));
  await storage.write(DV_FILE, file.bytes);
  const descriptors = file.entries.map(
    (entry): DeletionVectorDescriptor => ({ storageType: 'u', pathOrInlineDv: DV_UUID, ...entry }),
  );
  return { storage, bytes: file.bytes, descriptors };
}

describe('readDeletionVector', () => {
  it('decodes an inline deletion vector (delta-kernel-rs example: rows 3, 4, 7, 11, 18, 29)', async () => {
    const deleted = await readDeletionVector(new MemoryStorage(), {
      storageType: 'i',
      pathOrInlineDv: '^Bg9^0rr910000000000iXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L',
      sizeInBytes: 44,
      cardinality: 6,
    });
    expect([...deleted.values()]).toEqual([3, 4, 7, 11, 18, 29]);
  });

  it('round-trips an inline deletion vector whose size is not a multiple of 4', async () => {
    const data = encodeDeletionVectorData(rowIndexSetOf([1, 2, 3, 99]));
    const deleted = await readDeletionVector(new MemoryStorage(), {
      storageType: 'i',
      pathOrInlineDv: encodeZ85(data),
      sizeInBytes: data.length,
      cardinality: 4,
    });
    expect([...deleted.values()]).toEqual([1, 2, 3, 99]);
  });

  it('refuses the inline example of PROTOCOL.md, which is not in the portable format', async () => {
    const reading = readDeletionVector(new MemoryStorage(), {
      storageType: 'i',
      pathOrInlineDv: 'wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L',
      sizeInBytes: 40,
      cardinality: 6,
    });
    await expect(reading).rejects.toThrow(/magic number is 3503503716/);
  });

  it('reads each of several deletion vectors of one file at its offset', async () => {
    const sets = [[0, 9], [], [5, 6, 7, 2 ** 32], Array.from({ length: 5000 }, (_, k) => k * 3)];
    const { storage, descriptors } = await tableWith(sets);
    for (const [k, descriptor] of descriptors.entries()) {
      expect([...(await readDeletionVector(storage, descriptor)).values()]).toEqual(sets[k]);
    }
  });

  describe('refuses a damaged deletion vector', () => {
    type Damage = (
      bytes: Uint8Array,
      descriptor: DeletionVectorDescriptor,
    ) => DeletionVectorDescriptor | undefined;
    const cases: [string, Damage, RegExp][] = [
      [
        'with a flipped bit in its data',
        (bytes) => {
          bytes[12]! ^= 0x10;
          return undefined;
        },
        /CRC-32 checksum/,
      ],
      [
        'with a wrong checksum',
        (bytes) => {
          bytes[bytes.length - 1]! ^= 0xff;
          return undefined;
        },
        /CRC-32 checksum/,
      ],
      [
        'of another file format version',
        (bytes) => {
          bytes[0] = 2;
          return undefined;
        },
        /format version is 2/,
      ],
      [
        'whose descriptor has another size',
        (_, d) => ({ ...d, sizeInBytes: d.sizeInBytes - 1 }),
        /sizeInBytes/,
      ],
      [
        'whose descriptor has another cardinality',
        (_, d) => ({ ...d, cardinality: 3 }),
        /deletes 2 rows but .* cardinality 3/,
      ],
      ['that the file ends inside', (_, d) => ({ ...d, offset: 3 }), /ends .* before the end/],
      ['with an offset inside the version byte', (_, d) => ({ ...d, offset: 0 }), /do not locate/],
    ];
    it.each(cases)('%s', async (_, damage, message) => {
      const { storage, bytes, descriptors } = await tableWith([[0, 9]]);
      const descriptor = damage(bytes, descriptors[0]!) ?? descriptors[0]!;
      await storage.write(DV_FILE, bytes);
      const reading = readDeletionVector(storage, descriptor);
      await expect(reading).rejects.toThrow(InvalidDeletionVector);
      await expect(readDeletionVector(storage, descriptor)).rejects.toThrow(message);
    });

    it('whose file is missing', async () => {
      const { descriptors } = await tableWith([[1]]);
      await expect(readDeletionVector(new MemoryStorage(), descriptors[0]!)).rejects.toThrow(
        /File not found/,
      );
    });
  });
});

/** Every distinct DV descriptor (of add and remove actions) in a conformance table's commits. */
async function descriptorsOf(table: string): Promise<DeletionVectorDescriptor[]> {
  const found = new Map<string, DeletionVectorDescriptor>();
  for (const action of await commitActions(conformanceTable(table))) {
    const file = (action.add ?? action.remove) as
      | { deletionVector?: DeletionVectorDescriptor }
      | undefined;
    const descriptor = file?.deletionVector;
    if (descriptor) found.set(JSON.stringify(descriptor), descriptor);
  }
  return [...found.values()];
}

describe('deletion vectors of real tables', () => {
  const tables = [
    'golden/dv-partitioned-with-checkpoint',
    'golden/dv-with-columnmapping',
    'delta-rs/table-with-dv-small',
    'delta-rs/table_with_deletion_logs',
    'delta-rs/cdf-table-with-cdc-and-dvs',
  ];

  it.each(tables)(
    '%s: every deletion vector matches its cardinality and pyroaring',
    async (table) => {
      const storage = conformanceTable(table);
      const descriptors = await descriptorsOf(table);
      expect(descriptors.length).toBeGreaterThan(0);
      const ours: number[][] = [];
      const raw: Uint8Array[] = [];
      for (const descriptor of descriptors) {
        // readDeletionVector checks the checksum and that the rows add up to the cardinality.
        const deleted = await readDeletionVector(storage, descriptor);
        expect(deleted.cardinality).toBe(descriptor.cardinality);
        ours.push([...deleted.values()]);
        const offset = descriptor.offset ?? 1;
        const bytes = await storage.read(deletionVectorPath(descriptor), {
          start: offset + 8,
          end: offset + 4 + descriptor.sizeInBytes,
        });
        raw.push(bytes);
      }
      const { decoded } = await pyroaring({ decode: raw });
      expect(ours).toEqual(decoded);
    },
  );

  it('delta-rs/table-with-dv-small deletes rows 0 and 9', async () => {
    const [descriptor] = await descriptorsOf('delta-rs/table-with-dv-small');
    const deleted = await readDeletionVector(
      conformanceTable('delta-rs/table-with-dv-small'),
      descriptor!,
    );
    expect([...deleted.values()]).toEqual([0, 9]);
  });
});
