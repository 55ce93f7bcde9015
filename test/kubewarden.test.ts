import { join } from 'node:path';
import { parse } from 'yaml';
import { resolveKubewarden } from '../lib/config/kubewarden-schema';
import { parseEnvironment } from '../lib/config/parse';
import { kubernetesRelease } from '../lib/config/version-matrix';
import { KUBEWARDEN_ALERT_GROUP } from '../lib/kubewarden-alerts';
import { admittedObjects } from '../lib/kubewarden/admitted-objects';
import { POLICY_MODULES, POLICY_NAMES } from '../lib/kubewarden/policy-catalog';
import { policyViolations } from '../lib/kubewarden/policy-checks';
import { TEAM_EXAMPLES } from '../lib/kubewarden/team-examples';
import { PLATFORM_ALERT_GROUPS } from '../lib/platform-alerts';
import { devFixture, FIXTURES, prodFixture, stagingFixture } from './fixtures/environments';
import { helmValues } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { helmTemplate } from './helpers/helm-render';
import { appliedObjects } from './helpers/manifests';
import { podSecurityProblems } from './helpers/pod-security';
import { readmeExample } from './helpers/readme';
import { NO_SHARED_REASON, SHARED_DIR } from './helpers/shared';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const synthesized = new Map(FIXTURES.map((fixture) => [fixture.name, synthEnvironment(fixture)]));
const templateOf = (name: string) => synthesized.get(name)!.cluster;
const prod = templateOf('fx-prod');
const releaseOf = (template = prod) =>
  resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'kubewarden');
const policiesOf = (template = prod) =>
  appliedObjects(template)
    .map(({ object }) => object)
    .filter((object) => object.kind === 'ClusterAdmissionPolicy');
const SYSTEM_TOLERATION = { key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' };

describe('the Kubewarden release', () => {
  const [releaseId, release] = releaseOf()!;
  const values = helmValues(release);

  test('installs the pinned admission-controller chart into the restricted kubewarden namespace, retained for its CRDs', () => {
    expect(release).toMatchObject({
      Chart: 'admission-controller',
      Version: '6.0.2',
      Repository: 'https://charts.kubewarden.io',
      Namespace: 'kubewarden',
    });
    expect(kubernetesRelease('1.35').helmCharts['admission-controller'].confirmedAt).toContain('v1.37.2');
    const resource = (prod.toJSON().Resources as Record<string, any>)[releaseId];
    expect(resource.DeletionPolicy).toBe('Retain');
    const namespace = appliedObjects(prod).find(({ object }) => object.kind === 'Namespace' && object.metadata.name === 'kubewarden')!;
    expect(namespace.object.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'platform/tenant': 'platform',
    });
    expect(resource.DependsOn).toContain(namespace.resource);
  });

  test('puts the controller, audit scanner and policy server on the system nodes, with requests and limits', () => {
    expect(values.nodeSelector).toEqual({ 'platform/node-role': 'system' });
    expect(values.global.tolerations).toEqual([SYSTEM_TOLERATION]);
    expect(
      values.global.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions,
    ).toEqual([{ key: 'platform/node-role', operator: 'In', values: ['system'] }]);
    for (const component of ['controller', 'auditScanner'])
      expect(Object.keys(values.resources[component]).sort()).toEqual(['limits', 'requests']);
    expect(values.policyServer).toMatchObject({
      enabled: true,
      replicaCount: 2,
      minAvailable: 1,
      requests: { cpu: '100m' },
      limits: { memory: '1Gi' },
    });
    expect(values.recommendedPolicies).toEqual({ enabled: false });
    expect(values).toMatchObject({ installOpenReportsCRDs: true, auditScanner: { enable: true, reportCRDsKind: 'openreports' } });
  });

  test('runs in every environment unless switched off, with its namespace', () => {
    for (const fixture of FIXTURES) expect(releaseOf(templateOf(fixture.name))).toBeDefined();
    const off = synthEnvironment(withOverrides(devFixture, { kubewarden: { enabled: false } })).cluster;
    expect(releaseOf(off)).toBeUndefined();
    expect(policiesOf(off)).toEqual([]);
    expect(appliedObjects(off).some(({ object }) => object.kind === 'Namespace' && object.metadata.name === 'kubewarden')).toBe(false);
  });
});

