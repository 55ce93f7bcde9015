import { z } from 'zod';

/**
 * The `tags` section: AWS tags on every resource of the environment, Karpenter's nodes included.
 * AWS's rules (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions):
 * keys of 1-128 and values of 0-256 Unicode letters, digits, spaces and `_ . : / = + - @`, and
 * no key starting with `aws:`. Karpenter's EC2NodeClass (CRD karpenter.k8s.aws_ec2nodeclasses,
 * spec.tags) refuses the keys it sets itself. At most 50 tags fit a resource, and the platform
 * and Karpenter add up to 10 of their own.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ALLOWED_CHARACTERS = 'letters, digits, spaces and _ . : / = + - @';
export const MAX_USER_TAGS = 40;

/** Keys someone else sets: refused so that a tag does not silently overwrite them. */
const RESERVED_KEYS: readonly { test: (key: string) => boolean; owner: string }[] = [
  { test: (key) => key.toLowerCase().startsWith('aws:'), owner: 'AWS reserves the aws: prefix' },
  { test: (key) => key === 'platform:environment', owner: 'the platform sets it to the environment name' },
  { test: (key) => key.startsWith('kubernetes.io/cluster'), owner: 'EKS and Karpenter own kubernetes.io/cluster/* tags' },
  { test: (key) => key === 'eks:eks-cluster-name', owner: 'EKS and Karpenter set it' },
  {
    test: (key) =>
      ['karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass', 'karpenter.sh/discovery'].includes(key),
    owner: 'Karpenter sets it on its nodes',
  },
];

export const tagsSchema = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  const entries = Object.entries(tags);
  if (entries.length > MAX_USER_TAGS)
    ctx.addIssue({
      code: 'custom',
      message: `has ${entries.length} tags; at most ${MAX_USER_TAGS} fit, since AWS allows 50 per resource and the platform and Karpenter add up to 10`,
    });
  for (const [key, value] of entries) {
    const at = (message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (key.length < 1 || key.length > 128) at(`the key must be 1-128 characters long, not ${key.length}`);
    else if (!TAG_CHARACTERS.test(key)) at(`the key "${key}" may only contain ${ALLOWED_CHARACTERS}`);
    const reserved = RESERVED_KEYS.find((rule) => rule.test(key));
    if (reserved) at(`"${key}" is a reserved tag key: ${reserved.owner}; choose another key`);
    if (typeof value !== 'string') continue;
    if (value.length > 256) at(`the value must be at most 256 characters long, not ${value.length}`);
    else if (!TAG_CHARACTERS.test(value)) at(`the value "${value}" may only contain ${ALLOWED_CHARACTERS}`);
  }
});
