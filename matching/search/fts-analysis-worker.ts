/**
 * Worker thread of FtsAnalysisPool: analyses documents' texts into FTS columns, off the thread
 * that writes them. Each worker loads its own analyser (jieba, OpenCC) on its first message.
 */
import { parentPort } from "node:worker_threads";
import { ftsColumns } from "./fts-document.js";

interface Job {
  id: number;
  /** Per document, its searchable texts in schema order. */
  texts: string[][];
}

parentPort?.on("message", (job: Job) => {
  try {
    parentPort!.postMessage({ id: job.id, rows: job.texts.map((texts) => ftsColumns(texts)) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
