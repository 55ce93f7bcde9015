import { join } from 'node:path';
import { kubernetesRelease } from '../lib/config/version-matrix';
import { KEDA_ALERT_GROUP } from '../lib/keda-alerts';
import { PLATFORM_ALERT_GROUPS } from '../lib/platform-alerts';
import { devFixture, prodFixture } from './fixtures/environments';
import { asList, helmValues, render } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { helmTemplate } from './helpers/helm-render';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import { podSecurityViolations } from './helpers/pod-security';
import { readmeExample } from './helpers/readme';
import { NO_SHARED_REASON, SHARED_DIR } from './helpers/shared';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const prod = synthEnvironment(prodFixture).cluster;
const resourcesOf = (template = prod) => template.toJSON().Resources as Record<string, any>;
const idOf = (type: string, prefix: string, template = prod) => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
};
const [releaseId, release] = resourcesOfType(prod, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'keda')!;
const values = helmValues(release);
const objectsOf = (kind: string, template = prod) => appliedObjects(template).filter(({ object }) => object.kind === kind);
const SYSTEM_PLACEMENT = {
  nodeSelector: { 'platform/node-role': 'system' },
  tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
};

describe('the KEDA release', () => {
  test('installs the pinned chart with its CRDs into the restricted keda namespace, after nodes, CoreDNS and namespaces', () => {
    expect(release).toMatchObject({
      Chart: 'keda',
      Version: '2.20.2',
      Repository: 'https://kedacore.github.io/charts',
      Namespace: 'keda',
      Wait: true,
    });
    expect(kubernetesRelease('1.36').helmCharts.keda.version).toBe('2.20.2');
    expect(values.crds).toEqual({ install: true });
    expect(release.SkipCrds).toBeUndefined();
    const namespace = objectsOf('Namespace').find(({ object }) => object.metadata.name === 'keda')!;
    expect(namespace.object.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'platform/tenant': 'platform',
    });
    expect(resourcesOf()[releaseId].DependsOn).toEqual(
      expect.arrayContaining([
        namespace.resource,
        idOf('AWS::EKS::Nodegroup', 'EksClusterNodegroupSystemNodes'),
        idOf('AWS::EKS::Addon', 'Addonscoredns'),
      ]),
    );
  });

  test('runs in every environment unless switched off', () => {
    const dev = synthEnvironment(devFixture).cluster;
    expect(resourcesOfType(dev, 'Custom::AWSCDK-EKS-HelmChart').filter(([, props]) => props.Release === 'keda')).toHaveLength(1);
    const off = synthEnvironment(withOverrides(devFixture, { keda: { enabled: false } })).cluster;
    expect(resourcesOfType(off, 'Custom::AWSCDK-EKS-HelmChart').filter(([, props]) => props.Release === 'keda')).toHaveLength(0);
    expect(objectsOf('Namespace', off).map(({ object }) => object.metadata.name)).not.toContain('keda');
  });
});

describe("KEDA's AWS identity", () => {
  const roleId = idOf('AWS::IAM::Role', 'KedaIrsaRole');
  const role = resourcesOf()[roleId].Properties;

  test('is the operator ServiceAccount’s IRSA role, trusted by exactly keda/keda-operator through STS', () => {
    expect(values.podIdentity.aws.irsa).toMatchObject({ enabled: true, roleArn: `<Ref:${roleId}>`, audience: 'sts.amazonaws.com' });
    expect(values.serviceAccount.operator).toEqual({ create: true, name: 'keda-operator' });
    const [statement] = role.AssumeRolePolicyDocument.Statement;
    const conditionsId = render(statement.Condition.StringEquals).replace(/^<Ref:|>$/g, '');
    const text = JSON.stringify(resourcesOf()[conditionsId].Properties.Value).replaceAll('\\"', '"');
    expect(text).toContain(':sub":"system:serviceaccount:keda:keda-operator"');
    expect(text).toContain(':aud":"sts.amazonaws.com"');
  });

  test("reads only this environment's queue attributes (by name prefix) and CloudWatch metric data", () => {
    const [policyRef] = role.ManagedPolicyArns;
    const policy = resourcesOf()[policyRef.Ref].Properties.PolicyDocument.Statement;
    expect(policy.map((statement: any) => [asList(statement.Action), render(statement.Resource), statement.Effect])).toEqual([
      [['sqs:GetQueueAttributes'], 'arn:aws:sqs:<Ref:AWS::Region>:<Ref:AWS::AccountId>:fx-prod-*', 'Allow'],
      [['cloudwatch:GetMetricData'], '*', 'Allow'],
    ]);
    expect(role.ManagedPolicyArns).toHaveLength(1);
  });

  test('is what the ClusterTriggerAuthentication names: podIdentity aws, owned by KEDA', () => {
    const [{ object }] = objectsOf('ClusterTriggerAuthentication');
    expect(object).toMatchObject({
      metadata: { name: 'aws-keda-operator' },
      spec: { podIdentity: { provider: 'aws', identityOwner: 'keda' } },
    });
    expect(schemaProblems(object)).toEqual([]);
  });
});

