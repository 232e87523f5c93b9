import { fileURLToPath } from 'node:url';
import { InvalidPath } from './errors.js';
import { LocalStorage } from './local-storage.js';
import type { Storage } from './storage.js';

/** A table location: a local path, a `file://` URL, or any `Storage`. */
export type StorageLocation = string | URL | Storage;

/**
 * The storage of a table location. Local paths and `file://` URLs get a `LocalStorage`; other
 * schemes need a `Storage` passed in (object stores plug in through the interface).
 *
 * @throws {InvalidPath} for a URL scheme Silt has no storage for.
 */
export function storageFor(location: StorageLocation): Storage {
  if (typeof location !== 'string' && !(location instanceof URL)) return location;
  const text = String(location);
  if (text.startsWith('file:')) return new LocalStorage(fileURLToPath(text));
  if (/^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(text)) {
    throw new InvalidPath({
      path: text,
      reason: 'Silt has no storage for this URL scheme yet; pass a Storage for it, or a local path',
    });
  }
  return new LocalStorage(text);
}
