import { z } from 'zod';

/**
 * Kubernetes label keys and values (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set,
 * apimachinery's IsQualifiedName and IsValidLabelValue), and the label domains Karpenter
 * reserves on NodePools.
 */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label or taint key is not a Kubernetes qualified name, or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    return `"${key}" has an invalid prefix: it must be a lowercase DNS subdomain of at most 253 characters, such as example.com/`;
  if (name.length > 63 || !NAME.test(name))
    return `"${key}" is not a Kubernetes label key: the name part must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  return undefined;
}

export const labelKey = z.string().superRefine((key, ctx) => {
  const problem = qualifiedNameProblem(key);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const labelValue = z
  .string()
  .regex(
    /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
    "is not a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
  )
  .max(63, 'is not a Kubernetes label value: at most 63 characters');

/**
 * Labels Karpenter refuses on a NodePool's nodes. From its CRD (karpenter.sh_nodepools.yaml
 * 1.14.1, spec.template.metadata.labels validations): the karpenter.sh domain except
 * karpenter.sh/capacity-type, kubernetes.io/hostname, and the karpenter.k8s.aws domain except
 * the labels listed below. From its runtime validation (kubernetes-sigs/karpenter
 * pkg/apis/v1/labels.go, RestrictedLabelDomains and LabelDomainExceptions): the kubernetes.io and
 * k8s.io domains, except node.kubernetes.io, node-restriction.kubernetes.io and kops.k8s.io,
 * and the well-known labels Karpenter sets from the instance itself.
 */
const KARPENTER_AWS_LABELS = [
  'instance-tenancy',
  'capacity-reservation-type',
  'capacity-reservation-id',
  'capacity-reservation-interruptible',
  'ec2nodeclass',
  'instance-encryption-in-transit-supported',
  'nitro-sandbox',
  'instance-category',
  'instance-hypervisor',
  'instance-family',
  'instance-generation',
  'instance-local-nvme',
  'instance-size',
  'instance-cpu',
  'instance-cpu-manufacturer',
  'instance-cpu-sustained-clock-speed-mhz',
  'instance-memory',
  'instance-ebs-bandwidth',
  'instance-network-bandwidth',
  'instance-gpu-name',
  'instance-gpu-manufacturer',
  'instance-gpu-count',
  'instance-gpu-memory',
  'instance-accelerator-name',
  'instance-accelerator-manufacturer',
  'instance-accelerator-count',
  'instance-capability-flex',
  'placement-group-id',
  'placement-group-partition',
].map((name) => `karpenter.k8s.aws/${name}`);

const WELL_KNOWN_LABELS = [
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'node.kubernetes.io/windows-build',
];

const domainOf = (key: string) => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
const inDomain = (domain: string, parent: string) => domain === parent || domain.endsWith(`.${parent}`);

/** Why Karpenter would refuse this NodePool label, or undefined when it accepts it. */
export function karpenterLabelProblem(key: string): string | undefined {
  const domain = domainOf(key);
  if (WELL_KNOWN_LABELS.includes(key) || key === 'karpenter.sh/nodepool' || key === 'kubernetes.io/hostname')
    return `"${key}" is set by Karpenter itself; select on it with requirements instead of setting it`;
  if (inDomain(domain, 'karpenter.sh') && key !== 'karpenter.sh/capacity-type')
    return `"${key}" is in the karpenter.sh domain, which Karpenter reserves (only karpenter.sh/capacity-type may be set)`;
  if (inDomain(domain, 'karpenter.k8s.aws') && !KARPENTER_AWS_LABELS.includes(key))
    return `"${key}" is in the karpenter.k8s.aws domain, which Karpenter reserves except for its well-known instance labels`;
  const excepted = ['node.kubernetes.io', 'node-restriction.kubernetes.io', 'kops.k8s.io'].some((allowed) => inDomain(domain, allowed));
  if (!excepted && (inDomain(domain, 'kubernetes.io') || inDomain(domain, 'k8s.io')))
    return `"${key}" is in a domain Karpenter reserves (kubernetes.io, k8s.io); use your own domain, or node.kubernetes.io or node-restriction.kubernetes.io`;
  return undefined;
}
