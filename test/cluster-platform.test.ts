import { devFixture as dev, prodFixture as prod, stagingFixture as staging } from './fixtures/environments';
import { parseEnvironment } from '../lib/config/parse';
import { kubernetesRelease } from '../lib/config/version-matrix';
import { appliedObjects } from './helpers/manifests';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const devEnv = synthEnvironment(dev);
const prodEnv = synthEnvironment(prod);
const stagingEnv = synthEnvironment(staging);

const addonsOf = (template = prodEnv.cluster) =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::EKS::Addon'))
      .filter(([id]) => id.startsWith('Addons')) // the core add-ons; Container Insights has its own tests
      .map(([id, resource]) => [
        resource.Properties.AddonName as string,
        {
          id,
          ...resource.Properties,
          DependsOn: resource.DependsOn ?? [],
          values: JSON.parse(resource.Properties.ConfigurationValues ?? '{}'),
        },
      ]),
  );

const idOf = (template: typeof prodEnv.cluster, type: string, prefix: string) =>
  Object.keys(template.findResources(type)).find((id) => id.startsWith(prefix))!;

const SYSTEM_TOLERATION = { key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' };
const SYSTEM_NODE_SELECTOR = { 'platform/node-role': 'system' };

describe('EKS managed add-ons', () => {
  test('installs the seven core add-ons at the versions the matrix pins for the cluster version', () => {
    const addons = addonsOf();
    const pinned = kubernetesRelease(parseEnvironment(prod).cluster.kubernetesVersion).addons;
    expect(Object.keys(addons).sort()).toEqual(
      ['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'metrics-server', 'snapshot-controller', 'vpc-cni'].sort(),
    );
    for (const [name, addon] of Object.entries(addons)) {
      expect(addon.AddonVersion).toBe(pinned[name as keyof typeof pinned]);
      expect(addon.ResolveConflicts).toBe('OVERWRITE');
    }
  });

  test('configures the VPC CNI from config, with network policy enforcement on', () => {
    expect(addonsOf()['vpc-cni'].values).toEqual({
      env: {
        ENABLE_PREFIX_DELEGATION: 'true',
        AWS_VPC_K8S_CNI_EXTERNALSNAT: 'false',
        WARM_PREFIX_TARGET: '1',
        MINIMUM_IP_TARGET: '16',
      },
      enableNetworkPolicy: 'true',
    });
    const secondaryIps = synthEnvironment(withOverrides(dev, { vpcCni: { prefixDelegation: false, warmIpTarget: 5, externalSnat: true } }));
    expect(addonsOf(secondaryIps.cluster)['vpc-cni'].values.env).toEqual({
      ENABLE_PREFIX_DELEGATION: 'false',
      AWS_VPC_K8S_CNI_EXTERNALSNAT: 'true',
      WARM_IP_TARGET: '5',
    });
  });

  test('gives the VPC CNI and the EBS CSI driver their own IRSA roles', () => {
    const addons = addonsOf();
    const roles = prodEnv.cluster.findResources('AWS::IAM::Role');
    const trustedServiceAccount = (roleRef: { 'Fn::GetAtt': [string, string] }) => {
      const role = roles[roleRef['Fn::GetAtt'][0]];
      return JSON.stringify(role.Properties.AssumeRolePolicyDocument);
    };
    expect(addons['vpc-cni'].ServiceAccountRoleArn).toBeDefined();
    expect(addons['aws-ebs-csi-driver'].ServiceAccountRoleArn).toBeDefined();
    const cniRoleId = addons['vpc-cni'].ServiceAccountRoleArn['Fn::GetAtt'][0];
    const ebsRoleId = addons['aws-ebs-csi-driver'].ServiceAccountRoleArn['Fn::GetAtt'][0];
    const conditionsOf = (roleId: string) => {
      const conditions = prodEnv.cluster.findResources('Custom::AWSCDKCfnJson');
      const statement = roles[roleId].Properties.AssumeRolePolicyDocument.Statement[0];
      const jsonId = statement.Condition.StringEquals['Fn::GetAtt'][0];
      return JSON.stringify(conditions[jsonId].Properties.Value);
    };
    expect(conditionsOf(cniRoleId)).toContain('system:serviceaccount:kube-system:aws-node');
    expect(conditionsOf(ebsRoleId)).toContain('system:serviceaccount:kube-system:ebs-csi-controller-sa');
    expect(trustedServiceAccount(addons['vpc-cni'].ServiceAccountRoleArn)).toContain('sts:AssumeRoleWithWebIdentity');
    expect(JSON.stringify(roles[cniRoleId].Properties.ManagedPolicyArns)).toContain('AmazonEKS_CNI_Policy');
    expect(JSON.stringify(roles[ebsRoleId].Properties.ManagedPolicyArns)).toContain('service-role/AmazonEBSCSIDriverPolicy');
  });

  test('lets the EBS CSI driver use the volume key, for AWS resources only where it grants', () => {
    const keyId = idOf(prodEnv.cluster, 'AWS::KMS::Key', 'StorageVolumeKey');
    const policy = Object.values(prodEnv.cluster.findResources('AWS::IAM::ManagedPolicy')).find(
      (candidate) => candidate.Properties.Description === 'EBS CSI driver: use the platform volume key',
    )!;
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    for (const statement of statements) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(statements[0]).toMatchObject({
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  });

  test('keeps system add-ons on the tainted system nodes; node agents run everywhere', () => {
    const addons = addonsOf();
    expect(addons.coredns.values).toMatchObject({ nodeSelector: SYSTEM_NODE_SELECTOR, tolerations: [SYSTEM_TOLERATION] });
    // EKS's autoscaler sets the replica count (keda.test.ts checks the bounds).
    expect(addons.coredns.values.autoScaling).toMatchObject({ enabled: true, minReplicas: expect.any(Number) });
    expect(addons.coredns.values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(addons['aws-ebs-csi-driver'].values).toEqual({
      controller: { nodeSelector: SYSTEM_NODE_SELECTOR, tolerations: [SYSTEM_TOLERATION] },
      node: { tolerateAllTaints: true },
      defaultStorageClass: { enabled: false },
    });
    expect(addons['metrics-server'].values).toEqual({ nodeSelector: SYSTEM_NODE_SELECTOR, tolerations: [SYSTEM_TOLERATION] });
    expect(addons['snapshot-controller'].values).toEqual({ tolerations: [SYSTEM_TOLERATION] });
  });

  test('networking add-ons come before the node group, the rest after it', () => {
    const addons = addonsOf();
    const nodegroupId = idOf(prodEnv.cluster, 'AWS::EKS::Nodegroup', 'EksClusterNodegroupSystemNodes');
    const nodegroupDependsOn = prodEnv.cluster.findResources('AWS::EKS::Nodegroup')[nodegroupId].DependsOn;
    expect(nodegroupDependsOn).toEqual(
      expect.arrayContaining([addons['vpc-cni'].id, addons['kube-proxy'].id, addons['eks-pod-identity-agent'].id]),
    );
    for (const name of ['coredns', 'aws-ebs-csi-driver', 'snapshot-controller', 'metrics-server'])
      expect(addons[name].DependsOn).toContain(nodegroupId);
  });

  test('keeps networking and DNS running if their add-on resources are ever removed', () => {
    const addons = addonsOf();
    expect(['vpc-cni', 'kube-proxy', 'coredns'].map((name) => addons[name].PreserveOnDelete)).toEqual([true, true, true]);
    expect(addons['metrics-server'].PreserveOnDelete).toBe(false);
  });
});

describe('system node group max pods', () => {
  const userDataOf = (template = prodEnv.cluster) => {
    const [[, props]] = resourcesOfType(template, 'AWS::EC2::LaunchTemplate');
    return Buffer.from(props.LaunchTemplateData.UserData['Fn::Base64'], 'utf8').toString();
  };

  test('AL2023 nodes get a nodeadm NodeConfig with the prefix-delegation max pods', () => {
    expect(userDataOf()).toContain('Content-Type: application/node.eks.aws');
    expect(userDataOf()).toContain('kind: NodeConfig');
    expect(userDataOf()).toMatch(/maxPods: 110\n/);
  });

  test('secondary-IP mode gives the ENI figure of the smallest instance type', () => {
    const secondary = synthEnvironment(withOverrides(dev, { vpcCni: { prefixDelegation: false } }));
    expect(userDataOf(secondary.cluster)).toMatch(/maxPods: 17\n/);
  });

  test('Bottlerocket nodes get the TOML setting', () => {
    const bottlerocket = synthEnvironment(withOverrides(staging, { systemNodeGroup: { amiFamily: 'BOTTLEROCKET' } }));
    expect(userDataOf(bottlerocket.cluster)).toBe('[settings.kubernetes]\nmax-pods = 110\n');
  });
});

describe('storage', () => {
  const objects = appliedObjects(prodEnv.cluster);
  const ofKind = (kind: string) => objects.filter(({ object }) => object.kind === kind).map(({ object }) => object);

  test('gp3 is the only default class; gp3-retain keeps volumes; both encrypted with the platform volume key', () => {
    // The EFS class is its own system's (efs.test.ts); these are the EBS classes.
    const classes = ofKind('StorageClass').filter((storageClass) => storageClass.provisioner === 'ebs.csi.aws.com');
    expect(
      ofKind('StorageClass').filter(
        (storageClass) => storageClass.metadata.annotations['storageclass.kubernetes.io/is-default-class'] === 'true',
      ),
    ).toHaveLength(1);
    expect(
      classes.map((storageClass) => [storageClass.metadata.name, storageClass.metadata.annotations, storageClass.reclaimPolicy]),
    ).toEqual([
      ['gp3', { 'storageclass.kubernetes.io/is-default-class': 'true' }, 'Delete'],
      ['gp3-retain', { 'storageclass.kubernetes.io/is-default-class': 'false' }, 'Retain'],
    ]);
    for (const storageClass of classes) {
      expect(storageClass).toMatchObject({
        provisioner: 'ebs.csi.aws.com',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      });
    }
    const manifest = JSON.stringify(
      Object.values(prodEnv.cluster.findResources('Custom::AWSCDK-EKS-KubernetesResource')).map((r) => r.Properties.Manifest),
    );
    expect(manifest).toContain(idOf(prodEnv.cluster, 'AWS::KMS::Key', 'StorageVolumeKey'));
  });

  test('a configured key replaces the created one', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:100000000001:key/11111111-2222-3333-4444-555555555555';
    const withKey = synthEnvironment(withOverrides(dev, { storage: { ebsKmsKeyArn: keyArn } }));
    expect(Object.keys(withKey.cluster.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('Storage'))).toEqual([]);
    expect(appliedObjects(withKey.cluster).find(({ object }) => object.metadata.name === 'gp3')!.object.parameters.kmsKeyId).toBe(keyArn);
  });

  test('the volume key rotates and is retained in protected environments', () => {
    const [id, key] = Object.entries(prodEnv.cluster.findResources('AWS::KMS::Key')).find(([candidate]) =>
      candidate.startsWith('StorageVolumeKey'),
    )!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    prodEnv.cluster.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/eks/fx-prod-platform/volumes',
      TargetKeyId: { 'Fn::GetAtt': [id, 'Arn'] },
    });
  });

  test('demotes the EKS-created gp2 class', () => {
    const [[, patch]] = resourcesOfType(prodEnv.cluster, 'Custom::AWSCDK-EKS-KubernetesPatch');
    expect(patch.ResourceName).toBe('storageclass/gp2');
    expect(JSON.parse(patch.ApplyPatchJson)).toEqual({
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } },
    });
  });

  test('a default VolumeSnapshotClass for the EBS CSI driver, applied after the snapshot controller exists', () => {
    expect(ofKind('VolumeSnapshotClass')).toEqual([
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotClass',
        metadata: { name: 'ebs-csi', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
        driver: 'ebs.csi.aws.com',
        deletionPolicy: 'Delete',
      },
    ]);
    const storageResource = objects.find(({ object }) => object.kind === 'VolumeSnapshotClass')!.resource;
    const dependsOn = prodEnv.cluster.findResources('Custom::AWSCDK-EKS-KubernetesResource')[storageResource].DependsOn;
    expect(dependsOn).toContain(addonsOf()['snapshot-controller'].id);
  });
});

