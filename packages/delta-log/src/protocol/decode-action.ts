import { ActionFields, type ActionLocation, isObject } from './action-fields.js';
import type {
  Action,
  AddAction,
  CdcAction,
  CheckpointMetadataAction,
  CommitInfoAction,
  DeletionVectorDescriptor,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  SidecarAction,
  TxnAction,
} from './actions.js';
import { CorruptLog } from './errors/corrupt-log.js';

type Decoder = (fields: ActionFields) => Action;

/** The schema JSON of a table without columns. */
const EMPTY_SCHEMA = '{"type":"struct","fields":[]}';

/** One decoder per known action name; any other name is ignored, as PROTOCOL.md asks. */
const decoders: Record<string, Decoder> = {
  protocol: (fields) => ({ protocol: decodeProtocol(fields) }),
  metaData: (fields) => ({ metaData: decodeMetadata(fields) }),
  add: (fields) => ({ add: decodeAdd(fields) }),
  remove: (fields) => ({ remove: decodeRemove(fields) }),
  cdc: (fields) => ({ cdc: decodeCdc(fields) }),
  txn: (fields) => ({ txn: decodeTxn(fields) }),
  commitInfo: (fields) => ({ commitInfo: decodeCommitInfo(fields) }),
  domainMetadata: (fields) => ({ domainMetadata: decodeDomainMetadata(fields) }),
  checkpointMetadata: (fields) => ({ checkpointMetadata: decodeCheckpointMetadata(fields) }),
  sidecar: (fields) => ({ sidecar: decodeSidecar(fields) }),
};

/**
 * Validates one action object — a parsed line of a commit file, or a row of a checkpoint — and
 * returns the action, or `undefined` when it holds no action Silt knows (unknown action names
 * are ignored, so newer writers' additions do not break reading). Unknown fields are ignored.
 *
 * @throws {CorruptLog} when the value is not an object, holds two known actions, or a known action
 * lacks a required field or has a field of the wrong type.
 */
export function decodeAction(value: unknown, location: ActionLocation): Action | undefined {
  if (!isObject(value)) {
    throw new CorruptLog({
      file: location.file,
      line: location.line,
      reason: 'an action must be a JSON object',
    });
  }
  const known = Object.keys(value).filter(
    (name) => name in decoders && value[name] !== null && value[name] !== undefined,
  );
  if (known.length === 0) return undefined;
  if (known.length > 1) {
    throw new CorruptLog({
      file: location.file,
      line: location.line,
      reason: `one line holds several actions (${known.join(', ')})`,
    });
  }
  const name = known[0]!;
  const payload = value[name];
  if (!isObject(payload)) {
    throw new CorruptLog({
      file: location.file,
      line: location.line,
      reason: `the ${name} action must be a JSON object`,
    });
  }
  return decoders[name]!(new ActionFields(payload, name, location));
}

function decodeProtocol(fields: ActionFields): ProtocolAction {
  const protocol: ProtocolAction = {
    minReaderVersion: fields.requiredInteger('minReaderVersion'),
    minWriterVersion: fields.requiredInteger('minWriterVersion'),
  };
  const readerFeatures = fields.stringArray('readerFeatures', false);
  const writerFeatures = fields.stringArray('writerFeatures', false);
  if (readerFeatures) protocol.readerFeatures = readerFeatures;
  if (writerFeatures) protocol.writerFeatures = writerFeatures;
  return protocol;
}

function decodeMetadata(fields: ActionFields): MetadataAction {
  const format = fields.nested('format', true)!;
  const metadata: MetadataAction = {
    id: fields.requiredString('id'),
    format: {
      provider: format.requiredString('provider'),
      options: format.stringMap('options', false) ?? {},
    },
    // Spark reads a missing schemaString as the empty schema (its golden tables hold such logs).
    schemaString: fields.optionalString('schemaString') ?? EMPTY_SCHEMA,
    partitionColumns: fields.stringArray('partitionColumns', true)!,
    // Required by the protocol, but some writers leave an empty configuration out.
    configuration: fields.stringMap('configuration', false) ?? {},
  };
  const name = fields.optionalString('name');
  const description = fields.optionalString('description');
  const createdTime = fields.optionalInteger('createdTime');
  if (name !== undefined) metadata.name = name;
  if (description !== undefined) metadata.description = description;
  if (createdTime !== undefined) metadata.createdTime = createdTime;
  return metadata;
}

function decodeDeletionVector(
  fields: ActionFields | undefined,
): DeletionVectorDescriptor | undefined {
  if (!fields) return undefined;
  const storageType = fields.requiredString('storageType');
  if (storageType !== 'u' && storageType !== 'i' && storageType !== 'p') {
    throw fields.corrupt(`"storageType" must be u, i or p, found "${storageType}"`);
  }
  const descriptor: DeletionVectorDescriptor = {
    storageType,
    pathOrInlineDv: fields.requiredString('pathOrInlineDv'),
    sizeInBytes: fields.requiredInteger('sizeInBytes'),
    cardinality: fields.requiredInteger('cardinality'),
  };
  const offset = fields.optionalInteger('offset');
  const maxRowIndex = fields.optionalInteger('maxRowIndex');
  if (offset !== undefined) descriptor.offset = offset;
  if (maxRowIndex !== undefined) descriptor.maxRowIndex = maxRowIndex;
  return descriptor;
}

