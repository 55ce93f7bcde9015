import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedKubewarden } from '../lib/config/kubewarden-schema';
import type { PolicyName } from '../lib/kubewarden/policy-catalog';
import { moduleReference, POLICY_MODULES } from '../lib/kubewarden/policy-catalog';
import { policySettings } from '../lib/kubewarden/policy-checks';
import { ClusterAdmissionPolicy, ClusterAdmissionPolicySpecMode } from './imports/policies.kubewarden.io';
import { TENANT_LABEL } from './namespaces-chart';

export interface KubewardenPoliciesChartProps extends ResolvedKubewarden {
  /** The policy server the policies run on. */
  readonly policyServer: string;
  /** Namespaces a policy never judges, even if one were labelled as a team's: kube-system, Kubewarden's, the platform's. */
  readonly neverJudged: readonly string[];
}

const WORKLOAD_RULES = [
  {
    apiGroups: ['apps'],
    apiVersions: ['v1'],
    resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
    operations: ['CREATE', 'UPDATE'],
  },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'], operations: ['CREATE', 'UPDATE'] },
];
const POD_RULE = { apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE', 'UPDATE'] };

/**
 * The platform's admission policies, one ClusterAdmissionPolicy per policy that is on, each
 * pinned to its module version, in its environment's mode, and scoped so it cannot lock the
 * platform out of its own cluster:
 * - the webhook's namespaceSelector matches team namespaces only (label `platform/tenant=team`,
 *   set by the platform's namespaces chart), and additionally excludes kube-system, Kubewarden's
 *   namespace and every platform namespace by name: the platform's pods are never sent to the
 *   policy server, so no policy and no policy-server outage can stop them;
 * - the failure policy is `Ignore` in `monitor` mode (an unreachable policy server admits and
 *   the KubeAdmissionWebhookFailingOpen alert says so) and `Fail` only in `protect`, where an
 *   outage refuses team pods but nothing of the platform, which recovers the policy server itself;
 * - the chart's controller never judges its own namespace (alwaysAcceptAdmissionReviewsOnDeploymentsNamespace,
 *   and allowInsideAdmissionControllerNamespace stays false).
 */
export class KubewardenPoliciesChart extends Chart {
  constructor(scope: Construct, id: string, props: KubewardenPoliciesChartProps) {
    super(scope, id);
    for (const { name, mode } of props.policies) {
      const module = POLICY_MODULES[name];
      new ClusterAdmissionPolicy(this, name, {
        metadata: {
          name: module.resourceName,
          labels: { 'platform/policy': name },
          annotations: { 'platform/purpose': module.purpose },
        },
        spec: {
          policyServer: props.policyServer,
          module: moduleReference(name),
          mode: mode === 'protect' ? ClusterAdmissionPolicySpecMode.PROTECT : ClusterAdmissionPolicySpecMode.MONITOR,
          failurePolicy: mode === 'protect' ? 'Fail' : 'Ignore',
          timeoutSeconds: 10,
          mutating: module.mutating,
          backgroundAudit: true,
          allowInsideAdmissionControllerNamespace: false,
          rules: module.judges === 'pods' ? [POD_RULE] : [POD_RULE, ...WORKLOAD_RULES],
          namespaceSelector: {
            matchLabels: { [TENANT_LABEL]: 'team' },
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...props.neverJudged].sort() }],
          },
          settings: policySettings(name as PolicyName, props),
        },
      });
    }
  }
}
