import * as ec2 from 'aws-cdk-lib/aws-ec2';

export type AmiFamily = 'AL2023' | 'BOTTLEROCKET';

/**
 * Launch-template user data that states the kubelet's max pods, which EKS managed node groups
 * merge with their own bootstrap settings: a nodeadm NodeConfig part for AL2023, a TOML setting
 * for Bottlerocket. On AL2023 EKS's own NodeConfig also computes max pods, and may take
 * precedence; ours makes the platform's figure explicit and reviewable either way.
 */
export function maxPodsUserData(amiFamily: AmiFamily, maxPods: number): ec2.UserData {
  if (amiFamily === 'BOTTLEROCKET') return ec2.UserData.custom(`[settings.kubernetes]\nmax-pods = ${maxPods}\n`);
  const boundary = 'PLATFORM-NODECONFIG';
  return ec2.UserData.custom(
    [
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: application/node.eks.aws',
      '',
      '---',
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      'spec:',
      '  kubelet:',
      '    config:',
      `      maxPods: ${maxPods}`,
      '',
      `--${boundary}--`,
      '',
    ].join('\n'),
  );
}