describe('the policies', () => {
  test('every policy is applied, pinned, after the release that brings the kind', () => {
    const policies = policiesOf();
    expect(policies.map((policy) => policy.metadata.name).sort()).toEqual(
      POLICY_NAMES.map((name) => POLICY_MODULES[name].resourceName).sort(),
    );
    for (const policy of policies)
      expect(policy.spec.module).toMatch(/^registry:\/\/ghcr\.io\/kubewarden\/policies\/[a-z-]+:v\d+\.\d+\.\d+$/);
    const manifest = appliedObjects(prod).find(({ object }) => object.kind === 'ClusterAdmissionPolicy')!.resource;
    expect((prod.toJSON().Resources as Record<string, any>)[manifest].DependsOn).toContain(releaseOf()![0]);
  });

  test.each([
    ['fx-dev', 'monitor', 'Ignore'],
    ['fx-staging', 'monitor', 'Ignore'],
    ['fx-prod', 'protect', 'Fail'],
  ])('%s: every policy in %s mode, failurePolicy %s', (name, mode, failurePolicy) => {
    const policies = policiesOf(templateOf(name));
    expect(policies).toHaveLength(POLICY_NAMES.length);
    for (const policy of policies)
      expect(policy.spec).toMatchObject({ mode, failurePolicy, policyServer: 'default', backgroundAudit: true });
  });

  test('judge team namespaces only: never kube-system, Kubewarden or a platform namespace', () => {
    const platformNamespaces = appliedObjects(prod)
      .map(({ object }) => object)
      .filter((object) => object.kind === 'Namespace' && object.metadata.labels?.['platform/tenant'] === 'platform')
      .map((object) => object.metadata.name);
    expect(platformNamespaces).toEqual(expect.arrayContaining(['monitoring', 'kubewarden', 'keda', 'external-secrets']));
    for (const policy of policiesOf()) {
      const selector = policy.spec.namespaceSelector;
      expect(selector.matchLabels).toEqual({ 'platform/tenant': 'team' });
      expect(selector.matchExpressions).toEqual([
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'NotIn',
          values: expect.arrayContaining(['kube-system', 'kube-public', 'kube-node-lease', ...platformNamespaces]),
        },
      ]);
      expect(policy.spec.allowInsideAdmissionControllerNamespace).toBe(false);
    }
    // Team namespaces carry the label the selector matches; platform namespaces do not.
    const teamNamespaces = appliedObjects(prod).filter(
      ({ object }) => object.kind === 'Namespace' && object.metadata.labels?.['platform/tenant'] === 'team',
    );
    expect(teamNamespaces.length).toBeGreaterThan(0);
  });

  test('a policy can be switched off or given its own mode', () => {
    const template = synthEnvironment(
      withOverrides(prodFixture, { kubewarden: { policies: { trustedImages: { enabled: false }, requiredLabels: { mode: 'monitor' } } } }),
    ).cluster;
    const policies = policiesOf(template);
    expect(policies.map((policy) => policy.metadata.name)).not.toContain('team-trusted-images');
    expect(policies.find((policy) => policy.metadata.name === 'team-required-labels')!.spec).toMatchObject({
      mode: 'monitor',
      failurePolicy: 'Ignore',
    });
    expect(policies.find((policy) => policy.metadata.name === 'team-no-privileged')!.spec.mode).toBe('protect');
  });

  test("trusted registries default to public ECR and the environment's own ECR", () => {
    const policy = policiesOf().find((candidate) => candidate.metadata.name === 'team-trusted-images')!;
    expect(policy.spec.settings).toEqual({
      registries: { allow: ['public.ecr.aws', `${prodFixture.account}.dkr.ecr.${prodFixture.region}.amazonaws.com`] },
      tags: { reject: ['latest'] },
    });
  });
});

