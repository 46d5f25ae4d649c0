/**
 * Line-by-line readers for the event commands' inputs (JSON Lines and TSV). Every bad line is
 * collected with its number and reason; the caller refuses the whole input (exit 2) so that an
 * organizer never gets an assignment built from half a file.
 */
import fs from "node:fs";
import readline from "node:readline";
import type { z } from "zod";
import { describeLineReasons, lineReasonsOf } from "../../server/shared/line-reasons.js";

export interface LineError {
  file: string;
  line: number;
  reason: string;
}

/** Thrown when an input file has bad lines: the message lists them (at most 20). */
export class MalformedInputError extends Error {
  constructor(readonly errors: LineError[]) {
    const shown = errors
      .slice(0, 20)
      .map((e) => `${e.file}:${e.line}: ${e.reason}`)
      .join("\n");
    super(
      `${errors.length} malformed line${errors.length === 1 ? "" : "s"}:\n${shown}${errors.length > 20 ? `\n… and ${errors.length - 20} more` : ""}`,
    );
  }
}

/** Calls `onLine` for each non-blank line with its 1-based number. */
export async function forEachLine(file: string, onLine: (text: string, line: number) => void): Promise<void> {
  const reader = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let line = 0;
  for await (const text of reader) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, "") : text;
    if (trimmed.trim() === "") continue;
    onLine(trimmed, line);
  }
}

/**
 * One line of JSON Lines checked by a zod schema: its value, or undefined after the reasons
 * (with the line number and the fields at fault) were added to `errors`.
 */
export function parseJsonLine<S extends z.ZodType>(
  text: string,
  at: { file: string; line: number },
  schema: S,
  errors: LineError[],
): z.output<S> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    errors.push({ ...at, reason: "not valid JSON" });
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // The same wording as the import reports ("title: required; year: …", not zod's own messages).
    errors.push({ ...at, reason: describeLineReasons(lineReasonsOf(parsed.error, json)) });
    return undefined;
  }
  return parsed.data;
}

/** JSON Lines validated by a zod schema; bad lines go to `errors`. */
export async function readJsonLines<S extends z.ZodType>(
  file: string,
  schema: S,
  errors: LineError[],
): Promise<{ value: z.output<S>; line: number }[]> {
  const out: { value: z.output<S>; line: number }[] = [];
  const name = file.split("/").pop() ?? file;
  await forEachLine(file, (text, line) => {
    const value = parseJsonLine(text, { file: name, line }, schema, errors);
    if (value !== undefined) out.push({ value, line });
  });
  return out;
}