describe('ingress', () => {
  const helmReleases = (template = prodEnv.cluster) =>
    Object.fromEntries(
      Object.entries(template.findResources('Custom::AWSCDK-EKS-HelmChart')).map(([id, resource]) => [
        resource.Properties.Release as string,
        { id, ...resource.Properties, DependsOn: resource.DependsOn ?? [] },
      ]),
    );

  test('installs the load balancer controller at the pinned chart version, after the system nodes', () => {
    const lbc = helmReleases()['aws-load-balancer-controller'];
    expect(lbc).toMatchObject({ Chart: 'aws-load-balancer-controller', Version: '3.5.0', Namespace: 'kube-system' });
    expect(lbc.DependsOn).toContain(idOf(prodEnv.cluster, 'AWS::EKS::Nodegroup', 'EksClusterNodegroupSystemNodes'));
  });

  test('ExternalDNS runs only where configured, in its own restricted namespace', () => {
    expect(Object.keys(helmReleases(devEnv.cluster))).not.toContain('external-dns');
    expect(helmReleases()['external-dns']).toMatchObject({ Chart: 'external-dns', Version: '1.22.0', Namespace: 'external-dns' });
    const namespace = appliedObjects(prodEnv.cluster).find(
      ({ object }) => object.kind === 'Namespace' && object.metadata.name === 'external-dns',
    )!;
    expect(namespace.object.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'platform/tenant': 'platform',
    });
    expect(helmReleases()['external-dns'].DependsOn).toContain(namespace.resource);
  });

  test('the alb IngressClass is the default and points at shared-ALB parameters with HTTPS', () => {
    const objects = appliedObjects(stagingEnv.cluster);
    const ingressClass = objects.find(({ object }) => object.kind === 'IngressClass')!;
    const params = objects.find(({ object }) => object.kind === 'IngressClassParams')!;
    expect(ingressClass.object).toMatchObject({
      metadata: { name: 'alb', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: 'ingress.k8s.aws/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'alb' } },
    });
    expect(params.object.spec).toMatchObject({
      group: { name: 'fx-staging-platform' },
      scheme: 'internet-facing',
      targetType: 'ip',
      certificateArn: ['arn:aws:acm:eu-west-1:100000000002:certificate/00000000-0000-0000-0000-000000000000'],
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      sslRedirectPort: '443',
      inboundCIDRs: ['0.0.0.0/0'],
    });
    // The parameters are the controller's CRD: applied only once its chart is installed.
    const lbcId = helmReleases(stagingEnv.cluster)['aws-load-balancer-controller'].id;
    expect(stagingEnv.cluster.findResources('Custom::AWSCDK-EKS-KubernetesResource')[params.resource].DependsOn).toContain(lbcId);
  });
});

