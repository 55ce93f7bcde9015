import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Parse from '../../lib/config/parse';
import type { EnvironmentInput } from '../../lib/config/schema';
import type * as Stages from '../../lib/stages/platform-stage';
import type { PlatformStage } from '../../lib/stages/platform-stage';
import { SYNTHESIS_SOCKET_VARIABLE } from '../setup/synthesis-server-process';
import { runSharedDir } from '../setup/temp-root';

/** The feature flags from cdk.json, so tests build exactly what `cdk synth` builds. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')).context;

export interface SynthesizedEnvironment {
  readonly network: Template;
  readonly cluster: Template;
  /** What the stage's cloud assembly records beside the templates, as `cdk deploy` reads it. */
  readonly assembly: AssemblyFacts;
}

export interface AssemblyFacts {
  readonly terminationProtection: { readonly network: boolean; readonly cluster: boolean };
  /** Context lookups synthesis could not answer (each would need AWS credentials at synth time). */
  readonly missingContext: unknown[];
}

interface Synthesized {
  readonly network: Record<string, unknown>;
  readonly cluster: Record<string, unknown>;
  readonly assembly: AssemblyFacts;
}

/**
 * Synthesizes one environment and returns its templates. The bundled CloudFormation validator is
 * off here for speed, and so is copying assets; `cloudformation-validation.test.ts` runs it on every environment.
 *
 * Templates are shared by every test file of a run: the first to ask for an input has the run's
 * synthesis server write them to the run's temporary root, the others read them (about twenty
 * files synthesize the same three fixtures, and thirty-odd variants are synthesized once each, in
 * a process whose modules are loaded and warm, instead of cold in each test file).
 */
export function synthEnvironment(input: EnvironmentInput): SynthesizedEnvironment {
  const file = join(runSharedDir('synthesized-environments'), `${createHash('sha256').update(JSON.stringify(input)).digest('hex')}.json`);
  if (!existsSync(file)) {
    const socket = process.env[SYNTHESIS_SOCKET_VARIABLE];
    if (socket) askServer(socket, input, file);
    else writeSynthesized(input, file);
  }
  const synthesized: Synthesized = JSON.parse(readFileSync(file, 'utf8'));
  return {
    network: Template.fromJSON(synthesized.network),
    cluster: Template.fromJSON(synthesized.cluster),
    assembly: synthesized.assembly,
  };
}

/** Synthesizes `input` and writes what tests read of it to `file`: whole, then renamed, so a reader sees all of it or none. */
export function writeSynthesized(input: EnvironmentInput, file: string): void {
  const stage = buildStage(input);
  const assembly = stage.synth();
  const synthesized: Synthesized = {
    network: Template.fromStack(stage.network).toJSON(),
    cluster: Template.fromStack(stage.cluster).toJSON(),
    assembly: {
      terminationProtection: {
        network: assembly.getStackArtifact(stage.network.artifactId).terminationProtection ?? false,
        cluster: assembly.getStackArtifact(stage.cluster.artifactId).terminationProtection ?? false,
      },
      missingContext: assembly.manifest.missing ?? [],
    },
  };
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(synthesized));
  renameSync(partial, file);
}

/** Has the synthesis server write the templates of `input` to `file`, and waits for it. */
function askServer(socket: string, input: EnvironmentInput, file: string): void {
  const client = spawnSync(process.execPath, [join(__dirname, '../setup/synthesis-client.js'), socket], {
    input: JSON.stringify({ input, file }),
    encoding: 'utf8',
    // Far above a synthesis (seconds): only a hung server reaches it, and jest cannot interrupt a spawnSync.
    timeout: 5 * 60 * 1000,
  });
  if (client.status !== 0 || !existsSync(file))
    throw new Error(`synthesizing ${input.name} failed:\n${client.stderr || client.error?.message || `exit code ${client.status}`}`);
}

function buildStage(input: EnvironmentInput): PlatformStage {
  // Loaded only where a construct tree is built: a test that reads templates does without the platform's modules.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parseEnvironment } = require('../../lib/config/parse') as typeof Parse;
  const { PlatformStage } = require('../../lib/stages/platform-stage') as typeof Stages;
  /* eslint-enable @typescript-eslint/no-require-imports */
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
