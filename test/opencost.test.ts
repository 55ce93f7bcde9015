import { parser } from '@prometheus-io/lezer-promql';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { kubernetesRelease } from '../lib/config/version-matrix';
import { costDashboard, costTeamsOf, namespaceHourlyCost } from '../lib/dashboards/cost-dashboard';
import { devFixture, FIXTURES, prodFixture, stagingFixture } from './fixtures/environments';
import { asList, helmValues, render } from './helpers/cfn';
import { problemsOf } from './helpers/config';
import { helmTemplate } from './helpers/helm-render';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import { podSecurityViolations } from './helpers/pod-security';
import { readmeExample } from './helpers/readme';
import { NO_SHARED_REASON, SHARED_DIR } from './helpers/shared';
import { resourcesOfType, synthEnvironment, withOverrides } from './helpers/synth';

const prod = synthEnvironment(prodFixture).cluster;
const dev = synthEnvironment(devFixture).cluster;
const resourcesOf = (template = prod) => template.toJSON().Resources as Record<string, any>;
const idOf = (type: string, prefix: string, template = prod) => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
};
const releasesOf = (template = prod) =>
  resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').filter(([, props]) => props.Release === 'opencost');
const [releaseId, release] = releasesOf()[0];
const values = helmValues(release);
const objectsOf = (kind: string, template = prod) => appliedObjects(template).filter(({ object }) => object.kind === kind);
/** The statements of the role's one managed policy, as [sid, actions, resources, conditions]. */
const statementsOf = (template = prod) => {
  const role = resourcesOf(template)[idOf('AWS::IAM::Role', 'OpenCostIrsaRole', template)].Properties;
  expect(role.ManagedPolicyArns).toHaveLength(1);
  return resourcesOf(template)[role.ManagedPolicyArns[0].Ref].Properties.PolicyDocument.Statement.map((statement: any) => [
    statement.Sid,
    // Sorted: CDK orders actions and resources when it minimizes policies.
    asList(statement.Action).sort(),
    asList(render(statement.Resource)).sort(),
    statement.Condition,
  ]);
};
const exposedUi = (host: string) =>
  withOverrides(stagingFixture, { ingress: { inboundCidrs: ['198.51.100.0/24'] }, opencost: { ui: { ingressHost: host } } });

describe('the OpenCost release', () => {
  test('installs the pinned chart into its own restricted namespace, after nodes, CoreDNS, namespaces and kube-prometheus-stack', () => {
    expect(release).toMatchObject({
      Chart: 'opencost',
      Version: '2.5.17',
      Repository: 'https://opencost.github.io/opencost-helm-chart',
      Namespace: 'opencost',
      Wait: true,
    });
    expect(kubernetesRelease('1.36').helmCharts.opencost.confirmedAt).toMatch(/opencost-helm-chart tag opencost-2\.5\.17/);
    const namespace = objectsOf('Namespace').find(({ object }) => object.metadata.name === 'opencost')!;
    expect(namespace.object.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'platform/tenant': 'platform',
    });
    const kps = resourcesOfType(prod, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'kube-prometheus-stack')![0];
    expect(resourcesOf()[releaseId].DependsOn).toEqual(
      expect.arrayContaining([
        namespace.resource,
        kps,
        idOf('AWS::EKS::Nodegroup', 'EksClusterNodegroupSystemNodes'),
        idOf('AWS::EKS::Addon', 'Addonscoredns'),
      ]),
    );
  });

  test('runs in every fixture by default; switched off, its release, namespace, role and dashboard are gone', () => {
    for (const fixture of FIXTURES) expect(releasesOf(synthEnvironment(fixture).cluster)).toHaveLength(1);
    const off = synthEnvironment(withOverrides(devFixture, { opencost: { enabled: false } })).cluster;
    expect(releasesOf(off)).toHaveLength(0);
    expect(objectsOf('Namespace', off).map(({ object }) => object.metadata.name)).not.toContain('opencost');
    expect(Object.keys(off.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('OpenCost'))).toEqual([]);
    expect(objectsOf('ConfigMap', off).map(({ object }) => object.metadata.name)).not.toContain('platform-dashboard-cost');
  });

  test('queries the platform Prometheus and is scraped by it through the chart’s ServiceMonitor', () => {
    expect(values.opencost.prometheus.internal).toEqual({
      enabled: true,
      serviceName: 'kube-prometheus-stack-prometheus',
      namespaceName: 'monitoring',
      port: 9090,
    });
    expect(values.opencost.metrics.serviceMonitor).toEqual({ enabled: true, honorLabels: true });
    expect(values.opencost.exporter).toMatchObject({ defaultClusterId: 'fx-prod-platform', replicas: 1 });
    // The unauthenticated MCP endpoint stays off.
    expect(values.opencost.mcp).toEqual({ enabled: false });
  });
});

