import { SiltError } from '@silt/parquet-io';

/** The conditions under which a concurrent commit invalidates this transaction (Spark's names). */
export type ConflictKind =
  | 'ConcurrentAppend'
  | 'ConcurrentDeleteRead'
  | 'ConcurrentDeleteDelete'
  | 'MetadataChanged'
  | 'ProtocolChanged'
  | 'ConcurrentTransaction';

const ADVICE: Record<ConflictKind, string> = {
  ConcurrentAppend:
    'added files in the data this transaction read. Run the operation again on the new version (or make the condition select only partitions no one else writes).',
  ConcurrentDeleteRead:
    'removed a file this transaction read. Run the operation again on the new version.',
  ConcurrentDeleteDelete:
    'removed a file this transaction also removes. Run the operation again on the new version.',
  MetadataChanged:
    'changed the table metadata (schema, partitioning or properties). Run the operation again on the new version.',
  ProtocolChanged:
    'changed the table protocol (or created the table at the same time). Run the operation again on the new version.',
  ConcurrentTransaction:
    'committed for the same application id (txn). Check which of the two runs should win before retrying.',
};

/**
 * A commit by another writer, which won the race for a version, conflicts with this
 * transaction under its isolation level, so this transaction was not committed (nothing of it is
 * visible). Each subclass has its own stable code; catch this class to handle them all.
 */
export class ConcurrentModification extends SiltError {
  /** Which condition conflicted. */
  readonly kind: ConflictKind;
  /** The version of the winning commit. */
  readonly winningVersion: number;
  /** The version this transaction read. */
  readonly readVersion: number;
  /** The file, application id or detail involved, when there is one. */
  readonly detail: string | undefined;

  constructor(options: {
    kind: ConflictKind;
    winningVersion: number;
    readVersion: number;
    detail?: string;
  }) {
    const detail = options.detail === undefined ? '' : ` (${options.detail})`;
    super({
      code: `SILT_${options.kind}`,
      message: `A concurrent commit (version ${options.winningVersion}) ${ADVICE[options.kind].replace('.', `${detail}.`)} This transaction read version ${options.readVersion} and was not committed.`,
    });
    this.kind = options.kind;
    this.winningVersion = options.winningVersion;
    this.readVersion = options.readVersion;
    this.detail = options.detail;
  }
}

type ConflictOptions = Omit<ConstructorParameters<typeof ConcurrentModification>[0], 'kind'>;

/** A concurrent commit added files matching what this transaction read. */
export class ConcurrentAppend extends ConcurrentModification {
  static readonly code = 'SILT_ConcurrentAppend';
  constructor(options: ConflictOptions) {
    super({ ...options, kind: 'ConcurrentAppend' });
  }
}

/** A concurrent commit removed a file this transaction read. */
export class ConcurrentDeleteRead extends ConcurrentModification {
  static readonly code = 'SILT_ConcurrentDeleteRead';
  constructor(options: ConflictOptions) {
    super({ ...options, kind: 'ConcurrentDeleteRead' });
  }
}

/** A concurrent commit removed a file this transaction removes too. */
export class ConcurrentDeleteDelete extends ConcurrentModification {
  static readonly code = 'SILT_ConcurrentDeleteDelete';
  constructor(options: ConflictOptions) {
    super({ ...options, kind: 'ConcurrentDeleteDelete' });
  }
}

/** A concurrent commit changed the metadata. */
export class MetadataChanged extends ConcurrentModification {
  static readonly code = 'SILT_MetadataChanged';
  constructor(options: ConflictOptions) {
    super({ ...options, kind: 'MetadataChanged' });
  }
}

/** A concurrent commit changed the protocol, or created the table this transaction creates. */
export class ProtocolChanged extends ConcurrentModification {
  static readonly code = 'SILT_ProtocolChanged';
  constructor(options: ConflictOptions) {
    super({ ...options, kind: 'ProtocolChanged' });
  }
}

/** A concurrent commit wrote a `txn` for an application id this transaction depends on. */
export class ConcurrentTransaction extends ConcurrentModification {
  static readonly code = 'SILT_ConcurrentTransaction';
  constructor(options: ConflictOptions) {
    super({ ...options, kind: 'ConcurrentTransaction' });
  }
}
