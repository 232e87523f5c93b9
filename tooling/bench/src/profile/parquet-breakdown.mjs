#!/usr/bin/env node
// Where does @silt/parquet-io's Parquet time go? Times each stage of its write and read paths
// separately on the `parquet` benchmark's data, next to pyarrow variants, and prints a table.
//
//   node --expose-gc src/profile/parquet-breakdown.mjs [--rows N] [--repeat N]
//
// It reaches into parquet-io's build (dist/wasm/parquet-wasm.js, for the very parquet-wasm
// instance the package uses) to time the stages one by one: a diagnostic, not a benchmark of
// the public API (which `run.mjs parquet` is).
import { mkdirSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readParquetFile, readParquetFileBatches, writeParquetFile } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { primitivesTable } from '../lib/datasets.mjs';
import { median } from '../lib/measure.mjs';
import { PythonWorker } from '../lib/python-worker.mjs';
import { formatMs, terminalTable } from '../lib/report.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a, k) => !(k === 0 && a === '--')),
  options: {
    rows: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '5' },
  },
});
const rows = Number(values.rows);
const repeat = Number(values.repeat);

const parquetIoDist = dirname(fileURLToPath(import.meta.resolve('@silt/parquet-io')));
const internals = await import(pathToFileURL(join(parquetIoDist, 'wasm', 'parquet-wasm.js')).href);
const { wasm, takeTable, takeRecordBatch } = internals;

