import { parse } from 'yaml';
import { PROMETHEUS_SERVICE } from '../../constructs/monitoring';
import { OPENCOST_API_PORT, OPENCOST_SERVICE, OPENCOST_UI_PORT } from '../../constructs/opencost/values';
import { ALB_INGRESS_CLASS } from '../../lib/alb-ingress';
import { CHART_HELPER_IMAGES } from '../../lib/config/version-matrix';
import type { EnvironmentInput } from '../../lib/config/schema';
import { FLUX_CONTROLLERS, FLUX_TENANT_SERVICE_ACCOUNT } from '../../constructs/flux/values';
import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from '../../lib/system-node-placement';
import type { RenderedObject } from './helm';
import type { TemplateHelmRelease } from './helm-releases';
import { podTemplateOf } from './pod-security';
import { isCrdUpgradeHook } from './rendered-workloads';

/** One spot check that a value we hand a chart shows up in what it renders. */
export interface ReleaseEffect {
  readonly name: string;
  readonly check: (release: TemplateHelmRelease, objects: readonly RenderedObject[], environment: EnvironmentInput) => void;
}

const ROLE_ARN = 'eks.amazonaws.com/role-arn';

function one(objects: readonly RenderedObject[], kind: string, name?: string): RenderedObject {
  const found = objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
  expect([kind, name, found.length]).toEqual([kind, name, 1]);
  return found[0];
}

const valueAt = (values: any, path: string): any => path.split('.').reduce((value, key) => value?.[key], values);

