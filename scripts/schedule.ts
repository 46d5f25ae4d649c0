/**
 * Meeting schedule, the command-line contract of ../shared/data/FORMATS.md:
 *
 *   npm run schedule -- --meetings M.jsonl --slots K --tables T \
 *       [--availability A.jsonl] --out SCHEDULE.jsonl [--report REPORT.json]
 *
 * Writes one line per scheduled meeting ({"meetingId", "slot", "table"}), sorted by slot and
 * table; the report has {scheduled, unscheduled} counts, every unplaced meeting with its reason
 * (unscheduledMeetings), slotsUsed beside the proven lowerBound, idleGaps and seconds.
 *
 * Exit codes: 0 done (even when some meetings could not be placed: the report says which and
 * why), 1 fatal error, 2 bad usage or malformed input (with line numbers).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { scheduleMeetings, type ScheduleResult } from "../matching/index.js";
import { inputFileFlag, outputFileFlag, parseCommandFlags, runCommand } from "./cli/cli-flags.js";
import { phaseProgress } from "./cli/cli-progress.js";
import { MalformedInputError, readJsonLines, type LineError } from "./cli/line-files.js";

const usage = `Usage: npm run schedule -- --meetings M.jsonl --slots K --tables T
                         [--availability A.jsonl] --out SCHEDULE.jsonl [--report REPORT.json]

Options:
  --meetings FILE       {"id", "participants": [...], "priority"} per line   required
  --slots K             number of time slots (0 … K−1)                      required
  --tables T            number of tables per slot                           required
  --availability FILE   {"participant", "slots": [...]} per line            optional
  --out FILE            one {"meetingId", "slot", "table"} line per placed meeting
  --report FILE         counts, unplaced meetings with reasons, slots used and lower bound
  -h, --help            show this help`;

const inputFile = inputFileFlag;
const outputFile = outputFileFlag;
const count = (flag: string) =>
  z.coerce
    .number({ error: `--${flag} must be a number` })
    .int({ error: `--${flag} must be an integer` })
    .min(1, { error: `--${flag} must be at least 1` })
    .max(1_000_000, { error: `--${flag} must be at most 1000000` });

const cliSchema = z.object({
  meetings: inputFile("meetings"),
  slots: count("slots"),
  tables: count("tables"),
  availability: inputFile("availability").optional(),
  out: outputFile("out"),
  report: outputFile("report").optional(),
});
export type ScheduleOptions = z.infer<typeof cliSchema>;

export function parseScheduleArgs(argv: string[]): ScheduleOptions | "help" {
  const text = { type: "string" } as const;
  return parseCommandFlags(
    argv,
    { meetings: text, slots: text, tables: text, availability: text, out: text, report: text },
    cliSchema,
  );
}

const participant = z.union([z.string().min(1), z.number()]).transform(String);
const meetingLine = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  participants: z.array(participant).min(1, { error: "participants must list at least one participant" }),
  priority: z.number({ error: "priority must be a number" }).default(0),
});
const availabilityLine = z.object({
  participant,
  slots: z.array(z.number().int({ error: "slots must be integers" }).min(0, { error: "slots start at 0" })),
});

export async function runSchedule(
  options: ScheduleOptions,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<ScheduleResult> {
  const started = performance.now();
  const errors: LineError[] = [];
  const meetings = await readJsonLines(options.meetings, meetingLine, errors);
  const seen = new Set<string>();
  for (const { value, line } of meetings) {
    if (seen.has(value.id))
      errors.push({ file: path.basename(options.meetings), line, reason: `duplicate meeting id ${value.id}` });
    seen.add(value.id);
  }
  const availability = new Map<string, Set<number>>();
  if (options.availability) {
    const name = path.basename(options.availability);
    for (const { value, line } of await readJsonLines(options.availability, availabilityLine, errors)) {
      const outside = value.slots.find((s) => s >= options.slots);
      if (outside !== undefined)
        errors.push({ file: name, line, reason: `slot ${outside} is not below --slots ${options.slots}` });
      const set = availability.get(value.participant) ?? new Set<number>();
      for (const s of value.slots) set.add(s);
      availability.set(value.participant, set);
    }
  }
  if (errors.length > 0) throw new MalformedInputError(errors);
  const problem = {
    meetings: meetings.map(({ value }) => value),
    slots: options.slots,
    tables: options.tables,
    availability,
  };
  const result = scheduleMeetings(problem, phaseProgress());
  if (process.stderr.isTTY) process.stderr.write("\n");
  const lines = result.placements.map((p) =>
    JSON.stringify({ meetingId: problem.meetings[p.meeting]!.id, slot: p.slot, table: p.table }),
  );
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, lines.length > 0 ? `${lines.join("\n")}\n` : "");
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  const report = {
    scheduled: result.placements.length,
    unscheduled: result.unscheduled.length,
    slotsUsed: result.slotsUsed,
    seconds,
    lowerBound: result.lowerBound,
    idleGaps: result.idleGaps,
    idleGapsBeforeSearch: result.idleGapsBefore,
    method: result.method,
    unscheduledMeetings: result.unscheduled.map((u) => ({
      meetingId: problem.meetings[u.meeting]!.id,
      reason: u.reason,
    })),
  };
  if (options.report) {
    fs.mkdirSync(path.dirname(options.report), { recursive: true });
    fs.writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
  }
  log(
    `scheduled ${report.scheduled} of ${problem.meetings.length} meetings in ${report.slotsUsed} slots ` +
      `(lower bound ${report.lowerBound}), ${report.idleGaps} idle gaps; ${seconds} s`,
  );
  for (const u of report.unscheduledMeetings.slice(0, 20))
    process.stderr.write(`not placed: ${u.meetingId}: ${u.reason}\n`);
  return result;
}

const main = () =>
  runCommand({
    name: "schedule",
    usage,
    parse: parseScheduleArgs,
    run: async (options) => {
      await runSchedule(options);
      return 0;
    },
  });

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
