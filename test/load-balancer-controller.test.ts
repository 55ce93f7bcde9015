import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoadBalancerController } from '../constructs/load-balancer-controller';
import { loadBalancerControllerStatements } from '../constructs/load-balancer-controller-policy';
import { IAM_MANAGED_POLICY_MAX_CHARACTERS, splitIntoManagedPolicies } from '../constructs/split-managed-policies';
import type { HelmChartPin } from '../lib/config/version-matrix';
import { SYSTEM_WORKLOAD_PLACEMENT } from '../lib/system-node-placement';
import { bareClusterStack } from './helpers/bare-cluster';
import { asList, helmValues, render } from './helpers/cfn';
import { CDK_JSON_CONTEXT, onlyResource, resourcesOfType } from './helpers/synth';

const PIN: HelmChartPin = { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '9.9.9' };
/** Upstream's policy document; CI clones may not have ../shared, so tests that read it are skipped there. */
const REFERENCE_POLICY = join(__dirname, '../../shared/reference/aws-load-balancer-controller-3.5.0-iam_policy.json');

const newStack = bareClusterStack;

function build() {
  const { stack, cluster } = newStack();
  const nodes = cluster.addNodegroupCapacity('SystemNodes', { minSize: 2 });
  const controller = new LoadBalancerController(stack, 'Lbc', {
    cluster,
    chart: PIN,
    clusterName: 'platform-dev',
    region: 'eu-west-1',
    vpcId: 'vpc-0123456789abcdef0',
    dependsOn: [nodes],
  });
  return { stack, controller, nodes, template: Template.fromStack(stack) };
}

/** A statement reduced to what IAM evaluates, order-independent, for comparing documents. */
function canonical(statement: any): string {
  return JSON.stringify({
    effect: statement.Effect,
    actions: asList(statement.Action).sort(),
    resources: asList(statement.Resource).sort(),
    conditions: statement.Condition ?? {},
  });
}

describe('LoadBalancerController IAM', () => {
  const { template } = build();
  const policies = resourcesOfType(template, 'AWS::IAM::ManagedPolicy');
  const statements: any[] = policies.flatMap(([, policy]) => render(policy.PolicyDocument.Statement));
  const actions = new Set(statements.flatMap((statement) => asList(statement.Action)));

  test('the policy is split into managed policies, each under IAM 6,144-character limit', () => {
    expect(policies.length).toBeGreaterThanOrEqual(2);
    for (const [, policy] of policies) {
      expect(JSON.stringify(policy.PolicyDocument).replace(/\s+/g, '').length).toBeLessThan(IAM_MANAGED_POLICY_MAX_CHARACTERS);
    }
  });

  test('grants the 80 actions of upstream v3.5.0 in 16 statements, nothing on NotAction, nothing denied', () => {
    expect(actions.size).toBe(80);
    expect(statements).toHaveLength(16);
    expect(statements.every((statement) => statement.Effect === 'Allow' && !statement.NotAction && !statement.NotResource)).toBe(true);
    const keyActions = [
      'iam:CreateServiceLinkedRole',
      'ec2:GetSecurityGroupsForVpc',
      'elasticloadbalancing:ModifyIpPools',
      'wafv2:AssociateWebACL',
    ];
    for (const action of keyActions) expect(actions).toContain(action);
  });

  test('tags load balancers and target groups only while creating them for a cluster', () => {
    const onCreate = statements.find((statement) => statement.Sid === 'TagLoadBalancersAndTargetGroupsOnCreate');
    expect(onCreate.Action).toBe('elasticloadbalancing:AddTags');
    expect(onCreate.Condition).toEqual({
      StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
      Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' },
    });
    expect([...onCreate.Resource].sort()).toEqual([
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
      'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
    ]);
  });

  test('tags security groups only while creating them for a cluster', () => {
    const onCreate = statements.find((statement) => statement.Sid === 'TagSecurityGroupsOnCreate');
    expect(onCreate).toMatchObject({
      Action: 'ec2:CreateTags',
      Resource: 'arn:aws:ec2:*:*:security-group/*',
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } },
    });
  });

  test('writes ARNs with the stack partition, never a literal arn:aws:', () => {
    expect(JSON.stringify(policies.map(([, policy]) => policy.PolicyDocument))).not.toContain('arn:aws:');
  });

  (existsSync(REFERENCE_POLICY) ? test : test.skip)(
    'matches upstream iam_policy.json statement for statement (skipped when ../shared/reference is absent)',
    () => {
      const upstream = JSON.parse(readFileSync(REFERENCE_POLICY, 'utf8')).Statement as any[];
      expect(statements.map(canonical).sort()).toEqual(upstream.map(canonical).sort());
      expect(actions).toEqual(new Set(upstream.flatMap((statement) => asList(statement.Action))));
    },
  );
});

