/**
 * A Blob made of a prefix Blob and trailing bytes, read lazily through the parts' own `slice`
 * and `arrayBuffer`. `new Blob([part, …])` cannot be used: it copies parts through internal
 * slots, which a Blob subclass that reads from a file handle does not fill.
 */
export function joinBlob(prefix: Blob, tail: Uint8Array): Blob {
  return new JoinedBlob(prefix, tail, 0, prefix.size + tail.length);
}

class JoinedBlob extends Blob {
  constructor(
    private readonly prefix: Blob,
    private readonly tail: Uint8Array,
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
    const start = this.start + clamp(from);
    return new JoinedBlob(this.prefix, this.tail, start, Math.max(start, this.start + clamp(to)));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const out = new Uint8Array(this.size);
    const split = this.prefix.size;
    if (this.start < split) {
      const head = new Uint8Array(
        await this.prefix.slice(this.start, Math.min(this.end, split)).arrayBuffer(),
      );
      out.set(head, 0);
    }
    if (this.end > split) {
      const from = Math.max(this.start, split) - split;
      out.set(this.tail.subarray(from, this.end - split), Math.max(0, split - this.start));
    }
    return out.buffer;
  }
}
