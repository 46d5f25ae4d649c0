/**
 * Which line of the file last wrote each externalId, so that a line repeating an id can name the
 * line whose record it replaced (the later line wins; the report says so).
 *
 * Why an entry per id and not a bounded structure: a warning must name the earlier line, so every
 * written id has to be remembered exactly until the file ends. Nothing else in an import grows
 * with the file (reading and writing hold one batch), so this is what an import's memory grows
 * by: about 65 bytes per distinct id (Node 20, measured): 4 MB for the 54,279 nssfc-dev experts,
 * whose import peaks at about 250 MB RSS (bench:import). A real line is several times larger
 * than its entry (nssfc-dev expert lines average 364 bytes), and the server takes uploads of at
 * most 200 MB, so a server-side import adds at most a few tens of MB for files of real records.
 * A file of bare ids and names (an adversarial 200 MB CSV of 4-byte rows) could hold tens of
 * millions; that is the case this accepts, not one the import is sized for. A temporary SQLite
 * table would bound it, at the price of two statements per batch on the write path.
 *
 * V8 refuses a Map's 2^24th entry, and the command line imports files of any size: ids spill
 * into a further Map rather than failing the import there.
 */
export class LastLineByExternalId {
  private readonly maps: Array<Map<string, number>> = [new Map()];

  constructor(private readonly idsPerMap = 1 << 23) {}

  /** Records that `line` wrote `externalId`; answers the earlier line that wrote it, if one did. */
  remember(externalId: string, line: number): number | undefined {
    for (const map of this.maps) {
      const earlier = map.get(externalId);
      if (earlier === undefined) continue;
      map.set(externalId, line);
      return earlier;
    }
    let newest = this.maps[this.maps.length - 1]!;
    if (newest.size >= this.idsPerMap) {
      newest = new Map();
      this.maps.push(newest);
    }
    newest.set(externalId, line);
    return undefined;
  }
}
