export { TableNotFound } from './table-not-found.js';
export { VersionNotFound } from './version-not-found.js';
