import { Prisma } from "./generated/client.js";
import type { DbTx } from "./prisma.js";

/**
 * Bulk writes that bind one JSON parameter per statement, unpacked by SQLite's json_each: a
 * thousand rows cost one statement instead of a thousand (Prisma's createMany spends about
 * 330 µs per row in its query interpreter, its update about a millisecond per row; the
 * json_each statements about 28 µs). Table and column names come from typed row shapes,
 * never from input. Used by the import and by docking events' meetings.
 */

// Bounds the size of one statement's JSON parameter (a batch of long bios can be megabytes).
const rowsPerStatement = 1_000;

export const quote = (name: string) => Prisma.raw(`"${name}"`);

/**
 * Bulk insert that binds ONE parameter: the rows as a JSON array of arrays, unpacked by
 * SQLite's json_each (`value ->> n` yields TEXT, INTEGER or NULL as the JSON holds).
 * Table and column names come from the typed row shapes, never from input.
 * `constants` (e.g. timestamps) are bound as ordinary parameters so that the adapter
 * writes dates in the same format as the rest of Prisma.
 */
export async function insertRows<Row extends Record<string, unknown>, Returned = never>(
  tx: DbTx,
  table: Prisma.ModelName,
  columns: ReadonlyArray<keyof Row & string>,
  rows: Row[],
  options: { constants?: Record<string, unknown>; returning?: ReadonlyArray<keyof Returned & string> } = {},
): Promise<Returned[]> {
  const constants = Object.entries(options.constants ?? {});
  const returning = options.returning ?? [];
  const targetColumns = Prisma.join([...columns, ...constants.map(([name]) => name)].map(quote));
  const selected = Prisma.join([
    ...columns.map((_, index) => Prisma.raw(`value ->> ${index}`)),
    ...constants.map(([, value]) => Prisma.sql`${value}`),
  ]);
  const tail = returning.length === 0 ? Prisma.empty : Prisma.sql` RETURNING ${Prisma.join(returning.map(quote))}`;
  const returned: Returned[] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const json = JSON.stringify(
      rows.slice(start, start + rowsPerStatement).map((row) => columns.map((column) => row[column])),
    );
    const statement = Prisma.sql`INSERT INTO ${quote(table)} (${targetColumns}) SELECT ${selected} FROM json_each(${json})${tail}`;
    if (returning.length === 0) await tx.$executeRaw(statement);
    else returned.push(...(await tx.$queryRaw<Returned[]>(statement)));
  }
  return returned;
}

/**
 * Bulk `UPDATE … FROM json_each(?)` by id, the update-side twin of insertRows: a file
 * where every record changed (a new export of the source system) would otherwise cost
 * one Prisma update, about a millisecond, per record.
 */
export async function updateRows<Row extends Record<string, unknown>>(
  tx: DbTx,
  table: Prisma.ModelName,
  columns: ReadonlyArray<keyof Row & string>,
  rows: Array<{ id: number; row: Row }>,
  constants: Record<string, unknown> = {},
): Promise<void> {
  const assignments = Prisma.join([
    ...columns.map(
      (column, index) => Prisma.sql`${quote(column)} = update_row.value ->> ${Prisma.raw(String(index + 1))}`,
    ),
    ...Object.entries(constants).map(([column, value]) => Prisma.sql`${quote(column)} = ${value}`),
  ]);
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const json = JSON.stringify(
      rows.slice(start, start + rowsPerStatement).map(({ id, row }) => [id, ...columns.map((column) => row[column])]),
    );
    await tx.$executeRaw`UPDATE ${quote(table)} SET ${assignments} FROM json_each(${json}) AS update_row
      WHERE ${quote(table)}."id" = update_row.value ->> 0`;
  }
}
