import { CfnOutput } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import type { Construct } from 'constructs';
import type { NamespaceSpec } from '../../charts/namespaces-chart';
import { NamespacesChart } from '../../charts/namespaces-chart';
import { TeamGuardrailsChart } from '../../charts/team-guardrails-chart';
import { ClusterAccess } from '../../constructs/cluster-access';
import { DEFAULT_STORAGE_CLASS } from '../../charts/storage-chart';
import { ClusterAddons } from '../../constructs/cluster-addons';
import { ContainerInsights } from '../../constructs/container-insights';
import { SharedFileSystem } from '../../constructs/efs/shared-file-system';
import { ExternalSecretsOperator } from '../../constructs/external-secrets/external-secrets-operator';
import { Flux } from '../../constructs/flux/flux';
import { FLUX_RESOURCE_METRICS } from '../../constructs/flux/resource-metrics';
import { Keda } from '../../constructs/keda/keda';
import { Kubewarden } from '../../constructs/kubewarden/kubewarden';
import { AckCapability } from '../../constructs/ack/ack-capability';
import { Karpenter } from '../../constructs/karpenter';
import { Monitoring, PROMETHEUS_SERVICE } from '../../constructs/monitoring';
import { OpenCost } from '../../constructs/opencost/opencost';
import { PlatformCluster } from '../../constructs/platform-cluster';
import { PlatformIngress } from '../../constructs/platform-ingress';
import { PlatformStorage } from '../../constructs/platform-storage';
import { retainedOnRemoval } from '../../constructs/retained-on-removal';
import { SystemNodeGroup } from '../../constructs/system-node-group';
import { editableNamespaces } from '../access-model';
import { costTeamsOf } from '../dashboards/cost-dashboard';
import type { PlatformAckService } from '../ack-services';
import { PLATFORM_ACK_SERVICES } from '../ack-services';
import { ackTeamNamespaces } from '../config/ack-schema';
import type { EnvironmentConfig } from '../config/parse';
import { ENI_LIMITS } from '../max-pods';
import { nodeGroupMaxPods } from '../pod-addresses';
import { planSubnets } from '../subnet-plan';
import { kubernetesRelease } from '../config/version-matrix';
import { resolveKubewarden } from '../config/kubewarden-schema';
import type { EnvironmentStackProps } from './environment-stack';
import { addClusterOutputs } from './cluster-outputs';
import { EnvironmentStack } from './environment-stack';
import { logRetention, removalPolicyFor } from './protection';

export interface ClusterStackProps extends EnvironmentStackProps {
  readonly vpc: ec2.IVpc;
}

/** The EKS cluster of one environment, its system node group, and what runs inside it. */
export class ClusterStack extends EnvironmentStack {
  readonly cluster: eks.Cluster;
  readonly systemNodeGroup: SystemNodeGroup;
  readonly addons: ClusterAddons;
  readonly karpenter: Karpenter;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { environment: env } = props;
    const release = kubernetesRelease(env.cluster.kubernetesVersion);

    const platformCluster = new PlatformCluster(this, 'Eks', {
      clusterName: env.cluster.name,
      release,
      vpc: props.vpc,
      endpointAccess: env.cluster.endpointAccess,
      controlPlaneLogTypes: env.cluster.controlPlaneLogTypes,
      controlPlaneLogRetention: logRetention(env.cluster.controlPlaneLogRetentionDays),
      deletionProtection: env.deletionProtection,
      supportType: env.cluster.supportType,
      removalPolicy: removalPolicyFor(env),
      tags: env.tags,
    });
    this.cluster = platformCluster.cluster;

    const storage = new PlatformStorage(this, 'Storage', {
      cluster: this.cluster,
      clusterName: env.cluster.name,
      existingKeyArn: env.storage.ebsKmsKeyArn,
      removalPolicy: removalPolicyFor(env),
    });

    this.addons = new ClusterAddons(this, 'Addons', {
      cluster: this.cluster,
      versions: release.addons,
      vpcCni: env.vpcCni,
      coreDns: env.coreDns,
      ebsKmsKeyArn: storage.volumeKeyArn,
    });