describe('team namespaces', () => {
  const objects = appliedObjects(prodEnv.cluster);
  const inNamespace = (namespace: string, kind: string) =>
    objects.filter(({ object }) => object.kind === kind && object.metadata.namespace === namespace).map(({ object }) => object);

  test('each team namespace denies all traffic but what the platform needs', () => {
    const policies = Object.fromEntries(inNamespace('team-a', 'NetworkPolicy').map((policy) => [policy.metadata.name, policy.spec]));
    expect(Object.keys(policies)).toEqual([
      'default-deny',
      'allow-dns',
      'allow-same-namespace',
      'allow-from-load-balancer',
      'allow-from-monitoring',
      'allow-aws-endpoints',
      'allow-egress-beyond-vpc',
      // fx-prod's teams may create RDS databases through ACK (test/ack.test.ts).
      'allow-ack-databases',
    ]);
    expect(policies['default-deny']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // The shared ALB is internet-facing, so its nodes are in the public subnets.
    expect(policies['allow-from-load-balancer'].ingress[0].from).toEqual([
      { ipBlock: { cidr: '10.130.96.0/24' } },
      { ipBlock: { cidr: '10.130.97.0/24' } },
      { ipBlock: { cidr: '10.130.98.0/24' } },
    ]);
    expect(policies['allow-aws-endpoints'].egress[0]).toEqual({
      to: [{ ipBlock: { cidr: '10.130.0.0/19' } }, { ipBlock: { cidr: '10.130.32.0/19' } }, { ipBlock: { cidr: '10.130.64.0/19' } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    expect(policies['allow-egress-beyond-vpc'].egress[0].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.130.0.0/16'] } }]);
  });

  test('without interface endpoints there is no endpoint allowance', () => {
    const names = appliedObjects(devEnv.cluster)
      .filter(({ object }) => object.kind === 'NetworkPolicy' && object.metadata.namespace === 'team-a')
      .map(({ object }) => object.metadata.name);
    expect(names).toContain('allow-from-load-balancer');
    expect(names).not.toContain('allow-aws-endpoints');
  });

  test('quotas and container defaults come from config', () => {
    expect(inNamespace('team-b', 'ResourceQuota')[0].spec.hard).toEqual({
      'requests.cpu': '16',
      'requests.memory': '32Gi',
      'limits.cpu': '32',
      'limits.memory': '64Gi',
      pods: 200,
      persistentvolumeclaims: 20,
      'requests.storage': '500Gi',
      'services.loadbalancers': 0,
    });
    expect(inNamespace('team-b', 'LimitRange')[0].spec.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } },
    ]);
  });
});