describe('nothing the platform ships or documents for team namespaces is refused by an enforced policy', () => {
  const enforcedEverything = (fixture = prodFixture) => {
    const env = parseEnvironment(withOverrides(fixture, { kubewarden: { mode: 'protect' } }));
    return resolveKubewarden(env.kubewarden, env);
  };

  test.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    '%s: no pod the platform applies to a team namespace',
    (name, fixture) => {
      const template = templateOf(name);
      const teamNamespaces = new Set(
        appliedObjects(template)
          .map(({ object }) => object)
          .filter((object) => object.kind === 'Namespace' && object.metadata.labels?.['platform/tenant'] === 'team')
          .map((object) => object.metadata.name),
      );
      // Helm releases never target a team namespace, so no chart's pod lands in one.
      const releaseNamespaces = resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').map(([, props]) => props.Namespace);
      expect(releaseNamespaces.filter((namespace) => teamNamespaces.has(namespace))).toEqual([]);
      const inTeamNamespaces = appliedObjects(template)
        .map(({ object }) => object)
        .filter((object) => teamNamespaces.has(object.metadata?.namespace ?? ''));
      // What the platform puts there: network policies, quotas, limit ranges, role bindings.
      expect(inTeamNamespaces.length).toBeGreaterThan(0);
      const resolved = enforcedEverything(fixture);
      const refused = inTeamNamespaces
        .flatMap(admittedObjects)
        .flatMap((object) =>
          resolved.policies.flatMap(({ name: policy }) =>
            policyViolations(policy, resolved, object).map((why) => `${object.kind} ${object.metadata.name}: ${why}`),
          ),
        );
      expect(refused).toEqual([]);
    },
  );

  test("the README examples in team namespaces are exactly the platform's team examples", () => {
    for (const [example, objects] of Object.entries(TEAM_EXAMPLES)) {
      const inReadme = readmeExample(example).filter(
        (object) => object.metadata?.namespace === 'team-a' && ['Pod', 'Deployment'].includes(object.kind),
      );
      expect(inReadme).toEqual(objects);
    }
  });

  test('every README example in a team namespace passes every policy in protect mode', () => {
    const resolved = enforcedEverything();
    expect(resolved.policies.map((policy) => policy.name)).toEqual([...POLICY_NAMES]);
    const objects = Object.keys(TEAM_EXAMPLES)
      .flatMap((example) => readmeExample(example))
      .flatMap(admittedObjects);
    expect(objects.filter((object) => object.kind === 'Pod').length).toBeGreaterThanOrEqual(3);
    const refused = objects.flatMap((object) =>
      resolved.policies.flatMap(({ name }) => policyViolations(name, resolved, object).map((why) => `${object.metadata.name}: ${why}`)),
    );
    expect(refused).toEqual([]);
  });

  test('and they would be refused if they broke a rule, so the check above can fail', () => {
    const resolved = enforcedEverything();
    const [writer] = TEAM_EXAMPLES['efs-shared-claim'];
    const broken = { ...writer, metadata: { ...writer.metadata, labels: {} }, spec: { ...writer.spec, hostNetwork: true } };
    expect(resolved.policies.flatMap(({ name }) => policyViolations(name, resolved, broken))).toEqual([
      'lacks label "app.kubernetes.io/name"',
      'sets hostNetwork',
    ]);
  });
});

