import { GIT_CREDENTIAL_PLACEHOLDER } from '../constructs/flux/team-delivery';
import { durationSeconds } from '../lib/config/flux-schema';
import { FLUX_ALERT_GROUP } from '../lib/flux-alerts';
import { PLATFORM_ALERT_GROUPS } from '../lib/platform-alerts';
import { platformDashboards } from '../lib/dashboards/platform-dashboards';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironment } from '../lib/config/parse';
import { devFixture, prodFixture } from './fixtures/environments';
import { asList, helmValues, render } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const prod = synthEnvironment(prodFixture).cluster;
const resourcesOf = (template = prod) => template.toJSON().Resources as Record<string, any>;
const objectsOf = (kind: string, template = prod) => appliedObjects(template).filter(({ object }) => object.kind === kind);
const fluxRelease = (template = prod) =>
  resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').filter(([, props]) => props.Release === 'flux2');
const [releaseId, release] = fluxRelease()[0];

describe('the Flux release', () => {
  test('installs the pinned chart with its CRDs into the restricted flux-system namespace, retained on removal', () => {
    expect(release).toMatchObject({
      Chart: 'flux2',
      Version: '2.18.3',
      Repository: 'https://fluxcd-community.github.io/helm-charts',
      Namespace: 'flux-system',
      Wait: true,
    });
    expect(helmValues(release).installCRDs).toBe(true);
    expect(resourcesOf()[releaseId].DeletionPolicy).toBe('Retain');
    const namespace = objectsOf('Namespace').find(({ object }) => object.metadata.name === 'flux-system')!;
    expect(namespace.object.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'platform/tenant': 'platform',
    });
    expect(resourcesOf()[releaseId].DependsOn).toContain(namespace.resource);
  });

  test('is locked down: no cross-namespace refs, the tenant account by default, no cluster-admin, only the controllers needed', () => {
    const values = helmValues(release);
    expect(values.multitenancy).toEqual({ enabled: true, defaultServiceAccount: 'flux-reconciler', privileged: false });
    expect(values.kustomizeController.container.additionalArgs).toEqual(['--no-remote-bases=true']);
    expect([values.helmController, values.imageAutomationController, values.imageReflectionController]).toEqual([
      { create: false },
      { create: false },
      { create: false },
    ]);
    for (const controller of ['sourceController', 'kustomizeController', 'notificationController']) {
      expect(Object.keys(values[controller].resources).sort()).toEqual(['limits', 'requests']);
      expect(values[controller].nodeSelector).toEqual({ 'platform/node-role': 'system' });
    }
  });

  test('runs in every environment unless switched off', () => {
    const dev = synthEnvironment(devFixture).cluster;
    expect(fluxRelease(dev)).toHaveLength(1);
    // No source configured in dev: no delivery objects at all.
    expect(objectsOf('GitRepository', dev)).toHaveLength(0);
    const off = synthEnvironment(withOverrides(devFixture, { flux: { enabled: false } })).cluster;
    expect(fluxRelease(off)).toHaveLength(0);
    expect(objectsOf('Namespace', off).map(({ object }) => object.metadata.name)).not.toContain('flux-system');
  });
});