describe('what teams may do with KEDA', () => {
  const roles = objectsOf('ClusterRole').map(({ object }) => object);

  test('edit and admin (bound in team namespaces) gain ScaledObjects, ScaledJobs and TriggerAuthentications; view reads them', () => {
    const edit = roles.find((role) => role.metadata.name === 'platform:keda-edit')!;
    expect(edit.metadata.labels).toMatchObject({
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
    });
    expect(edit.rules).toEqual([
      expect.objectContaining({ apiGroups: ['keda.sh'], resources: ['scaledobjects', 'scaledjobs', 'triggerauthentications'] }),
    ]);
    expect(edit.rules[0].verbs).toEqual(expect.arrayContaining(['create', 'update', 'delete']));
    // Not the cluster-scoped kinds: a namespace editor cannot change the operator identity's authentication.
    expect(JSON.stringify(roles)).not.toContain('clustertriggerauthentications');
    const view = roles.find((role) => role.metadata.name === 'platform:keda-view')!;
    expect(view.metadata.labels).toMatchObject({ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    expect(view.rules[0].verbs).toEqual(['get', 'list', 'watch']);
    // Team editors are bound to `edit` in their namespaces, which these aggregate into.
    const bindings = objectsOf('RoleBinding')
      .map(({ object }) => object)
      .filter((binding) => binding.metadata.name === 'platform:editors');
    expect(bindings.map((binding) => binding.roleRef.name)).toEqual(['edit', 'edit']);
  });

  test('team ScaledObjects and ScaledJobs must state maxReplicaCount and stay within keda.teamReplicaBounds', () => {
    const [{ object: policy }] = objectsOf('ValidatingAdmissionPolicy');
    const [{ object: binding }] = objectsOf('ValidatingAdmissionPolicyBinding');
    expect(schemaProblems(policy)).toEqual([]);
    expect(policy.spec.matchConstraints.namespaceSelector).toEqual({ matchLabels: { 'platform/tenant': 'team' } });
    expect(policy.spec.matchConstraints.resourceRules[0].resources).toEqual(['scaledobjects', 'scaledjobs']);
    expect(policy.spec.validations.map((validation: any) => validation.expression)).toEqual([
      'has(object.spec.maxReplicaCount) && object.spec.maxReplicaCount <= 50',
      '!has(object.spec.minReplicaCount) || object.spec.minReplicaCount >= 0',
    ]);
    expect(binding.spec).toEqual({ policyName: policy.metadata.name, validationActions: ['Deny'] });
    const bounded = synthEnvironment(
      withOverrides(devFixture, { keda: { teamReplicaBounds: { minReplicaCount: 1, maxReplicaCount: 8 } } }),
    ).cluster;
    const [{ object: tighter }] = objectsOf('ValidatingAdmissionPolicy', bounded);
    expect(tighter.spec.validations[0].expression).toContain('<= 8');
    expect(tighter.spec.validations[1].expression).toContain('>= 1');
  });

  test('are applied after the release that installs the CRDs and the webhook', () => {
    const [{ resource }] = objectsOf('ClusterTriggerAuthentication');
    expect(resourcesOf()[resource].DependsOn).toContain(releaseId);
  });
});

describe('monitoring KEDA', () => {
  test('a ServiceMonitor scrapes the metrics port of every KEDA Service, after kube-prometheus-stack installs its kind', () => {
    const monitors = objectsOf('ServiceMonitor').filter(({ object }) => object.metadata.name === 'keda');
    expect(monitors).toHaveLength(1);
    const [{ resource, object }] = monitors;
    expect(object.spec).toMatchObject({
      namespaceSelector: { matchNames: ['keda'] },
      selector: { matchLabels: { 'app.kubernetes.io/part-of': 'keda-operator' } },
      endpoints: [{ port: 'metrics', path: '/metrics' }],
    });
    expect(schemaProblems(object)).toEqual([]);
    const kps = resourcesOfType(prod, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'kube-prometheus-stack')![0];
    expect(resourcesOf()[resource].DependsOn).toContain(kps);
    expect(resourcesOf()[resource].DependsOn).not.toContain(releaseId); // applied beside KEDA, not after it
    expect(values.prometheus.operator).toEqual({ enabled: true, port: 8080 });
  });

  test('alerts on scaler and ScaledObject errors are among the platform alerts the cluster gets', () => {
    expect(PLATFORM_ALERT_GROUPS).toContain(KEDA_ALERT_GROUP);
    expect(KEDA_ALERT_GROUP.alerts.map((alert) => alert.expr)).toEqual([
      expect.stringContaining('keda_scaler_detail_errors_total'),
      expect.stringContaining('keda_scaled_object_errors_total'),
    ]);
    const rules = objectsOf('PrometheusRule').flatMap(({ object }) => object.spec.groups.flatMap((group: any) => group.rules));
    expect(rules.map((rule: any) => rule.alert)).toEqual(expect.arrayContaining(['KedaScalerErrors', 'KedaScaledObjectErrors']));
  });
});

describe('the chart, rendered with the values the template carries', () => {
  const chartDir = SHARED_DIR && join(SHARED_DIR, 'charts/keda-2.20.2');
  const rendered = chartDir ? helmTemplate(chartDir, 'keda', 'keda', values) : [];
  const deployments = rendered.filter((object) => object.kind === 'Deployment');
  const run = chartDir ? test : test.skip;
  if (!chartDir) test.skip(NO_SHARED_REASON, () => undefined);

  run('runs the operator, metrics API server and webhooks on the system nodes, two of each, every container sized', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual([
      'keda-admission-webhooks',
      'keda-operator',
      'keda-operator-metrics-apiserver',
    ]);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      expect(deployment.spec.replicas).toBe(2);
      expect(pod.nodeSelector).toMatchObject(SYSTEM_PLACEMENT.nodeSelector);
      expect(pod.tolerations).toEqual(SYSTEM_PLACEMENT.tolerations);
      for (const container of pod.containers) {
        expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(container.livenessProbe).toBeDefined();
        expect(container.readinessProbe).toBeDefined();
      }
    }
  });

  run('passes restricted Pod Security, the level of its namespace', () => {
    for (const deployment of deployments)
      expect([deployment.metadata.name, podSecurityViolations(deployment.spec.template.spec, 'restricted')]).toEqual([
        deployment.metadata.name,
        [],
      ]);
  });

  run('covers every Deployment with a PodDisruptionBudget that keeps one pod', () => {
    const budgets = rendered.filter((object) => object.kind === 'PodDisruptionBudget');
    for (const deployment of deployments) {
      const labels = deployment.spec.template.metadata.labels;
      const budget = budgets.find((candidate) =>
        Object.entries(candidate.spec.selector.matchLabels).every(([key, value]) => labels[key] === value),
      );
      expect([deployment.metadata.name, budget?.spec.minAvailable]).toEqual([deployment.metadata.name, 1]);
    }
  });

  run('registers the metrics API server as v1beta1.external.metrics.k8s.io', () => {
    const [service] = rendered.filter((object) => object.kind === 'APIService');
    expect(service.metadata.name).toBe('v1beta1.external.metrics.k8s.io');
    expect(service.spec.service).toMatchObject({ name: 'keda-operator-metrics-apiserver', namespace: 'keda' });
  });

  run('installs its CRDs as templates of the release, so Helm upgrades them with the operator', () => {
    const crds = rendered.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name);
    expect(crds).toEqual(
      expect.arrayContaining([
        'scaledobjects.keda.sh',
        'scaledjobs.keda.sh',
        'clustertriggerauthentications.keda.sh',
        'triggerauthentications.keda.sh',
      ]),
    );
    expect(
      helmTemplate(chartDir!, 'keda', 'keda', { ...values, crds: { install: false } }).some(
        (object) => object.kind === 'CustomResourceDefinition',
      ),
    ).toBe(false);
  });

  run("annotates the operator's ServiceAccount with the IRSA role, and runs the operator as it", () => {
    const account = rendered.find((object) => object.kind === 'ServiceAccount' && object.metadata.name === 'keda-operator')!;
    expect(account.metadata.annotations!['eks.amazonaws.com/role-arn']).toBe(values.podIdentity.aws.irsa.roleArn);
    const operator = deployments.find((deployment) => deployment.metadata.name === 'keda-operator')!;
    expect(operator.spec.template.spec.serviceAccountName).toBe('keda-operator');
  });

  run('serves metrics on the port the ServiceMonitor scrapes, from Services it selects', () => {
    const services = rendered.filter((object) => object.kind === 'Service');
    expect(services).toHaveLength(3);
    for (const service of services) {
      expect(service.metadata.labels!['app.kubernetes.io/part-of']).toBe('keda-operator');
      expect(service.spec.ports.map((port: any) => port.name)).toContain('metrics');
    }
  });
});

