import { admittedObjects } from '../lib/kubewarden/admitted-objects';
import { matchesPattern, parseImageReference } from '../lib/kubewarden/image-reference';
import { moduleReference, POLICY_MODULES, POLICY_NAMES } from '../lib/kubewarden/policy-catalog';
import type { PolicyInputs } from '../lib/kubewarden/policy-checks';
import { policySettings, policyViolations } from '../lib/kubewarden/policy-checks';

/** The pure mirrors of the policy modules: what each refuses, table by table. */
const inputs: PolicyInputs = {
  requiredLabels: ['app.kubernetes.io/name'],
  trustedRegistries: ['public.ecr.aws', '*.dkr.ecr.eu-west-1.amazonaws.com'],
};
const pod = (spec: any, labels: Record<string, string> = { 'app.kubernetes.io/name': 'x' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'team-a', labels },
  spec,
});
const container = (extra: any = {}) => ({ name: 'c', image: 'public.ecr.aws/docker/library/busybox:1.37', ...extra });

describe('image references are read the way runtimes and trusted-repos read them', () => {
  test.each([
    ['busybox', { registry: 'docker.io', repository: 'library/busybox', tag: 'latest' }],
    ['busybox:1.37', { registry: 'docker.io', repository: 'library/busybox', tag: '1.37' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['public.ecr.aws/docker/library/busybox:1.37', { registry: 'public.ecr.aws', repository: 'docker/library/busybox', tag: '1.37' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: 'latest' }],
    ['quay.io/a/b@sha256:abc', { registry: 'quay.io', repository: 'a/b', tag: 'latest', digest: 'sha256:abc' }],
    ['quay.io/a/b:1.0@sha256:abc', { registry: 'quay.io', repository: 'a/b', tag: '1.0', digest: 'sha256:abc' }],
  ])('%s', (image, expected) => expect(parseImageReference(image)).toEqual(expected));

  test.each([
    ['public.ecr.aws', 'public.ecr.aws', true],
    ['public.ecr.aws', 'public.ecr.aws.evil.com', false],
    ['*.dkr.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', true],
    ['*.dkr.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com', false],
    ['quay.io', 'quay.io.', false],
  ])('pattern %s matches %s: %s', (pattern, value, expected) => expect(matchesPattern(pattern, value)).toBe(expected));
});

describe('what each policy refuses', () => {
  const cases: [string, (typeof POLICY_NAMES)[number], any, number][] = [
    ['a labelled pod', 'requiredLabels', pod({ containers: [container()] }), 0],
    ['a pod without the label', 'requiredLabels', pod({ containers: [container()] }, {}), 1],
    ['a pod as uid 1000', 'runAsNonRoot', pod({ securityContext: { runAsUser: 1000 }, containers: [container()] }), 0],
    ['a pod that sets nothing (the module adds runAsNonRoot)', 'runAsNonRoot', pod({ containers: [container()] }), 0],
    ['a container as root', 'runAsNonRoot', pod({ containers: [container({ securityContext: { runAsUser: 0 } })] }), 1],
    [
      'a container overriding a non-root pod with root',
      'runAsNonRoot',
      pod({ securityContext: { runAsUser: 1000 }, containers: [container({ securityContext: { runAsUser: 0 } })] }),
      1,
    ],
    ['runAsNonRoot false without a user', 'runAsNonRoot', pod({ securityContext: { runAsNonRoot: false }, containers: [container()] }), 1],
    ['group 0', 'runAsNonRoot', pod({ securityContext: { runAsUser: 1000, runAsGroup: 0 }, containers: [container()] }), 1],
    [
      'an init container as root',
      'runAsNonRoot',
      pod({ initContainers: [container({ name: 'i', securityContext: { runAsUser: 0 } })], containers: [container()] }),
      1,
    ],
    ['drop ALL', 'dropCapabilities', pod({ containers: [container({ securityContext: { capabilities: { drop: ['ALL'] } } })] }), 0],
    ['no drop (the module adds it)', 'dropCapabilities', pod({ containers: [container()] }), 0],
    [
      'NET_ADMIN added',
      'dropCapabilities',
      pod({ containers: [container({ securityContext: { capabilities: { add: ['NET_ADMIN'] } } })] }),
      1,
    ],
    ['privileged', 'noPrivileged', pod({ containers: [container({ securityContext: { privileged: true } })] }), 1],
    [
      'privileged ephemeral container',
      'noPrivileged',
      pod({ containers: [container()], ephemeralContainers: [container({ name: 'debug', securityContext: { privileged: true } })] }),
      1,
    ],
    ['not privileged', 'noPrivileged', pod({ containers: [container({ securityContext: { privileged: false } })] }), 0],
    ['hostNetwork', 'noHostNamespaces', pod({ hostNetwork: true, containers: [container()] }), 1],
    ['hostPID and hostIPC', 'noHostNamespaces', pod({ hostPID: true, hostIPC: true, containers: [container()] }), 2],
    ['a host port', 'noHostNamespaces', pod({ containers: [container({ ports: [{ containerPort: 80, hostPort: 8080 }] })] }), 1],
    ['a container port only', 'noHostNamespaces', pod({ containers: [container({ ports: [{ containerPort: 80 }] })] }), 0],
    [
      'escalation allowed',
      'noPrivilegeEscalation',
      pod({ containers: [container({ securityContext: { allowPrivilegeEscalation: true } })] }),
      1,
    ],
    ['escalation unset (the module sets false)', 'noPrivilegeEscalation', pod({ containers: [container()] }), 0],
    ['a trusted registry and a tag', 'trustedImages', pod({ containers: [container()] }), 0],
    [
      'the own ECR',
      'trustedImages',
      pod({ containers: [container({ image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3' })] }),
      0,
    ],
    ['Docker Hub', 'trustedImages', pod({ containers: [container({ image: 'nginx:1.27' })] }), 1],
    ['latest', 'trustedImages', pod({ containers: [container({ image: 'public.ecr.aws/nginx/nginx:latest' })] }), 1],
    ['no tag (latest)', 'trustedImages', pod({ containers: [container({ image: 'public.ecr.aws/nginx/nginx' })] }), 1],
    ['Docker Hub without a tag: both', 'trustedImages', pod({ containers: [container({ image: 'nginx' })] }), 2],
  ];
  test.each(cases)('%s (%s): %d violation(s)', (_, name, object, count) =>
    expect(policyViolations(name, inputs, object)).toHaveLength(count),
  );

  test('workloads are judged by the label and image policies, and their pods by all', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'team-a' },
      spec: {
        template: { metadata: { labels: {} }, spec: { containers: [container({ image: 'nginx', securityContext: { runAsUser: 0 } })] } },
      },
    };
    const [workload, replicaSet, podOfIt] = admittedObjects(deployment);
    expect(replicaSet).toMatchObject({ kind: 'ReplicaSet', metadata: { namespace: 'team-a', labels: {} } });
    expect(podOfIt).toMatchObject({ kind: 'Pod', metadata: { namespace: 'team-a', labels: {} } });
    expect(policyViolations('requiredLabels', inputs, workload)).toEqual(['lacks label "app.kubernetes.io/name"']);
    expect(policyViolations('trustedImages', inputs, workload)).toHaveLength(2);
    expect(policyViolations('runAsNonRoot', inputs, workload)).toEqual([]);
    expect(policyViolations('runAsNonRoot', inputs, podOfIt)).toEqual(['container c runs as user 0 (root)']);
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'team-a' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [container({ image: 'nginx:1' })] } } } } },
    };
    expect(policyViolations('trustedImages', inputs, cronJob)).toEqual([
      'container c pulls nginx:1 from docker.io, which is not a trusted registry',
    ]);
  });

  test("a CronJob's Jobs carry its jobTemplate's labels, so those are required too", () => {
    const labels = { 'app.kubernetes.io/name': 'report' };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'team-a', labels },
      spec: { jobTemplate: { spec: { template: { metadata: { labels }, spec: { containers: [container()] } } } } },
    };
    const objects = admittedObjects(cronJob);
    expect(objects.map((object) => object.kind)).toEqual(['CronJob', 'Job', 'Pod']);
    expect(objects.map((object) => policyViolations('requiredLabels', inputs, object).length)).toEqual([0, 1, 0]);
    const labelled = { ...cronJob, spec: { jobTemplate: { ...cronJob.spec.jobTemplate, metadata: { labels } } } };
    expect(admittedObjects(labelled).flatMap((object) => policyViolations('requiredLabels', inputs, object))).toEqual([]);
  });

  test('objects the policies do not judge are admitted', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team-a' } };
    for (const name of POLICY_NAMES) expect(policyViolations(name, inputs, configMap)).toEqual([]);
  });
});

