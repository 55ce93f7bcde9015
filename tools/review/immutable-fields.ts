import { parseQuantity } from '../../lib/quantity';
import { canonicalJson } from './display';

/**
 * Fields the Kubernetes API server refuses to update in place. An apply that changes one fails
 * (the kubectl handler cannot delete and re-create), so no allowance can make it deployable:
 * the way out is a new object beside the old one.
 */
interface ImmutableRule {
  readonly paths: readonly string[];
  readonly wayOut: string;
}

const NEW_WORKLOAD =
  'give the workload a new name (with the new selector), move traffic to it, then drop the old one; or delete the old one with `kubectl delete --cascade=orphan` before deploying';

const RULES: Readonly<Record<string, ImmutableRule>> = {
  StorageClass: {
    paths: ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'],
    wayOut:
      'add a class under a new name with the new settings (make it the default if this one was), move claims to it (new volumes, or restore from a snapshot), then drop the old class once nothing uses it',
  },
  VolumeSnapshotClass: {
    paths: ['driver', 'parameters', 'deletionPolicy'],
    wayOut: 'add a snapshot class under a new name, point backups at it, then drop the old one',
  },
  Deployment: { paths: ['spec.selector'], wayOut: NEW_WORKLOAD },
  DaemonSet: { paths: ['spec.selector'], wayOut: NEW_WORKLOAD },
  ReplicaSet: { paths: ['spec.selector'], wayOut: NEW_WORKLOAD },
  StatefulSet: {
    paths: ['spec.selector', 'spec.serviceName', 'spec.podManagementPolicy', 'spec.volumeClaimTemplates'],
    wayOut:
      'delete the StatefulSet with `kubectl delete --cascade=orphan` (its pods and claims stay) and let the deployment re-create it; or run a new StatefulSet beside it and migrate the data',
  },
  Job: {
    paths: ['spec.selector', 'spec.template'],
    wayOut: 'give the Job a new name (a finished Job can also be deleted first)',
  },
  Service: {
    paths: ['spec.clusterIP', 'spec.clusterIPs'],
    wayOut: 'add a Service under a new name, move clients to it, then drop the old one',
  },
  PersistentVolumeClaim: {
    paths: ['spec.storageClassName', 'spec.accessModes', 'spec.volumeName', 'spec.volumeMode', 'spec.selector', 'spec.dataSource'],
    wayOut: 'add a claim under a new name, copy the data across (or restore a snapshot into it), point the workload at it',
  },
  RoleBinding: { paths: ['roleRef'], wayOut: 'add a binding under a new name, then drop the old one' },
  ClusterRoleBinding: { paths: ['roleRef'], wayOut: 'add a binding under a new name, then drop the old one' },
  CSIDriver: { paths: ['spec'], wayOut: 'the driver is installed by its add-on or chart: change it there' },
};

const IMMUTABLE_DATA: ImmutableRule = {
  paths: ['data', 'binaryData', 'stringData'],
  wayOut: 'an immutable ConfigMap or Secret is replaced by one under a new name that the workload then mounts',
};

/** The immutable fields that differ between two versions of an object, and the way out. */
export function immutableFieldChanges(
  before: Record<string, any>,
  after: Record<string, any>,
): { readonly fields: string[]; readonly wayOut: string } | undefined {
  const rule = (before.kind === 'ConfigMap' || before.kind === 'Secret') && before.immutable === true ? IMMUTABLE_DATA : RULES[before.kind];
  if (!rule || before.kind !== after.kind) return undefined;
  const fields = rule.paths.filter((path) => canonicalJson(at(before, path)) !== canonicalJson(at(after, path)));
  if (before.kind === 'PersistentVolumeClaim' && shrinks(before, after))
    fields.push('spec.resources.requests.storage (a claim can only grow)');
  return fields.length === 0 ? undefined : { fields, wayOut: rule.wayOut };
}

function at(object: Record<string, any>, path: string): unknown {
  return path.split('.').reduce<any>((value, key) => value?.[key], object);
}

/** A claim's requested size going down: Kubernetes only expands volumes. */
function shrinks(before: Record<string, any>, after: Record<string, any>): boolean {
  const size = (object: Record<string, any>) => parseQuantity(String(at(object, 'spec.resources.requests.storage') ?? ''));
  const [old, now] = [size(before), size(after)];
  return old !== undefined && now !== undefined && now < old;
}