    this.systemNodeGroup = new SystemNodeGroup(this, 'SystemNodeGroup', {
      cluster: this.cluster,
      kubernetesVersion: release.kubernetesVersion,
      ...env.systemNodeGroup,
      maxPods: nodeGroupMaxPods(env.systemNodeGroup.instanceTypes, env.vpcCni.prefixDelegation, (type) => ENI_LIMITS[type]),
    });
    // Nodes start with the addressing mode set and kube-proxy in place; the rest needs nodes.
    this.systemNodeGroup.nodegroup.node.addDependency(...this.addons.nodePrerequisites);
    this.addons.runAfter(this.systemNodeGroup.nodegroup);
    storage.storageClasses.node.addDependency(this.addons.addons.get('snapshot-controller')!);
    // The VolumeSnapshotClass kind comes with the snapshot controller add-on.
    storage.snapshotClass.node.addDependency(this.addons.addons.get('snapshot-controller')!);
    // EKS creates gp2 some time after the cluster; by the time nodes have joined, it is there.
    storage.gp2Patch.node.addDependency(this.systemNodeGroup.nodegroup);

    // Never pruned, and retained: dropping a namespace (or the last grant, which drops the whole
    // manifest) must not delete what runs in it. The guard rails are safe to delete and apart.
    const teamNamespaceNames = editableNamespaces(env.accessGrants);
    const teamNamespaces =
      teamNamespaceNames.length === 0
        ? undefined
        : retainedOnRemoval(
            this.manifest(
              'TeamNamespaces',
              new NamespacesChart(new cdk8s.App(), 'team-namespaces', {
                namespaces: teamNamespaceNames.map((name) => ({
                  name,
                  podSecurity: 'restricted',
                  tenant: 'team',
                  annotations: ackNamespaceDefaults(),
                })),
              }),
            ),
            'team namespaces: their workloads, PersistentVolumeClaims and EBS volumes',
          );
    if (teamNamespaces) {
      const teamGuardrails = this.manifest(
        'TeamGuardrails',
        new TeamGuardrailsChart(new cdk8s.App(), 'team-guardrails', {
          ...env.teamNamespaces,
          ...guardrailNetworks(env),
          namespaces: teamNamespaceNames,
          monitoringNamespace: MONITORING_NAMESPACE,
        }),
      );
      // Quotas, limit ranges and network policies are objects in the team namespaces.
      teamGuardrails.node.addDependency(teamNamespaces);
    }
    const platformNamespaces = retainedOnRemoval(
      this.manifest(
        'PlatformNamespaces',
        new NamespacesChart(new cdk8s.App(), 'platform-namespaces', { namespaces: platformNamespacesOf(env) }),
      ),
      "platform namespaces: monitoring holds Prometheus's and Alertmanager's volumes",
    );

    this.karpenter = new Karpenter(this, 'Karpenter', {
      cluster: this.cluster,
      clusterName: env.cluster.name,
      region: env.region,
      vpc: props.vpc,
      config: env.karpenter,
      controllerChart: release.helmCharts.karpenter,
      crdChart: release.helmCharts['karpenter-crd'],
      amiRelease: release.nodeImages[env.karpenter.amiFamily],
      // With prefixes, a node holds the kubelet's cap; without, Karpenter works it out per instance type.
      maxPods: env.vpcCni.prefixDelegation ? PREFIX_MODE_MAX_PODS : undefined,
      tags: { ...env.tags, 'platform:environment': env.name },
      dependsOn: [this.systemNodeGroup.nodegroup, this.addons.addons.get('coredns')!],
    });

    const access = new ClusterAccess(this, 'Access', {
      cluster: this.cluster,
      grants: env.accessGrants,
      nodeRoleArns: [this.systemNodeGroup.role.roleArn, this.karpenter.nodeRole.roleArn],
    });
    // Its RoleBindings live in the team namespaces.
    if (teamNamespaces) access.awsAuthManifest.node.addDependency(teamNamespaces);

