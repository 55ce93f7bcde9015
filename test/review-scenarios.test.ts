import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { parseEnvironment } from '../lib/config/parse';
import type { EnvironmentInput } from '../lib/config/schema';
import { PlatformStage } from '../lib/stages/platform-stage';
import type { AssemblyTemplates } from '../tools/review/assembly';
import { renderReport } from '../tools/review/report';
import type { EnvironmentReview } from '../tools/review/review-environment';
import { reviewEnvironment } from '../tools/review/review-environment';
import { devFixture, stagingFixture } from './fixtures/environments';
import { CDK_JSON_CONTEXT, synthEnvironment, withOverrides } from './helpers/synth';

/**
 * The issue's day-2 scenarios on the fixture environments: each variant is synthesized once and
 * reviewed against its fixture with the same functions `npm run review` runs.
 */

/**
 * One environment's templates as the review reads them from a cloud assembly. A config variant is
 * synthesized by the run's synthesis server (shared with other test files); `edit` changes the
 * app's constructs before synthesis, so that one is built here.
 */
function assemblyOf(input: EnvironmentInput, edit?: (stage: PlatformStage) => void): AssemblyTemplates {
  const templates = edit ? editedTemplates(input, edit) : synthEnvironment(input);
  return new Map([
    [
      input.name,
      new Map([
        ['Network', templates.network.toJSON()],
        ['Cluster', templates.cluster.toJSON()],
      ]),
    ],
  ]);
}

function editedTemplates(input: EnvironmentInput, edit: (stage: PlatformStage) => void): { network: Template; cluster: Template } {
  const app = new App({ context: CDK_JSON_CONTEXT, builtinCloudFormationValidation: false });
  const stage = new PlatformStage(app, { environment: parseEnvironment(input) });
  edit(stage);
  return { network: Template.fromStack(stage.network), cluster: Template.fromStack(stage.cluster) };
}

const reportOf = (review: EnvironmentReview) => renderReport(review, { base: 'main', head: 'HEAD', allowed: new Set() });
const fates = (review: EnvironmentReview, fate: string) =>
  review.cluster.objects.filter((object) => object.fate === fate).map((object) => object.key);

let dev: AssemblyTemplates;
let staging: AssemblyTemplates;
beforeAll(() => {
  dev = assemblyOf(devFixture);
  staging = assemblyOf(stagingFixture);
});

describe('dropping the last namespace grant of fx-dev (its Developer role becomes a viewer)', () => {
  let review: EnvironmentReview;
  beforeAll(() => {
    const roles = devFixture.access!.roles!.map((role) => (role.access === 'admin' ? role : { ...role, access: 'viewer' as const }));
    review = reviewEnvironment('fx-dev', dev, assemblyOf(withOverrides(devFixture, { access: { roles } })));
  });

  test('the team namespaces are left in the cluster, and the removal needs an allowance', () => {
    expect(review.blockers).toEqual([
      {
        id: expect.stringMatching(/^fx-dev\/Cluster\/TeamNamespaces[0-9A-F]{8}$/),
        kind: 'left in the cluster',
        what: expect.stringContaining('its 2 object(s) are left in the cluster with their data'),
      },
    ]);
    expect(fates(review, 'left in the cluster')).toEqual(['Namespace team-a', 'Namespace team-b']);
  });

  test('their guard rails and edit bindings are deleted in the cluster; the Developer role gains cluster-wide view', () => {
    const deleted = fates(review, 'deleted in the cluster');
    expect(deleted.filter((key) => key.startsWith('ResourceQuota'))).toEqual([
      'ResourceQuota team-a/team-quota',
      'ResourceQuota team-b/team-quota',
    ]);
    expect(deleted.filter((key) => key.startsWith('NetworkPolicy'))).toHaveLength(12);
    expect(deleted.filter((key) => key.startsWith('RoleBinding'))).toEqual([
      'RoleBinding team-a/platform:editors',
      'RoleBinding team-b/platform:editors',
    ]);
    const widened = review.stacks.flatMap((stack) => stack.iam).flatMap((change) => change.widened);
    expect(widened).toEqual([expect.objectContaining({ action: 'AmazonEKSViewPolicy', resource: 'cluster' })]);
  });

  test('the report says which objects stay and which go', () => {
    const report = reportOf(review);
    expect(report).toContain('**Verdict: refused.** 1 change(s) lose data or leave it unmanaged without an allowance:');
    expect(report).toMatch(/\| left in the cluster \| Namespace team-a \| TeamNamespaces\w+ leaves the template, retained \|/);
    expect(report).toMatch(
      /\| deleted in the cluster \| ResourceQuota team-a\/team-quota \| TeamGuardrails\w+ leaves the template: kubectl delete \|/,
    );
    expect(report).toMatch(
      /\| left in the cluster \| TeamNamespaces\w+ \| Custom::AWSCDK-EKS-KubernetesResource \| CloudFormation forgets it; what it applied stays in the cluster \| retained: team namespaces/,
    );
  });
});