/** Runs on the system nodes: their label selected, their taint tolerated. */
function expectSystemPlacement(spec: any): void {
  expect(spec.nodeSelector).toMatchObject({ [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value });
  expect(spec.tolerations).toContainEqual(expect.objectContaining({ key: SYSTEM_NODE_TAINT.key, effect: SYSTEM_NODE_TAINT.effect }));
}

/** The chart's ServiceAccount carries the IRSA role the template passes in. */
const irsaAnnotation = (serviceAccount: string): ReleaseEffect => ({
  name: `ServiceAccount ${serviceAccount} carries the IRSA role`,
  check: (release, objects) => {
    const account = one(objects, 'ServiceAccount', serviceAccount);
    expect(account.metadata.annotations?.[ROLE_ARN]).toBe(valueAt(release.values, 'serviceAccount.annotations')[ROLE_ARN]);
    expect(account.metadata.annotations?.[ROLE_ARN]).toMatch(/^arn:aws:iam::\d{12}:role\//);
    const deployment = one(objects, 'Deployment');
    expect(podTemplateOf(deployment)!.spec.serviceAccountName).toBe(serviceAccount);
  },
});

const deploymentOnSystemNodes = (replicasAt: string): ReleaseEffect => ({
  name: `Deployment runs ${replicasAt} replicas on the system nodes`,
  check: (release, objects) => {
    const deployment = one(objects, 'Deployment');
    expect(deployment.spec.replicas ?? 1).toBe(valueAt(release.values, replicasAt) ?? 1);
    expectSystemPlacement(podTemplateOf(deployment)!.spec);
  },
});

const containerArgs = (objects: readonly RenderedObject[]): string[] =>
  podTemplateOf(one(objects, 'Deployment'))!.spec.containers.flatMap((container: any) => container.args ?? []);
const containerEnv = (objects: readonly RenderedObject[]): Record<string, string> =>
  Object.fromEntries(
    podTemplateOf(one(objects, 'Deployment'))!.spec.containers.flatMap((container: any) =>
      (container.env ?? []).map((variable: any) => [variable.name, variable.value]),
    ),
  );

/** Per chart: what the tests prove the chart made of our values. */
export const RELEASE_EFFECTS: Readonly<Record<string, readonly ReleaseEffect[]>> = {
  'karpenter-crd': [
    {
      name: 'installs the Karpenter CRDs from templates, so upgrades update them',
      check: (_release, objects) => {
        const names = objects.filter((object) => object.kind === 'CustomResourceDefinition').map((crd) => crd.metadata.name);
        expect(names).toEqual(
          expect.arrayContaining(['nodepools.karpenter.sh', 'nodeclaims.karpenter.sh', 'ec2nodeclasses.karpenter.k8s.aws']),
        );
      },
    },
  ],
  karpenter: [
    deploymentOnSystemNodes('replicas'),
    irsaAnnotation('karpenter'),
    {
      name: 'the controller reads the interruption queue, cluster name and endpoint',
      check: (release, objects) => {
        const env = containerEnv(objects);
        expect(env.INTERRUPTION_QUEUE).toBe(valueAt(release.values, 'settings.interruptionQueue'));
        expect(env.INTERRUPTION_QUEUE).toMatch(/Interruption/);
        expect(env.CLUSTER_NAME).toBe(valueAt(release.values, 'settings.clusterName'));
        expect(env.CLUSTER_ENDPOINT).toMatch(/^https:\/\/.+\.eks\.amazonaws\.com$/);
      },
    },
    {
      name: 'its PodDisruptionBudget allows one pod down',
      check: (_release, objects) => expect(one(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1),
    },
  ],
  'aws-load-balancer-controller': [
    deploymentOnSystemNodes('replicaCount'),
    irsaAnnotation('aws-load-balancer-controller'),
    {
      name: `serves the ${ALB_INGRESS_CLASS} ingress class of the cluster and VPC it is given`,
      check: (release, objects) => {
        const args = containerArgs(objects);
        expect(args).toContain(`--ingress-class=${ALB_INGRESS_CLASS}`);
        expect(args).toContain(`--cluster-name=${release.values.clusterName}`);
        expect(args).toContain(`--aws-vpc-id=${release.values.vpcId}`);
        expect(args).toContain(`--aws-region=${release.values.region}`);
        expect(objects.filter((object) => object.kind === 'IngressClass')).toEqual([]);
      },
    },
    {
      name: 'its PodDisruptionBudget allows one pod down',
      check: (_release, objects) => expect(one(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1),
    },
  ],
  'external-dns': [
    deploymentOnSystemNodes('replicaCount'),
    irsaAnnotation('external-dns'),
    {
      name: 'publishes with the configured policy, owner, domains and zones only',
      check: (release, objects) => {
        const args = containerArgs(objects);
        expect(args).toContain(`--policy=${release.values.policy}`);
        expect(args).toContain(`--txt-owner-id=${release.values.txtOwnerId}`);
        expect(args).toContain('--provider=aws');
        for (const domain of release.values.domainFilters as string[]) expect(args).toContain(`--domain-filter=${domain}`);
        for (const arg of release.values.extraArgs as string[]) expect(args).toContain(arg);
      },
    },
  ],
  'kube-prometheus-stack': [
    {
      name: 'renders the Prometheus Service that OpenCost queries, on its port',
      check: (_release, objects) => {
        const service = one(objects, 'Service', PROMETHEUS_SERVICE.service);
        expect(service.spec.ports).toContainEqual(expect.objectContaining({ port: PROMETHEUS_SERVICE.port }));
      },
    },
    {
      name: 'Prometheus has the configured replicas, retention and gp3 storage, on the system nodes',
      check: (release, objects) => {
        const spec = valueAt(release.values, 'prometheus.prometheusSpec');
        const prometheus = one(objects, 'Prometheus').spec;
        expect(prometheus).toMatchObject({ replicas: spec.replicas, retention: spec.retention, retentionSize: spec.retentionSize });
        expect(prometheus.storage.volumeClaimTemplate.spec).toMatchObject({
          storageClassName: 'gp3',
          resources: { requests: { storage: spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage } },
        });
        expect(prometheus.serviceMonitorSelector).toEqual({});
        expect(prometheus.ruleSelector).toEqual({});
        expectSystemPlacement(prometheus);
      },
    },
    {
      name: 'Alertmanager has the configured replicas and receivers, on the system nodes',
      check: (release, objects) => {
        const alertmanager = one(objects, 'Alertmanager').spec;
        expect(alertmanager.replicas).toBe(valueAt(release.values, 'alertmanager.alertmanagerSpec.replicas'));
        expectSystemPlacement(alertmanager);
        const configSecret = objects.find((object) => object.kind === 'Secret' && object.metadata.name.startsWith('alertmanager-'))!;
        const config = parse(Buffer.from(configSecret.data['alertmanager.yaml'], 'base64').toString());
        expect(config.receivers).toEqual(valueAt(release.values, 'alertmanager.config.receivers'));
        expect(config.route).toEqual(valueAt(release.values, 'alertmanager.config.route'));
      },
    },
    {
      name: 'the operator runs on the system nodes',
      check: (_release, objects) => expectSystemPlacement(podTemplateOf(one(objects, 'Deployment'))!.spec),
    },
    {
      name: 'a pre-upgrade Job applies the operator CRDs server-side, with pinned images, on the system nodes',
      check: (_release, objects) => {
        const jobs = objects.filter(isCrdUpgradeHook);
        expect(jobs).toHaveLength(1);
        const spec = podTemplateOf(jobs[0])!.spec;
        expectSystemPlacement(spec);
        const images: string[] = [...spec.initContainers, ...spec.containers].map((container: any) => container.image);
        expect(images).toContain(`docker.io/busybox:${CHART_HELPER_IMAGES.busybox}`);
        for (const image of images) expect(image).not.toMatch(/:latest$/);
      },
    },
  ],
  flux2: [
    {
      name: 'runs only the source, kustomize and notification controllers, sized, on the system nodes',
      check: (_release, objects) => {
        const deployments = objects.filter((object) => object.kind === 'Deployment');
        expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual([...FLUX_CONTROLLERS].sort());
        for (const deployment of deployments) {
          const spec = podTemplateOf(deployment)!.spec;
          expectSystemPlacement(spec);
          for (const container of spec.containers) expect(Object.keys(container.resources ?? {}).sort()).toEqual(['limits', 'requests']);
        }
      },
    },
    {
      name: 'is locked down for multi-tenancy: no cross-namespace references, the tenant account by default, no remote bases',
      check: (_release, objects) => {
        const argsOf = (name: string) =>
          podTemplateOf(one(objects, 'Deployment', name))!.spec.containers.flatMap((container: any) => container.args ?? []);
        expect(argsOf('kustomize-controller')).toEqual(
          expect.arrayContaining([
            '--no-cross-namespace-refs=true',
            `--default-service-account=${FLUX_TENANT_SERVICE_ACCOUNT}`,
            '--no-remote-bases=true',
          ]),
        );
        expect(argsOf('notification-controller')).toContain('--no-cross-namespace-refs=true');
        // The controllers impersonate; none is bound to cluster-admin.
        const bindings = objects.filter((object) => object.kind === 'ClusterRoleBinding');
        expect(bindings.map((binding) => binding.roleRef.name)).not.toContain('cluster-admin');
        expect(one(objects, 'ClusterRole', 'cluster-reconciler-impersonator').rules).toEqual([
          { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
        ]);
      },
    },
    {
      name: 'installs the Flux CRDs the platform applies from templates, so upgrades update them',
      check: (_release, objects) => {
        const names = objects.filter((object) => object.kind === 'CustomResourceDefinition').map((crd) => crd.metadata.name);
        expect(names).toEqual(
          expect.arrayContaining([
            'gitrepositories.source.toolkit.fluxcd.io',
            'kustomizations.kustomize.toolkit.fluxcd.io',
            'providers.notification.toolkit.fluxcd.io',
            'alerts.notification.toolkit.fluxcd.io',
          ]),
        );
        expect(names.filter((name) => name.includes('helm.toolkit') || name.includes('image.toolkit'))).toEqual([]);
      },
    },
  ],
  opencost: [
    deploymentOnSystemNodes('opencost.exporter.replicas'),
    irsaAnnotation('opencost'),
    {
      name: 'queries the platform Prometheus Service, and its ServiceMonitor scrapes the API port that serves /metrics',
      check: (_release, objects) => {
        expect(containerEnv(objects).PROMETHEUS_SERVER_ENDPOINT).toBe(
          `http://${PROMETHEUS_SERVICE.service}.monitoring.svc.cluster.local:${PROMETHEUS_SERVICE.port}`,
        );
        const service = one(objects, 'Service', OPENCOST_SERVICE);
        const monitor = one(objects, 'ServiceMonitor');
        const [endpoint] = monitor.spec.endpoints;
        expect(endpoint).toMatchObject({ port: 'http', path: '/metrics', honorLabels: true });
        expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: endpoint.port, port: OPENCOST_API_PORT }));
        expect(Object.entries(monitor.spec.selector.matchLabels).every(([key, value]) => service.metadata.labels?.[key] === value)).toBe(
          true,
        );
      },
    },
    {
      name: 'runs the UI beside the cost model where it is on, published on the shared ALB only where a host is set',
      check: (release, objects, environment) => {
        const containers = podTemplateOf(one(objects, 'Deployment'))!.spec.containers.map((container: any) => container.name);
        const ui = environment.opencost?.ui?.enabled ?? true;
        expect(containers).toEqual(ui ? ['opencost', 'opencost-ui'] : ['opencost']);
        if (ui)
          expect(one(objects, 'Service', OPENCOST_SERVICE).spec.ports).toContainEqual(expect.objectContaining({ port: OPENCOST_UI_PORT }));
        const ingresses = objects.filter((object) => object.kind === 'Ingress');
        const host = valueAt(release.values, 'opencost.ui.ingress.hosts')?.[0]?.host;
        expect(ingresses.map((ingress) => ingress.spec.rules[0].host)).toEqual(host && ui ? [host] : []);
        for (const ingress of ingresses) expect(ingress.spec.ingressClassName).toBe(ALB_INGRESS_CLASS);
      },
    },
  ],
};