describe('bad kubewarden config is refused at synth, naming the field', () => {
  test('a mode other than monitor or protect', () => {
    expect(problemsOf([withOverrides(devFixture, { kubewarden: { mode: 'enforce' as any } })])).toEqual([
      expect.stringMatching(/^fx-dev\.kubewarden\.mode: "enforce" is not allowed; use .*"monitor".*"protect"/),
    ]);
    expect(problemsOf([withOverrides(devFixture, { kubewarden: { policies: { noPrivileged: { mode: 'audit' as any } } } })])).toEqual([
      expect.stringMatching(/^fx-dev\.kubewarden\.policies\.noPrivileged\.mode: "audit" is not allowed/),
    ]);
  });

  test('an unknown policy name', () => {
    expect(problemsOf([withOverrides(devFixture, { kubewarden: { policies: { noLatestTags: { enabled: true } } as any } })])).toEqual([
      expect.stringMatching(
        /^fx-dev\.kubewarden\.policies: unknown field "noLatestTags"; the fields here are requiredLabels, .*trustedImages/,
      ),
    ]);
  });

  test("a registry list that does not trust where the platform's team images come from", () => {
    expect(
      problemsOf([withOverrides(devFixture, { kubewarden: { trustedRegistries: ['quay.io', '*.dkr.ecr.eu-west-1.amazonaws.com'] } })]),
    ).toEqual([
      expect.stringMatching(
        /^fx-dev\.kubewarden\.trustedRegistries: .*"quay\.io".* does not trust public\.ecr\.aws, where the platform's team examples pull public\.ecr\.aws\/docker\/library\/busybox:1\.37/,
      ),
    ]);
    // A wildcard that covers it is fine; so is switching the policy off.
    expect(problemsOf([withOverrides(devFixture, { kubewarden: { trustedRegistries: ['*.aws'] } })])).toEqual([]);
    expect(
      problemsOf([
        withOverrides(devFixture, { kubewarden: { trustedRegistries: ['quay.io'], policies: { trustedImages: { enabled: false } } } }),
      ]),
    ).toEqual([]);
  });

  test("an enforced policy that the platform's own team examples would fail, in protect only", () => {
    expect(problemsOf([withOverrides(prodFixture, { kubewarden: { requiredLabels: ['team', 'app.kubernetes.io/name'] } })])).toEqual([
      expect.stringMatching(
        /^fx-prod\.kubewarden\.mode: "protect" would make requiredLabels refuse the platform's own team examples \(team-a\/writer \(README example efs-shared-claim\), team-a\/reader .*: lacks label "team"\)/,
      ),
    ]);
    expect(
      problemsOf([
        withOverrides(prodFixture, { kubewarden: { requiredLabels: ['team'], policies: { requiredLabels: { mode: 'protect' } } } }),
      ]),
    ).toEqual([expect.stringMatching(/^fx-prod\.kubewarden\.policies\.requiredLabels\.mode: "protect" would make requiredLabels refuse/)]);
    expect(problemsOf([withOverrides(stagingFixture, { kubewarden: { requiredLabels: ['team'] } })])).toEqual([]);
  });

  test('every problem at once', () => {
    const problems = problemsOf([
      withOverrides(prodFixture, {
        kubewarden: { requiredLabels: ['team', 'Bad Label!'], trustedRegistries: ['quay.io'], policyServerReplicas: 1 },
      }),
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fx-prod\.kubewarden\.requiredLabels\[1\]: /),
        expect.stringMatching(/^fx-prod\.kubewarden\.policyServerReplicas: 1 must be at least 2/),
        expect.stringMatching(/^fx-prod\.kubewarden\.trustedRegistries: /),
        expect.stringMatching(/^fx-prod\.kubewarden\.mode: "protect" would make requiredLabels refuse/),
      ]),
    );
    // The untrusted registry is reported once, on trustedRegistries, not again as a refusal.
    expect(problems).toHaveLength(4);
  });
});

