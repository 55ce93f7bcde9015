import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary root per `jest` run, removed when the run ends. Every `new App()` without an
 * outdir synthesizes into a fresh `cdk.outXXXX` under os.tmpdir() with the kubectl layer
 * (~57 MB) staged inside, and CDK never removes it: a full run used to leave tens of GB behind.
 * Workers inherit TMPDIR, so their temporary files land here too.
 */
const PREVIOUS_TMPDIR = 'EKS_PLATFORM_PREVIOUS_TMPDIR';

export function createTempRoot(): void {
  const root = mkdtempSync(join(tmpdir(), 'eks-platform-jest-'));
  process.env[PREVIOUS_TMPDIR] = process.env.TMPDIR ?? '';
  process.env.TMPDIR = root;
}

export function removeTempRoot(): void {
  const root = process.env.TMPDIR;
  if (root && root.includes('eks-platform-jest-')) rmSync(root, { recursive: true, force: true });
  process.env.TMPDIR = process.env[PREVIOUS_TMPDIR] || undefined;
}

/**
 * A directory shared by every test file of this run (under its temporary root, so removed with
 * it): a cache that lets test files reuse what another one built.
 */
export function runSharedDir(name: string): string {
  const root = process.env.TMPDIR;
  if (!root || !root.includes('eks-platform-jest-')) throw new Error('runSharedDir needs the jest run root: run the tests with jest');
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
