import { CfnJson } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface ServiceAccountRoleProps {
  /** A cluster with an IAM OIDC provider. */
  readonly cluster: eks.ICluster;
  readonly namespace: string;
  readonly serviceAccountName: string;
  /**
   * Create the ServiceAccount, annotated with the role. Leave false when an EKS add-on or a Helm
   * chart creates the ServiceAccount itself and takes the role ARN as a setting.
   */
  readonly createServiceAccount: boolean;
  /** Permissions, as customer-managed policies (each under IAM's 6,144-character limit). */
  readonly managedPolicies?: readonly iam.IManagedPolicy[];
  readonly description?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * An IAM role for one Kubernetes service account (IRSA): only pods running as exactly
 * `system:serviceaccount:<namespace>:<name>`, with tokens issued for STS, can assume it.
 */
export class ServiceAccountRole extends Construct {
  readonly role: iam.Role;
  readonly namespace: string;
  readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: ServiceAccountRoleProps) {
    super(scope, id);
    if (!DNS_LABEL.test(props.namespace)) throw new Error(`${this.node.path}: namespace "${props.namespace}" is not a DNS label`);
    if (!DNS_SUBDOMAIN.test(props.serviceAccountName))
      throw new Error(`${this.node.path}: service account name "${props.serviceAccountName}" is not a DNS subdomain`);
    this.namespace = props.namespace;
    this.serviceAccountName = props.serviceAccountName;

    const provider = props.cluster.openIdConnectProvider;
    // The issuer is only known at deploy time, and IAM condition keys cannot be intrinsics,
    // so the conditions are resolved by CfnJson.
    const conditions = new CfnJson(this, 'TrustConditions', {
      value: {
        [`${provider.openIdConnectProviderIssuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccountName}`,
        [`${provider.openIdConnectProviderIssuer}:aud`]: 'sts.amazonaws.com',
      },
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.OpenIdConnectPrincipal(provider).withConditions({ StringEquals: conditions }),
      description: props.description ?? `IRSA role of ${props.namespace}/${props.serviceAccountName}`,
      managedPolicies: props.managedPolicies ? [...props.managedPolicies] : undefined,
    });

    if (props.createServiceAccount) {
      new eks.KubernetesManifest(this, 'ServiceAccount', {
        cluster: props.cluster,
        manifest: [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: {
              name: props.serviceAccountName,
              namespace: props.namespace,
              annotations: { 'eks.amazonaws.com/role-arn': this.role.roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
            },
          },
        ],
      });
    }
  }
}
