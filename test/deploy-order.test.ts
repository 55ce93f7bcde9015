import { longestKubectlChain, waitsFor } from '../lib/deploy-order';
import { prodFixture } from './fixtures/environments';
import { synthEnvironment } from './helpers/synth';

const helm = (dependsOn?: string[], properties?: unknown) => ({
  Type: 'Custom::AWSCDK-EKS-HelmChart',
  DependsOn: dependsOn,
  Properties: properties,
});
const manifest = (dependsOn?: string[], properties?: unknown) => ({
  Type: 'Custom::AWSCDK-EKS-KubernetesResource',
  DependsOn: dependsOn,
  Properties: properties,
});

describe('what CloudFormation waits for', () => {
  test('DependsOn, Ref, Fn::GetAtt and the names in Fn::Sub, within the template only', () => {
    const graph = waitsFor({
      Resources: {
        Role: { Type: 'AWS::IAM::Role' },
        Queue: { Type: 'AWS::SQS::Queue' },
        Nodes: { Type: 'AWS::EKS::Nodegroup', DependsOn: 'Role' },
        Release: helm(['Nodes'], {
          Values: { 'Fn::Sub': ['${Queue.Arn} in ${AWS::Region} for ${Name}', { Name: { Ref: 'Role' } }] },
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Key: { Ref: 'AWS::AccountId' },
        }),
      },
    });
    expect(graph.get('Release')).toEqual(new Set(['Nodes', 'Queue', 'Role']));
    expect(graph.get('Nodes')).toEqual(new Set(['Role']));
    expect(graph.get('Role')).toEqual(new Set());
  });
});

describe('the longest chain of kubectl resources', () => {
  test('counts only kubectl resources, through whatever lies between them, and picks the longest branch', () => {
    const chain = longestKubectlChain({
      Resources: {
        Namespaces: manifest(),
        Nodes: { Type: 'AWS::EKS::Nodegroup', DependsOn: ['Namespaces'] },
        Operator: helm(['Nodes']),
        Store: manifest(['Operator']),
        Dashboards: manifest(['Namespaces']),
        Synced: { Type: 'Custom::AWSCDK-EKS-KubernetesObjectValue', DependsOn: ['Store'] },
        Unrelated: helm(),
      },
    });
    expect(chain).toEqual(['Namespaces', 'Operator', 'Store', 'Synced']);
  });

  test('is empty without kubectl resources, and one long with unrelated ones', () => {
    expect(longestKubectlChain({ Resources: { Role: { Type: 'AWS::IAM::Role' } } })).toEqual([]);
    expect(longestKubectlChain({ Resources: { A: helm(), B: helm() } })).toHaveLength(1);
  });

  test("in fx-prod's cluster stack, each step waits for the one before it", () => {
    const template = synthEnvironment(prodFixture).cluster.toJSON();
    const graph = waitsFor(template);
    const before = (id: string, seen = new Set<string>()): Set<string> => {
      for (const dependency of graph.get(id) ?? []) if (!seen.has(dependency)) before(dependency, seen.add(dependency));
      return seen;
    };
    const chain = longestKubectlChain(template);
    expect(chain.length).toBeGreaterThan(3);
    for (let step = 1; step < chain.length; step++) expect(before(chain[step]).has(chain[step - 1])).toBe(true);
    // The store and the ExternalSecrets are applied side by side: only one of them is on any chain.
    expect(chain.filter((id) => /^ExternalSecretsStore|ExternalSecret[0-9A-F]{8}$/.test(id)).length).toBeLessThanOrEqual(1);
  });
});
