import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base, en, Faker } from '@faker-js/faker';
import { lakePaths } from '../lake.js';

/** What the generator writes. */
export interface GenerateOptions {
  /** Folder for the CSV files. */
  folder: string;
  files?: number;
  rowsPerFile?: number;
  /** Share of rows that repeat an earlier order, in the same file or an earlier one. */
  duplicateShare?: number;
  /** Malformed rows per file (bronze keeps them, rescued; silver drops them). */
  malformedPerFile?: number;
  seed?: number;
}

export interface GenerateResult {
  files: string[];
  rows: number;
  duplicates: number;
  malformed: number;
  distinctOrders: number;
}

const header = 'order_id,customer,email,country,product,quantity,unit_price,ordered_at';

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes fictional raw order files, seeded so every run writes the same bytes. Duplicates are
 * exact repeats of earlier rows (as a retrying upstream produces them); malformed rows have an
 * unparsable quantity or price.
 */
export async function generateRawOrders(options: GenerateOptions): Promise<GenerateResult> {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(options.seed ?? 42);
  const files = options.files ?? 5;
  const rowsPerFile = options.rowsPerFile ?? 2_000;
  const duplicateShare = options.duplicateShare ?? 0.05;
  const malformedPerFile = options.malformedPerFile ?? 3;
  await rm(options.folder, { recursive: true, force: true });
  await mkdir(options.folder, { recursive: true });
  const customers = Array.from({ length: 300 }, () => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    return {
      name: `${first} ${last}`,
      email: faker.internet.email({ firstName: first, lastName: last }).toLowerCase(),
      country: faker.location.countryCode(),
    };
  });
  const products = Array.from({ length: 40 }, () => ({
    name: faker.commerce.productName(),
    price: faker.commerce.price({ min: 1, max: 500, dec: 2 }),
  }));
  const written: string[] = [];
  const history: string[] = [];
  let nextOrder = 1;
  let duplicates = 0;
  let malformed = 0;
  const start = Date.UTC(2026, 9, 1);
  for (let file = 0; file < files; file++) {
    const lines = [header];
    for (let row = 0; row < rowsPerFile; row++) {
      if (history.length > 0 && faker.number.float() < duplicateShare) {
        lines.push(faker.helpers.arrayElement(history));
        duplicates++;
        continue;
      }
      const customer = faker.helpers.arrayElement(customers);
      const product = faker.helpers.arrayElement(products);
      const at = new Date(
        start + (file * rowsPerFile + row) * 60_000 + faker.number.int({ min: 0, max: 59_999 }),
      );
      const line = [
        String(nextOrder++),
        customer.name,
        customer.email,
        customer.country,
        product.name,
        String(faker.number.int({ min: 1, max: 5 })),
        product.price,
        at.toISOString(),
      ]
        .map(csvField)
        .join(',');
      lines.push(line);
      history.push(line);
    }
    for (let k = 0; k < malformedPerFile; k++) {
      const customer = faker.helpers.arrayElement(customers);
      lines.push(
        [
          String(nextOrder++),
          customer.name,
          customer.email,
          customer.country,
          'Gift card',
          k % 2 === 0 ? 'three' : '2',
          k % 2 === 0 ? '10.00' : '12,5O',
          new Date(start).toISOString(),
        ]
          .map(csvField)
          .join(','),
      );
      malformed++;
    }
    const path = join(options.folder, `orders-${String(file + 1).padStart(4, '0')}.csv`);
    await writeFile(path, `${lines.join('\n')}\n`);
    written.push(path);
  }
  return {
    files: written,
    rows: files * rowsPerFile + malformed,
    duplicates,
    malformed,
    distinctOrders: history.length,
  };
}

/** The demo's first step: raw CSV files in `lake/raw/orders`. */
export async function runGenerateStep(): Promise<void> {
  const { raw } = lakePaths();
  const result = await generateRawOrders({ folder: raw });
  console.log(`generate: wrote ${result.files.length} CSV files to ${raw}`);
  console.log(
    `          ${result.rows} rows: ${result.distinctOrders} distinct orders, ${result.duplicates} duplicates, ${result.malformed} malformed`,
  );
}
