import { parseEnvironment } from '../lib/config/parse';
import { planTeardown, renderTeardown } from '../lib/teardown/plan';
import type { TeardownTemplate } from '../lib/teardown/plan';
import { devFixture, prodFixture, stagingFixture } from './fixtures/environments';
import { synthEnvironment } from './helpers/synth';

// fx-staging: Grafana behind the shared ALB, ExternalDNS, protection on.
const staging = synthEnvironment(stagingFixture);
const cluster = staging.cluster.toJSON() as {
  Resources: Record<string, { Type: string; DependsOn?: string[]; Properties?: unknown; DeletionPolicy?: string }>;
};

/** Everything a resource waits for at create time; CloudFormation deletes it before all of them. */
function dependenciesOf(logicalId: string, seen = new Set<string>()): Set<string> {
  for (const dependency of cluster.Resources[logicalId]?.DependsOn ?? []) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    dependenciesOf(dependency, seen);
  }
  return seen;
}
const onlyId = (pattern: RegExp): string => {
  const ids = Object.keys(cluster.Resources).filter((id) => pattern.test(id));
  expect(ids).toHaveLength(1);
  return ids[0];
};

describe('delete order by construction (reverse of the dependency graph)', () => {
  const karpenterController = onlyId(/^KarpenterControllerRelease/);
  const loadBalancerController = onlyId(/^IngressLoadBalancerControllerRelease/);
  const systemNodes = onlyId(/^EksClusterNodegroupSystemNodes/);

  test("the NodePools go before Karpenter's controller, so it drains and terminates its nodes", () => {
    expect(dependenciesOf(onlyId(/^KarpenterNodePools/))).toContain(karpenterController);
  });

  test('every platform object that makes an ALB goes before the load balancer controller, so it deletes the ALB', () => {
    const albMakers = Object.entries(cluster.Resources)
      .filter(([, resource]) =>
        /alb\.ingress\.kubernetes\.io|"ingressClassName":"alb"|\\"kind\\":\\"Ingress\\"/.test(JSON.stringify(resource.Properties ?? {})),
      )
      .map(([id]) => id)
      .filter((id) => id !== loadBalancerController);
    expect(albMakers).toContain(onlyId(/^MonitoringRelease/));
    for (const id of albMakers) expect([id, dependenciesOf(id).has(loadBalancerController)]).toEqual([id, true]);
  });

  test('both controllers go before the system nodes they run on', () => {
    expect(dependenciesOf(karpenterController)).toContain(systemNodes);
    expect(dependenciesOf(loadBalancerController)).toContain(systemNodes);
  });
});

describe('teardown plan', () => {
  const templates = new Map<string, TeardownTemplate>([
    ['Network', staging.network.toJSON() as TeardownTemplate],
    ['Cluster', cluster as TeardownTemplate],
  ]);
  const plan = planTeardown(parseEnvironment(stagingFixture), templates);

  test('every resource is either deleted (counted by type) or listed as retained, with how to remove it', () => {
    const total = [...templates.values()].reduce((sum, template) => sum + Object.keys(template.Resources ?? {}).length, 0);
    const deleted = [...plan.deleted.values()].flatMap((counts) => [...counts.values()]).reduce((sum, count) => sum + count, 0);
    expect(deleted + plan.retained.length).toBe(total);
    const retainedIds = Object.entries(cluster.Resources)
      .filter(([, resource]) => resource.DeletionPolicy === 'Retain')
      .map(([id]) => id);
    expect(plan.retained.filter((r) => r.stack === 'Cluster').map((r) => r.logicalId)).toEqual(retainedIds);
    expect(plan.retained.find((r) => r.type === 'AWS::EKS::Cluster')?.removeBy).toContain(
      'aws eks delete-cluster --region eu-west-1 --name fx-staging-platform',
    );
    for (const r of plan.retained) expect(r.removeBy.length).toBeGreaterThan(10);
  });

  test('protection comes off first; team load balancers and volumes before the destroy; instances, volumes and ENIs checked after', () => {
    expect(plan.before.map((step) => step.title)).toEqual([
      'Turn protection off',
      "Remove the teams' Ingresses and LoadBalancer Services",
      'Delete workloads and their PersistentVolumeClaims',
    ]);
    expect(plan.destroy.commands).toEqual(["npx cdk destroy -c env=fx-staging 'fx-staging/*'"]);
    expect(plan.after.map((step) => step.title)).toEqual([
      "Check Karpenter's instances and launch templates are gone",
      'Volumes left by Retain-class PersistentVolumes',
      'Leftover network interfaces',
      // fx-staging's teams may create buckets through ACK; they outlive the capability.
      'Buckets and databases teams made through ACK',
    ]);
    const text = renderTeardown(plan);
    expect(text).toContain('Key=elbv2.k8s.aws/cluster,Values=fx-staging-platform');
    expect(text).toContain('Name=tag:karpenter.k8s.aws/cluster,Values=fx-staging-platform');
    expect(text).toContain('with protection on; run this again after step 1');
  });

  test('with ACK RDS, the retained database subnet group and security group are removed after the destroy, by name', () => {
    const prod = planTeardown(parseEnvironment(prodFixture), new Map());
    const step = prod.after.find((candidate) => candidate.title === 'The ACK database subnet group and security group')!;
    expect(step.commands[0]).toBe(
      'aws --region eu-west-1 rds delete-db-subnet-group --db-subnet-group-name fx-prod-platform-ack-databases',
    );
    expect(step.why).toContain('network stack cannot be deleted');
    const dev = planTeardown(parseEnvironment(devFixture), new Map());
    expect(dev.after.map((candidate) => candidate.title).filter((title) => /ACK/.test(title))).toEqual([]);
  });

  test('an unprotected environment has no protection step', () => {
    const dev = planTeardown(parseEnvironment(devFixture), new Map());
    expect(dev.before[0].title).toBe("Remove the teams' Ingresses and LoadBalancer Services");
    expect(dev.protectedNow).toBe(false);
  });
});