function decodeAdd(fields: ActionFields): AddAction {
  const add: AddAction = {
    path: fields.requiredString('path'),
    partitionValues: fields.nullableStringMap('partitionValues', true)!,
    size: fields.requiredInteger('size'),
    modificationTime: fields.requiredInteger('modificationTime'),
    dataChange: fields.requiredBoolean('dataChange'),
  };
  copyFileExtras(fields, add);
  const clusteringProvider = fields.optionalString('clusteringProvider');
  if (clusteringProvider !== undefined) add.clusteringProvider = clusteringProvider;
  return add;
}

function decodeRemove(fields: ActionFields): RemoveAction {
  const remove: RemoveAction = {
    path: fields.requiredString('path'),
    dataChange: fields.requiredBoolean('dataChange'),
  };
  const deletionTimestamp = fields.optionalInteger('deletionTimestamp');
  const extendedFileMetadata = fields.optionalBoolean('extendedFileMetadata');
  const partitionValues = fields.nullableStringMap('partitionValues', false);
  const size = fields.optionalInteger('size');
  if (deletionTimestamp !== undefined) remove.deletionTimestamp = deletionTimestamp;
  if (extendedFileMetadata !== undefined) remove.extendedFileMetadata = extendedFileMetadata;
  if (partitionValues !== undefined) remove.partitionValues = partitionValues;
  if (size !== undefined) remove.size = size;
  copyFileExtras(fields, remove);
  return remove;
}

/** The optional fields `add` and `remove` share; absent ones stay absent. */
function copyFileExtras(fields: ActionFields, target: AddAction | RemoveAction): void {
  const stats = fields.optionalString('stats');
  const tags = fields.stringMap('tags', false);
  const deletionVector = decodeDeletionVector(fields.nested('deletionVector', false));
  const baseRowId = fields.optionalInteger('baseRowId');
  const defaultRowCommitVersion = fields.optionalInteger('defaultRowCommitVersion');
  if (stats !== undefined) target.stats = stats;
  if (tags !== undefined) target.tags = tags;
  if (deletionVector !== undefined) target.deletionVector = deletionVector;
  if (baseRowId !== undefined) target.baseRowId = baseRowId;
  if (defaultRowCommitVersion !== undefined)
    target.defaultRowCommitVersion = defaultRowCommitVersion;
}

function decodeCdc(fields: ActionFields): CdcAction {
  const cdc: CdcAction = {
    path: fields.requiredString('path'),
    partitionValues: fields.nullableStringMap('partitionValues', false) ?? {},
    size: fields.requiredInteger('size'),
    dataChange: fields.optionalBoolean('dataChange') ?? false,
  };
  const tags = fields.stringMap('tags', false);
  if (tags !== undefined) cdc.tags = tags;
  return cdc;
}

function decodeTxn(fields: ActionFields): TxnAction {
  const txn: TxnAction = {
    appId: fields.requiredString('appId'),
    version: fields.requiredInteger('version'),
  };
  const lastUpdated = fields.optionalInteger('lastUpdated');
  if (lastUpdated !== undefined) txn.lastUpdated = lastUpdated;
  return txn;
}

function decodeCommitInfo(fields: ActionFields): CommitInfoAction {
  // Free-form provenance ("Implementations are free to store any valid JSON"): kept as written,
  // never refused. The fields Silt relies on (inCommitTimestamp) are checked where they are used.
  return fields.toObject() as CommitInfoAction;
}

function decodeDomainMetadata(fields: ActionFields): DomainMetadataAction {
  return {
    domain: fields.requiredString('domain'),
    configuration: fields.requiredString('configuration'),
    removed: fields.requiredBoolean('removed'),
  };
}

function decodeCheckpointMetadata(fields: ActionFields): CheckpointMetadataAction {
  const checkpointMetadata: CheckpointMetadataAction = {
    version: fields.requiredInteger('version'),
  };
  const tags = fields.stringMap('tags', false);
  if (tags !== undefined) checkpointMetadata.tags = tags;
  return checkpointMetadata;
}

function decodeSidecar(fields: ActionFields): SidecarAction {
  const sidecar: SidecarAction = {
    path: fields.requiredString('path'),
    sizeInBytes: fields.requiredInteger('sizeInBytes'),
    modificationTime: fields.requiredInteger('modificationTime'),
  };
  const tags = fields.stringMap('tags', false);
  if (tags !== undefined) sidecar.tags = tags;
  return sidecar;
}
