import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type { IConstruct } from 'constructs';

/** The template metadata key that says why a manifest or release is retained; the review quotes it. */
export const RETAINED_BECAUSE = 'platform:retainedBecause';

/**
 * Keeps what a manifest or Helm release created in the cluster when the resource leaves the
 * template (a config switch, a dropped grant) or is replaced: CloudFormation then skips the
 * kubectl handler's `kubectl delete` / `helm uninstall`, so Namespaces, PersistentVolumeClaims,
 * CRDs and CRs that own AWS resources survive. (`prune: false` only covers objects dropped from a
 * manifest that stays.) Put only such objects in a retained manifest: everything in it outlives
 * the template, safe-to-delete objects included.
 */
export function retainedOnRemoval<T extends eks.KubernetesManifest | eks.HelmChart>(resource: T, because: string): T {
  const custom = cfnResourceOf(resource);
  // Both DeletionPolicy and UpdateReplacePolicy: a replacement deletes the old resource too.
  custom.applyRemovalPolicy(RemovalPolicy.RETAIN);
  custom.addMetadata(RETAINED_BECAUSE, because);
  return resource;
}

/** The custom resource's CloudFormation resource (KubernetesManifest -> CustomResource -> CfnResource). */
function cfnResourceOf(construct: IConstruct): CfnResource {
  let child = construct.node.defaultChild;
  while (child && !CfnResource.isCfnResource(child)) child = child.node.defaultChild;
  if (!child) throw new Error(`${construct.node.path}: no CloudFormation resource to retain`);
  return child;
}
