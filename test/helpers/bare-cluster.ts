import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { CDK_JSON_CONTEXT } from './synth';

/** A stack holding a bare EKS cluster (no capacity), for testing one construct on its own. */
export function bareClusterStack(): { stack: Stack; cluster: eks.Cluster } {
  const app = new App({ context: { ...CDK_JSON_CONTEXT }, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    defaultCapacity: 0,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Layer') },
  });
  return { stack, cluster };
}
