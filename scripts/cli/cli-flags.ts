import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";

/** A mistake in how a command was called: reported with its usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Parses command-line flags with node's parseArgs (unknown flags and positionals are
 * errors), then validates them with a zod schema; both kinds of mistake become a
 * UsageError naming what is wrong.
 */
export function parseFlags<S extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  schema: S,
): z.output<S> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    // parseArgs names the offending flag: "Unknown option '--expert'…".
    throw new UsageError((error as Error).message);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join("\n"));
  return parsed.data;
}
