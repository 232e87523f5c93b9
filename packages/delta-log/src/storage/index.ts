export { FileAlreadyExists, FileNotFound, InvalidPath } from './errors.js';
export { LocalStorage } from './local-storage.js';
export { MemoryStorage } from './memory-storage.js';
export type { ByteRange, FileInfo, ListOptions, Storage, WriteOptions } from './storage.js';
