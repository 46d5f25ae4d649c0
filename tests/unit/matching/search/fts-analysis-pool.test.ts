import { describe, expect, it } from "vitest";
import { FtsAnalysisPool } from "../../../../matching/search/fts-analysis-pool.js";
import { ftsColumns, type FtsColumns } from "../../../../matching/search/fts-document.js";
import { SpareCpuMeter, decayedLoad, spareCpu } from "../../../../matching/search/spare-cpu.js";

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("FtsAnalysisPool", () => {
  it("keeps handing chunks to the workers while the calling thread analyses too, and keeps chunk order", async () => {
    const pool = new FtsAnalysisPool(1);
    const chunks = Array.from({ length: 24 }, (_, i) => [[`锂电池 第${i}号`, "海水养殖"]]);
    await pool.analyse([["预热"]]); // the worker has loaded its analyser
    let analysedHere = 0;
    const consumed: FtsColumns[][] = [];
    try {
      await pool.analyseInOrder(
        chunks,
        (chunk) => {
          analysedHere += 1;
          busyFor(15); // slower than a worker on one short document
          return chunk.map((texts) => ftsColumns(texts));
        },
        true,
        (_i, rows) => consumed.push(rows),
      );
    } finally {
      await pool.close();
    }
    expect(consumed).toEqual(chunks.map((chunk) => chunk.map((texts) => ftsColumns(texts))));
    // Before the calling thread let the workers' answers in between its own chunks, it analysed
    // every chunk but the first two it had sent.
    expect(analysedHere).toBeLessThan(chunks.length - 2);
  });

  it("leaves every chunk to the workers when the caller must stay responsive, in chunk order", async () => {
    const pool = new FtsAnalysisPool(1);
    const chunks = Array.from({ length: 12 }, (_, i) => [[`石墨烯 涂层 第${i}批`]]);
    let analysedHere = 0;
    const consumed: FtsColumns[][] = [];
    try {
      await pool.analyseInOrder(
        chunks,
        (chunk) => {
          analysedHere += 1;
          return chunk.map((texts) => ftsColumns(texts));
        },
        false,
        (_i, rows) => consumed.push(rows),
      );
    } finally {
      await pool.close();
    }
    expect(analysedHere).toBe(0);
    expect(consumed).toEqual(chunks.map((chunk) => chunk.map((texts) => ftsColumns(texts))));
  });
});

describe("spare CPU", () => {
  it("discounts this process's own share of the load average", () => {
    expect(spareCpu(1.1, 1.0, 2)).toBe(true); // the load is ours: the other CPU is free
    expect(spareCpu(1.1, 0, 2)).toBe(false); // someone else keeps one CPU busy
    expect(spareCpu(3.7, 1.0, 2)).toBe(false);
    expect(spareCpu(2.2, 1.0, 4)).toBe(true);
    expect(spareCpu(0.3, 0.9, 1)).toBe(false); // one CPU is never spare beside ours
  });

  it("averages this process's CPU use over the load average's minute", () => {
    expect(decayedLoad(0, 1, 60_000)).toBeCloseTo(1 - Math.exp(-1), 6);
    expect(decayedLoad(1, 1, 5_000)).toBeCloseTo(1, 9);
    expect(decayedLoad(2, 0, 60_000)).toBeCloseTo(2 * Math.exp(-1), 6);
    // A process 3 s old that was busy all along: the kernel's average holds only 3 s of it.
    const clock = { cpu: 3000, uptime: 3000, cpuMs: () => clock.cpu, uptimeMs: () => clock.uptime };
    const meter = new SpareCpuMeter(() => 1, 2, clock);
    expect(meter.ownShare()).toBeCloseTo(1 - Math.exp(-3 / 60), 6);
    // So a load average of 1 here is someone else's busy CPU: no worker threads.
    expect(meter.spare()).toBe(false);
    // Three minutes later, busy all along: our share has built up to most of the load.
    clock.cpu += 180_000;
    clock.uptime += 180_000;
    expect(meter.ownShare()).toBeGreaterThan(0.9);
    expect(meter.spare()).toBe(true);
    // Idle for a minute: our share decays again, as the kernel's average does.
    clock.uptime += 60_000;
    expect(meter.ownShare()).toBeCloseTo(0.95 * Math.exp(-1), 1);
  });
});