describe('LoadBalancerController IRSA role', () => {
  const { template, stack, controller } = build();

  test('is assumable only by kube-system/aws-load-balancer-controller, for STS', () => {
    const role = template.toJSON().Resources[stack.getLogicalId(controller.role.node.defaultChild as iam.CfnRole)].Properties;
    const [statement] = role.AssumeRolePolicyDocument.Statement;
    expect(role.AssumeRolePolicyDocument.Statement).toHaveLength(1);
    expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(Object.keys(statement.Condition)).toEqual(['StringEquals']);

    const conditions = render(onlyResource(template, 'Custom::AWSCDKCfnJson').Value);
    expect(Object.values(JSON.parse(conditions)).sort()).toEqual([
      'sts.amazonaws.com',
      'system:serviceaccount:kube-system:aws-load-balancer-controller',
    ]);
  });

  test('holds exactly the split managed policies', () => {
    const role = template.toJSON().Resources[stack.getLogicalId(controller.role.node.defaultChild as iam.CfnRole)].Properties;
    const policyIds = resourcesOfType(template, 'AWS::IAM::ManagedPolicy').map(([id]) => ({ Ref: id }));
    expect(role.ManagedPolicyArns).toEqual(policyIds);
    expect(role.Policies).toBeUndefined();
  });
});