    const ingress = new PlatformIngress(this, 'Ingress', {
      cluster: this.cluster,
      clusterName: env.cluster.name,
      region: env.region,
      vpcId: props.vpc.vpcId,
      ingress: env.ingress,
      albGroupName: albGroupName(env),
      albTags: { ...env.tags, 'platform:environment': env.name },
      loadBalancerControllerChart: release.helmCharts['aws-load-balancer-controller'],
      externalDns: env.externalDns && {
        ...env.externalDns,
        chart: release.helmCharts['external-dns'],
        namespace: EXTERNAL_DNS_NAMESPACE,
      },
      // The controller runs in kube-system: nodes and add-ons, not the platform namespaces.
      dependsOn: [this.systemNodeGroup.nodegroup, ...this.addons.addons.values()],
    });
    // ExternalDNS runs in its own namespace, one of the platform namespaces.
    ingress.externalDns?.release.node.addDependency(platformNamespaces);

    // Secrets the platform's software reads: Secrets Manager -> External Secrets -> Kubernetes Secrets.
    const secretStore = new ExternalSecretsOperator(this, 'ExternalSecrets', {
      cluster: this.cluster,
      environment: env.name,
      chart: release.helmCharts['external-secrets'],
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      removalPolicy: removalPolicyFor(env),
      // Its pods need nodes and CoreDNS; its namespace and the ones it syncs into come with the platform namespaces.
      dependsOn: [this.systemNodeGroup.nodegroup, platformNamespaces, this.addons.addons.get('coredns')!],
    });

    const monitoring = new Monitoring(this, 'Monitoring', {
      cluster: this.cluster,
      config: env.monitoring,
      chart: release.helmCharts['kube-prometheus-stack'],
      namespace: MONITORING_NAMESPACE,
      storageClass: DEFAULT_STORAGE_CLASS,
      alb: { groupName: albGroupName(env), certificateArns: env.ingress.certificateArns, sslPolicy: env.ingress.sslPolicy },
      secretStore,
      customResourceMetrics: env.flux.enabled ? FLUX_RESOURCE_METRICS : undefined,
      dependsOn: [
        this.systemNodeGroup.nodegroup,
        // Its namespace, at the privileged level node-exporter needs.
        platformNamespaces,
        // Prometheus's and Alertmanager's volumes: the release waits for their pods, which wait for the claims.
        storage.storageClasses,
        this.addons.addons.get('aws-ebs-csi-driver')!,
        // The controller's webhook refuses an Ingress (Grafana's) whose class does not exist yet,
        // and the class needs the controller.
        ingress.loadBalancerController.release,
        ingress.ingressClass,
      ],
    });

    // Event-driven and cron scaling of workloads, through the external metrics API.
    if (env.keda.enabled)
      new Keda(this, 'Keda', {
        cluster: this.cluster,
        environment: env.name,
        config: env.keda,
        chart: release.helmCharts.keda,
        namespace: KEDA_NAMESPACE,
        // Its pods need nodes and CoreDNS; its namespace comes with the platform namespaces.
        dependsOn: [this.systemNodeGroup.nodegroup, platformNamespaces, this.addons.addons.get('coredns')!],
        monitoring: { namespace: MONITORING_NAMESPACE, release: monitoring.release },
      });

    // Admission policies on team namespaces; the platform's own namespaces are never judged.
    if (env.kubewarden.enabled)
      new Kubewarden(this, 'Kubewarden', {
        cluster: this.cluster,
        config: resolveKubewarden(env.kubewarden, env),
        chart: release.helmCharts['admission-controller'],
        namespace: KUBEWARDEN_NAMESPACE,
        platformNamespaces: platformNamespacesOf(env).map((namespace) => namespace.name),
        // Its pods need nodes and CoreDNS; its namespace comes with the platform namespaces.
        dependsOn: [this.systemNodeGroup.nodegroup, platformNamespaces, this.addons.addons.get('coredns')!],
      });
    // Delivery of team applications from Git, each source reconciled as its namespace's tenant.
    if (env.flux.enabled) {
      const slackReceiver = env.monitoring.alertmanager.receivers.find((receiver) => receiver.name === env.flux.slackReceiver);
      new Flux(this, 'Flux', {
        cluster: this.cluster,
        environment: env.name,
        config: env.flux,
        chart: release.helmCharts.flux2,
        namespace: FLUX_NAMESPACE,
        // Its pods need nodes and CoreDNS; its namespace comes with the platform namespaces.
        dependsOn: [this.systemNodeGroup.nodegroup, platformNamespaces, this.addons.addons.get('coredns')!],
        teamNamespaces,
        monitoring: { namespace: MONITORING_NAMESPACE, release: monitoring.release },
        secretStore,
        secretStoreNamespace: EXTERNAL_SECRETS_NAMESPACE,
        slack: slackReceiver && { webhook: monitoring.secrets.receivers.get(slackReceiver.name)!, channel: slackReceiver.channel },
      });
    }

