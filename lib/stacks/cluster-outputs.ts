import { CfnOutput } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type { Stack } from 'aws-cdk-lib';
import type { EnvironmentConfig } from '../config/parse';

/**
 * What `cdk deploy` prints for the cluster stack: how to reach the cluster with kubectl, what
 * identifies it, and where Grafana is when it is published. Created on the stack itself, so the
 * output keys read `UpdateKubeconfigCommand`, `ClusterArn`, ... with no generated suffix.
 */
export function addClusterOutputs(stack: Stack, cluster: eks.ICluster, env: EnvironmentConfig): void {
  new CfnOutput(stack, 'UpdateKubeconfigCommand', {
    description: 'Adds this cluster to your kubeconfig (needs an identity the access section admits)',
    value: `aws eks update-kubeconfig --name ${env.cluster.name} --region ${env.region}`,
  });
  new CfnOutput(stack, 'ClusterArn', { description: 'The EKS cluster', value: cluster.clusterArn });
  new CfnOutput(stack, 'ClusterEndpoint', { description: 'The Kubernetes API endpoint', value: cluster.clusterEndpoint });
  const grafana = grafanaUrl(env);
  if (grafana) new CfnOutput(stack, 'GrafanaUrl', { description: 'Grafana, on the shared ALB', value: grafana });
}

/** Grafana's address when it is published; HTTPS whenever the shared ALB has a certificate. */
export function grafanaUrl(env: Pick<EnvironmentConfig, 'monitoring' | 'ingress'>): string | undefined {
  const host = env.monitoring.grafana.ingressHost;
  if (!host) return undefined;
  return `${env.ingress.certificateArns.length > 0 ? 'https' : 'http'}://${host}/`;
}
