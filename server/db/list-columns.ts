/** List-valued fields live in TEXT columns as JSON arrays; this is their one codec. */
export function encodeList(values: readonly string[]): string {
  return JSON.stringify(values);
}

export function decodeList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** A Prisma `contains` pattern that matches one whole element of an encoded list. */
export function listElementPattern(value: string): string {
  return JSON.stringify(value);
}
