export { ConstraintViolation } from './constraint-violation.js';
export { MergeCardinalityViolation } from './merge-cardinality-violation.js';
export { SchemaMismatch } from './schema-mismatch.js';
export { TableAlreadyExists } from './table-already-exists.js';