describe('team delivery from config', () => {
  test('one GitRepository and one Kustomization per configured source, in its team namespace, valid against the CRDs', () => {
    const sources = objectsOf('GitRepository').map(({ object }) => object);
    const kustomizations = objectsOf('Kustomization').map(({ object }) => object);
    expect(sources.map((source) => `${source.metadata.namespace}/${source.metadata.name}`)).toEqual(['team-a/apps', 'team-b/services']);
    expect(kustomizations.map((k) => `${k.metadata.namespace}/${k.metadata.name}`)).toEqual(['team-a/apps', 'team-b/services']);
    expect(sources[0].spec).toEqual({
      url: 'https://git.fixture.test/team-a/apps.git',
      ref: { semver: '>=1.0.0 <2.0.0' },
      interval: '10m',
      secretRef: { name: 'git-apps' },
    });
    expect(sources[1].spec).toMatchObject({ ref: { tag: 'v3.2.1' }, interval: '5m', secretRef: { name: 'git-services' } });
    for (const object of [...sources, ...kustomizations]) expect(schemaProblems(object)).toEqual([]);
  });

  test('each Kustomization reconciles as the tenant service account of its namespace, into its namespace, from its own source', () => {
    for (const { object } of objectsOf('Kustomization')) {
      expect(object.spec).toMatchObject({
        serviceAccountName: 'flux-reconciler',
        targetNamespace: object.metadata.namespace,
        sourceRef: { kind: 'GitRepository', name: object.metadata.name },
        prune: true,
      });
      expect(object.spec.sourceRef.namespace).toBeUndefined();
    }
  });

  test('the tenant service account is bound to admin in its own namespace only, never cluster-wide', () => {
    const accounts = objectsOf('ServiceAccount').filter(({ object }) => object.metadata.name === 'flux-reconciler');
    expect(accounts.map(({ object }) => object.metadata.namespace)).toEqual(['team-a', 'team-b']);
    const bindings = objectsOf('RoleBinding')
      .map(({ object }) => object)
      .filter((binding) => binding.subjects?.some((subject: any) => subject.name === 'flux-reconciler'));
    expect(bindings.map((binding) => [binding.metadata.namespace, binding.roleRef, binding.subjects])).toEqual(
      ['team-a', 'team-b'].map((namespace) => [
        namespace,
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
        [{ kind: 'ServiceAccount', name: 'flux-reconciler', namespace }],
      ]),
    );
    const clusterBindings = objectsOf('ClusterRoleBinding').map(({ object }) => JSON.stringify(object.subjects));
    for (const subjects of clusterBindings) expect(subjects).not.toContain('flux-reconciler');
  });

  test('delivery manifests are retained: deleting a Kustomization would make Flux delete what it applied', () => {
    const ids = [...new Set(objectsOf('Kustomization').map(({ resource }) => resource))];
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      expect(resourcesOf()[id].DeletionPolicy).toBe('Retain');
      // Nothing but Kustomizations in them: the sources, accounts and notifications are safe to delete, and apart.
      expect(
        appliedObjects(prod)
          .filter(({ resource }) => resource === id)
          .map(({ object }) => object.kind),
      ).toEqual(['Kustomization']);
      // Applied once Flux's CRDs, the source and the impersonated account exist.
      const sourcesId = objectsOf('GitRepository').find(
        ({ object }) => object.metadata.namespace === objectsOf('Kustomization').find((k) => k.resource === id)!.object.metadata.namespace,
      )!.resource;
      expect(resourcesOf()[id].DependsOn).toEqual(expect.arrayContaining([releaseId, sourcesId]));
      expect(resourcesOf()[sourcesId].DeletionPolicy).toBe('Delete');
    }
  });

  test('git credentials come from Secrets Manager through a store that serves one team namespace', () => {
    const secrets = resourcesOfType(prod, 'AWS::SecretsManager::Secret').map(([, props]) => props.Name);
    expect(secrets).toEqual(expect.arrayContaining(['fx-prod/teams/team-a/git/apps', 'fx-prod/teams/team-b/git/services']));
    const stores = objectsOf('ClusterSecretStore').map(({ object }) => object);
    const teamA = stores.find((store) => store.metadata.name === 'team-team-a')!;
    expect(teamA.spec.conditions).toEqual([{ namespaces: ['team-a'] }]);
    expect(teamA.spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'delivery-secrets-team-a', namespace: 'external-secrets' });
    const external = objectsOf('ExternalSecret')
      .map(({ object }) => object)
      .filter((secret) => secret.metadata.name === 'git-services');
    expect(external).toHaveLength(1);
    expect(external[0].metadata.namespace).toBe('team-b');
    expect(external[0].spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'team-team-b' });
    // SSH sources get a deploy key and known hosts.
    expect(external[0].spec.data.map((entry: any) => [entry.secretKey, entry.remoteRef])).toEqual([
      ['identity', { key: 'fx-prod/teams/team-b/git/services', property: 'identity' }],
      ['known_hosts', { key: 'fx-prod/teams/team-b/git/services', property: 'known_hosts' }],
    ]);
    // Never a hand-made Secret: the values start as an inert placeholder per key, put later with the CLI.
    expect(objectsOf('Secret')).toHaveLength(0);
    const initial = resourcesOfType(prod, 'AWS::SecretsManager::Secret').find(
      ([, props]) => props.Name === 'fx-prod/teams/team-b/git/services',
    )![1];
    expect(JSON.parse(initial.SecretString)).toEqual({ identity: GIT_CREDENTIAL_PLACEHOLDER, known_hosts: GIT_CREDENTIAL_PLACEHOLDER });
    expect(initial.KmsKeyId).toEqual(expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/^ExternalSecretsKey/), 'Arn'] }));
  });

  test("each team store's role reads only that team's git credentials and the one webhook", () => {
    const roles = Object.entries(resourcesOf()).filter(
      ([id, resource]) => resource.Type === 'AWS::IAM::Role' && id.includes('Deliveryteama') && id.includes('StoreIdentity'),
    );
    expect(roles).toHaveLength(1);
    const [, role] = roles[0];
    const [statement] = role.Properties.AssumeRolePolicyDocument.Statement;
    const conditionsId = render(statement.Condition.StringEquals).replace(/^<Ref:|>$/g, '');
    const trust = JSON.stringify(resourcesOf()[conditionsId].Properties.Value).replaceAll('\\"', '"');
    expect(trust).toContain(':sub":"system:serviceaccount:external-secrets:delivery-secrets-team-a"');
    expect(trust).toContain(':aud":"sts.amazonaws.com"');
    const [policyRef] = role.Properties.ManagedPolicyArns;
    const statements = resourcesOf()[policyRef.Ref].Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => [asList(s.Action), render(s.Resource)])).toEqual([
      [
        ['secretsmanager:GetSecretValue'],
        'arn:aws:secretsmanager:<Ref:AWS::Region>:<Ref:AWS::AccountId>:secret:fx-prod/teams/team-a/git/*',
      ],
      [
        ['secretsmanager:GetSecretValue'],
        'arn:aws:secretsmanager:<Ref:AWS::Region>:<Ref:AWS::AccountId>:secret:fx-prod/platform/alertmanager/receivers/platform-slack-??????',
      ],
      [['kms:Decrypt'], expect.stringMatching(/^<Ref:ExternalSecretsKey/)],
    ]);
  });

  test('a public source needs no secret store at all', () => {
    const publicSource = { name: 'apps', namespace: 'team-a', url: 'https://git.fixture.test/a.git', ref: { branch: 'main' } };
    const staging = synthEnvironment(withOverrides(devFixture, { flux: { gitSources: [publicSource] } })).cluster;
    expect(objectsOf('GitRepository', staging).map(({ object }) => object.spec.secretRef)).toEqual([undefined]);
    expect(objectsOf('ClusterSecretStore', staging).map(({ object }) => object.metadata.name)).toEqual(['platform-secrets-manager']);
  });
});

