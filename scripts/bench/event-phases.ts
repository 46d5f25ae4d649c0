/**
 * Where bench:event's time went inside the server: the event services log one line per step
 * with each phase's milliseconds (PhaseTimer: `<phase>Ms`), and this reads them back from the
 * server process's output (pino JSON lines) — the registration file, each assignment run, the
 * schedule and the publication.
 */

/** The log message of each timed step, by the name the bench reports it under. */
const stepMessages = {
  registration: "event roster registered",
  assignmentRun: "event assignment run finished",
  schedule: "event schedule placed",
  publish: "event schedule published",
} as const;

type TimedStep = keyof typeof stepMessages;

/** One logged step: its phases' milliseconds and the other fields it logged (status, counts). */
export type LoggedStep = Record<string, number | string | boolean | null>;

export type EventPhases = { [Step in TimedStep]: LoggedStep[] };

const logFields = new Set(["level", "time", "msg", "pid", "hostname"]);

/** The timed steps of one event in the server's log, in the order logged. */
export function eventPhases(serverOutput: string, eventId: number): EventPhases {
  const phases: EventPhases = { registration: [], assignmentRun: [], schedule: [], publish: [] };
  const steps = new Map<unknown, TimedStep>(
    Object.entries(stepMessages).map(([step, msg]) => [msg, step as TimedStep]),
  );
  for (const line of serverOutput.split("\n")) {
    if (!line.startsWith("{")) continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    const step = steps.get(record.msg);
    if (!step || record.eventId !== eventId) continue;
    phases[step].push(
      Object.fromEntries(
        Object.entries(record).filter(([key]) => !logFields.has(key) && key !== "eventId"),
      ) as LoggedStep,
    );
  }
  return phases;
}

/** The same phase summed over every logged step of a kind (an event runs the assignment more than once). */
export function totalMs(steps: readonly LoggedStep[], phase: string): number {
  return steps.reduce(
    (sum, step) => sum + (typeof step[`${phase}Ms`] === "number" ? (step[`${phase}Ms`] as number) : 0),
    0,
  );
}

/** The phases bench:event reports, in order: the JSON key and the step and phase it sums. */
const reported: [key: string, step: TimedStep, phase: string][] = [
  ["registrationParseMs", "registration", "parse"],
  ["registrationResolveMs", "registration", "resolve"],
  ["registrationWriteMs", "registration", "write"],
  ["assignmentReadMs", "assignmentRun", "readParticipants"],
  ["assignmentScoringMs", "assignmentRun", "scoring"],
  ["assignmentBuildProblemMs", "assignmentRun", "buildProblem"],
  ["assignmentSolveMs", "assignmentRun", "solve"],
  ["assignmentWriteMs", "assignmentRun", "write"],
  ["scheduleReadMs", "schedule", "read"],
  ["scheduleSolveMs", "schedule", "solve"],
  ["scheduleWriteMs", "schedule", "write"],
  ["publishReadMs", "publish", "read"],
  ["publishWriteMs", "publish", "write"],
  ["publishNotifyMs", "publish", "notify"],
];

/**
 * The flat breakdown of bench:event's JSON line (every run's phases added up), with
 * `databaseWritesMs`: the write phases of every step together.
 */
export function phaseBreakdown(phases: EventPhases): Record<string, number> {
  const breakdown = Object.fromEntries(reported.map(([key, step, phase]) => [key, totalMs(phases[step], phase)]));
  breakdown.databaseWritesMs = reported
    .filter(([, , phase]) => phase === "write")
    .reduce((sum, [key]) => sum + breakdown[key]!, 0);
  return breakdown;
}

/** The breakdown as lines for a reader: milliseconds and the share of the timed span. */
export function breakdownLines(breakdown: Record<string, number>, totalSeconds: number): string[] {
  return Object.entries(breakdown).map(
    ([key, ms]) =>
      `  ${key.padEnd(26)} ${String(ms).padStart(7)} ms  ${((ms / 10 / totalSeconds) | 0).toString().padStart(3)} %`,
  );
}
