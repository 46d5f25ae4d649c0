/** Ids bound per statement: SQLite (through the adapter) refuses statements with too many parameters. */
const chunkSize = 500;

/** Runs `read` over `ids` a chunk at a time and concatenates the answers (no read for no ids). */
export async function readInChunks<T>(ids: readonly number[], read: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < ids.length; start += chunkSize)
    out.push(...(await read(ids.slice(start, start + chunkSize))));
  return out;
}