describe('alerts', () => {
  test('the Kubewarden group is among the platform alerts, on the policy server and its webhooks', () => {
    expect(PLATFORM_ALERT_GROUPS).toContain(KUBEWARDEN_ALERT_GROUP);
    expect(KUBEWARDEN_ALERT_GROUP.alerts.map((alert) => alert.alert)).toEqual([
      'KubewardenPolicyServerDown',
      'KubewardenWebhookErrors',
      'KubewardenPolicyRejectingRequests',
      'KubewardenAuditScanFailing',
    ]);
    expect(KUBEWARDEN_ALERT_GROUP.alerts[1].expr).toContain(
      'apiserver_admission_webhook_rejection_count{name=~"clusterwide-.+[.]kubewarden[.]admission"',
    );
    const rules = appliedObjects(prod)
      .map(({ object }) => object)
      .filter((object) => object.kind === 'PrometheusRule')
      .flatMap((object) => object.spec.groups.flatMap((group: any) => group.rules.map((rule: any) => rule.alert)));
    expect(rules).toEqual(expect.arrayContaining(KUBEWARDEN_ALERT_GROUP.alerts.map((alert) => alert.alert)));
  });
});

describe('the chart, rendered with the values the template carries', () => {
  const chartDir = SHARED_DIR && join(SHARED_DIR, 'charts/admission-controller-6.0.2');
  const values = helmValues(releaseOf()![1]);
  const rendered = chartDir ? helmTemplate(chartDir, 'kubewarden', 'kubewarden', values) : [];
  const run = chartDir ? test : test.skip;
  const policyServer = () => {
    const defaults = rendered.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'kubewarden-defaults')!;
    return parse(defaults.data['policyserver-default.yaml']);
  };

  if (!chartDir) test.skip(NO_SHARED_REASON, () => undefined);

  run('the default PolicyServer the controller creates has two replicas, a budget, system-node placement and restricted contexts', () => {
    const server = policyServer();
    expect(server).toMatchObject({ kind: 'PolicyServer', metadata: { name: 'default' } });
    expect(server.spec).toMatchObject({
      replicas: 2,
      minAvailable: 1,
      image: 'ghcr.io/kubewarden/adm-controller/policy-server:v1.37.2',
      tolerations: [SYSTEM_TOLERATION],
    });
    expect(
      server.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key,
    ).toBe('platform/node-role');
    expect(server.spec.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(server.spec.limits).toEqual({ cpu: '1', memory: '1Gi' });
    const podSpec = {
      securityContext: server.spec.securityContexts.pod,
      containers: [{ name: 'policy-server', securityContext: server.spec.securityContexts.container }],
    };
    expect(podSecurityProblems(podSpec, 'restricted')).toEqual([]);
  });

  run('the release renders its CRDs (policies and OpenReports) from templates, no recommended policies, and every image pinned', () => {
    const crds = rendered.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name);
    expect(crds).toEqual(
      expect.arrayContaining([
        'clusteradmissionpolicies.policies.kubewarden.io',
        'policyservers.policies.kubewarden.io',
        'reports.openreports.io',
      ]),
    );
    expect(rendered.filter((object) => object.kind === 'ClusterAdmissionPolicy')).toEqual([]);
    const defaults = rendered.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'kubewarden-defaults')!;
    expect(Object.keys(defaults.data)).toEqual(['policyserver-default.yaml']);
    const images = rendered.flatMap((object) => JSON.stringify(object).match(/"image":"[^"]+"/g) ?? []);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/:v\d+\.\d+\.\d+"$/);
  });

  run('the controller and audit scanner run on the system nodes', () => {
    const controller = rendered.find((object) => object.kind === 'Deployment')!;
    expect(controller.spec.template.spec.nodeSelector).toEqual({ 'platform/node-role': 'system' });
    expect(controller.spec.template.spec.tolerations).toEqual([SYSTEM_TOLERATION]);
    const scanner = rendered.find((object) => object.kind === 'CronJob')!;
    expect(scanner.spec.jobTemplate.spec.template.spec.nodeSelector).toEqual({ 'platform/node-role': 'system' });
  });
});