describe('the README examples: scaling on an SQS queue and on a schedule', () => {
  const objects = readmeExample('keda-scaled-objects');

  test('validate against the KEDA CRDs, use the platform’s AWS authentication, and keep within the team bounds', () => {
    expect(objects.map((object) => object.kind)).toEqual(['ScaledObject', 'ScaledObject']);
    for (const object of objects) {
      expect([object.metadata.name, schemaProblems(object)]).toEqual([object.metadata.name, []]);
      expect(object.spec.maxReplicaCount).toBeLessThanOrEqual(50);
    }
    const [sqs, cron] = objects;
    const [trigger] = sqs.spec.triggers;
    expect(trigger).toMatchObject({
      type: 'aws-sqs-queue',
      authenticationRef: { name: 'aws-keda-operator', kind: 'ClusterTriggerAuthentication' },
    });
    // The queue is one the operator role may read: named after the environment (the shipped staging here).
    expect(trigger.metadata.queueURL).toMatch(/\/staging-[^/]+$/);
    expect(cron.spec.triggers.map((entry: any) => entry.type)).toEqual(['cron', 'cpu']);
  });

  test('the CRD schema check can fail', () => {
    expect(schemaProblems({ ...objects[0], spec: { ...objects[0].spec, scaleTargetRef: undefined } })).not.toEqual([]);
  });
});

