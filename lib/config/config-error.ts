/** Every problem found in the configuration, each as `environment.field: message`. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid platform configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** `['systemNodeGroup', 'instanceTypes', 0]` -> `systemNodeGroup.instanceTypes[0]`; `['tags', 'aws:x']` -> `tags["aws:x"]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    // Keys that are not plain names (tag keys such as "aws:team", label keys) are quoted.
    if (!/^[A-Za-z_][\w-]*$/.test(name)) return `${text}[${JSON.stringify(name)}]`;
    return text === '' ? name : `${text}.${name}`;
  }, '');
}
