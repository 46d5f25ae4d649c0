/**
 * Live refill: a participant is absent from slot s, so the counterparts of their meetings in s
 * are stranded. Propose, for each stranded counterpart, the best-scoring partner who is present,
 * available and free in s (conflicts excluded), each partner used once, at the table the
 * cancelled meeting freed. Everything is indexed by slot beforehand so that one refill touches
 * only the meetings of slot s and the stranded participants' candidate lists.
 */

export interface RefillCandidate {
  partner: string;
  score: number;
}

export interface RefillInput {
  /** Meetings placed in the absent slot: id, participants, table. */
  slotMeetings: readonly { id: string; participants: readonly string[]; table: number }[];
  absent: string;
  slot: number;
  /** Is `participant` available in `slot` (availability file)? */
  isAvailable: (participant: string, slot: number) => boolean;
  /** Scored candidate partners of a participant; best first is fastest (otherwise they are sorted here). */
  candidatesOf: (participant: string) => readonly RefillCandidate[];
  /** True when the pair must never meet. */
  isConflict: (a: string, b: string) => boolean;
}

export interface RefillProposal {
  cancelledMeetingId: string;
  stranded: string;
  partner: string;
  score: number;
  table: number;
}

export function proposeRefill(input: RefillInput): RefillProposal[] {
  const busy = new Set<string>();
  for (const m of input.slotMeetings) for (const p of m.participants) busy.add(p);
  const cancelled = input.slotMeetings.filter((m) => m.participants.includes(input.absent));
  const stranded: { participant: string; meeting: string; table: number }[] = [];
  for (const m of cancelled) {
    for (const p of m.participants)
      if (p !== input.absent) stranded.push({ participant: p, meeting: m.id, table: m.table });
  }
  // Stranded people leave the cancelled meeting and may meet one another.
  for (const s of stranded) busy.delete(s.participant);
  busy.add(input.absent);
  const options: { stranded: number; partner: string; score: number }[] = [];
  // Each partner serves one stranded participant, so the best `stranded.length` usable
  // candidates of each are all the greedy below can ever need: stop scanning there.
  const enough = stranded.length;
  stranded.forEach((s, k) => {
    let list = input.candidatesOf(s.participant);
    if (!isSortedByScore(list)) list = [...list].sort((a, b) => b.score - a.score);
    let found = 0;
    for (const c of list) {
      if (c.partner === s.participant || busy.has(c.partner)) continue;
      if (!input.isAvailable(c.partner, input.slot) || input.isConflict(s.participant, c.partner)) continue;
      options.push({ stranded: k, partner: c.partner, score: c.score });
      if (++found >= enough) break;
    }
  });
  // Greedy by score: each stranded participant and each partner at most once.
  options.sort((a, b) => b.score - a.score || a.stranded - b.stranded || (a.partner < b.partner ? -1 : 1));
  const served = new Set<number>();
  const taken = new Set<string>();
  const proposals: RefillProposal[] = [];
  for (const o of options) {
    const s = stranded[o.stranded]!;
    if (served.has(o.stranded) || taken.has(o.partner) || taken.has(s.participant)) continue;
    served.add(o.stranded);
    taken.add(o.partner);
    taken.add(s.participant);
    proposals.push({
      cancelledMeetingId: s.meeting,
      stranded: s.participant,
      partner: o.partner,
      score: o.score,
      table: s.table,
    });
  }
  return proposals;
}

function isSortedByScore(list: readonly RefillCandidate[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i]!.score > list[i - 1]!.score) return false;
  return true;
}
