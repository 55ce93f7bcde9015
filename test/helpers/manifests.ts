import type { Template } from 'aws-cdk-lib/assertions';
import type { ValidateFunction } from 'ajv';
import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Kubernetes object as the kubectl provider will apply it, with deploy-time values as placeholders. */
export interface AppliedObject {
  /** Logical ID of the Custom::AWSCDK-EKS-KubernetesResource that applies it. */
  readonly resource: string;
  readonly object: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [key: string]: any };
    [key: string]: any;
  };
}

/** Stands in for a CloudFormation intrinsic (a role or key ARN) inside a manifest. */
export const DEPLOY_TIME_VALUE = 'arn:aws:deploy-time-value';

/** Every object that the template's KubernetesManifest resources apply. */
export function appliedObjects(template: Template): AppliedObject[] {
  return Object.entries(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap(([resource, { Properties }]) => {
    const manifest = Properties.Manifest;
    const text =
      typeof manifest === 'string'
        ? manifest
        : (manifest['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : DEPLOY_TIME_VALUE)).join('');
    return (JSON.parse(text) as AppliedObject['object'][]).map((object) => ({ resource, object }));
  });
}

/** CRD patterns are Go (RE2) expressions; the one RE2 feature they use that JavaScript lacks is the `(?i)` flag group. */
export function goRegExp(pattern: string, flags: string): RegExp {
  const caseInsensitive = pattern.includes('(?i)');
  return new RegExp(pattern.replaceAll('(?i)', ''), caseInsensitive ? `${flags}i` : flags);
}
goRegExp.code = 'goRegExp';

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
const CRD_SCHEMAS = join(__dirname, '../../charts/imports/schemas');
const compiled = new Map<string, ValidateFunction>();

/**
 * Schema problems of one object: Kubernetes' own types from `kubernetes-models`, our CRDs from
 * the schemas `tools/import-crds.sh` extracted. An object with no schema is a problem too.
 */
export function schemaProblems(object: AppliedObject['object']): string[] {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const crdSchema = join(CRD_SCHEMAS, `${group}_${version}_${object.kind}.json`);
  if (existsSync(crdSchema)) {
    const validate = compiled.get(crdSchema) ?? ajv.compile(JSON.parse(readFileSync(crdSchema, 'utf8')));
    compiled.set(crdSchema, validate);
    return validate(object) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  }
  let model: (new (data: object) => { validate(): void }) | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    model = require(`kubernetes-models/${object.apiVersion}`)[object.kind];
  } catch {
    model = undefined;
  }
  if (!model) return [`no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

const POD_TEMPLATE_PATHS: Readonly<Record<string, string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Whether an object runs containers (and so must meet the platform's workload rules). */
export function isWorkload(object: AppliedObject['object']): boolean {
  return object.kind in POD_TEMPLATE_PATHS;
}

/**
 * The platform's rules for workloads it authors: requests and limits, probes on long-running
 * containers, non-root, read-only root filesystem, no privilege escalation, all capabilities dropped.
 */
export function workloadProblems(object: AppliedObject['object']): string[] {
  const podSpec = POD_TEMPLATE_PATHS[object.kind]?.reduce((value: any, key) => value?.[key], object);
  if (!podSpec) return [];
  const podContext = podSpec.securityContext ?? {};
  return (podSpec.containers ?? []).flatMap((container: any) => {
    const at = `${object.kind} ${object.metadata.name}, container ${container.name}`;
    const context = container.securityContext ?? {};
    const problems: string[] = [];
    for (const [kind, resources] of [
      ['requests', ['cpu', 'memory']],
      ['limits', ['memory']],
    ] as const)
      for (const resource of resources)
        if (!container.resources?.[kind]?.[resource]) problems.push(`${at}: no ${resource} ${kind.slice(0, -1)}`);
    if (LONG_RUNNING.has(object.kind) && !container.readinessProbe) problems.push(`${at}: no readiness probe`);
    if (LONG_RUNNING.has(object.kind) && !container.livenessProbe) problems.push(`${at}: no liveness probe`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) problems.push(`${at}: may run as root`);
    if (context.readOnlyRootFilesystem !== true) problems.push(`${at}: writable root filesystem`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation allowed`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities not dropped`);
    return problems;
  });
}