describe("OpenCost's AWS identity", () => {
  test('is trusted by exactly opencost/opencost through STS, and the chart’s ServiceAccount carries it', () => {
    const roleId = idOf('AWS::IAM::Role', 'OpenCostIrsaRole');
    const [statement] = resourcesOf()[roleId].Properties.AssumeRolePolicyDocument.Statement;
    const conditionsId = render(statement.Condition.StringEquals).replace(/^<Ref:|>$/g, '');
    const text = JSON.stringify(resourcesOf()[conditionsId].Properties.Value).replaceAll('\\"', '"');
    expect(text).toContain(':sub":"system:serviceaccount:opencost:opencost"');
    expect(text).toContain(':aud":"sts.amazonaws.com"');
    expect(values.serviceAccount).toEqual({
      create: true,
      name: 'opencost',
      annotations: { 'eks.amazonaws.com/role-arn': `<Ref:${roleId}>` },
    });
  });

  test('without a Spot feed or CUR in config, may call pricing:GetProducts and nothing else', () => {
    expect(statementsOf(dev)).toEqual([['ReadListPrices', ['pricing:GetProducts'], ['*'], undefined]]);
    expect(helmValues(releasesOf(dev)[0][1]).opencost).toMatchObject({ customPricing: { enabled: false }, cloudCost: { enabled: false } });
    expect(helmValues(releasesOf(dev)[0][1]).opencost.cloudIntegrationJSON).toBeUndefined();
  });

  test('reads the Spot feed and the CUR only under the configured buckets and prefixes, and queries one workgroup and table', () => {
    const account = '<Ref:AWS::AccountId>';
    // The partition is rendered as the environment's (aws).
    const glue = (resource: string) => `arn:aws:glue:<Ref:AWS::Region>:${account}:${resource}`;
    const s3 = (path: string) => `arn:aws:s3:::${path}`;
    const sorted = (rows: [string, string[], string[], unknown][]) =>
      rows.map(([sid, actions, resources, condition]) => [sid, [...actions].sort(), [...resources].sort(), condition]);
    expect(statementsOf()).toEqual(
      sorted([
        ['ReadListPrices', ['pricing:GetProducts'], ['*'], undefined],
        ['ListSpotDataFeed', ['s3:ListBucket'], [s3('fixture-prod-spot-feed')], { StringLike: { 's3:prefix': ['spot/*'] } }],
        ['ReadSpotDataFeed', ['s3:GetObject'], [s3('fixture-prod-spot-feed/spot/*')], undefined],
        [
          'QueryCostAndUsageReport',
          [
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
            'athena:GetWorkGroup',
          ],
          [`arn:aws:athena:<Ref:AWS::Region>:${account}:workgroup/opencost`],
          undefined,
        ],
        [
          'ReadCostAndUsageReportTable',
          ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
          [glue('catalog'), glue('database/athenacurcfn_platform'), glue('table/athenacurcfn_platform/platform')],
          undefined,
        ],
        ['LocateReportBuckets', ['s3:GetBucketLocation'], [s3('fixture-billing-cur'), s3('fixture-athena-results')], undefined],
        ['TrackAthenaResultUploads', ['s3:ListBucketMultipartUploads'], [s3('fixture-athena-results')], undefined],
        ['ListCostAndUsageReport', ['s3:ListBucket'], [s3('fixture-billing-cur')], { StringLike: { 's3:prefix': ['cur/platform/*'] } }],
        ['ReadCostAndUsageReport', ['s3:GetObject'], [s3('fixture-billing-cur/cur/platform/*')], undefined],
        ['ListAthenaResults', ['s3:ListBucket'], [s3('fixture-athena-results')], { StringLike: { 's3:prefix': ['opencost/*'] } }],
        [
          'WriteAthenaResults',
          ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          [s3('fixture-athena-results/opencost/*')],
          undefined,
        ],
      ]),
    );
    // Only the Price List API is granted on `*`; nothing writes outside the results prefix.
    const wildcards = statementsOf().filter(([, , resources]: [string, string[], string[]]) => resources.includes('*'));
    expect(wildcards.map(([sid]: [string]) => sid)).toEqual(['ReadListPrices']);
    const writes = statementsOf().filter(([, actions]: [string, string[]]) => actions.some((action) => action === 's3:PutObject'));
    expect(writes.map(([, , resources]: [string, string, string[]]) => resources)).toEqual([[s3('fixture-athena-results/opencost/*')]]);
  });

  test('tells OpenCost where the feed and the Athena table are, with no keys: the pod identity signs the calls', () => {
    expect(values.opencost.customPricing).toEqual({
      enabled: true,
      provider: 'aws',
      costModel: {
        description: expect.any(String),
        awsSpotDataBucket: 'fixture-prod-spot-feed',
        awsSpotDataPrefix: 'spot/',
        awsSpotDataRegion: 'eu-west-1',
        projectID: '100000000003',
      },
    });
    const elsewhere = synthEnvironment(withOverrides(prodFixture, { opencost: { spotDataFeed: { region: 'us-east-1' } } })).cluster;
    expect(helmValues(releasesOf(elsewhere)[0][1]).opencost.customPricing.costModel.awsSpotDataRegion).toBe('us-east-1');
    expect(JSON.parse(values.opencost.cloudIntegrationJSON)).toEqual({
      aws: {
        athena: [
          {
            bucket: 's3://fixture-athena-results/opencost/',
            region: 'eu-west-1',
            database: 'athenacurcfn_platform',
            table: 'platform',
            workgroup: 'opencost',
            account: '100000000003',
            authorizer: { authorizerType: 'AWSServiceAccount' },
          },
        ],
      },
    });
    expect(values.opencost.cloudCost).toEqual({ enabled: true });
    expect(JSON.stringify(values)).not.toMatch(/access_key|secret_access_key|serviceKeySecret/i);
  });
});

