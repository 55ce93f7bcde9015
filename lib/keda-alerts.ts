import type { PlatformAlertGroup } from './platform-alerts';

/**
 * Alerts on KEDA's scalers (metrics of KEDA 2.20's operator, port 8080: keda_scaler_detail_errors_total
 * per scaler, keda_scaled_object_errors_total per ScaledObject; the older keda_scaler_errors_total is
 * no longer exported).
 */
export const KEDA_ALERT_GROUP: PlatformAlertGroup = {
  name: 'platform.keda',
  alerts: [
    {
      alert: 'KedaScalerErrors',
      expr: 'sum by (namespace, scaledObject, scaler) (rate(keda_scaler_detail_errors_total[5m])) > 0',
      for: '10m',
      severity: 'warning',
      summary: 'KEDA scaler {{ $labels.scaler }} of {{ $labels.namespace }}/{{ $labels.scaledObject }} keeps failing.',
      runbook:
        'KEDA cannot read the metric a trigger scales on, so the workload stays at its current size. `kubectl -n <namespace> describe scaledobject <name>` shows the error; for AWS triggers the usual causes are a queue outside `<environment>-*` (the operator role reads no other), a wrong region or queue URL, or a ScaledObject not using the `aws-keda-operator` ClusterTriggerAuthentication.',
    },
    {
      alert: 'KedaScaledObjectErrors',
      expr: 'sum by (namespace, scaledObject) (rate(keda_scaled_object_errors_total[5m])) > 0',
      for: '10m',
      severity: 'warning',
      summary: 'KEDA cannot reconcile ScaledObject {{ $labels.namespace }}/{{ $labels.scaledObject }}.',
      runbook:
        'The ScaledObject is invalid or its target is missing: `kubectl -n <namespace> get scaledobject <name> -o yaml` (status.conditions) and `kubectl -n keda logs deploy/keda-operator` say which. A target Deployment that also has its own HorizontalPodAutoscaler is refused: KEDA creates the HPA itself.',
    },
  ],
};
