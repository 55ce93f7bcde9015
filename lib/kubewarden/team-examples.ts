import type { KubernetesObject } from './admitted-objects';

/**
 * The workloads the platform tells teams to run in their namespaces: the README's examples, here
 * as data so that synthesis can refuse an enforced policy that would refuse them (a test keeps this
 * list and the README's `<!-- example -->` blocks equal). Every one passes the `restricted` Pod
 * Security level of team namespaces and every policy with the default settings.
 */
const restrictedPod = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
};
const restrictedContainer = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
const busybox = 'public.ecr.aws/docker/library/busybox:1.37';
const smallResources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } };

/** README "Shared storage (EFS)": two pods sharing one claim. */
const efsSharedClaim = (['writer', 'reader'] as const).map((name): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a', labels: { 'app.kubernetes.io/name': name } },
  spec: {
    ...restrictedPod,
    containers: [
      {
        name,
        image: busybox,
        command: ['/bin/sh', '-c', name === 'writer' ? 'while true; do date >> /data/out.txt; sleep 5; done' : 'tail -f /data/out.txt'],
        resources: smallResources,
        securityContext: restrictedContainer,
        volumeMounts: [{ name: 'data', mountPath: '/data', ...(name === 'reader' ? { readOnly: true } : {}) }],
      },
    ],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'shared-data' } }],
  },
}));

/** README "Admission policies (Kubewarden)": a Deployment every policy admits. */
const admittedDeployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'hello', namespace: 'team-a', labels: { 'app.kubernetes.io/name': 'hello' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'hello' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'hello' } },
      spec: {
        ...restrictedPod,
        containers: [
          {
            name: 'hello',
            image: busybox,
            command: ['/bin/sh', '-c', 'while true; do echo hello; sleep 60; done'],
            resources: smallResources,
            securityContext: restrictedContainer,
          },
        ],
      },
    },
  },
};

export const TEAM_EXAMPLES: Readonly<Record<string, readonly KubernetesObject[]>> = {
  'efs-shared-claim': efsSharedClaim,
  'kubewarden-admitted-deployment': [admittedDeployment],
};
