/** Phase, percentage and time left on stderr, throttled (redrawn in place on a terminal). */
export function phaseProgress(): (progress: {
  phase: string;
  done: number;
  total: number;
  etaSeconds: number | null;
}) => void {
  let last = 0;
  let lastPhase = "";
  const tty = process.stderr.isTTY;
  return ({ phase, done, total, etaSeconds }) => {
    const now = Date.now();
    if (phase === lastPhase && now - last < (tty ? 200 : 2000) && done !== total) return;
    last = now;
    const percent = total > 0 ? Math.round((100 * done) / total) : 0;
    const eta = etaSeconds === null ? "" : `, about ${etaSeconds} s left`;
    const text = `${phase}: ${percent}%${eta}`;
    process.stderr.write(tty ? `\r${text.padEnd(60)}` : `${text}\n`);
    lastPhase = phase;
  };
}
