/**
 * Z85 (ZeroMQ's Base85, https://rfc.zeromq.org/spec/32/) as Delta uses it: groups of 4 bytes,
 * big-endian, become 5 characters. Delta pads input that is not a multiple of 4 bytes with zeros
 * and records the true length elsewhere (`sizeInBytes`), so decoding takes an output length.
 */

const ALPHABET =
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

const DIGITS = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let index = 0; index < ALPHABET.length; index++) table[ALPHABET.charCodeAt(index)] = index;
  return table;
})();

/**
 * Decodes Z85 text. `outputLength` drops the zero padding that encoding added (default: every
 * decoded byte).
 *
 * @throws {RangeError} when the text is not a multiple of 5 characters, holds a character outside
 * the Z85 alphabet, encodes a group above 2^32 - 1, or is shorter than `outputLength`.
 */
export function decodeZ85(text: string, outputLength?: number): Uint8Array {
  if (text.length % 5 !== 0) {
    throw new RangeError(`Z85 text must be a multiple of 5 characters, got ${text.length}`);
  }
  const decoded = new Uint8Array((text.length / 5) * 4);
  for (let group = 0; group < text.length / 5; group++) {
    let value = 0;
    for (let k = 0; k < 5; k++) {
      const code = text.charCodeAt(group * 5 + k);
      const digit = code < 128 ? DIGITS[code]! : -1;
      if (digit < 0) throw new RangeError(`"${text[group * 5 + k]}" is not a Z85 character`);
      value = value * 85 + digit;
    }
    // Five digits reach 85^5 - 1 > 2^32 - 1: such a group encodes no 4 bytes.
    if (value > 0xffffffff) throw new RangeError(`Z85 group ${group} exceeds 32 bits`);
    decoded[group * 4] = value >>> 24;
    decoded[group * 4 + 1] = (value >>> 16) & 0xff;
    decoded[group * 4 + 2] = (value >>> 8) & 0xff;
    decoded[group * 4 + 3] = value & 0xff;
  }
  if (outputLength === undefined) return decoded;
  if (outputLength > decoded.length) {
    throw new RangeError(
      `Z85 text holds ${decoded.length} bytes, fewer than the ${outputLength} expected`,
    );
  }
  return decoded.subarray(0, outputLength);
}

/** Encodes bytes as Z85, padding them with zeros to a multiple of 4 bytes first (as Delta does). */
export function encodeZ85(bytes: Uint8Array): string {
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  let text = '';
  for (let at = 0; at < padded.length; at += 4) {
    let value =
      ((padded[at]! << 24) | (padded[at + 1]! << 16) | (padded[at + 2]! << 8) | padded[at + 3]!) >>>
      0;
    const digits = new Array<string>(5);
    for (let k = 4; k >= 0; k--) {
      digits[k] = ALPHABET[value % 85]!;
      value = Math.floor(value / 85);
    }
    text += digits.join('');
  }
  return text;
}
