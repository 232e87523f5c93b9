import type { FileHandle } from 'node:fs/promises';

/**
 * A Blob over a byte range of an open file that reads with positioned `FileHandle.read` calls.
 * parquet-wasm asks its source for many small ranges (footer, column chunks); Node's own
 * `fs.openAsBlob` serves each through a stream and is several times slower at it.
 */
export function fileHandleBlob(handle: FileHandle, start: number, end: number): Blob {
  return new FileRangeBlob(handle, start, end);
}

class FileRangeBlob extends Blob {
  constructor(
    private readonly handle: FileHandle,
    private readonly start: number,
    private readonly end: number,
  ) {
    super([]);
  }

  // @ts-expect-error Blob declares `size` as a property; an accessor is what a subclass can give.
  override get size(): number {
    return this.end - this.start;
  }

  override slice(from = 0, to: number = this.size): Blob {
    const length = this.size;
    const clamp = (value: number) =>
      Math.max(0, Math.min(length, value < 0 ? length + value : value));
    return new FileRangeBlob(
      this.handle,
      this.start + clamp(from),
      this.start + Math.max(clamp(from), clamp(to)),
    );
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await this.handle.read(bytes, at, bytes.length - at, this.start + at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.buffer;
  }
}
