import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import {
  ClusterTriggerAuthentication,
  ClusterTriggerAuthenticationSpecPodIdentityIdentityOwner,
  ClusterTriggerAuthenticationSpecPodIdentityProvider,
} from './imports/keda.sh';
import { TENANT_LABEL } from './namespaces-chart';

export interface KedaAccessChartProps {
  /** Replica counts team ScaledObjects and ScaledJobs must stay within. */
  readonly minReplicaCount: number;
  readonly maxReplicaCount: number;
}

/** The ClusterTriggerAuthentication AWS triggers name to scale as KEDA's operator identity (IRSA). */
export const KEDA_AWS_TRIGGER_AUTHENTICATION = 'aws-keda-operator';

const KEDA_NAMESPACED_KINDS = ['scaledobjects', 'scaledjobs', 'triggerauthentications'];

/**
 * What teams may do with KEDA: the `edit` and `admin` roles (bound per team namespace by the
 * access model) gain ScaledObjects, ScaledJobs and TriggerAuthentications through an aggregated
 * ClusterRole, `view` gains reading them; an admission policy keeps team ScaledObjects and
 * ScaledJobs within the configured replica bounds (KEDA's default maximum, 100, is not allowed
 * to slip in unstated). And the ClusterTriggerAuthentication for the operator identity, whose
 * IAM role reads only this environment's queues and metrics.
 */
export class KedaAccessChart extends Chart {
  constructor(scope: Construct, id: string, props: KedaAccessChartProps) {
    super(scope, id);

    new k8s.KubeClusterRole(this, 'Edit', {
      metadata: {
        name: 'platform:keda-edit',
        labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
      },
      rules: [
        {
          apiGroups: ['keda.sh'],
          resources: KEDA_NAMESPACED_KINDS,
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
        },
      ],
    });
    new k8s.KubeClusterRole(this, 'View', {
      metadata: { name: 'platform:keda-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ apiGroups: ['keda.sh'], resources: KEDA_NAMESPACED_KINDS, verbs: ['get', 'list', 'watch'] }],
    });

    const policyName = 'platform-keda-replica-bounds';
    new k8s.KubeValidatingAdmissionPolicy(this, 'ReplicaBounds', {
      metadata: { name: policyName },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          namespaceSelector: { matchLabels: { [TENANT_LABEL]: 'team' } },
          resourceRules: [
            { apiGroups: ['keda.sh'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['scaledobjects', 'scaledjobs'] },
          ],
        },
        validations: [
          {
            expression: `has(object.spec.maxReplicaCount) && object.spec.maxReplicaCount <= ${props.maxReplicaCount}`,
            message: `spec.maxReplicaCount must be set and at most ${props.maxReplicaCount} in team namespaces (keda.teamReplicaBounds)`,
          },
          {
            expression: `!has(object.spec.minReplicaCount) || object.spec.minReplicaCount >= ${props.minReplicaCount}`,
            message: `spec.minReplicaCount must be at least ${props.minReplicaCount} in team namespaces (keda.teamReplicaBounds)`,
          },
        ],
      },
    });
    new k8s.KubeValidatingAdmissionPolicyBinding(this, 'ReplicaBoundsBinding', {
      metadata: { name: policyName },
      spec: { policyName, validationActions: ['Deny'] },
    });

    new ClusterTriggerAuthentication(this, 'AwsOperatorIdentity', {
      metadata: { name: KEDA_AWS_TRIGGER_AUTHENTICATION },
      spec: {
        podIdentity: {
          provider: ClusterTriggerAuthenticationSpecPodIdentityProvider.AWS,
          identityOwner: ClusterTriggerAuthenticationSpecPodIdentityIdentityOwner.KEDA,
        },
      },
    });
  }
}
