import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECEIVER_PLACEHOLDER } from '../constructs/monitoring-secrets';
import { kubernetesRelease } from '../lib/config/version-matrix';
import type { EnvironmentInput } from '../lib/config/schema';
import { fillReceiverCommand, getSecretValueCommand } from '../lib/platform-secrets';
import { devFixture, prodFixture } from './fixtures/environments';
import { asList, helmValues, render } from './helpers/cfn';
import { helmTemplate } from './helpers/helm-render';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import { podSecurityViolations } from './helpers/pod-security';
import { NO_SHARED_REASON, SHARED_DIR } from './helpers/shared';
import { problemsOf } from './helpers/config';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const prod = synthEnvironment(prodFixture).cluster;
const dev = synthEnvironment(devFixture).cluster;
const resourcesOf = (template = prod) => template.toJSON().Resources as Record<string, any>;
const idOf = (type: string, prefix: string, template = prod) => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
};
const releaseOf = (name: string, template = prod) => {
  const [id, release] = resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === name)!;
  return { id, release, values: helmValues(release) };
};
const eso = releaseOf('external-secrets');
const objectsOf = (kind: string, template = prod) => appliedObjects(template).filter(({ object }) => object.kind === kind);
const SYSTEM_PLACEMENT = {
  nodeSelector: { 'platform/node-role': 'system' },
  tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
};

