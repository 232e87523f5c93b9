export { ChangeDataNotRecorded } from './change-data-not-recorded.js';
export { InvalidChangeRange } from './invalid-change-range.js';