describe('LoadBalancerController Helm release', () => {
  const { template, stack, controller, nodes } = build();
  const [[releaseId, release]] = resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart');
  const values = helmValues(release);

  test('installs the pinned chart into kube-system, waiting, atomically, within the Lambda time limit', () => {
    expect(release).toMatchObject({
      Chart: PIN.chart,
      Repository: PIN.repository,
      Version: PIN.version,
      Namespace: 'kube-system',
      Release: 'aws-load-balancer-controller',
      Wait: true,
      Atomic: true,
    });
    expect(release.CreateNamespace).toBeUndefined();
    expect(Number(release.Timeout.replace(/s$/, ''))).toBeLessThan(15 * 60);
  });

  test('tells the controller its cluster, region and VPC instead of letting it ask IMDS', () => {
    expect(values).toMatchObject({ clusterName: 'platform-dev', region: 'eu-west-1', vpcId: 'vpc-0123456789abcdef0' });
  });

  test('runs two replicas on system nodes, spread across zones, under a disruption budget', () => {
    expect(values.replicaCount).toBe(2);
    expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(values.nodeSelector).toEqual(SYSTEM_WORKLOAD_PLACEMENT.nodeSelector);
    expect(values.tolerations).toEqual(SYSTEM_WORKLOAD_PLACEMENT.tolerations);
    expect(values.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 })]);
    expect(values.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(values.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  test('the chart creates the ServiceAccount, annotated with the IRSA role', () => {
    const roleId = stack.getLogicalId(controller.role.node.defaultChild as iam.CfnRole);
    expect(values.serviceAccount).toMatchObject({
      create: true,
      name: 'aws-load-balancer-controller',
      annotations: { 'eks.amazonaws.com/role-arn': `<Ref:${roleId}>` },
    });
  });

  test('leaves Services of type LoadBalancer and the IngressClass alone', () => {
    expect(values.enableServiceMutatorWebhook).toBe(false);
    expect(values.createIngressClassResource).toBe(false);
    expect(values.ingressClassParams).toEqual({ create: false });
  });

  test('installs after the system node group it runs on', () => {
    const nodegroupId = stack.getLogicalId(nodes.node.defaultChild as eks.CfnNodegroup);
    expect(template.toJSON().Resources[releaseId].DependsOn).toContain(nodegroupId);
  });

  test('rejects a replica count below one', () => {
    const { stack: scope, cluster } = newStack();
    expect(
      () =>
        new LoadBalancerController(scope, 'Bad', {
          cluster,
          chart: PIN,
          clusterName: 'c',
          region: 'eu-west-1',
          vpcId: 'vpc-1',
          replicas: 0,
        }),
    ).toThrow('Test/Bad: replicas must be a whole number of at least 1');
  });
});

describe('splitIntoManagedPolicies', () => {
  /** A statement of a fixed size: `size` resources of equal length. */
  const statement = (sid: string, size = 20) =>
    new iam.PolicyStatement({
      sid,
      actions: ['s3:GetObject'],
      resources: Array.from({ length: size }, (_, i) => `arn:aws:s3:::bucket-${sid.toLowerCase()}-${String(i).padStart(3, '0')}/*`),
    });

  function synth(statements: iam.PolicyStatement[], maxCharacters?: number) {
    const app = new App({ context: CDK_JSON_CONTEXT, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Split');
    const policies = splitIntoManagedPolicies(stack, 'Part', statements, { description: 'test', maxCharacters });
    const documents = resourcesOfType(Template.fromStack(stack), 'AWS::IAM::ManagedPolicy').map(([, policy]) => policy);
    return { policies, documents };
  }

  test('packs statements in order into the fewest policies that fit', () => {
    const statements = Array.from({ length: 12 }, (_, i) => statement(`S${String(i).padStart(2, '0')}`));
    const one = JSON.stringify({ Version: '2012-10-17', Statement: [statements[0].toStatementJson()] }).length;
    const perStatement = one - '{"Version":"2012-10-17","Statement":[]}'.length;
    const budget = 5000;
    // A document of k statements: the envelope, k statements and k - 1 commas.
    const fit = Math.floor((budget - (one - perStatement) + 1) / (perStatement + 1));
    const { policies, documents } = synth(statements, budget);

    expect(policies).toHaveLength(Math.ceil(statements.length / fit));
    expect(documents.flatMap((document) => document.PolicyDocument.Statement.map((s: any) => s.Sid))).toEqual(statements.map((s) => s.sid));
    for (const document of documents) expect(JSON.stringify(document.PolicyDocument).length).toBeLessThanOrEqual(budget);
    expect(documents.map((document) => document.Description)).toEqual(policies.map((_, i) => `test (part ${i + 1} of ${policies.length})`));
  });

  test('a list that fits makes one policy with the plain description', () => {
    const { policies, documents } = synth([statement('A', 2), statement('B', 2)]);
    expect(policies).toHaveLength(1);
    expect(documents[0].Description).toBe('test');
  });

  test('throws on a statement too large for any one policy', () => {
    expect(() => synth([statement('Small', 1), statement('Huge', 200)])).toThrow(
      /Split: statement Huge alone is \d+ characters, over the 5529-character budget of one managed policy/,
    );
  });

  test('the upstream controller policy needs two policies at the default budget', () => {
    expect(synth(loadBalancerControllerStatements()).policies).toHaveLength(2);
  });
});

test('applies its CRDs itself, before the release, retained, each small enough for client-side apply', () => {
  const { template } = build();
  const resources = template.toJSON().Resources;
  const [crdsId] = Object.keys(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).filter((id) =>
    resources[id].Properties.Manifest.includes('CustomResourceDefinition'),
  );
  const crds = resources[crdsId];
  expect(crds.DeletionPolicy).toBe('Retain');
  expect(crds.Properties.Overwrite).toBe(true);
  const objects = JSON.parse(crds.Properties.Manifest);
  expect(objects.map((crd: any) => crd.metadata.name)).toEqual(['ingressclassparams.elbv2.k8s.aws', 'targetgroupbindings.elbv2.k8s.aws']);
  // kubectl's client-side apply keeps the whole object in a 262,144-byte annotation.
  for (const crd of objects) expect(JSON.stringify(crd).length).toBeLessThan(262_144);
  const [releaseId] = Object.keys(template.findResources('Custom::AWSCDK-EKS-HelmChart'));
  expect(resources[releaseId].DependsOn).toContain(crdsId);
  expect(helmValues(resources[releaseId].Properties).ingressClass).toBe('alb');
});
