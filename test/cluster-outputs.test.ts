import { parseEnvironment } from '../lib/config/parse';
import { grafanaUrl } from '../lib/stacks/cluster-outputs';
import { devFixture, prodFixture } from './fixtures/environments';
import { onlyResource, synthEnvironment, withOverrides } from './helpers/synth';

describe('what the cluster stack prints after a deploy', () => {
  const { cluster } = synthEnvironment(prodFixture);
  const outputs = cluster.findOutputs('*');
  const clusterLogicalId = Object.keys(cluster.findResources('AWS::EKS::Cluster'))[0];

  test('the kubeconfig command names the cluster and its region', () => {
    expect(outputs.UpdateKubeconfigCommand.Value).toBe('aws eks update-kubeconfig --name fx-prod-platform --region eu-west-1');
    expect(onlyResource(cluster, 'AWS::EKS::Cluster').Name).toBe('fx-prod-platform');
  });

  test('the cluster ARN and API endpoint come from the cluster resource', () => {
    expect(outputs.ClusterArn.Value).toEqual({ 'Fn::GetAtt': [clusterLogicalId, 'Arn'] });
    expect(outputs.ClusterEndpoint.Value).toEqual({ 'Fn::GetAtt': [clusterLogicalId, 'Endpoint'] });
  });

  test('Grafana is printed where it is published, over HTTPS when the ALB has a certificate', () => {
    expect(outputs.GrafanaUrl.Value).toBe('https://grafana.fixture.test/');
  });
});

describe('the Grafana URL', () => {
  test('is absent where Grafana is not published', () => {
    expect(grafanaUrl(parseEnvironment(devFixture))).toBeUndefined();
  });

  test('is plain HTTP where the ALB has no certificate', () => {
    const env = parseEnvironment(
      withOverrides(devFixture, {
        ingress: { certificateArns: [], requireHttps: false },
        monitoring: { grafana: { ingressHost: 'grafana.dev.fixture.test' } },
      }),
    );
    expect(grafanaUrl(env)).toBe('http://grafana.dev.fixture.test/');
  });
});