describe('the OpenCost UI', () => {
  test('is off the ALB by default (port-forward), and on the shared ALB beside Grafana where a host is set', () => {
    expect(values.opencost.ui).toMatchObject({ enabled: true, useIPv6: false, ingress: { enabled: false } });
    const exposed = helmValues(releasesOf(synthEnvironment(exposedUi('opencost.staging.fixture.test')).cluster)[0][1]);
    const grafana = helmValues(
      resourcesOfType(synthEnvironment(stagingFixture).cluster, 'Custom::AWSCDK-EKS-HelmChart').find(
        ([, props]) => props.Release === 'kube-prometheus-stack',
      )![1],
    ).grafana.ingress;
    const ingress = exposed.opencost.ui.ingress;
    expect(ingress).toMatchObject({
      enabled: true,
      ingressClassName: 'alb',
      hosts: [{ host: 'opencost.staging.fixture.test', paths: ['/'] }],
    });
    // The same ALB (group), listeners, certificate and TLS policy as Grafana; its own rule order and health check.
    const shared = (annotations: Record<string, string>) =>
      Object.fromEntries(Object.entries(annotations).filter(([key]) => !/group\.order|healthcheck-path/.test(key)));
    expect(shared(ingress.annotations)).toEqual(shared(grafana.annotations));
    expect(ingress.annotations['alb.ingress.kubernetes.io/group.name']).toBe('fx-staging-platform');
    expect(ingress.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/healthz');
    expect(ingress.annotations['alb.ingress.kubernetes.io/group.order']).not.toBe(
      grafana.annotations['alb.ingress.kubernetes.io/group.order'],
    );
    // It makes an ALB rule, so it must go before the load balancer controller on delete: it depends on
    // kube-prometheus-stack, which depends on the controller.
    const template = synthEnvironment(exposedUi('opencost.staging.fixture.test')).cluster;
    const resources = resourcesOf(template);
    const release = (name: string) =>
      resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === name)![0];
    expect(resources[release('opencost')].DependsOn).toContain(release('kube-prometheus-stack'));
    expect(resources[release('kube-prometheus-stack')].DependsOn).toContain(release('aws-load-balancer-controller'));
  });

  test('switched off, the pod runs the cost model alone', () => {
    const off = synthEnvironment(withOverrides(devFixture, { opencost: { ui: { enabled: false } } })).cluster;
    expect(helmValues(releasesOf(off)[0][1]).opencost.ui.enabled).toBe(false);
  });
});

