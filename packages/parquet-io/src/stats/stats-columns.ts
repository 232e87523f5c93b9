import * as arrow from 'apache-arrow';
import { parseColumnPath } from './column-path.js';
import { type MinMaxKind, minMaxKind } from './min-max-kind.js';

/** A column that gets statistics: a null count always, min/max when `minMax` is set. */
export interface StatsLeaf {
  kind: 'leaf';
  name: string;
  /** Position among the parent's children (the batch's columns at the top). */
  index: number;
  field: arrow.Field;
  minMax: MinMaxKind | undefined;
}

/** A struct some of whose fields get statistics; they nest under its name. */
export interface StatsStruct {
  kind: 'struct';
  name: string;
  index: number;
  children: StatsNode[];
}

/** One node of the tree of columns that get statistics. */
export type StatsNode = StatsLeaf | StatsStruct;

/**
 * The columns that get statistics, in schema order, following Spark's
 * `StatisticsCollection.getIndexedColumns` (delta-io/delta,
 * spark/.../stats/StatisticsCollection.scala):
 * - `statsColumns` set: exactly the named columns (case-insensitive, a struct named whole brings
 *   all its fields); `numIndexedCols` is then ignored. Names that match nothing are ignored, as
 *   Spark ignores them when writing.
 * - otherwise the first `numIndexedCols` leaf columns, counting struct fields one by one
 *   (`truncateSchema`), every column when it is negative.
 * Arrays and maps are leaves: they count as one column and are not descended into.
 */
export function selectStatsColumns(
  fields: readonly arrow.Field[],
  numIndexedCols: number,
  statsColumns: readonly string[] | undefined,
): StatsNode[] {
  if (statsColumns !== undefined) {
    const paths = statsColumns.map((path) =>
      parseColumnPath(path).map((name) => name.toLowerCase()),
    );
    return byPaths(fields, paths);
  }
  if (numIndexedCols < 0) return allColumns(fields);
  return firstLeaves(fields, numIndexedCols).nodes;
}

function node(field: arrow.Field, index: number, children?: StatsNode[]): StatsNode {
  if (children) return { kind: 'struct', name: field.name, index, children };
  return { kind: 'leaf', name: field.name, index, field, minMax: minMaxKind(field.type) };
}

function allColumns(fields: readonly arrow.Field[]): StatsNode[] {
  const nodes: StatsNode[] = [];
  fields.forEach((field, index) => {
    if (!arrow.DataType.isStruct(field.type)) nodes.push(node(field, index));
    else {
      const children = allColumns(field.type.children);
      // A struct without fields has no leaf to describe: Spark's stats omit it.
      if (children.length > 0) nodes.push(node(field, index, children));
    }
  });
  return nodes;
}

function firstLeaves(
  fields: readonly arrow.Field[],
  budget: number,
): { nodes: StatsNode[]; used: number } {
  const nodes: StatsNode[] = [];
  let used = 0;
  for (let index = 0; index < fields.length && used < budget; index++) {
    const field = fields[index]!;
    if (arrow.DataType.isStruct(field.type)) {
      const inner = firstLeaves(field.type.children, budget - used);
      used += inner.used;
      if (inner.nodes.length > 0) nodes.push(node(field, index, inner.nodes));
    } else {
      used++;
      nodes.push(node(field, index));
    }
  }
  return { nodes, used };
}

function byPaths(fields: readonly arrow.Field[], paths: string[][]): StatsNode[] {
  const nodes: StatsNode[] = [];
  fields.forEach((field, index) => {
    const name = field.name.toLowerCase();
    const matching = paths.filter((path) => path[0] === name);
    if (matching.length === 0) return;
    if (matching.some((path) => path.length === 1)) {
      // The column itself is named: all of it, every field of a struct.
      if (!arrow.DataType.isStruct(field.type)) nodes.push(node(field, index));
      else {
        const children = allColumns(field.type.children);
        if (children.length > 0) nodes.push(node(field, index, children));
      }
      return;
    }
    // Only deeper names remain; they can only match inside a struct.
    if (!arrow.DataType.isStruct(field.type)) return;
    const children = byPaths(
      field.type.children,
      matching.map((path) => path.slice(1)),
    );
    if (children.length > 0) nodes.push(node(field, index, children));
  });
  return nodes;
}