describe('the catalog', () => {
  test('every policy is pinned to a released version of a kubewarden module, never latest', () => {
    for (const name of POLICY_NAMES) {
      expect(moduleReference(name)).toMatch(/^registry:\/\/ghcr\.io\/kubewarden\/policies\/[a-z-]+:v\d+\.\d+\.\d+$/);
      expect(POLICY_MODULES[name].resourceName).toMatch(/^team-/);
    }
    expect(new Set(POLICY_NAMES.map((name) => POLICY_MODULES[name].resourceName)).size).toBe(POLICY_NAMES.length);
  });

  test('the PSP modules are the versions admission-controller 6.0.2 recommends', () => {
    expect(Object.fromEntries(POLICY_NAMES.map((name) => [POLICY_MODULES[name].module, POLICY_MODULES[name].version]))).toMatchObject({
      'capabilities-psp': 'v1.0.13',
      'user-group-psp': 'v1.1.5',
      'host-namespaces-psp': 'v1.1.11',
      'pod-privileged': 'v1.0.13',
      'allow-privilege-escalation-psp': 'v1.0.13',
    });
  });

  test('settings are in each module schema', () => {
    expect(policySettings('requiredLabels', inputs)).toEqual({ mandatory_labels: ['app.kubernetes.io/name'] });
    expect(policySettings('trustedImages', inputs)).toEqual({
      registries: { allow: ['public.ecr.aws', '*.dkr.ecr.eu-west-1.amazonaws.com'] },
      tags: { reject: ['latest'] },
    });
    expect(policySettings('runAsNonRoot', inputs)).toMatchObject({
      run_as_user: { rule: 'MustRunAsNonRoot' },
      run_as_group: { rule: 'MayRunAs' },
    });
    expect(policySettings('dropCapabilities', inputs)).toMatchObject({ required_drop_capabilities: ['ALL'], allowed_capabilities: [] });
  });
});