describe('watching Flux', () => {
  test('a PodMonitor scrapes the three controllers after kube-prometheus-stack installs its kind', () => {
    const [{ object, resource }] = objectsOf('PodMonitor').filter(({ object }) => object.metadata.name === 'flux');
    expect(object.spec).toEqual({
      namespaceSelector: { matchNames: ['flux-system'] },
      selector: {
        matchExpressions: [
          { key: 'app', operator: 'In', values: ['source-controller', 'kustomize-controller', 'notification-controller'] },
        ],
      },
      podMetricsEndpoints: [{ port: 'http-prom', path: '/metrics', interval: '30s' }],
    });
    expect(schemaProblems(object)).toEqual([]);
    const kps = resourcesOfType(prod, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'kube-prometheus-stack')![0];
    expect(resourcesOf()[resource].DependsOn).toContain(kps);
    expect(resourcesOf()[resource].DependsOn).not.toContain(releaseId); // applied beside Flux, not after it
  });

  test('kube-state-metrics exports gotk_resource_info for GitRepositories and Kustomizations, and may list them', () => {
    const kps = resourcesOfType(prod, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'kube-prometheus-stack')![1];
    const ksm = helmValues(kps)['kube-state-metrics'];
    expect(ksm.customResourceState.enabled).toBe(true);
    const kinds = ksm.customResourceState.config.spec.resources.map((resource: any) => resource.groupVersionKind);
    expect(kinds).toEqual([
      { group: 'source.toolkit.fluxcd.io', version: 'v1', kind: 'GitRepository' },
      { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', kind: 'Kustomization' },
    ]);
    for (const resource of ksm.customResourceState.config.spec.resources)
      expect(resource.metrics[0].labelsFromPath.ready).toEqual(['status', 'conditions', '[type=Ready]', 'status']);
    expect(ksm.rbac.extraRules.flatMap((rule: any) => rule.resources)).toEqual(['gitrepositories', 'kustomizations']);
    const off = synthEnvironment(withOverrides(devFixture, { flux: { enabled: false } })).cluster;
    const offKps = resourcesOfType(off, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'kube-prometheus-stack')![1];
    expect(helmValues(offKps)['kube-state-metrics'].customResourceState).toBeUndefined();
  });

  test('alerts on sources and Kustomizations not ready and on controller errors are platform alerts, on the metrics exported', () => {
    expect(PLATFORM_ALERT_GROUPS).toContain(FLUX_ALERT_GROUP);
    expect(FLUX_ALERT_GROUP.alerts.map((alert) => [alert.alert, alert.for])).toEqual([
      ['FluxSourceNotReady', '15m'],
      ['FluxKustomizationNotReady', '15m'],
      ['FluxReconcileErrors', '15m'],
    ]);
    expect(FLUX_ALERT_GROUP.alerts[0].expr).toContain('customresource_kind="GitRepository",ready="False"');
    expect(FLUX_ALERT_GROUP.alerts[1].expr).toContain('customresource_kind="Kustomization",ready="False"');
    const dashboard = platformDashboards().flux;
    const exprs = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
    expect(exprs.some((expr) => expr.includes('gotk_resource_info'))).toBe(true);
    expect(exprs.some((expr) => expr.includes('gotk_reconcile_duration_seconds_bucket'))).toBe(true);
  });

  test('failures of every source go to the Slack receiver from a Secret External Secrets syncs into the namespace', () => {
    const providers = objectsOf('Provider').map(({ object }) => object);
    expect(providers.map((provider) => [provider.metadata.namespace, provider.spec])).toEqual(
      ['team-a', 'team-b'].map((namespace) => [
        namespace,
        { type: 'slack', channel: '#fixture-alerts', secretRef: { name: 'flux-slack-webhook' } },
      ]),
    );
    const alerts = objectsOf('Alert').map(({ object }) => object);
    expect(alerts.map((alert) => [alert.metadata.namespace, alert.spec.eventSeverity, alert.spec.eventSources])).toEqual([
      [
        'team-a',
        'error',
        [
          { kind: 'GitRepository', name: 'apps' },
          { kind: 'Kustomization', name: 'apps' },
        ],
      ],
      [
        'team-b',
        'error',
        [
          { kind: 'GitRepository', name: 'services' },
          { kind: 'Kustomization', name: 'services' },
        ],
      ],
    ]);
    for (const object of [...providers, ...alerts]) expect(schemaProblems(object)).toEqual([]);
    const webhook = objectsOf('ExternalSecret')
      .map(({ object }) => object)
      .find((secret) => secret.metadata.namespace === 'team-a' && secret.metadata.name === 'flux-slack-webhook')!;
    expect(webhook.spec.data).toEqual([
      { secretKey: 'address', remoteRef: { key: 'fx-prod/platform/alertmanager/receivers/platform-slack' } },
    ]);
  });
});

describe('bad Flux config is refused with the field and what is allowed', () => {
  const source = { name: 'apps', namespace: 'team-a', url: 'https://git.fixture.test/a.git', ref: { branch: 'main' } };
  const problems = (gitSources: object[], extra: object = {}) =>
    problemsOf([withOverrides(devFixture, { flux: { gitSources, ...extra } as any })]);

  test('a namespace that is not a team namespace', () => {
    expect(problems([{ ...source, namespace: 'kube-system' }])).toEqual([
      'fx-dev.flux.gitSources[0].namespace: "kube-system" is not a team namespace; use one of team-a, team-b',
    ]);
  });

  test('a URL that is not https or ssh, or that carries credentials, or ssh without a key', () => {
    expect(problems([{ ...source, url: 'http://git.fixture.test/a.git' }])).toEqual([
      'fx-dev.flux.gitSources[0].url: "http://git.fixture.test/a.git" uses http; use https:// or ssh://',
    ]);
    expect(problems([{ ...source, url: 'git@github.com:org/repo.git' }])[0]).toMatch(/is not a URL; use https:\/\/host/);
    // Built, not written out: a URL with a password in it is what the secret scan refuses.
    const withPassword = new URL('https://git.fixture.test/a.git');
    [withPassword.username, withPassword.password] = ['bot', 'hunter2'];
    const leaked = problems([{ ...source, url: withPassword.href }]);
    expect(leaked[0]).toContain('carries credentials in the URL');
    expect(leaked[0]).not.toContain('hunter2');
    expect(problems([{ ...source, url: 'ssh://git@git.fixture.test/a.git' }])).toEqual([
      'fx-dev.flux.gitSources[0].url: "ssh://git@git.fixture.test/a.git" is an SSH URL, which needs a deploy key; set credentials: true',
    ]);
  });

  test('an interval below a minute', () => {
    expect(problems([{ ...source, interval: '30s' }])).toEqual([
      'fx-dev.flux.gitSources[0].interval: "30s" is below a minute; use 1m or more (every interval fetches the repository)',
    ]);
    expect(problems([{ ...source, interval: 'often' }])[0]).toContain('"often" is not a duration');
    expect([durationSeconds('1m'), durationSeconds('1h30m'), durationSeconds('90s'), durationSeconds('5')]).toEqual([
      60,
      5400,
      90,
      undefined,
    ]);
  });

  test('duplicate source names in a namespace, and more than one ref kind or none', () => {
    expect(problems([source, { ...source, ref: { tag: 'v1' } }])).toEqual([
      'fx-dev.flux.gitSources[1].name: "apps" is used twice in namespace team-a; give each source its own name',
    ]);
    // The same name in another namespace is another object.
    expect(problems([source, { ...source, namespace: 'team-b' }])).toEqual([]);
    expect(problems([{ ...source, ref: { branch: 'main', tag: 'v1' } }])).toEqual([
      'fx-dev.flux.gitSources[0].ref: names branch and tag: more than one ref; give exactly one of branch, tag, semver',
    ]);
    expect(problems([{ ...source, ref: {} }])).toEqual([
      'fx-dev.flux.gitSources[0].ref: names no ref; give exactly one of branch, tag, semver',
    ]);
  });

  test('sources while Flux is switched off, and a path that leaves the repository', () => {
    expect(problems([source], { enabled: false })).toEqual([
      'fx-dev.flux.enabled: is false but gitSources are configured; set enabled: true or remove the sources',
    ]);
    expect(problems([{ ...source, path: '../other-team' }])).toEqual([
      'fx-dev.flux.gitSources[0].path: "../other-team" must be a folder inside the repository, relative to its root, such as ./deploy',
    ]);
  });

  test('every problem at once, and a Slack receiver that does not exist', () => {
    const all = problems([{ ...source, namespace: 'default', interval: '10s', url: 'ftp://x' }], { slackReceiver: 'chat' });
    expect(all.map((problem) => problem.split(':')[0])).toEqual([
      'fx-dev.flux.slackReceiver',
      'fx-dev.flux.gitSources[0].namespace',
      'fx-dev.flux.gitSources[0].url',
      'fx-dev.flux.gitSources[0].interval',
    ]);
    expect(all[0]).toContain('a receiver of type slack (none is configured)');
  });
});

describe('the user environments', () => {
  test.each(ENVIRONMENTS.map((env) => [env.name, env] as const))(
    '%s: every source delivers into a team namespace as its tenant',
    (_name, input) => {
      const env = parseEnvironment(input);
      if (!env.flux.enabled || env.flux.gitSources.length === 0) return;
      const { cluster } = synthEnvironment(input);
      const kustomizations = objectsOf('Kustomization', cluster).map(({ object }) => object);
      expect(kustomizations).toHaveLength(env.flux.gitSources.length);
      for (const kustomization of kustomizations) {
        expect(kustomization.spec.serviceAccountName).toBe('flux-reconciler');
        expect(kustomization.spec.targetNamespace).toBe(kustomization.metadata.namespace);
      }
      expect(objectsOf('GitRepository', cluster)).toHaveLength(env.flux.gitSources.length);
    },
  );
});