describe('the README HPA walkthrough', () => {
  const objects = readmeExample('hpa-php-apache');

  test('is valid Kubernetes, and the HPA is exactly `kubectl autoscale --cpu-percent=50 --min=1 --max=10` of a Deployment with a CPU request', () => {
    for (const object of objects) expect([object.kind, schemaProblems(object)]).toEqual([object.kind, []]);
    const deployment = objects.find((object) => object.kind === 'Deployment');
    const hpa = objects.find((object) => object.kind === 'HorizontalPodAutoscaler');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    expect(deployment.spec.template.spec.containers[0].resources.requests.cpu).toBe('200m');
  });
});

describe('KEDA and CoreDNS config', () => {
  test('refuses replica bounds out of order, naming the field and quoting the values', () => {
    expect(problemsOf([withOverrides(devFixture, { keda: { teamReplicaBounds: { minReplicaCount: 10, maxReplicaCount: 5 } } })])).toEqual([
      'fx-dev.keda.teamReplicaBounds.minReplicaCount: 10 is greater than maxReplicaCount 5; the minimum must not exceed the maximum',
    ]);
    expect(problemsOf([withOverrides(devFixture, { coreDns: { autoScaling: { minReplicas: 6, maxReplicas: 4 } } })])).toEqual([
      'fx-dev.coreDns.autoScaling.minReplicas: 6 is greater than maxReplicas 4; the minimum must not exceed the maximum',
    ]);
    expect(problemsOf([withOverrides(devFixture, { coreDns: { autoScaling: { minReplicas: 1 } } })])).toEqual([
      expect.stringMatching(/^fx-dev\.coreDns\.autoScaling\.minReplicas: keep at least 2/),
    ]);
  });

  test('CoreDNS is autoscaled by EKS within the configured bounds, keeps its PDB and the system nodes', () => {
    const [[, addon]] = resourcesOfType(prod, 'AWS::EKS::Addon').filter(([, props]) => props.AddonName === 'coredns');
    const configuration = JSON.parse(addon.ConfigurationValues);
    expect(configuration).toMatchObject({
      autoScaling: { enabled: true, minReplicas: 3, maxReplicas: 20 },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      ...SYSTEM_PLACEMENT,
    });
    // The autoscaler owns the replica count.
    expect(configuration.replicaCount).toBeUndefined();
    const dev = synthEnvironment(devFixture).cluster;
    const [[, devAddon]] = resourcesOfType(dev, 'AWS::EKS::Addon').filter(([, props]) => props.AddonName === 'coredns');
    expect(JSON.parse(devAddon.ConfigurationValues).autoScaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 10 });
  });
});
