/**
 * Bytes already in memory as a `Blob`, for parquet-wasm's async (projecting) reader, which
 * reads its file through `size`, `slice` and `arrayBuffer` only. `new Blob([bytes])` copies the
 * bytes in, and Node then serves each range through a stream of chunks joined again: reading a
 * projection of a 25 MiB Delta checkpoint spent more time there than decoding. Here a range is
 * one copy of the bytes it spans (parquet-wasm takes ownership of what it is given).
 */
export function bytesBlob(bytes: Uint8Array): Blob {
  return new BytesBlob(bytes);
}

class BytesBlob extends Blob {
  constructor(private readonly content: Uint8Array) {
    super([]);
  }

  // @ts-expect-error Blob declares `size` as a property; an accessor is what a subclass can give.
  override get size(): number {
    return this.content.byteLength;
  }

  override slice(from = 0, to: number = this.size): Blob {
    const length = this.size;
    const clamp = (value: number) =>
      Math.max(0, Math.min(length, value < 0 ? length + value : value));
    const start = clamp(from);
    return new BytesBlob(this.content.subarray(start, Math.max(start, clamp(to))));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.content.slice().buffer;
  }
}
