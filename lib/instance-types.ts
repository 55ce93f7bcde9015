/**
 * The EC2 instance families the platform accepts for node groups, with their CPU architecture.
 * Validation rejects anything else, so a typo (`m6l.large`) fails at synth, not at deploy.
 */
export type CpuArchitecture = 'x86_64' | 'arm64';

export const INSTANCE_FAMILY_ARCHITECTURE: Readonly<Record<string, CpuArchitecture>> = {
  // Xen-based (not Nitro): secondary-IP mode only.
  t2: 'x86_64',
  m4: 'x86_64',
  t3: 'x86_64',
  t3a: 'x86_64',
  t4g: 'arm64',
  m5: 'x86_64',
  m5a: 'x86_64',
  m6i: 'x86_64',
  m6a: 'x86_64',
  m6g: 'arm64',
  m7i: 'x86_64',
  m7a: 'x86_64',
  m7g: 'arm64',
  m8g: 'arm64',
  c5: 'x86_64',
  c5a: 'x86_64',
  c6i: 'x86_64',
  c6a: 'x86_64',
  c6g: 'arm64',
  c7i: 'x86_64',
  c7a: 'x86_64',
  c7g: 'arm64',
  c8g: 'arm64',
  r5: 'x86_64',
  r6i: 'x86_64',
  r6a: 'x86_64',
  r6g: 'arm64',
  r7i: 'x86_64',
  r7g: 'arm64',
};

const INSTANCE_TYPE_PATTERN = /^([a-z][a-z0-9-]*)\.((?:\d*x)?large|medium|small|micro|nano|metal)$/;

/** The family of `m6i.large` is `m6i`; undefined when the name is not `family.size`. */
export function instanceFamilyOf(instanceType: string): string | undefined {
  return INSTANCE_TYPE_PATTERN.exec(instanceType)?.[1];
}

/** The CPU architecture of an instance type, or undefined when its family is not supported. */
export function architectureOf(instanceType: string): CpuArchitecture | undefined {
  const family = instanceFamilyOf(instanceType);
  return family === undefined ? undefined : INSTANCE_FAMILY_ARCHITECTURE[family];
}
