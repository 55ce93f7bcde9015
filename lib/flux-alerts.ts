import type { PlatformAlertGroup } from './platform-alerts';

/**
 * Alerts on delivery from Git. Object state comes from kube-state-metrics' custom resource state
 * (`gotk_resource_info`, one series per GitRepository and Kustomization, labelled with its Ready
 * condition: constructs/flux/resource-metrics.ts); reconcile failures from the controllers' own
 * controller-runtime metrics, scraped by the Flux PodMonitor.
 */
export const FLUX_ALERT_GROUP: PlatformAlertGroup = {
  name: 'platform.flux',
  alerts: [
    {
      alert: 'FluxSourceNotReady',
      expr: 'max by (exported_namespace, name) (gotk_resource_info{customresource_kind="GitRepository",ready="False",suspended!="true"}) > 0',
      for: '15m',
      severity: 'warning',
      summary: 'Flux cannot fetch Git source {{ $labels.exported_namespace }}/{{ $labels.name }}.',
      runbook:
        'The GitRepository has not been Ready for 15 minutes, so nothing new reaches the namespace. `flux get sources git -n <namespace>` shows the error: an authentication failure means the credentials secret still holds its placeholder or an expired token (put it with the command `cdk deploy` printed; README: Delivering applications); "reference not found" means the branch, tag or semver range in config matches nothing.',
    },
    {
      alert: 'FluxKustomizationNotReady',
      expr: 'max by (exported_namespace, name) (gotk_resource_info{customresource_kind="Kustomization",ready="False",suspended!="true"}) > 0',
      for: '15m',
      severity: 'warning',
      summary: 'Flux cannot apply {{ $labels.exported_namespace }}/{{ $labels.name }}.',
      runbook:
        'The Kustomization has not been Ready for 15 minutes: its manifests fail to build or apply, or what they deploy is not healthy within 5 minutes. `flux get kustomizations -n <namespace>` and `kubectl -n <namespace> describe kustomization <name>` say which. "forbidden" means the repository holds a cluster-scoped object (a Namespace, a ClusterRole, a CRD), which the tenant service account may not touch: move it to the platform.',
    },
    {
      alert: 'FluxReconcileErrors',
      expr: 'sum by (namespace, controller) (rate(controller_runtime_reconcile_errors_total{namespace="flux-system"}[5m])) > 0',
      for: '15m',
      severity: 'warning',
      summary: 'Flux controller {{ $labels.controller }} keeps failing to reconcile.',
      runbook:
        'A Flux controller reports reconcile errors for 15 minutes (the label names its reconciler: gitrepository, kustomization, alert, provider). `kubectl -n flux-system logs deploy/source-controller` (or kustomize-controller, notification-controller) names the object and the error; `flux get all -A --status-selector ready=false` lists the objects that fail.',
    },
  ],
};
