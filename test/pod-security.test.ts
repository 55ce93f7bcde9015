import { podSecurityProblems, strictestLevel } from './helpers/pod-security';

/** The Pod Security checks the render tests rely on, each shown to catch what it checks. */
const restrictedPod = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'app',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
    },
  ],
  volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
};

const withContainer = (context: object, pod: object = {}) => ({
  ...restrictedPod,
  ...pod,
  containers: [{ ...restrictedPod.containers[0], securityContext: { ...restrictedPod.containers[0].securityContext, ...context } }],
});

test('a pod that meets restricted passes every level', () => {
  expect(podSecurityProblems(restrictedPod, 'restricted')).toEqual([]);
  expect(strictestLevel(restrictedPod)).toBe('restricted');
});

test('baseline refuses host namespaces, host paths, host ports, privilege and extra capabilities', () => {
  const hostPod = {
    ...withContainer({ privileged: true, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }),
    hostNetwork: true,
    hostPID: true,
    volumes: [{ name: 'root', hostPath: { path: '/' } }],
  };
  hostPod.containers[0] = { ...hostPod.containers[0], ports: [{ containerPort: 9100, hostPort: 9100 }] } as any;
  expect(podSecurityProblems(hostPod, 'baseline')).toEqual([
    'hostNetwork is true',
    'hostPID is true',
    'volume root is a hostPath',
    'container app is privileged',
    'container app adds capability SYS_ADMIN',
    'container app uses hostPort 9100',
  ]);
  expect(podSecurityProblems(hostPod, 'privileged')).toEqual([]);
  expect(strictestLevel(hostPod)).toBe('privileged');
});

test('baseline refuses unsafe sysctls, Unconfined seccomp, custom SELinux users and unmasked /proc', () => {
  const pod = withContainer(
    { procMount: 'Unmasked', seccompProfile: { type: 'Unconfined' } },
    {
      securityContext: {
        ...restrictedPod.securityContext,
        sysctls: [{ name: 'kernel.msgmax', value: '1' }],
        seLinuxOptions: { user: 'root' },
      },
    },
  );
  expect(podSecurityProblems(pod, 'baseline')).toEqual([
    'sysctl kernel.msgmax is not in the safe set',
    'pod seLinuxOptions are not allowed',
    'container app procMount Unmasked',
    'container app seccompProfile is Unconfined',
  ]);
});

test('restricted also requires non-root, no escalation, a seccomp profile, dropped capabilities and safe volume types', () => {
  const pod = {
    containers: [{ name: 'app', securityContext: { runAsUser: 0, capabilities: { add: ['CHOWN'] } } }],
    volumes: [{ name: 'shared', nfs: { server: 'nfs', path: '/' } }],
  };
  expect(podSecurityProblems(pod, 'restricted')).toEqual([
    'volume shared is of type nfs',
    'container app: allowPrivilegeEscalation is not false',
    'container app: runAsNonRoot is not true',
    'container app: runAsUser is 0',
    'container app: seccompProfile is not RuntimeDefault or Localhost',
    'container app: capabilities do not drop ALL',
    'container app: adds capability CHOWN',
  ]);
  expect(strictestLevel(pod)).toBe('baseline');
});
