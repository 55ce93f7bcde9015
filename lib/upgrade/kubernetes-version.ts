/** A Kubernetes `major.minor` version. */
export interface MinorVersion {
  readonly major: number;
  readonly minor: number;
}

/** Parses `1.36`; undefined for anything else (`1.36.1`, `v1.36`, `1`). */
export function parseMinorVersion(text: string): MinorVersion | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** Negative when a is older than b, zero when equal, positive when newer. */
export function compareMinorVersions(a: MinorVersion, b: MinorVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export const formatMinorVersion = (version: MinorVersion): string => `${version.major}.${version.minor}`;