    // Cost per workload, namespace and team, over the platform's Prometheus.
    if (env.opencost.enabled)
      new OpenCost(this, 'OpenCost', {
        cluster: this.cluster,
        clusterName: env.cluster.name,
        environment: env.name,
        account: env.account,
        region: env.region,
        config: env.opencost,
        chart: release.helmCharts.opencost,
        namespace: OPENCOST_NAMESPACE,
        teams: costTeamsOf(env.accessGrants),
        monitoring: {
          namespace: MONITORING_NAMESPACE,
          prometheus: { namespace: MONITORING_NAMESPACE, ...PROMETHEUS_SERVICE },
          release: monitoring.release,
        },
        alb: { groupName: albGroupName(env), certificateArns: env.ingress.certificateArns, sslPolicy: env.ingress.sslPolicy },
        // Its pods need nodes and CoreDNS; its namespace comes with the platform namespaces.
        dependsOn: [this.systemNodeGroup.nodegroup, platformNamespaces, this.addons.addons.get('coredns')!],
      });

    // AWS resources from Kubernetes: the EKS-managed ACK capability and a scoped IAM role per team.
    if (env.ack.enabled && teamNamespaces)
      new AckCapability(this, 'Ack', {
        cluster: this.cluster,
        clusterName: env.cluster.name,
        region: env.region,
        vpc: props.vpc,
        services: ackServicesOf(env),
        teamNamespaces: ackTeamNamespaces(env.ack, teamNamespaceNames),
        privateSubnetCidrs: guardrailSubnets(env).privateSubnets,
        nodeSecurityGroups: [
          { id: 'ClusterSecurityGroup', securityGroup: this.cluster.clusterSecurityGroup },
          { id: 'KarpenterNodes', securityGroup: this.karpenter.nodeSecurityGroup },
        ],
        tags: env.tags,
        // Its selectors, Roles and bindings name the team namespaces and the editors groups.
        dependsOn: [teamNamespaces, access.awsAuthManifest],
      });

    // Shared ReadWriteMany storage. The file system and its mount targets need only the VPC and
    // the key, so they are created alongside the cluster, not after it.
    if (env.efs.enabled) {
      const sharedStorage = new SharedFileSystem(this, 'SharedStorage', {
        cluster: this.cluster,
        clusterName: env.cluster.name,
        vpc: props.vpc,
        config: env.efs,
        platformKeyArn: storage.volumeKeyArn,
        nodeSecurityGroups: [
          { id: 'ClusterSecurityGroup', securityGroup: this.cluster.clusterSecurityGroup },
          { id: 'KarpenterNodes', securityGroup: this.karpenter.nodeSecurityGroup },
        ],
        addonVersion: release.addons['aws-efs-csi-driver'],
        removalPolicy: removalPolicyFor(env),
        // Production environments (deletion-protected) back the file system up daily.
        automaticBackups: env.deletionProtection,
      });
      // The driver's controller runs on system nodes; EKS waits for it to be healthy.
      sharedStorage.driver.addon.node.addDependency(this.systemNodeGroup.nodegroup);
    }

    if (env.monitoring.containerInsights.enabled)
      new ContainerInsights(this, 'ContainerInsights', {
        cluster: this.cluster,
        clusterName: env.cluster.name,
        addonVersion: release.addons['amazon-cloudwatch-observability'],
        logRetention: logRetention(env.monitoring.containerInsights.logRetentionDays),
        removalPolicy: removalPolicyFor(env),
        dependsOn: [this.systemNodeGroup.nodegroup],
      });

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'OidcProviderArn', { value: platformCluster.openIdConnectProvider.openIdConnectProviderArn });
    addClusterOutputs(this, this.cluster, env);
  }

  /** A cdk8s chart applied by the kubectl provider. Never pruned: removing an object from config leaves it in place. */
  private manifest(id: string, chart: cdk8s.Chart): eks.KubernetesManifest {
    return new eks.KubernetesManifest(this, id, { cluster: this.cluster, manifest: chart.toJson(), prune: false });
  }
}

