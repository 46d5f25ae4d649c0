import fs from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { MalformedInputError } from "./line-files.js";

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

/** parseFlags for a command: `--help` or `-h` anywhere asks for the usage instead. */
export function parseCommandFlags<S extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  schema: S,
): z.output<S> | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  return parseFlags(argv, options, schema);
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

/** A command: its name (for errors), usage, flag parser, and what runs it (answering the exit code). */
export interface CommandSpec<O> {
  name: string;
  usage: string;
  parse: (argv: string[]) => O | "help";
  run: (options: O) => Promise<number>;
}

/** What a command line asks for: the options to run with, or an exit code already answered (usage or help). */
type ParsedCommandLine<O> = { options: O } | { exitCode: number };

/** A usage mistake prints the message and the usage (exit 2); --help prints the usage (exit 0). */
function parseCommandLine<O>(spec: Omit<CommandSpec<O>, "run">, argv: string[]): ParsedCommandLine<O> {
  let options: O | "help";
  try {
    options = spec.parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${spec.usage}\n`);
    return { exitCode: 2 };
  }
  if (options === "help") {
    process.stdout.write(`${spec.usage}\n`);
    return { exitCode: 0 };
  }
  return { options };
}

/**
 * The shape every command's main() shares: a usage mistake prints the message and the usage
 * (exit 2), --help prints the usage (exit 0); otherwise the command runs, and an error it did not
 * handle is printed in one line (exit 1), or as its line-numbered report when an input file was
 * malformed (MalformedInputError, exit 2).
 */
export async function runCommand<O>(spec: CommandSpec<O>, argv: string[] = process.argv.slice(2)): Promise<number> {
  const commandLine = parseCommandLine(spec, argv);
  if ("exitCode" in commandLine) return commandLine.exitCode;
  try {
    return await spec.run(commandLine.options);
  } catch (error) {
    if (error instanceof MalformedInputError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${spec.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/**
 * The flags of a benchmark whose body runs at the top level of its module: parsed and answered
 * as runCommand does (a usage mistake or --help exits at once, with code 2 or 0), so that every
 * command and benchmark reads its flags one way without wrapping a whole script in a function.
 */
export function benchmarkFlags<O>(spec: Omit<CommandSpec<O>, "run">, argv: string[] = process.argv.slice(2)): O {
  const commandLine = parseCommandLine(spec, argv);
  if ("exitCode" in commandLine) process.exit(commandLine.exitCode);
  return commandLine.options;
}
