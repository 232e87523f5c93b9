import type { StructType } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { CdcAction } from '../protocol/actions.js';
import { PHYSICAL_NAME_KEY } from '../scan/column-mapping.js';
import type { PruningTable as TableShape } from '../scan/file-pruning.js';
import type { Storage } from '../storage/storage.js';
import { CHANGE_TYPE_COLUMN, DataFileWriter } from './data-file-writer.js';

/** The kinds of change a change data file records. */
export type ChangeType = 'insert' | 'delete' | 'update_preimage' | 'update_postimage';

/**
 * Writes the change data of a commit (PROTOCOL.md, "Change Data Files"): rows of the table
 * schema plus `_change_type`, partitioned like the table, under `_change_data/`. Readers of the
 * change data feed use these files for the commit instead of its add and remove actions.
 */
export class ChangeDataWriter {
  private readonly writer: DataFileWriter;
  private readonly schema: StructType;

  constructor(storage: Storage, snapshot: TableShape, now: () => number) {
    this.schema = {
      type: 'struct',
      fields: [
        ...snapshot.schema.fields,
        {
          name: CHANGE_TYPE_COLUMN,
          type: 'string',
          nullable: false,
          // Under column mapping the column keeps its name in the file, as Spark writes it.
          metadata: { [PHYSICAL_NAME_KEY]: CHANGE_TYPE_COLUMN },
        },
      ],
    };
    this.writer = new DataFileWriter({
      storage,
      schema: this.schema,
      partitionColumns: snapshot.partitionColumns,
      configuration: snapshot.configuration,
      now,
      changeData: true,
    });
  }

  /** Records `batch` (rows of the table schema) as changes of one kind. */
  async write(batch: arrow.RecordBatch, type: ChangeType): Promise<void> {
    if (batch.numRows === 0) return;
    const builder = arrow.makeBuilder({ type: new arrow.Utf8(), nullValues: [] });
    for (let row = 0; row < batch.numRows; row++) builder.append(type);
    const changeType = builder.finish().flush();
    const fields = [
      ...batch.schema.fields,
      new arrow.Field(CHANGE_TYPE_COLUMN, new arrow.Utf8(), false),
    ];
    const schema = new arrow.Schema(fields);
    await this.writer.write(
      new arrow.RecordBatch(
        schema,
        arrow.makeData({
          type: new arrow.Struct(fields),
          length: batch.numRows,
          nullCount: 0,
          children: [...batch.data.children, changeType],
        }),
      ),
    );
  }

  /** The `cdc` actions of every file written. */
  async finish(): Promise<CdcAction[]> {
    return (await this.writer.finish()).map((add) => ({
      path: add.path,
      partitionValues: add.partitionValues,
      size: add.size,
      dataChange: false,
    }));
  }
}