describe('the operator', () => {
  test('installs the pinned chart, with its CRDs, into its own restricted platform namespace, after nodes, CoreDNS and namespaces', () => {
    expect(eso.release).toMatchObject({
      Chart: 'external-secrets',
      Version: '2.9.0',
      Repository: 'https://charts.external-secrets.io',
      Namespace: 'external-secrets',
      Wait: true,
    });
    expect(kubernetesRelease('1.35').helmCharts['external-secrets'].version).toBe('2.9.0');
    // The chart renders its CRDs from templates when installCRDs is set: Helm upgrades them with the controller.
    expect(eso.values.installCRDs).toBe(true);
    expect(eso.release.SkipCrds).toBeUndefined();
    const namespace = objectsOf('Namespace').find(({ object }) => object.metadata.name === 'external-secrets')!;
    expect(namespace.object.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'platform/tenant': 'platform',
    });
    expect(resourcesOf()[eso.id].DependsOn).toEqual(
      expect.arrayContaining([
        namespace.resource,
        idOf('AWS::EKS::Nodegroup', 'EksClusterNodegroupSystemNodes'),
        idOf('AWS::EKS::Addon', 'Addonscoredns'),
      ]),
    );
  });

  test('runs every component on the system nodes, sized, with a PodDisruptionBudget for the replicated webhook', () => {
    expect(eso.values.global).toEqual(SYSTEM_PLACEMENT);
    for (const component of [eso.values, eso.values.webhook, eso.values.certController]) {
      expect(component.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(component.resources.limits.memory).toEqual(expect.any(String));
    }
    expect(eso.values.replicaCount).toBe(1);
    expect(eso.values.webhook.replicaCount).toBe(2);
    expect(eso.values.webhook.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
  });

  test('its ServiceAccount carries the IRSA role, whose trust is exactly that ServiceAccount through STS', () => {
    const roleId = idOf('AWS::IAM::Role', 'ExternalSecretsIrsaRole');
    expect(eso.values.serviceAccount).toEqual({
      create: true,
      name: 'external-secrets',
      annotations: { 'eks.amazonaws.com/role-arn': `<Ref:${roleId}>`, 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
    });
    const trust = resourcesOf()[roleId].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({ Action: 'sts:AssumeRoleWithWebIdentity', Effect: 'Allow' });
    expect(trust[0].Principal.Federated).toBeDefined();
    expect(JSON.stringify(trust[0].Principal)).not.toContain('"*"');
    const conditions = resourcesOf()[idOf('Custom::AWSCDKCfnJson', 'ExternalSecretsIrsaTrustConditions')].Properties.Value;
    const values = Object.values(JSON.parse(render(conditions))).sort();
    expect(values).toEqual(['sts.amazonaws.com', 'system:serviceaccount:external-secrets:external-secrets']);
  });

  test('its role reads only this environment’s platform secrets, and decrypts only through Secrets Manager', () => {
    const policyOf = (template: typeof prod) =>
      render(
        resourcesOf(template)[idOf('AWS::IAM::ManagedPolicy', 'ExternalSecretsReadPlatformSecrets', template)].Properties.PolicyDocument,
      );
    const keyId = idOf('AWS::KMS::Key', 'ExternalSecretsKey');
    const statements = policyOf(prod).Statement;
    expect(statements).toEqual([
      {
        Sid: 'ReadPlatformSecretsOfThisEnvironment',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: 'arn:aws:secretsmanager:<Ref:AWS::Region>:<Ref:AWS::AccountId>:secret:fx-prod/platform/*',
      },
      {
        Sid: 'DecryptThroughSecretsManagerOnly',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `<Ref:${keyId}>`,
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.<Ref:AWS::Region>.amazonaws.com' } },
      },
    ]);
    for (const statement of statements) for (const action of asList(statement.Action)) expect(action).not.toMatch(/\*/);
    expect(policyOf(dev).Statement[0].Resource).toBe(
      'arn:aws:secretsmanager:<Ref:AWS::Region>:<Ref:AWS::AccountId>:secret:fx-dev/platform/*',
    );
    // The role has this policy and nothing else.
    const role = resourcesOf()[idOf('AWS::IAM::Role', 'ExternalSecretsIrsaRole')].Properties;
    expect(render(role.ManagedPolicyArns)).toEqual([`<Ref:${idOf('AWS::IAM::ManagedPolicy', 'ExternalSecretsReadPlatformSecrets')}>`]);
    expect(role.Policies).toBeUndefined();
  });

  test('the platform-secrets key rotates and is retained where the environment is protected', () => {
    const key = (template: typeof prod) => resourcesOf(template)[idOf('AWS::KMS::Key', 'ExternalSecretsKey', template)];
    expect(key(prod).Properties.EnableKeyRotation).toBe(true);
    expect([key(prod).DeletionPolicy, key(prod).UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(key(dev).DeletionPolicy).toBe('Delete');
  });
});

describe('the platform secrets', () => {
  // Teams' Git credentials (`<env>/teams/...`) are Flux's, tested in flux.test.ts.
  const secrets = (template = prod) =>
    resourcesOfType(template, 'AWS::SecretsManager::Secret')
      .filter(([, props]) => String(props.Name).includes('/platform/'))
      .map(([id, props]) => ({ id, props, resource: resourcesOf(template)[id] }));

  test('are Grafana’s admin and one per receiver with a URL or key, under the environment’s prefix, encrypted with its key', () => {
    const keyId = idOf('AWS::KMS::Key', 'ExternalSecretsKey');
    expect(secrets().map(({ props }) => props.Name)).toEqual([
      'fx-prod/platform/grafana/admin',
      'fx-prod/platform/alertmanager/receivers/platform-oncall',
      'fx-prod/platform/alertmanager/receivers/platform-slack',
    ]);
    for (const { props } of secrets()) expect(render(props.KmsKeyId)).toBe(`<Ref:${keyId}>`);
    // No receivers in dev: Grafana's admin only.
    expect(secrets(dev).map(({ props }) => props.Name)).toEqual(['fx-dev/platform/grafana/admin']);
  });

  test('hold state, so they are retained in protected environments', () => {
    for (const { resource } of secrets()) expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    for (const { resource } of secrets(dev)) expect(resource.DeletionPolicy).toBe('Delete');
  });

  test('Grafana’s password is generated by Secrets Manager; receivers start inert, never with a real destination', () => {
    const [grafana, ...receivers] = secrets();
    expect(grafana.props.SecretString).toBeUndefined();
    expect(grafana.props.GenerateSecretString).toMatchObject({
      SecretStringTemplate: JSON.stringify({ 'admin-user': 'admin' }),
      GenerateStringKey: 'admin-password',
      PasswordLength: 32,
    });
    for (const receiver of receivers) expect(receiver.props.SecretString).toBe(RECEIVER_PLACEHOLDER);
    // An address that resolves nowhere (RFC 6761), so Alertmanager starts and its notifications fail visibly.
    expect(new URL(RECEIVER_PLACEHOLDER).hostname).toMatch(/\.invalid$/);
  });
});

describe('what the operator is told', () => {
  const outputs = Object.values(prod.toJSON().Outputs as Record<string, { Value: string; Description: string }>);

  test('cdk deploy prints the command that reads Grafana’s login and the one that fills each receiver', () => {
    const commands = outputs
      .map((output) => render(output.Value))
      .filter((value) => String(value).startsWith('aws secretsmanager') && String(value).includes('/platform/'));
    expect(commands).toEqual([
      getSecretValueCommand('eu-west-1', 'fx-prod/platform/grafana/admin'),
      fillReceiverCommand('fx-prod', 'eu-west-1', 'platform-oncall'),
      fillReceiverCommand('fx-prod', 'eu-west-1', 'platform-slack'),
    ]);
    expect(commands[1]).toBe(
      'aws secretsmanager put-secret-value --region eu-west-1 --secret-id fx-prod/platform/alertmanager/receivers/platform-oncall --secret-string file:///dev/stdin',
    );
  });

  test('the README documents the same commands', () => {
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
    expect(readme).toContain(fillReceiverCommand('<env>', '<region>', '<receiver>'));
    expect(readme).toContain(getSecretValueCommand('<region>', '<env>/platform/grafana/admin'));
    expect(readme).toContain(RECEIVER_PLACEHOLDER);
    // The deploy section has no hand-made Secret left.
    const deploy = readme.slice(readme.indexOf('## Deploy'), readme.indexOf('## Cluster access'));
    expect(deploy).not.toMatch(/kubectl[^\n]*create secret|create the Secrets?/i);
  });
});

describe('the store and the synced Secrets', () => {
  // Team namespaces' stores and their ExternalSecrets are Flux's, tested in flux.test.ts.
  const platformStores = objectsOf('ClusterSecretStore').filter(({ object }) => object.metadata.name === 'platform-secrets-manager');
  const [store] = platformStores;
  const externalSecrets = objectsOf('ExternalSecret').filter(
    ({ object }) => object.spec.secretStoreRef.name === 'platform-secrets-manager',
  );

  test('validate against the chart’s CRD schemas', () => {
    expect(platformStores).toHaveLength(1);
    for (const { object } of [store, ...externalSecrets]) expect(schemaProblems(object)).toEqual([]);
    // The validator knows these kinds: a wrong field is refused.
    expect(schemaProblems({ ...externalSecrets[0].object, spec: { ...externalSecrets[0].object.spec, refreshInterval: 5 } })).not.toEqual(
      [],
    );
  });

  test('the store reads Secrets Manager in the environment’s region as the operator’s ServiceAccount, for platform namespaces only', () => {
    expect(store.object.spec).toEqual({
      conditions: [{ namespaceSelector: { matchLabels: { 'platform/tenant': 'platform' } } }],
      provider: {
        aws: {
          service: 'SecretsManager',
          region: 'eu-west-1',
          auth: { jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
        },
      },
    });
    const monitoring = objectsOf('Namespace').find(({ object }) => object.metadata.name === 'monitoring')!;
    expect(monitoring.object.metadata.labels['platform/tenant']).toBe('platform');
  });

  test('produce the Secrets Grafana and Alertmanager read, in monitoring, from the platform secrets', () => {
    const summary = externalSecrets.map(({ object }) => ({
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      store: object.spec.secretStoreRef,
      target: object.spec.target.name,
      data: object.spec.data.map((entry: any) => [entry.secretKey, entry.remoteRef.key, entry.remoteRef.property]),
    }));
    const store = { kind: 'ClusterSecretStore', name: 'platform-secrets-manager' };
    expect(summary).toEqual([
      {
        name: 'grafana-admin',
        namespace: 'monitoring',
        store,
        target: 'grafana-admin',
        data: [
          ['admin-user', 'fx-prod/platform/grafana/admin', 'admin-user'],
          ['admin-password', 'fx-prod/platform/grafana/admin', 'admin-password'],
        ],
      },
      {
        name: 'alertmanager-receivers',
        namespace: 'monitoring',
        store,
        target: 'alertmanager-receivers',
        data: [
          ['platform-oncall', 'fx-prod/platform/alertmanager/receivers/platform-oncall', undefined],
          ['platform-slack', 'fx-prod/platform/alertmanager/receivers/platform-slack', undefined],
        ],
      },
    ]);
    const kps = releaseOf('kube-prometheus-stack').values;
    expect(kps.grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(kps.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
    expect(
      kps.alertmanager.config.receivers.slice(1).map((receiver: any) => JSON.stringify(receiver).match(/"[a-z_]+_file":"([^"]+)"/)![1]),
    ).toEqual([
      '/etc/alertmanager/secrets/alertmanager-receivers/platform-oncall',
      '/etc/alertmanager/secrets/alertmanager-receivers/platform-slack',
    ]);
    // Without receivers, Alertmanager mounts nothing and only Grafana's admin is synced.
    expect(objectsOf('ExternalSecret', dev).map(({ object }) => object.metadata.name)).toEqual(['grafana-admin']);
    expect(releaseOf('kube-prometheus-stack', dev).values.alertmanager.alertmanagerSpec.secrets).toEqual([]);
  });

  test('are ordered: operator, then store and ExternalSecrets side by side, then a wait for each Secret (after both), then kube-prometheus-stack', () => {
    const resources = resourcesOf();
    const storeId = idOf('Custom::AWSCDK-EKS-KubernetesResource', 'ExternalSecretsStore');
    expect(store.resource).toBe(storeId);
    expect(resources[storeId].DependsOn).toContain(eso.id);
    const waits = resourcesOfType(prod, 'Custom::AWSCDK-EKS-KubernetesObjectValue').filter(
      ([, props]) => props.ObjectNamespace === 'monitoring',
    );
    expect(waits).toHaveLength(externalSecrets.length);
    const kps = releaseOf('kube-prometheus-stack');
    for (const { resource, object } of externalSecrets) {
      // The ExternalSecret needs the operator's CRD and webhook, not the store: it is applied beside it.
      expect(resources[resource].DependsOn).toContain(eso.id);
      expect(resources[resource].DependsOn).not.toContain(storeId);
      // And after the Secrets Manager secrets it reads.
      const read = new Set(object.spec.data.map((entry: any) => entry.remoteRef.key));
      const secretIds = resourcesOfType(prod, 'AWS::SecretsManager::Secret')
        .filter(([, props]) => read.has(props.Name))
        .map(([id]) => id);
      expect(secretIds).toHaveLength(read.size);
      expect(resources[resource].DependsOn).toEqual(expect.arrayContaining(secretIds));
      const [waitId, wait] = waits.find(([, props]) => props.ObjectName === object.metadata.name)!;
      expect(wait).toMatchObject({ ObjectType: 'secret', ObjectNamespace: 'monitoring', JsonPath: '.metadata.uid' });
      expect(Number(wait.TimeoutSeconds)).toBeLessThan(15 * 60);
      expect(resources[waitId].DependsOn).toEqual(expect.arrayContaining([resource, storeId]));
      expect(resources[kps.id].DependsOn).toContain(waitId);
    }
  });
});

describe('the chart, rendered with the values the template carries', () => {
  const chartDir = SHARED_DIR && join(SHARED_DIR, 'charts/external-secrets-2.9.0');
  const rendered = chartDir ? helmTemplate(chartDir, 'external-secrets', 'external-secrets', eso.values) : [];
  const deployments = rendered.filter((object) => object.kind === 'Deployment');
  const run = chartDir ? test : test.skip;
  if (!chartDir) test.skip(NO_SHARED_REASON, () => undefined);

  run('runs three Deployments (controller, webhook, cert controller) on the system nodes, every container sized', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual([
      'external-secrets',
      'external-secrets-cert-controller',
      'external-secrets-webhook',
    ]);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      expect(pod.nodeSelector).toEqual(SYSTEM_PLACEMENT.nodeSelector);
      expect(pod.tolerations).toEqual(SYSTEM_PLACEMENT.tolerations);
      for (const container of pod.containers) {
        expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(container.readinessProbe).toBeDefined();
      }
    }
  });

  run('passes the Pod Security level its namespace enforces (restricted)', () => {
    const namespace = objectsOf('Namespace').find(({ object }) => object.metadata.name === eso.release.Namespace)!;
    const level = namespace.object.metadata.labels['pod-security.kubernetes.io/enforce'];
    expect(level).toBe('restricted');
    for (const deployment of deployments)
      expect([deployment.metadata.name, podSecurityViolations(deployment.spec.template.spec, level)]).toEqual([
        deployment.metadata.name,
        [],
      ]);
    // The check refuses what restricted refuses, so the assertion above can fail.
    expect(podSecurityViolations({ containers: [{ name: 'c', securityContext: { privileged: true } }] }, 'restricted')).toContain(
      'container c is privileged',
    );
  });

  // The published chart's templates/crds/ is filled when the chart is packaged (upstream hack/helm.generate.sh,
  // each CRD wrapped in `if .Values.installCRDs`); a copy taken from the git tag has only its README.
  const packaged = chartDir !== undefined && existsSync(join(chartDir, 'templates/crds/externalsecret.yaml'));
  (packaged ? test : test.skip)('installs the ExternalSecret and ClusterSecretStore CRDs as templates, so Helm upgrades them', () => {
    const crds = rendered.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name);
    expect(crds).toEqual(expect.arrayContaining(['externalsecrets.external-secrets.io', 'clustersecretstores.external-secrets.io']));
  });

  run('covers every Deployment with more than one replica by a PodDisruptionBudget that selects its pods', () => {
    const budgets = rendered.filter((object) => object.kind === 'PodDisruptionBudget');
    const replicated = deployments.filter((deployment) => (deployment.spec.replicas ?? 1) > 1);
    expect(replicated.map((deployment) => deployment.metadata.name)).toEqual(['external-secrets-webhook']);
    for (const deployment of replicated) {
      const labels = deployment.spec.template.metadata.labels;
      const budget = budgets.find((candidate) =>
        Object.entries(candidate.spec.selector.matchLabels).every(([key, value]) => labels[key] === value),
      );
      expect(budget?.spec.minAvailable).toBe(1);
    }
  });

  run('annotates the controller’s ServiceAccount, the one the store authenticates as, with the IRSA role', () => {
    const account = rendered.find((object) => object.kind === 'ServiceAccount' && object.metadata.name === 'external-secrets')!;
    expect(account.metadata.annotations!['eks.amazonaws.com/role-arn']).toBe(
      eso.values.serviceAccount.annotations['eks.amazonaws.com/role-arn'],
    );
    const controller = deployments.find((deployment) => deployment.metadata.name === 'external-secrets')!;
    expect(controller.spec.template.spec.serviceAccountName).toBe('external-secrets');
  });
});

describe('receiver config', () => {
  type Monitoring = NonNullable<EnvironmentInput['monitoring']>;
  type Receivers = NonNullable<NonNullable<Monitoring['alertmanager']>['receivers']>;
  // The receivers are replaced, so Flux's notifications (which name one of prod's) are left out of the base.
  const base = { ...prodFixture, flux: { gitSources: prodFixture.flux!.gitSources } };
  const withReceivers = (receivers: Receivers, grafana: Monitoring['grafana'] = {}) =>
    withOverrides(base, { monitoring: { alertmanager: { receivers }, grafana } });

  test('a receiver names who gets what, never where its secret is: webhook and pagerduty need nothing more', () => {
    expect(
      problemsOf([
        withReceivers([
          { name: 'hook', type: 'webhook' },
          { name: 'pager', type: 'pagerduty', severities: ['critical'] },
        ]),
      ]),
    ).toEqual([]);
  });

  test('the retired fields are refused, each with what replaces it, all at once', () => {
    expect(
      problemsOf([
        withReceivers(
          [
            { name: 'chat', type: 'slack', channel: '#a', urlSecret: { name: 'alertmanager-receivers', key: 'slack-url' } },
            { name: 'pager', type: 'pagerduty', routingKeySecret: { name: 'alertmanager-receivers', key: 'pd' } },
          ],
          { adminSecretName: 'grafana-admin' },
        ),
      ]),
    ).toEqual([
      `fx-prod.monitoring.alertmanager.receivers[0].urlSecret: is no longer set: the platform keeps this receiver's URL in Secrets Manager as "fx-prod/platform/alertmanager/receivers/chat"; remove the field and fill the secret with \`${fillReceiverCommand('fx-prod', 'eu-west-1', 'chat')}\``,
      `fx-prod.monitoring.alertmanager.receivers[1].routingKeySecret: is no longer set: the platform keeps this receiver's routing key in Secrets Manager as "fx-prod/platform/alertmanager/receivers/pager"; remove the field and fill the secret with \`${fillReceiverCommand('fx-prod', 'eu-west-1', 'pager')}\``,
      `fx-prod.monitoring.grafana.adminSecretName: is no longer set: the platform generates Grafana's admin login in Secrets Manager as "fx-prod/platform/grafana/admin"; remove the field`,
    ]);
  });
});
