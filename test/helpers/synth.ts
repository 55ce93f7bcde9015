import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentInput } from '../../lib/config/schema';
import { parseEnvironment } from '../../lib/config/parse';
import { PlatformStage } from '../../lib/stages/platform-stage';
import { runSharedDir } from '../setup/temp-root';

/** The feature flags from cdk.json, so tests build exactly what `cdk synth` builds. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')).context;

export interface SynthesizedEnvironment {
  readonly stage: PlatformStage;
  readonly network: Template;
  readonly cluster: Template;
}

/**
 * Builds one environment and returns its templates. The bundled CloudFormation validator is
 * off here for speed, and so is copying assets; `cloudformation-validation.test.ts` runs it on every environment.
 *
 * Templates are shared by every test file of a run: the first to synthesize an input writes them
 * to the run's temporary root, the others read them (about twenty files synthesize the same three
 * fixtures). `stage`, the construct tree, is built only for a test that reads it.
 */
export function synthEnvironment(input: EnvironmentInput): SynthesizedEnvironment {
  const file = join(runSharedDir('synthesized-environments'), `${createHash('sha256').update(JSON.stringify(input)).digest('hex')}.json`);
  let built: PlatformStage | undefined;
  const build = () => (built ??= buildStage(input));
  let templates: { network: Record<string, unknown>; cluster: Record<string, unknown> };
  if (existsSync(file)) templates = JSON.parse(readFileSync(file, 'utf8'));
  else {
    const stage = build();
    templates = { network: Template.fromStack(stage.network).toJSON(), cluster: Template.fromStack(stage.cluster).toJSON() };
    // Written whole, then renamed: another worker reading at the same time sees all of it or none.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(templates));
    renameSync(partial, file);
  }
  return {
    get stage() {
      return build();
    },
    network: Template.fromJSON(templates.network),
    cluster: Template.fromJSON(templates.cluster),
  };
}

function buildStage(input: EnvironmentInput): PlatformStage {
  // As `cdk synth` does, no construct stack traces in metadata; and assets (the 36 MB kubectl
  // layer among them) are referenced in place rather than copied for every test.
  const context = { ...CDK_JSON_CONTEXT, 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-asset-staging': true };
  const app = new App({ context, builtinCloudFormationValidation: false });
  return new PlatformStage(app, { environment: parseEnvironment(input) });
}

/** A copy of an environment with some fields replaced, for one-off variations in tests. */
export function withOverrides(base: EnvironmentInput, overrides: DeepPartial<EnvironmentInput>): EnvironmentInput {
  return deepMerge(base, overrides) as EnvironmentInput;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resources of one type in a template, as `[logicalId, properties]` pairs. */
export function resourcesOfType(template: Template, type: string): [string, Record<string, any>][] {
  return Object.entries(template.findResources(type)).map(([id, resource]) => [id, resource.Properties ?? {}]);
}

/** The one resource of a type; fails when there is not exactly one. */
export function onlyResource(template: Template, type: string): Record<string, any> {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0][1];
}