describe('switching Container Insights off in fx-staging (monitoring itself has no off switch)', () => {
  let review: EnvironmentReview;
  beforeAll(() => {
    review = reviewEnvironment(
      'fx-staging',
      staging,
      assemblyOf(withOverrides(stagingFixture, { monitoring: { containerInsights: { enabled: false } } })),
    );
  });

  test('the retained log groups stay in the account, each named as a blocker', () => {
    expect(review.blockers.map((blocker) => [blocker.kind, blocker.id.replace(/[0-9A-F]{8}$/, '')])).toEqual([
      ['left in AWS', 'fx-staging/Cluster/ContainerInsightsapplicationLogs'],
      ['left in AWS', 'fx-staging/Cluster/ContainerInsightsdataplaneLogs'],
      ['left in AWS', 'fx-staging/Cluster/ContainerInsightshostLogs'],
      ['left in AWS', 'fx-staging/Cluster/ContainerInsightsperformanceLogs'],
    ]);
  });

  test('the add-on and its role are removed, and the report says what that does in the cluster', () => {
    const cluster = review.stacks.find((stack) => stack.stack === 'Cluster')!;
    expect(
      cluster.resources
        .filter((resource) => resource.change === 'removed')
        .map((resource) => resource.type)
        .sort(),
    ).toEqual(['AWS::EKS::Addon', 'AWS::IAM::Role', 'Custom::AWSCDKCfnJson']);
    const report = reportOf(review);
    expect(report).toMatch(
      /\| removed \| ContainerInsightsAddon\w+ \| AWS::EKS::Addon \| EKS deletes the add-on's objects from the cluster \|/,
    );
    expect(report).toContain(
      '  - removed: `Allow sts:AssumeRoleWithWebIdentity to Federated:${EksClusterOidcProviderNativeDF9CA7E9} when {"StringEquals":{"${issuer of ${EksClusterOidcProviderNativeDF9CA7E9}}:aud":"sts.amazonaws.com","${issuer of ${EksClusterOidcProviderNativeDF9CA7E9}}:sub":"system:serviceaccount:amazon-cloudwatch:cloudwatch-agent"}}',
    );
  });
});

describe("changing fx-dev's volume key (an existing key instead of the platform's)", () => {
  const keyArn = 'arn:aws:kms:eu-west-1:100000000001:key/11111111-2222-3333-4444-555555555555';
  let review: EnvironmentReview;
  beforeAll(() => {
    review = reviewEnvironment('fx-dev', dev, assemblyOf(withOverrides(devFixture, { storage: { ebsKmsKeyArn: keyArn } })));
  });

  test('both storage classes are refused as changes Kubernetes cannot apply, with the way out', () => {
    const unappliable = review.blockers.filter((blocker) => blocker.kind === 'cannot be applied');
    expect(unappliable.map((blocker) => blocker.id)).toEqual(['fx-dev/StorageClass/gp3', 'fx-dev/StorageClass/gp3-retain']);
    expect(unappliable[0].wayOut).toMatch(/^add a class under a new name/);
    const gp3 = review.cluster.objects.find((object) => object.key === 'StorageClass gp3')!;
    expect(gp3.properties).toEqual([
      { path: 'parameters.kmsKeyId', before: expect.stringMatching(/^\$\{StorageVolumeKey\w+\.Arn\}$/), after: keyArn },
    ]);
  });

  test("the platform's own key would be deleted (fx-dev is not protected), and the EBS CSI driver is granted the new one", () => {
    expect(review.blockers.filter((blocker) => blocker.kind === 'loses data').map((blocker) => blocker.what)).toEqual([
      expect.stringMatching(/^StorageVolumeKey\w+ \(AWS::KMS::Key\) would be deleted: a KMS key/),
    ]);
    const ebs = review.stacks.flatMap((stack) => stack.iam).find((change) => change.purpose.startsWith('role: EBS CSI driver'))!;
    expect(new Set(ebs.widened.map((grant) => grant.resource))).toEqual(new Set([keyArn]));
    expect(reportOf(review)).not.toContain('--allow');
  });
});

