/**
 * Qualified column names, as MERGE writes them (`t.id = s.id`): the parser keeps `s.id` as the
 * path `['s', 'id']`; these helpers decide, given the aliases in scope, which side each column
 * belongs to. The qualified form evaluates over one struct column per alias
 * ({@link scopesSchema}), so a MERGE condition runs on a joined batch `{ s: {…}, t: {…} }`.
 */
import type { StructField, StructType } from '@silt/parquet-io';
import { formatColumnPath } from './column-path.js';
import { type Expression, mapColumns } from './expression.js';
import { InvalidPredicate } from './invalid-predicate.js';

/** The tables in scope, by alias: `{ t: targetSchema, s: sourceSchema }`. */
export type Scopes = Readonly<Record<string, StructType>>;

function findAlias(scopes: Scopes, name: string): string | undefined {
  if (Object.hasOwn(scopes, name)) return name;
  const folded = Object.keys(scopes).filter((alias) => alias.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

function hasColumn(schema: StructType, name: string): boolean {
  return schema.fields.some(
    (field: StructField) => field.name === name || field.name.toLowerCase() === name.toLowerCase(),
  );
}

/**
 * Splits a column path into the alias it is qualified by (when its first name is an alias in
 * scope and more names follow) and the path within that alias's table.
 */
export function splitQualifier(
  path: readonly string[],
  aliases: readonly string[],
): { alias: string | undefined; path: readonly string[] } {
  if (path.length > 1) {
    const alias = findAlias(
      Object.fromEntries(aliases.map((name) => [name, true])) as never,
      path[0]!,
    );
    if (alias !== undefined) return { alias, path: path.slice(1) };
  }
  return { alias: undefined, path };
}

/**
 * The expression with every column qualified by its alias: `s.id` stays `['s', 'id']` (with the
 * alias spelled as in `scopes`), an unqualified `id` becomes `['t', 'id']` when exactly one table
 * in scope has a column `id`.
 *
 * @example
 * ```ts
 * import { parseExpression, qualifyColumns } from '@silt/delta-log';
 * qualifyColumns(parseExpression('id = s.id AND deleted'), { t: target, s: source });
 * // t.id = s.id AND s.deleted (when only the source has `deleted`)
 * ```
 * @throws {InvalidPredicate} for a name that no table in scope has, or that several have
 *   (an ambiguous reference: qualify it).
 */
export function qualifyColumns(expression: Expression, scopes: Scopes): Expression {
  const aliases = Object.keys(scopes);
  return mapColumns(expression, (path) => {
    const split = splitQualifier(path, aliases);
    if (split.alias !== undefined && hasColumn(scopes[split.alias]!, split.path[0]!))
      return [split.alias, ...split.path];
    const owners = aliases.filter((alias) => hasColumn(scopes[alias]!, path[0]!));
    if (owners.length === 1) return [owners[0]!, ...path];
    const column = formatColumnPath(path);
    if (owners.length > 1)
      throw new InvalidPredicate({
        reason: `the column ${column} is ambiguous: ${owners.map((alias) => `${alias}.${column}`).join(' and ')} both exist`,
        column,
        available: owners.map((alias) => `${alias}.${column}`),
        hint: 'Qualify the column with the alias of its table.',
      });
    const available = aliases.flatMap((alias) =>
      scopes[alias]!.fields.map((field) => formatColumnPath([alias, field.name])),
    );
    throw new InvalidPredicate({
      reason: `no table in scope has a column ${column} (the columns are: ${available.join(', ')})`,
      column,
      available,
      hint: 'Check the spelling and the alias.',
    });
  });
}

/**
 * The expression over one table: the qualifier `alias` stripped from every column. Use it on a
 * qualified condition that only reads that table (for instance to prune the target's files).
 *
 * @throws {InvalidPredicate} when a column belongs to another alias.
 */
export function unqualifyColumns(expression: Expression, alias: string): Expression {
  return mapColumns(expression, (path) => {
    if (path.length > 1 && path[0] === alias) return path.slice(1);
    throw new InvalidPredicate({
      reason: `${formatColumnPath(path)} is not a column of ${alias}`,
      column: formatColumnPath(path),
      hint: `Qualify the expression with qualifyColumns() first, and use only columns of ${alias}.`,
    });
  });
}

/** The schema qualified expressions resolve against: one struct column per alias. */
export function scopesSchema(scopes: Scopes): StructType {
  return {
    type: 'struct',
    fields: Object.entries(scopes).map(([alias, schema]) => ({
      name: alias,
      type: schema,
      nullable: true,
      metadata: {},
    })),
  };
}
