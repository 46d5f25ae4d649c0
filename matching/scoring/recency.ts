/**
 * Weight of a piece of evidence by its age: 1 for this year's, halving every `halfLifeYears`
 * above `floor` (old work still counts, just less). Unknown years count as one half-life old.
 */
export function recencyFactor(year: number | null, currentYear: number, halfLifeYears: number, floor: number): number {
  const age = year === null ? halfLifeYears : Math.max(0, currentYear - year);
  return floor + (1 - floor) * 0.5 ** (age / halfLifeYears);
}
