/** What the start-up probe (start-up-probe.ts) says a command loaded. */
export interface StartUpReport {
  /** exceljs, the .xlsx reader. */
  exceljs: boolean;
  /** The text analyser (its dictionaries are the slow part of its start). */
  textAnalyser: boolean;
}

const prefix = "start-up probe: ";

/** The line the probe writes on stderr as the command exits. */
export const startUpReportLine = (report: StartUpReport) => `${prefix}${JSON.stringify(report)}\n`;

/** The probe's report in a command's stderr. */
export function startUpReportIn(stderr: string): StartUpReport {
  const line = stderr.split("\n").find((text) => text.startsWith(prefix));
  if (!line) throw new Error(`the start-up probe did not report: ${stderr}`);
  return JSON.parse(line.slice(prefix.length)) as StartUpReport;
}
