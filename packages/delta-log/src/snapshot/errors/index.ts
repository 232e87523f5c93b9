export { MissingMetadata } from './missing-metadata.js';
export { MissingProtocol } from './missing-protocol.js';
export { TimestampOutOfRange } from './timestamp-out-of-range.js';
