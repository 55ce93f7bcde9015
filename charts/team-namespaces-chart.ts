import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';

export interface TeamNamespacesChartProps {
  readonly namespaces: readonly string[];
}

/** Pod Security Admission at its strictest: team workloads run non-root, without privileges. */
const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** Namespaces that teams deploy into, enforcing the `restricted` Pod Security Standard. */
export class TeamNamespacesChart extends Chart {
  constructor(scope: Construct, id: string, props: TeamNamespacesChartProps) {
    super(scope, id);
    for (const name of props.namespaces) {
      new kplus.Namespace(this, name, { metadata: { name, labels: { ...RESTRICTED, 'platform/tenant': 'team' } } });
    }
  }
}
