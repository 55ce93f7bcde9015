import type { Template } from './assembly';

/** A Kubernetes object the kubectl provider applies, keyed as `kind namespace/name`. */
export interface AppliedObject {
  readonly key: string;
  readonly object: Record<string, any>;
}

/** A Helm release the kubectl provider installs. */
export interface HelmRelease {
  readonly key: string;
  readonly chart: string;
  readonly version: string;
  readonly values: string;
}

/** Stands in for a CloudFormation intrinsic inside a manifest or Helm values: `${Logical.Attr}`, `${Ref}`. */
function deployTime(part: any): string {
  if (part?.Ref) return `\${${part.Ref}}`;
  if (part?.['Fn::GetAtt']) return `\${${part['Fn::GetAtt'].join('.')}}`;
  return '${deploy-time value}';
}

/** A string property that may be a Fn::Join around intrinsics, with the intrinsics written out. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join'];
  if (join) return join[1].map((part) => (typeof part === 'string' ? part : deployTime(part))).join(join[0]);
  return JSON.stringify(value ?? '');
}

export function appliedObjects(template: Template): Map<string, AppliedObject> {
  const objects = new Map<string, AppliedObject>();
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'Custom::AWSCDK-EKS-KubernetesResource') continue;
    for (const object of JSON.parse(flatten(resource.Properties?.Manifest)) as Record<string, any>[]) {
      const key = `${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
      objects.set(key, { key, object });
    }
  }
  return objects;
}

export function helmReleases(template: Template): Map<string, HelmRelease> {
  const releases = new Map<string, HelmRelease>();
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'Custom::AWSCDK-EKS-HelmChart') continue;
    const properties = resource.Properties ?? {};
    const key = `${properties.Namespace ?? 'default'}/${properties.Release}`;
    releases.set(key, { key, chart: String(properties.Chart), version: String(properties.Version), values: flatten(properties.Values) });
  }
  return releases;
}
