/**
 * How system workloads find the system node group, and how everything else is kept off it.
 * `CriticalAddonsOnly` is the taint that CoreDNS, metrics-server, Karpenter and most add-on
 * charts already tolerate, so they land on system nodes without extra configuration.
 */
export const SYSTEM_NODE_LABEL = { key: 'platform/node-role', value: 'system' } as const;

export const SYSTEM_NODE_TAINT = { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' } as const;

/** The toleration and node selector that system workloads we author carry. */
export const SYSTEM_WORKLOAD_PLACEMENT = {
  nodeSelector: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
  tolerations: [{ key: SYSTEM_NODE_TAINT.key, operator: 'Equal', value: SYSTEM_NODE_TAINT.value, effect: SYSTEM_NODE_TAINT.effect }],
} as const;
