import { PLATFORM_ALERT_GROUPS } from '../platform-alerts';
import type { GrafanaDashboard } from './grafana-dashboard';
import { grafanaDashboard } from './grafana-dashboard';
import { FLUX_DASHBOARD } from './flux-dashboard';
import { KARPENTER_DASHBOARD } from './karpenter-dashboard';
import { platformAlertsDashboard } from './platform-alerts-dashboard';
import { VPC_CNI_DASHBOARD } from './vpc-cni-dashboard';

/** The platform's own dashboards, by file name: in the repository, so Grafana needs no download to show them. */
export function platformDashboards(): Readonly<Record<string, GrafanaDashboard>> {
  return {
    karpenter: grafanaDashboard(KARPENTER_DASHBOARD),
    'vpc-cni': grafanaDashboard(VPC_CNI_DASHBOARD),
    flux: grafanaDashboard(FLUX_DASHBOARD),
    'platform-alerts': grafanaDashboard(platformAlertsDashboard(PLATFORM_ALERT_GROUPS)),
  };
}
