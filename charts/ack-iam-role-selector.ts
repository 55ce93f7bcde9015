import type { GroupVersionKind } from 'cdk8s';
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * ACK's IAMRoleSelector (services.k8s.aws/v1alpha1, cluster-scoped), typed by hand: its CRD comes
 * with the EKS ACK capability and is not among the CRDs in ../shared/crds (ack-s3-1.10.0 and
 * ack-rds-1.11.1 predate it). Written from the CRD of aws-controllers-k8s/runtime
 * (config/crd/bases/services.k8s.aws_iamroleselectors.yaml) and the EKS guide "Configure ACK
 * permissions": the capability manages a resource with the role of the selector whose namespace
 * selector matches the resource's namespace, and with the capability role otherwise.
 */
export interface IamRoleSelectorSpec {
  /** The IAM role ACK assumes for matching resources. */
  readonly arn: string;
  /** Namespaces by name (required by the CRD) and, optionally, by labels. */
  readonly namespaceSelector: {
    readonly names: readonly string[];
    readonly labelSelector?: { readonly matchLabels: Readonly<Record<string, string>> };
  };
  /** Narrows the selector to some kinds; all kinds when absent. */
  readonly resourceTypeSelector?: readonly { readonly group: string; readonly version: string; readonly kind: string }[];
}

export interface IamRoleSelectorProps {
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec: IamRoleSelectorSpec;
}

export class IamRoleSelector extends ApiObject {
  static readonly GVK: GroupVersionKind = { apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector' };

  constructor(scope: Construct, id: string, props: IamRoleSelectorProps) {
    super(scope, id, {
      ...IamRoleSelector.GVK,
      metadata: { ...props.metadata, labels: { ...props.metadata.labels } },
      spec: props.spec,
    });
  }
}
