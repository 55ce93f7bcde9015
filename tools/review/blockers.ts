/**
 * A change the review refuses. `loses data` and `left in the cluster` can be allowed for one
 * change (see allowances.ts); `cannot be applied` cannot: no allowance makes Kubernetes accept it.
 */
export interface Blocker {
  /** What an allowance names: `env/Stack/LogicalId` or `env/Kind/[namespace/]name`. */
  readonly id: string;
  readonly kind: 'loses data' | 'left in the cluster' | 'left in AWS' | 'cannot be applied';
  /** The plain reason, naming the object or resource. */
  readonly what: string;
  /** For changes that cannot be applied: how to get there instead. */
  readonly wayOut?: string;
}

export const isAllowable = (blocker: Blocker) => blocker.kind !== 'cannot be applied';