describe('adding an ExternalDNS hosted zone to fx-staging', () => {
  let review: EnvironmentReview;
  beforeAll(() => {
    review = reviewEnvironment(
      'fx-staging',
      staging,
      assemblyOf(
        withOverrides(stagingFixture, {
          externalDns: { ...stagingFixture.externalDns!, hostedZoneIds: ['Z0FIXTURESTAGINGZONE1', 'Z0FIXTURESTAGINGZONE2'] },
        }),
      ),
    );
  });

  test('is safe, and the new Route 53 permissions are highlighted at the top', () => {
    expect(review.blockers).toEqual([]);
    const report = reportOf(review);
    expect(report).toContain('**Verdict: safe.**');
    expect(report).toContain('It widens IAM or cluster access for 1 role(s) or resource(s)');
    expect(report).toMatch(
      /## Widened IAM grants\n\n- \*\*IngressExternalDnsIrsaRole\w+\*\* \(role: ExternalDNS in fx-staging-platform\):\n {2}- `Allow route53:ChangeResourceRecordSets, route53:ListResourceRecordSets, route53:ListTagsForResource on arn:\$\{AWS::Partition\}:route53:::hostedzone\/Z0FIXTURESTAGINGZONE2 \(IngressExternalDnsPolicy\w+\)`/,
    );
  });

  test("the chart's values show the new zone filter, old and new", () => {
    expect(review.cluster.releases).toEqual([
      expect.objectContaining({
        key: 'external-dns/external-dns',
        fate: 'upgraded',
        values: [
          {
            path: 'extraArgs',
            before: ['--zone-id-filter=Z0FIXTURESTAGINGZONE1'],
            after: ['--zone-id-filter=Z0FIXTURESTAGINGZONE1', '--zone-id-filter=Z0FIXTURESTAGINGZONE2'],
          },
        ],
      }),
    ]);
  });
});

describe('enabling RDS through ACK in fx-staging (S3 only so far)', () => {
  let review: EnvironmentReview;
  let report: string;
  beforeAll(() => {
    review = reviewEnvironment(
      'fx-staging',
      staging,
      assemblyOf(withOverrides(stagingFixture, { ack: { enabled: true, services: ['s3', 'rds'] } })),
    );
    report = reportOf(review);
  });

  test('is safe: nothing is deleted or replaced, and the team roles gain RDS grants under their own prefixes', () => {
    expect(review.blockers).toEqual([]);
    expect(report).toContain('**Verdict: safe.**');
    expect(report).toContain('It widens IAM or cluster access for 2 role(s) or resource(s)');
    for (const team of ['team-a', 'team-b'])
      expect(report).toMatch(
        new RegExp(
          `- \\*\\*AckTeamteam${team.slice(-1)}\\w+\\*\\* \\(role: ACK resources of namespace ${team} in fx-staging-platform: s3, rds named fx-staging-platform-${team}-\\*\\):\\n {2}- \`Allow rds:AddTagsToResource, rds:CreateDBInstance, .* on arn:\\$\\{AWS::Partition\\}:rds:eu-west-1:\\$\\{AWS::AccountId\\}:db:fx-staging-platform-${team}-\\*`,
        ),
      );
    // Only additions (the DB subnet group, its security group and rules) and in-place modifications.
    const changes = review.stacks.flatMap((stack) => stack.resources);
    expect([...new Set(changes.map((resource) => resource.change))].sort()).toEqual(['added', 'modified']);
    expect(changes.filter((resource) => resource.change === 'added').map((resource) => resource.type)).toEqual(
      expect.arrayContaining(['AWS::RDS::DBSubnetGroup', 'AWS::EC2::SecurityGroup']),
    );
  });

  test('the capability change reads as the one service it stops disabling', () => {
    expect(report).toContain('`Properties.Configuration.Ack.DisabledServices: drops rds`');
  });

  test('in the cluster: team editors and viewers gain the DBInstance kind, team pods database egress, and nothing is deleted', () => {
    expect(fates(review, 'added')).toEqual(['NetworkPolicy team-a/allow-ack-databases', 'NetworkPolicy team-b/allow-ack-databases']);
    expect(fates(review, 'changed')).toEqual([
      'ClusterRole platform:ack-view',
      'Role team-a/platform:ack-editor',
      'Role team-b/platform:ack-editor',
    ]);
    expect(fates(review, 'deleted in the cluster')).toEqual([]);
  });
});