describe('the chart, rendered with the values the template carries', () => {
  const chartDir = SHARED_DIR && join(SHARED_DIR, 'charts/opencost-2.5.17');
  const run = chartDir ? test : test.skip;
  if (!chartDir) test.skip(NO_SHARED_REASON, () => undefined);
  const rendered = chartDir ? helmTemplate(chartDir, 'opencost', 'opencost', values) : [];
  const deployment = rendered.find((object) => object.kind === 'Deployment')!;

  run('runs one pod of the cost model and UI on the system nodes, every container sized and probed', () => {
    expect(rendered.filter((object) => object.kind === 'Deployment')).toHaveLength(1);
    const pod = deployment?.spec.template.spec;
    expect(deployment.spec.replicas).toBe(1);
    expect(pod.nodeSelector).toEqual({ 'platform/node-role': 'system' });
    expect(pod.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(pod.containers.map((container: any) => container.name)).toEqual(['opencost', 'opencost-ui']);
    for (const container of pod.containers) {
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.livenessProbe).toBeDefined();
      expect(container.readinessProbe).toBeDefined();
      // Images pinned by digest in the chart.
      expect(container.image).toMatch(/^ghcr\.io\/opencost\/opencost(-ui)?:1\.120\.1@sha256:[0-9a-f]{64}$/);
    }
  });

  run('passes restricted Pod Security, the level of its namespace', () => {
    expect(podSecurityViolations(deployment.spec.template.spec, 'restricted')).toEqual([]);
    // The check can fail: the chart's defaults set no security context at all.
    const defaults = helmTemplate(chartDir!, 'opencost', 'opencost', {});
    expect(podSecurityViolations(defaults.find((object) => object.kind === 'Deployment')!.spec.template.spec, 'restricted')).not.toEqual(
      [],
    );
  });

  run('mounts the Athena configuration and the Spot feed pricing, and never an access key', () => {
    const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((variable: any) => [variable.name, variable]));
    expect(env.CLOUD_COST_ENABLED.value).toBe('true');
    expect(env.PRICING_CONFIGMAP_NAME.value).toBe('custom-pricing-model');
    expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    const pricing = rendered.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'custom-pricing-model')!;
    expect(pricing.data).toMatchObject({ provider: 'aws', awsSpotDataBucket: 'fixture-prod-spot-feed', awsSpotDataPrefix: 'spot/' });
    const integration = rendered.find((object) => object.kind === 'Secret' && object.metadata.name === 'opencost-cloud-integration')!;
    expect(JSON.parse(Buffer.from(integration.data['cloud-integration.json'], 'base64').toString()).aws.athena[0].authorizer).toEqual({
      authorizerType: 'AWSServiceAccount',
    });
  });

  run('publishes the UI service port through an ALB Ingress where a host is set', () => {
    const exposed = helmValues(releasesOf(synthEnvironment(exposedUi('opencost.staging.fixture.test')).cluster)[0][1]);
    const objects = helmTemplate(chartDir!, 'opencost', 'opencost', exposed);
    // Everything it renders is valid Kubernetes, the Ingress included (ServiceMonitor: a CRD kind, checked by the render test).
    const problems = objects.filter((object) => object.kind !== 'ServiceMonitor').flatMap((object) => schemaProblems(object as any));
    expect(problems).toEqual([]);
    const [ingress] = objects.filter((object) => object.kind === 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('alb');
    const [rule] = ingress.spec.rules;
    expect(rule.host).toBe('opencost.staging.fixture.test');
    expect(rule.http.paths[0].backend.service).toEqual({ name: 'opencost', port: { name: 'http-ui' } });
    const service = objects.find((object) => object.kind === 'Service')!;
    expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: 'http-ui', port: 9090 }));
  });
});

