import fs from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";

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

const isFile = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;

/** A required input file flag: present, non-empty, an existing file; resolved to an absolute path. */
export const inputFileFlag = (flag: string) =>
  z
    .string({ error: `--${flag} is required` })
    .min(1, { error: `--${flag} needs a file name` })
    .refine(isFile, { error: (issue) => `--${flag}: file not found: ${String(issue.input)}` })
    .transform((file) => path.resolve(file));

/** A required output file flag, resolved to an absolute path. */
export const outputFileFlag = (flag: string) =>
  z
    .string({ error: `--${flag} is required` })
    .min(1, { error: `--${flag} needs a file name` })
    .transform((file) => path.resolve(file));