const MONITORING_NAMESPACE = 'monitoring';
/** The kubelet's pod cap on nodes below 30 vCPUs, which prefix delegation reaches on any Nitro type. */
const PREFIX_MODE_MAX_PODS = 110;
const EXTERNAL_DNS_NAMESPACE = 'external-dns';
const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';
const KEDA_NAMESPACE = 'keda';
const KUBEWARDEN_NAMESPACE = 'kubewarden';
const FLUX_NAMESPACE = 'flux-system';
const OPENCOST_NAMESPACE = 'opencost';

/** Namespaces of the platform's own software, at the least Pod Security level it runs with. */
function platformNamespacesOf(env: EnvironmentConfig): NamespaceSpec[] {
  // node-exporter reads the host (hostNetwork, hostPID, hostPath), which only `privileged` admits.
  const namespaces: NamespaceSpec[] = [
    { name: MONITORING_NAMESPACE, podSecurity: 'privileged', tenant: 'platform' },
    // The operator's pods run non-root, read-only, with no capabilities and RuntimeDefault seccomp.
    { name: EXTERNAL_SECRETS_NAMESPACE, podSecurity: 'restricted', tenant: 'platform' },
  ];
  // KEDA's pods run non-root, read-only, with no capabilities and RuntimeDefault seccomp.
  if (env.keda.enabled) namespaces.push({ name: KEDA_NAMESPACE, podSecurity: 'restricted', tenant: 'platform' });
  // The controller, policy server and audit scanner run non-root with no capabilities and RuntimeDefault seccomp.
  if (env.kubewarden.enabled) namespaces.push({ name: KUBEWARDEN_NAMESPACE, podSecurity: 'restricted', tenant: 'platform' });
  // Flux's controllers run non-root, read-only, with no capabilities and RuntimeDefault seccomp.
  if (env.flux.enabled) namespaces.push({ name: FLUX_NAMESPACE, podSecurity: 'restricted', tenant: 'platform' });
  // OpenCost's cost model and UI run non-root with no capabilities and RuntimeDefault seccomp; its
  // own namespace keeps it at `restricted` (monitoring is privileged for node-exporter).
  if (env.opencost.enabled) namespaces.push({ name: OPENCOST_NAMESPACE, podSecurity: 'restricted', tenant: 'platform' });
  if (env.externalDns) namespaces.push({ name: EXTERNAL_DNS_NAMESPACE, podSecurity: 'restricted', tenant: 'platform' });
  return namespaces;
}

/** The environment's shared ALB (IngressGroup). */
function albGroupName(env: EnvironmentConfig): string {
  return `${env.name}-platform`;
}

/** The environment's subnet plan (known at synth). */
function guardrailSubnets(env: EnvironmentConfig) {
  const { network } = env;
  return planSubnets(network.vpcCidr, env.availabilityZones.length, network.privateSubnetPrefixLength, network.publicSubnetPrefixLength);
}

/** The address ranges team network policies name, from the subnet plan (known at synth). */
function guardrailNetworks(env: EnvironmentConfig) {
  const { network } = env;
  const subnets = guardrailSubnets(env);
  return {
    vpcCidr: network.vpcCidr,
    // Config refuses internal ALBs where there are team namespaces, so the ALB is in the public subnets.
    loadBalancerSubnetCidrs: subnets.publicSubnets,
    interfaceEndpointSubnetCidrs: network.interfaceEndpoints ? subnets.privateSubnets : [],
  };
}

/** Config has refused any other service names. */
function ackServicesOf(env: EnvironmentConfig): PlatformAckService[] {
  return env.ack.services as PlatformAckService[];
}

/**
 * ACK's namespace default (`<service>.services.k8s.aws/deletion-policy: retain`) on every team
 * namespace, ACK on or off: deleting a team's Bucket or DBInstance object, or the namespace, leaves
 * the bucket or database in AWS, and switching ACK off and on again never brings back ACK's own
 * default (delete).
 */
function ackNamespaceDefaults(): Record<string, string> {
  return Object.fromEntries(PLATFORM_ACK_SERVICES.map((service) => [`${service}.services.k8s.aws/deletion-policy`, 'retain']));
}
