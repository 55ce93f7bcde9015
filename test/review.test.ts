import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssemblyTemplates, Template } from '../tools/review/assembly';
import { isAllowed, renderReport } from '../tools/review/report';
import { reviewEnvironment } from '../tools/review/review-environment';

const ROOT = join(__dirname, '..');

describe('reviewing two assemblies', () => {
  const storageClass = (reclaimPolicy: string, type = 'gp3') => ({
    Type: 'Custom::AWSCDK-EKS-KubernetesResource',
    Properties: {
      Manifest: JSON.stringify([
        {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: { name: 'data' },
          provisioner: 'ebs.csi.aws.com',
          reclaimPolicy,
          parameters: { type },
        },
      ]),
    },
  });
  const assembly = (resources: Template['Resources']): AssemblyTemplates =>
    new Map([['dev', new Map([['Cluster', { Resources: resources }]])]]);
  const base = assembly({
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ScalingConfig: { MaxSize: 3 } } },
    Storage: storageClass('Retain'),
    Release: {
      Type: 'Custom::AWSCDK-EKS-HelmChart',
      Properties: { Release: 'karpenter', Namespace: 'kube-system', Chart: 'karpenter', Version: '1.14.1', Values: '{}' },
    },
  });

  test('scaling a node group is a safe modification', () => {
    const review = reviewEnvironment(
      'dev',
      base,
      assembly({
        ...base.get('dev')!.get('Cluster')!.Resources,
        Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ScalingConfig: { MaxSize: 6 } } },
      }),
    );
    expect(review.stacks[0].resources).toEqual([
      { stack: 'Cluster', logicalId: 'Nodes', type: 'AWS::EKS::Nodegroup', change: 'modified', stateful: undefined },
    ]);
    expect(review.blockers).toEqual([]);
  });

  test('replacing the VPC, deleting a retained storage class and bumping a chart are all reported; the first two block', () => {
    const review = reviewEnvironment(
      'dev',
      base,
      assembly({
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
        Nodes: base.get('dev')!.get('Cluster')!.Resources!.Nodes,
        Release: {
          Type: 'Custom::AWSCDK-EKS-HelmChart',
          Properties: { Release: 'karpenter', Namespace: 'kube-system', Chart: 'karpenter', Version: '1.15.0', Values: '{}' },
        },
      }),
    );
    expect(review.blockers).toEqual([
      { id: 'dev/Cluster/Vpc', what: 'the VPC (AWS::EC2::VPC) would be replaced' },
      { id: 'dev/StorageClass /data', what: 'StorageClass /data, a StorageClass that retains volumes, would be deleted' },
    ]);
    expect(review.helm).toEqual(['kube-system/karpenter: version 1.14.1 -> 1.15.0']);
    expect(review.objects.removed).toEqual(['StorageClass /data']);
    const report = renderReport(review, { base: 'main', allowed: new Set(['dev/Cluster/Vpc']) });
    expect(report).toContain('**Verdict: refused.** 1 stateful resource(s)');
    expect(report).toContain('- (allowed) the VPC (AWS::EC2::VPC) would be replaced');
    expect(report).toContain('| replaced | Vpc | AWS::EC2::VPC | the VPC |');
  });

  test('changing an immutable field of a retained storage class blocks; a deletable one does not', () => {
    const changed = (policy: string, type: string) =>
      reviewEnvironment('dev', assembly({ Storage: storageClass(policy) }), assembly({ Storage: storageClass(policy, type) }));
    expect(changed('Retain', 'io2').blockers.map((blocker) => blocker.what)).toEqual([
      'StorageClass /data, a StorageClass that retains volumes, would have to be re-created (immutable fields change)',
    ]);
    expect(changed('Delete', 'io2').blockers).toEqual([]);
  });

  test('an allowance names the full ID or the logical ID', () => {
    expect(isAllowed('prod/Network/Vpc8378EB38', new Set(['Vpc8378EB38']))).toBe(true);
    expect(isAllowed('prod/Network/Vpc8378EB38', new Set(['dev/Network/Vpc8378EB38']))).toBe(false);
  });
});

/** The project's sources in a temporary git repository, as a user's clone would be. */
function cloneLikeRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'platform-review-test-'));
  for (const entry of ['bin', 'lib', 'constructs', 'charts', 'cdk.json', 'package.json', 'tsconfig.json'])
    cpSync(join(ROOT, entry), join(repo, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  writeFileSync(join(repo, '.gitignore'), 'node_modules\nreview/\n');
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '-m', 'platform');
  return repo;
}

function review(cwd: string, ...args: string[]) {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'tools/review.ts'), ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function editEnvironments(repo: string, from: string, to: string): void {
  const path = join(repo, 'lib/config/environments.ts');
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`environments.ts has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}

describe('npm run review, as a user runs it', () => {
  let repo: string;
  beforeAll(() => (repo = cloneLikeRepository()));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('scaling the system node group is reported as safe', () => {
    editEnvironments(repo, 'maxSize: 3,', 'maxSize: 5,');
    const result = review(repo, '--base', 'main', '--env', 'dev');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('dev: 1 CloudFormation change(s), 0 Kubernetes object change(s), safe');
    const report = readFileSync(join(repo, 'review/dev.md'), 'utf8');
    expect(report).toContain('**Verdict: safe.**');
    expect(report).toMatch(/\| modified \| EksClusterNodegroupSystemNodes\w+ \| AWS::EKS::Nodegroup \|/);
    editEnvironments(repo, 'maxSize: 5,', 'maxSize: 3,');
  }, 120_000);

  test('changing the VPC CIDR is refused, naming what to allow', () => {
    editEnvironments(repo, "vpcCidr: '10.10.0.0/16'", "vpcCidr: '10.11.0.0/16'");
    const refused = review(repo, '--base', 'main', '--env', 'dev');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/dev: .* REFUSED/);
    expect(refused.stdout).toMatch(
      /the VPC \(AWS::EC2::VPC\) would be replaced: allow with --allow-replacement dev\/Network\/NetworkVpc\w+/,
    );
    expect(readFileSync(join(repo, 'review/dev.md'), 'utf8')).toContain('**Verdict: refused.**');
    editEnvironments(repo, "vpcCidr: '10.11.0.0/16'", "vpcCidr: '10.10.0.0/16'");
  }, 120_000);

  test('a config that fails validation is reported with its side and its reason', () => {
    editEnvironments(repo, "vpcCidr: '10.10.0.0/16'", "vpcCidr: '10.10.0.1/16'");
    const result = review(repo, '--base', 'main', '--env', 'dev');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('The working tree does not synthesize:');
    expect(result.stderr).toContain('dev.network.vpcCidr: "10.10.0.1/16" is not a network address (host bits are set)');
    editEnvironments(repo, "vpcCidr: '10.10.0.1/16'", "vpcCidr: '10.10.0.0/16'");
  }, 120_000);

  test('a ref that does not exist, or no git repository, is a clear error', () => {
    expect(review(repo, '--base', 'no-such-branch')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('"no-such-branch" is not a commit, branch or tag'),
    });
    const outside = mkdtempSync(join(tmpdir(), 'platform-review-nogit-'));
    expect(review(outside, '--base', 'main')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('is not inside a git repository'),
    });
    expect(review(repo)).toMatchObject({ status: 2, stderr: expect.stringContaining('--base is required') });
    rmSync(outside, { recursive: true, force: true });
  });
});
