import { SYSTEM_WORKLOAD_PLACEMENT } from '../../lib/system-node-placement';

/**
 * The service account every team Kustomization reconciles as: the one the platform creates in
 * each delivering namespace, and the controller's default for a Kustomization that names none
 * (in a namespace without it, nothing is applied).
 */
export const FLUX_TENANT_SERVICE_ACCOUNT = 'flux-reconciler';

/** The controllers the platform runs: sources, Kustomizations and notifications. */
export const FLUX_CONTROLLERS = ['source-controller', 'kustomize-controller', 'notification-controller'] as const;

/** Where every controller serves Prometheus metrics (container port `http-prom`). */
export const FLUX_METRICS_PORT_NAME = 'http-prom';

const resources = (requestsCpu: string, requestsMemory: string, limitsCpu: string, limitsMemory: string) => ({
  requests: { cpu: requestsCpu, memory: requestsMemory },
  limits: { cpu: limitsCpu, memory: limitsMemory },
});

/**
 * flux2 chart values: Flux's CRDs installed and upgraded by this release (chart templates gated by
 * installCRDs); only the source, kustomize and notification controllers (helm-controller and image
 * automation off: teams deliver plain manifests and Kustomize overlays, and nothing writes to Git);
 * every controller on the system nodes, sized. Multi-tenancy locked down as Flux documents it:
 * no cross-namespace references, every Kustomization impersonates a service account of its own
 * namespace (the tenant one by default), and the controllers themselves hold no cluster-admin,
 * only the right to impersonate. Remote Kustomize bases are refused, so what is applied is what
 * the team's repository holds. The chart's security contexts (non-root, read-only root, no
 * capabilities, RuntimeDefault seccomp) pass `restricted`.
 */
export function fluxValues(): Record<string, unknown> {
  const placement = () => ({
    nodeSelector: { ...SYSTEM_WORKLOAD_PLACEMENT.nodeSelector },
    tolerations: SYSTEM_WORKLOAD_PLACEMENT.tolerations.map((toleration) => ({ ...toleration })),
  });
  return {
    installCRDs: true,
    multitenancy: { enabled: true, defaultServiceAccount: FLUX_TENANT_SERVICE_ACCOUNT, privileged: false },
    sourceController: { resources: resources('50m', '128Mi', '1', '1Gi'), ...placement() },
    kustomizeController: {
      resources: resources('100m', '128Mi', '1', '1Gi'),
      container: { additionalArgs: ['--no-remote-bases=true'] },
      ...placement(),
    },
    notificationController: { resources: resources('20m', '64Mi', '200m', '256Mi'), ...placement() },
    // The pre-install Job that runs `flux check --pre`.
    cli: { resources: resources('50m', '64Mi', '500m', '256Mi'), ...placement() },
    helmController: { create: false },
    imageAutomationController: { create: false },
    imageReflectionController: { create: false },
    sourceWatcher: { create: false },
    // Viewers see Flux objects (`flux get kustomizations -A`), teams may add their own in their namespaces.
    rbac: { create: true, createAggregation: true },
    // Ingress from the namespace and metrics scraping only; egress open (Git hosts, the API server).
    policies: { create: true },
    // The platform's own PodMonitor scrapes the controllers (FluxMonitorsChart).
    prometheus: { podMonitor: { create: false } },
  };
}
