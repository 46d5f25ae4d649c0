/**
 * Timing of document analysis, for benchmarks and the throughput test. The shared analyser's
 * one-time load (jieba, OpenCC) happens before timing starts. Besides wall-clock time the
 * process CPU time is reported: on a busy machine it is the steadier of the two.
 */
import { sharedTextAnalyzer, type TextAnalyzer } from "./text-analyzer.js";

export interface AnalysisThroughput {
  texts: number;
  chars: number;
  /** UTF-8 bytes of the input. */
  bytes: number;
  tokens: number;
  seconds: number;
  cpuSeconds: number;
  charsPerSecond: number;
  bytesPerSecond: number;
  charsPerCpuSecond: number;
}

export interface ThroughputOptions {
  analyzer?: TextAnalyzer;
  /** Wall clock in milliseconds. */
  now?: () => number;
  /** Process CPU time in microseconds. */
  cpuNow?: () => number;
}

function processCpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

export function analysisThroughput(
  sampleTexts: readonly string[],
  options: ThroughputOptions = {},
): AnalysisThroughput {
  const analyzer = options.analyzer ?? sharedTextAnalyzer();
  const now = options.now ?? (() => performance.now());
  const cpuNow = options.cpuNow ?? processCpuMicros;
  analyzer.analyzeDocument("预热 warm-up");
  let chars = 0;
  let bytes = 0;
  for (const text of sampleTexts) {
    chars += text.length;
    bytes += Buffer.byteLength(text, "utf8");
  }
  let tokens = 0;
  const started = now();
  const cpuStarted = cpuNow();
  for (const text of sampleTexts) tokens += analyzer.analyzeDocument(text).tokens.length;
  const seconds = Math.max((now() - started) / 1000, 1e-9);
  const cpuSeconds = Math.max((cpuNow() - cpuStarted) / 1e6, 1e-9);
  return {
    texts: sampleTexts.length,
    chars,
    bytes,
    tokens,
    seconds,
    cpuSeconds,
    charsPerSecond: chars / seconds,
    bytesPerSecond: bytes / seconds,
    charsPerCpuSecond: chars / cpuSeconds,
  };
}