describe('the cost dashboard', () => {
  const promqlErrors = (expr: string) => {
    const errors: number[] = [];
    parser.parse(expr.replaceAll('$namespace', '.*')).iterate({ enter: (node) => void (node.type.isError && errors.push(node.from)) });
    return errors;
  };

  test('ships to Grafana from the monitoring namespace, with a row per team of the access section', () => {
    const configMaps = objectsOf('ConfigMap').filter(({ object }) => object.metadata.name === 'platform-dashboard-cost');
    expect(configMaps).toHaveLength(1);
    const [{ object, resource }] = configMaps;
    expect(object.metadata).toMatchObject({
      namespace: 'monitoring',
      labels: { grafana_dashboard: '1' },
      annotations: { grafana_folder: 'Platform' },
    });
    const dashboard = JSON.parse(object.data['cost.json']);
    expect(dashboard.uid).toBe('platform-cost');
    const teamPanel = dashboard.panels.find((panel: any) => panel.title === 'Cost per hour by team');
    expect(teamPanel.targets[0].expr).toContain('label_replace(');
    expect(teamPanel.targets[0].expr).toContain('"team", "AppDeployer"');
    expect(teamPanel.targets[0].expr).toContain('namespace=~"team-a|team-b"');
    const kps = resourcesOfType(prod, 'Custom::AWSCDK-EKS-HelmChart').find(([, props]) => props.Release === 'kube-prometheus-stack')![0];
    expect(resourcesOf()[resource].DependsOn).toContain(kps);
  });

  test('teams are the principals with namespace-level access; without any, there is no team row', () => {
    const env = parseEnvironments([prodFixture])[0];
    expect(costTeamsOf(env.accessGrants)).toEqual([{ name: 'AppDeployer', namespaces: ['team-a', 'team-b'] }]);
    const noTeams = costDashboard([]);
    expect(noTeams.rows.map((row) => row.title)).toEqual(['Cluster', 'Namespaces']);
    expect(costDashboard(costTeamsOf(env.accessGrants)).rows.map((row) => row.title)).toEqual(['Cluster', 'Namespaces', 'Teams']);
  });

  test("uses OpenCost 1.120's metric names, and every query parses", () => {
    const expressions = costDashboard([
      { name: 'payments', namespaces: ['pay', 'pay-jobs'] },
      { name: 'search', namespaces: ['search'] },
    ]).rows.flatMap((row) => row.panels.flatMap((panel) => panel.queries.map((query) => query.expr)));
    expect(expressions.filter((expr) => promqlErrors(expr).length > 0)).toEqual([]);
    const metrics = new Set(
      expressions.flatMap((expr) => [...expr.matchAll(/\b([a-z_]+)(?=\{|\s*\)|\s*\*| \/)/g)].map((match) => match[1])),
    );
    for (const metric of [
      'node_total_hourly_cost',
      'node_cpu_hourly_cost',
      'node_ram_hourly_cost',
      'container_cpu_allocation',
      'container_memory_allocation_bytes',
      'pod_pvc_allocation',
      'pv_hourly_cost',
      'kubecost_node_is_spot',
    ])
      expect(expressions.join('\n')).toContain(metric);
    expect(metrics.size).toBeGreaterThan(0);
  });

  test('a namespace’s cost adds CPU, memory and volumes, keeping namespaces that lack one of them', () => {
    const expr = namespaceHourlyCost('namespace="team-a"');
    expect(expr.match(/label_replace\(/g)).toHaveLength(3);
    expect(expr).toMatch(
      /^sum by \(namespace\) \(label_replace\(.*"resource", "cpu".* or label_replace\(.*"resource", "memory".* or label_replace\(.*"resource", "storage"/,
    );
    expect(promqlErrors(expr)).toEqual([]);
    expect(promqlErrors('sum by (namespace) (container_cpu_allocation{namespace="a"')).not.toEqual([]);
  });
});

describe('OpenCost config', () => {
  test('refuses a price source without the bucket it needs, naming the field, all problems at once', () => {
    expect(
      problemsOf([
        withOverrides(devFixture, {
          opencost: {
            spotDataFeed: { prefix: 'spot/' },
            costAndUsageReport: { athenaDatabase: 'cur', athenaTable: 'cur' },
          },
        }),
      ]),
    ).toEqual([
      expect.stringMatching(/^fx-dev\.opencost\.spotDataFeed\.bucket: is required: the Spot data feed price source reads the S3 bucket/),
      expect.stringMatching(/^fx-dev\.opencost\.costAndUsageReport\.bucket: is required: the Cost and Usage Report price source/),
      expect.stringMatching(/^fx-dev\.opencost\.costAndUsageReport\.athenaResultsBucket: is required: Athena writes the results/),
    ]);
  });

  test('refuses bucket names S3 would refuse and prefixes that would widen the grant, quoting them', () => {
    const problems = problemsOf([
      withOverrides(devFixture, {
        opencost: {
          spotDataFeed: { bucket: 's3://My_Bucket', prefix: '/spot/*' },
          costAndUsageReport: { bucket: 'cur', athenaDatabase: 'Bad-Name', athenaTable: 't', athenaResultsBucket: 'results' },
        },
      }),
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^fx-dev\.opencost\.spotDataFeed\.bucket: "s3:\/\/My_Bucket" must be an S3 bucket name/),
      expect.stringMatching(/^fx-dev\.opencost\.spotDataFeed\.prefix: "\/spot\/\*" must be an S3 key prefix/),
      expect.stringMatching(/^fx-dev\.opencost\.costAndUsageReport\.athenaDatabase: "Bad-Name" must be an Athena database name/),
    ]);
  });

  test('refuses results written among the report, options of a disabled OpenCost, and a UI host that cannot work', () => {
    expect(
      problemsOf([
        withOverrides(devFixture, {
          opencost: {
            costAndUsageReport: {
              bucket: 'cur-bucket',
              prefix: 'r/',
              athenaDatabase: 'd',
              athenaTable: 't',
              athenaResultsBucket: 'cur-bucket',
              athenaResultsPrefix: 'r/',
            },
          },
        }),
      ]),
    ).toEqual([expect.stringMatching(/^fx-dev\.opencost\.costAndUsageReport\.athenaResultsPrefix: "r\/" is the report's own prefix/)]);
    expect(problemsOf([withOverrides(devFixture, { opencost: { enabled: false, spotDataFeed: { bucket: 'feed-bucket' } } })])).toEqual([
      'fx-dev.opencost.spotDataFeed: is set but opencost.enabled is false; enable OpenCost or remove it',
    ]);
    expect(problemsOf([withOverrides(exposedUi('grafana.staging.fixture.test'), {})])).toEqual([
      expect.stringMatching(/^fx-staging\.opencost\.ui\.ingressHost: "grafana\.staging\.fixture\.test" is Grafana's host/),
    ]);
    expect(problemsOf([withOverrides(exposedUi('opencost.staging.fixture.test'), { opencost: { ui: { enabled: false } } })])).toEqual([
      expect.stringMatching(/^fx-staging\.opencost\.ui\.ingressHost: publishes the OpenCost UI, which is off here/),
    ]);
  });

  test('refuses to publish the UI, which has no login, on an ALB everyone can reach', () => {
    expect(problemsOf([withOverrides(stagingFixture, { opencost: { ui: { ingressHost: 'opencost.staging.fixture.test' } } })])).toEqual([
      expect.stringMatching(/^fx-staging\.opencost\.ui\.ingressHost: the OpenCost UI has no login .* restrict ingress\.inboundCidrs/),
    ]);
    expect(problemsOf([exposedUi('opencost.staging.fixture.test')])).toEqual([]);
  });
});

describe.each(parseEnvironments(ENVIRONMENTS).map((env) => [env.name, env] as const))('your environment %s', (_, env) => {
  // Properties only: whatever the environment, OpenCost keeps to its namespace and its grants.
  test('runs OpenCost where enabled, restricted, with list prices the only grant on *', () => {
    const input = ENVIRONMENTS.find((candidate) => candidate.name === env.name)!;
    const template = synthEnvironment(input).cluster;
    expect(releasesOf(template)).toHaveLength(env.opencost.enabled ? 1 : 0);
    if (!env.opencost.enabled) return;
    const namespace = objectsOf('Namespace', template).find(({ object }) => object.metadata.name === 'opencost')!;
    expect(namespace.object.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const wildcards = statementsOf(template).filter(([, , resources]: [string, string[], string[]]) => resources.includes('*'));
    expect(wildcards.map(([, actions]: [string, string[]]) => actions)).toEqual([['pricing:GetProducts']]);
  });
});

test('the README example of the opencost section is valid config, and grants exactly its buckets', () => {
  const [example] = readmeExample('opencost-config');
  const input = withOverrides(prodFixture, { opencost: example.opencost });
  expect(problemsOf([input])).toEqual([]);
  const text = JSON.stringify(statementsOf(synthEnvironment(input).cluster));
  for (const path of ['acme-spot-feed/prod/*', 'acme-billing/cur/acme/*', 'acme-athena-results/opencost/*', 'workgroup/opencost'])
    expect(text).toContain(path);
  expect(text).not.toContain('fixture-');
});
