import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';

/** A Pod Security Standard, enforced (and audited and warned about) by Pod Security Admission. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface NamespaceSpec {
  readonly name: string;
  /** `restricted` for teams; platform namespaces get the least their software works with. */
  readonly podSecurity: PodSecurityLevel;
  /** Whose namespace it is: team namespaces get quotas and network policies. */
  readonly tenant: 'team' | 'platform';
  /** Namespace defaults for controllers, e.g. ACK's per-service deletion policy. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface NamespacesChartProps {
  readonly namespaces: readonly NamespaceSpec[];
}

/** The label that tells team namespaces from platform ones. */
export const TENANT_LABEL = 'platform/tenant';

/** Namespaces with their Pod Security Admission level. */
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespacesChartProps) {
    super(scope, id);
    for (const { name, podSecurity, tenant, annotations } of props.namespaces) {
      new kplus.Namespace(this, name, {
        metadata: {
          name,
          ...(annotations && { annotations: { ...annotations } }),
          labels: {
            'pod-security.kubernetes.io/enforce': podSecurity,
            'pod-security.kubernetes.io/audit': podSecurity,
            'pod-security.kubernetes.io/warn': podSecurity,
            [TENANT_LABEL]: tenant,
          },
        },
      });
    }
  }
}
