import { RETAINED_BECAUSE } from '../../constructs/retained-on-removal';
import type { Template } from './assembly';
import { asText, resolveForDisplay } from './display';

/** What the kubectl provider does with a custom resource when it leaves the template. */
export interface ClusterResource {
  readonly stack: string;
  readonly logicalId: string;
  /** DeletionPolicy Retain: CloudFormation skips the handler's delete (kubectl delete / helm uninstall). */
  readonly retained: boolean;
  /** Why it is retained, as the construct recorded it. */
  readonly retainedBecause?: string;
}

/** A manifest the kubectl provider applies; `prune` deletes objects dropped from it. */
export interface AppliedManifest extends ClusterResource {
  readonly prune: boolean;
  readonly objects: ReadonlyMap<string, Record<string, any>>;
}

/** A Helm release the kubectl provider installs. */
export interface HelmRelease extends ClusterResource {
  readonly key: string;
  readonly chart: string;
  readonly version: string;
  /** The values, parsed, with deploy-time values written out as `${Logical.Attr}`. */
  readonly values: unknown;
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
export function objectKey(object: Record<string, any>): string {
  const namespace = object.metadata?.namespace;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${object.metadata?.name}`;
}

function clusterResource(stack: string, logicalId: string, resource: NonNullable<Template['Resources']>[string]): ClusterResource {
  const because = (resource as { Metadata?: Record<string, unknown> }).Metadata?.[RETAINED_BECAUSE];
  return {
    stack,
    logicalId,
    retained: (resource as { DeletionPolicy?: string }).DeletionPolicy === 'Retain',
    retainedBecause: typeof because === 'string' ? because : undefined,
  };
}

/** The manifests of one stack template, with their objects by key. */
export function appliedManifests(stack: string, template: Template): AppliedManifest[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
    .map(([logicalId, resource]) => {
      const objects = JSON.parse(asText(resolveForDisplay(resource.Properties?.Manifest))) as Record<string, any>[];
      return {
        ...clusterResource(stack, logicalId, resource),
        prune: Boolean(resource.Properties?.PruneLabel),
        objects: new Map(objects.map((object) => [objectKey(object), object])),
      };
    });
}

/** The Helm releases of one stack template. */
export function helmReleases(stack: string, template: Template): HelmRelease[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === 'Custom::AWSCDK-EKS-HelmChart')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      const values = asText(resolveForDisplay(properties.Values ?? '{}'));
      return {
        ...clusterResource(stack, logicalId, resource),
        key: `${properties.Namespace ?? 'default'}/${properties.Release}`,
        chart: String(properties.Chart),
        version: String(properties.Version),
        values: parseJson(values),
      };
    });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