/** The whole file in one positioned read (Node's file-backed Blob reads it far slower). */
async function readWhole(path) {
  const handle = await open(path);
  try {
    const bytes = new Uint8Array((await handle.stat()).size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** A Blob whose byte ranges come from positioned FileHandle reads; parquet-wasm only slices it. */
function handleBlob(handle, start, end) {
  return new (class extends Blob {
    get size() {
      return end - start;
    }
    slice(from = 0, to = end - start) {
      return handleBlob(handle, start + from, start + Math.min(to, end - start));
    }
    async arrayBuffer() {
      const bytes = new Uint8Array(end - start);
      let at = 0;
      while (at < bytes.length) {
        const { bytesRead } = await handle.read(bytes, at, bytes.length - at, start + at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return bytes.buffer;
    }
  })();
}

const dir = join(tmpdir(), `silt-bench-profile-${process.pid}`);
mkdirSync(dir, { recursive: true });
const siltFile = join(dir, 'silt.parquet');
const pyFile = join(dir, 'pyarrow.parquet');

const table = primitivesTable({ rows, seed: 42 });
writeFileSync(join(dir, 'source.arrow'), arrow.tableToIPC(table, 'file'));

async function time(fn, setup) {
  const seconds = [];
  for (let k = 0; k <= repeat; k++) {
    const input = setup ? await setup() : undefined;
    globalThis.gc?.();
    const start = performance.now();
    await fn(input);
    if (k > 0) seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
}

function properties({
  codec = wasm.Compression.SNAPPY,
  dictionary = true,
  statistics = wasm.EnabledStatistics.Page,
} = {}) {
  return new wasm.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(1024 * 1024)
    .setDictionaryEnabled(dictionary)
    .setStatisticsEnabled(statistics)
    .build();
}

const rowsOut = [];
const add = (stage, seconds, note = '') => {
  rowsOut.push([stage, formatMs(seconds), note]);
  console.log(`  ${stage}: ${formatMs(seconds)}`);
};

const python = await PythonWorker.start('bench_worker.py');
try {
  await python.request('load_ipc', { path: join(dir, 'source.arrow'), name: 'source' });
  const py = async (op, args) => {
    const s = [];
    for (let k = 0; k <= repeat; k++) {
      const answer = await python.request(op, args);
      if (k > 0) s.push(answer.seconds);
    }
    return median(s);
  };

  console.log(`profile: ${rows} rows, median of ${repeat} after 1 warm-up`);
  // ---- write path: writeParquetFile = tableToIPC -> Table.fromIPCStream -> writeParquet -> fs write
  const ipc = arrow.tableToIPC(table, 'stream');
  add(
    'write: whole writeParquetFile (snappy)',
    await time(() => writeParquetFile(siltFile, table)),
  );
  add(
    'write 1: arrow.tableToIPC(table, "stream") (JS)',
    await time(() => arrow.tableToIPC(table, 'stream')),
    `${(ipc.length / 2 ** 20).toFixed(1)} MiB`,
  );
  add(
    'write 2: wasm.Table.fromIPCStream (copy into wasm + IPC decode)',
    await time(() => wasm.Table.fromIPCStream(ipc).free()),
  );
  const encode = (options) =>
    time(
      (wasmTable) => wasm.writeParquet(wasmTable, properties(options)),
      () => wasm.Table.fromIPCStream(ipc),
    );
  const encoded = wasm.writeParquet(wasm.Table.fromIPCStream(ipc), properties());
  add('write 3: wasm.writeParquet, snappy + dictionary + page stats', await encode({}));
  add('write 3b: same, uncompressed', await encode({ codec: wasm.Compression.UNCOMPRESSED }));
  add('write 3c: same, dictionary off', await encode({ dictionary: false }));
  add('write 3d: same, statistics off', await encode({ statistics: wasm.EnabledStatistics.None }));
  add(
    'write 3e: snappy, dictionary off, chunk stats',
    await encode({ dictionary: false, statistics: wasm.EnabledStatistics.Chunk }),
  );
  add(
    'write 4: fs.writeFileSync of the encoded bytes',
    await time(() => writeFileSync(join(dir, 'x.parquet'), encoded)),
  );
  add(
    'pyarrow write (snappy, defaults)',
    await py('write_parquet', { table: 'source', path: pyFile }),
  );
  add(
    'pyarrow write, uncompressed',
    await py('write_parquet', {
      table: 'source',
      path: join(dir, 'py2.parquet'),
      compression: 'none',
    }),
  );
  add(
    'pyarrow write, dictionary off',
    await py('write_parquet', {
      table: 'source',
      path: join(dir, 'py2.parquet'),
      options: { use_dictionary: false },
    }),
  );
  add(
    'pyarrow write, page index on',
    await py('write_parquet', {
      table: 'source',
      path: join(dir, 'py2.parquet'),
      options: { write_page_index: true },
    }),
  );

  // ---- read path: readParquetFile = openAsBlob -> ParquetFile.fromFile -> read -> takeTable (FFI copy out)
  writeFileSync(siltFile, encoded);
  add('read: whole readParquetFile', await time(() => readParquetFile(siltFile)));
  add(
    'read: whole readParquetFileBatches (drained)',
    await time(async () => {
      for await (const _ of readParquetFileBatches(siltFile));
    }),
  );
  add(
    'read 1: openAsBlob + ParquetFile.fromFile (footer)',
    await time(async () => (await wasm.ParquetFile.fromFile(await openAsBlob(siltFile))).free()),
  );
  add(
    'read 2: ParquetFile.read() -> wasm Table (byte ranges + decode)',
    await time(
      async (file) => {
        (await file.read({ batchSize: 65_536 })).free();
        file.free();
      },
      async () => wasm.ParquetFile.fromFile(await openAsBlob(siltFile)),
    ),
  );
  const bytes = readFileSync(siltFile);
  add(
    'read 2b: wasm.readParquet(bytes in memory) -> wasm Table',
    await time(() => wasm.readParquet(bytes, { batchSize: 65_536 }).free()),
  );
  add(
    'read 2c: wasm.readParquet, batchSize 1M (one batch)',
    await time(() => wasm.readParquet(bytes, { batchSize: 1 << 20 }).free()),
  );
  add(
    'read 3: takeTable (intoFFI + arrow-js-ffi parseTable, copy out)',
    await time(
      (wasmTable) => takeTable(wasmTable),
      () => wasm.readParquet(bytes, { batchSize: 65_536 }),
    ),
  );
  add(
    'read I/O: openAsBlob(file).arrayBuffer() (what ParquetFile.fromFile pulls)',
    await time(async () => (await openAsBlob(siltFile)).arrayBuffer()),
  );
  add(
    'read I/O: FileHandle.read of the whole file into a new buffer',
    await time(() => readWhole(siltFile)),
  );
  add(
    'what-if read: FileHandle.read + wasm.readParquet (sync) + takeTable',
    await time(async () =>
      takeTable(wasm.readParquet(await readWhole(siltFile), { batchSize: 65_536 })),
    ),
  );
  add(
    'what-if stream: ParquetFile over a FileHandle-backed Blob, drained',
    await time(async () => {
      const handle = await open(siltFile);
      try {
        const file = await wasm.ParquetFile.fromFile(
          handleBlob(handle, 0, (await handle.stat()).size),
        );
        const reader = (await file.stream({ batchSize: 65_536 })).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          takeRecordBatch(value);
        }
        file.free();
      } finally {
        await handle.close();
      }
    }),
  );
  add('pyarrow read_table (threads)', await py('read_parquet', { path: siltFile }));
  add(
    'pyarrow read_table (use_threads=False)',
    await py('read_parquet', { path: siltFile, use_threads: false }),
  );
  add(
    'pyarrow iter_batches (use_threads=False)',
    await py('stream_parquet', { path: siltFile, use_threads: false }),
  );

  console.log('');
  console.log(terminalTable(['stage', 'median', 'note'], rowsOut, ['left', 'right', 'left']));
} finally {
  await python.close();
  rmSync(dir, { recursive: true, force: true });
}
