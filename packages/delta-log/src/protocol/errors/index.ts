export { CorruptLog } from './corrupt-log.js';
export { InvalidTableProperty } from './invalid-table-property.js';
export { PathOutsideTable } from './path-outside-table.js';
export { ProtocolNotSupported } from './protocol-not-supported.js';
export { WriteNotSupported } from './write-not-supported.js';
