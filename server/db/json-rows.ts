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
 * The rows' JSON as a `json_each` source bound as bytes. Prisma's query compiler copies
 * every bound parameter through its WASM compiler, and a text parameter costs it about
 * three times what the same JSON costs as bytes (base64): 1,000 publications of 4,500
 * characters took 2.7–3.0 s as text and 0.8–1.1 s as bytes, all of it on the event loop.
 * SQLite reads the blob back as UTF-8 text.
 */
function jsonSource(rows: unknown[][]): Prisma.Sql {
  return Prisma.sql`json_each(CAST(${Buffer.from(JSON.stringify(rows))} AS TEXT))`;
}

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
    const source = jsonSource(
      rows.slice(start, start + rowsPerStatement).map((row) => columns.map((column) => row[column])),
    );
    const statement = Prisma.sql`INSERT INTO ${quote(table)} (${targetColumns}) SELECT ${selected} FROM ${source}${tail}`;
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
    const source = jsonSource(
      rows.slice(start, start + rowsPerStatement).map(({ id, row }) => [id, ...columns.map((column) => row[column])]),
    );
    await tx.$executeRaw`UPDATE ${quote(table)} SET ${assignments} FROM ${source} AS update_row
      WHERE ${quote(table)}."id" = update_row.value ->> 0`;
  }
}
