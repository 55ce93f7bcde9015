/** Today in UTC as `YYYY-MM-DD`, or the `--today` a caller gave (tests, or planning for a date). Only the tools read the clock. */
export function todayOrGiven(given: string | undefined): string | undefined {
  if (given === undefined) return new Date().toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(given) && !Number.isNaN(Date.parse(given)) ? given : undefined;
}