describe('switching ACK off in fx-staging', () => {
  let review: EnvironmentReview;
  beforeAll(() => {
    review = reviewEnvironment('fx-staging', staging, assemblyOf(withOverrides(stagingFixture, { ack: { enabled: false } })));
  });

  test("is safe: the teams' buckets stay in the account, and the report says so", () => {
    expect(review.blockers).toEqual([]);
    const report = reportOf(review);
    expect(report).toContain('**Verdict: safe.**');
    expect(report).toMatch(
      /\| removed \| AckCapability\w+ \| AWS::EKS::Capability \| EKS removes the ACK capability; the AWS resources it made stay in the account \(DeletePropagationPolicy RETAIN\), no longer reconciled \|/,
    );
  });

  test('only the ACK access objects go from the cluster; the team namespaces keep their retain default', () => {
    expect(fates(review, 'deleted in the cluster')).toEqual([
      'ClusterRole platform:ack-view',
      'IAMRoleSelector team-a-team',
      'IAMRoleSelector team-b-team',
      'Role team-a/platform:ack-editor',
      'Role team-b/platform:ack-editor',
      'RoleBinding team-a/platform:ack-editors',
      'RoleBinding team-b/platform:ack-editors',
    ]);
    expect(fates(review, 'changed')).toEqual([]);
  });
});

describe("widening the load balancer controller's policy in code (a condition dropped)", () => {
  test('the managed policy change is shown statement by statement and highlighted, per role with its purpose', () => {
    const review = reviewEnvironment(
      'fx-dev',
      dev,
      assemblyOf(devFixture, (stage) => {
        const [policy] = stage.cluster.node
          .findAll()
          .filter(
            (construct): construct is iam.ManagedPolicy =>
              construct instanceof iam.ManagedPolicy && /LoadBalancerController/.test(construct.node.path),
          );
        policy.addStatements(new iam.PolicyStatement({ actions: ['ec2:DeleteSecurityGroup'], resources: ['*'] }));
      }),
    );
    expect(review.blockers).toEqual([]);
    const [change] = review.stacks.flatMap((stack) => stack.iam);
    expect(change).toMatchObject({ purpose: 'role: AWS Load Balancer Controller in fx-dev-platform', removed: [] });
    expect(change.widened).toEqual([expect.objectContaining({ action: 'ec2:DeleteSecurityGroup', resource: '*', condition: '' })]);
    expect(reportOf(review)).toMatch(
      /## Widened IAM grants\n\n- \*\*IngressLoadBalancerControllerIrsaRole\w+\*\* .*\n {2}- `Allow ec2:DeleteSecurityGroup on \* \(/,
    );
  });
});

describe('connecting a second Git source in fx-staging (team-b, private, over SSH)', () => {
  let review: EnvironmentReview;
  const services = {
    name: 'services',
    namespace: 'team-b',
    url: 'ssh://git@git.fixture.test/team-b/services.git',
    ref: { tag: 'v1.0.0' },
    path: './deploy/staging',
    credentials: true,
  };
  beforeAll(() => {
    const flux = { ...stagingFixture.flux!, gitSources: [...stagingFixture.flux!.gitSources!, services] };
    review = reviewEnvironment('fx-staging', staging, assemblyOf({ ...stagingFixture, flux }));
  });

  test('is safe: nothing is deleted or left behind, and the report reads as the objects that arrive in team-b', () => {
    expect(review.blockers).toEqual([]);
    const report = reportOf(review);
    expect(report).toContain('**Verdict: safe.**');
    expect(fates(review, 'added')).toEqual(
      expect.arrayContaining([
        'GitRepository team-b/services',
        'Kustomization team-b/services',
        'ServiceAccount team-b/flux-reconciler',
        'RoleBinding team-b/flux-reconciler-admin',
        'ExternalSecret team-b/git-services',
        'ClusterSecretStore team-team-b',
      ]),
    );
    expect(fates(review, 'deleted in the cluster')).toEqual([]);
    expect(report).toContain('GitRepository team-b/services');
  });

  test("the new store's identity is the one widened grant: team-b's Git credentials and the Slack webhook, nothing else", () => {
    const report = reportOf(review);
    expect(report).toContain('It widens IAM or cluster access');
    expect(report).toMatch(/secret:fx-staging\/teams\/team-b\/git\/\*/);
    expect(report).not.toMatch(/secret:fx-staging\/teams\/team-a/);
  });
});
