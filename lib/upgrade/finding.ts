/** One preflight result: `fail` blocks an upgrade (or CI), `warn` is printed, `ok` says what was checked. */
export interface Finding {
  readonly severity: 'ok' | 'warn' | 'fail';
  /** Which check produced it, such as `removed-api`. */
  readonly check: string;
  /** What it is about: an environment, an object (`PodDisruptionBudget ns/name`), a chart. */
  readonly subject: string;
  readonly message: string;
}

export const failed = (findings: readonly Finding[]): boolean => findings.some((finding) => finding.severity === 'fail');
