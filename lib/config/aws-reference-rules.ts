import { isKnownRegion, partitionOf } from '../aws-regions';
import type { ParsedEnvironment } from './schema';

type Problem = (path: (string | number)[], message: string) => void;

/** The parts of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`) of the given service. */
function arnParts(arn: string, service: string): { partition: string; region: string; account: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== service) return undefined;
  return { partition: parts[1], region: parts[3], account: parts[4] };
}

/**
 * ARNs of resources the environment uses must be reachable from it:
 * - an ALB certificate is an ACM certificate in the load balancer's own region and account
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html;
 *   ACM certificates cannot be shared across accounts:
 *   https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html);
 * - an EBS key is in the volumes' region (KMS keys are regional; another account's key works
 *   when its key policy allows it: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html);
 * - every ARN is in the region's partition (aws, aws-cn, aws-us-gov).
 */
export function checkAwsReferences(env: ParsedEnvironment, problem: Problem): void {
  const partition = partitionOf(env.region);
  const accountKnown = /^\d{12}$/.test(env.account); // a malformed account is reported on its own field
  const check = (path: (string | number)[], arn: string, service: string, what: string, sameAccount: boolean) => {
    const parts = arnParts(arn, service);
    if (!parts) return; // the field's own format check reports it
    const wrong: string[] = [];
    if (parts.partition !== partition) wrong.push(`partition ${parts.partition}, not ${partition}`);
    if (isKnownRegion(env.region) && parts.region !== env.region) wrong.push(`region ${parts.region}, not ${env.region}`);
    if (sameAccount && accountKnown && parts.account !== env.account) wrong.push(`account ${parts.account}, not ${env.account}`);
    if (wrong.length > 0) problem(path, `"${arn}" is in ${wrong.join(' and ')}; ${what}`);
  };
  env.ingress.certificateArns.forEach((arn, index) =>
    check(
      ['ingress', 'certificateArns', index],
      arn,
      'acm',
      "the ALB needs an ACM certificate of this environment's account and region",
      true,
    ),
  );
  if (env.storage.ebsKmsKeyArn)
    check(['storage', 'ebsKmsKeyArn'], env.storage.ebsKmsKeyArn, 'kms', 'EBS volumes need a KMS key in their own region', false);
  for (const kind of ['roles', 'users'] as const)
    env.access[kind].forEach((principal, index) => {
      const parts = arnParts(principal.arn, 'iam');
      if (parts && parts.partition !== partition)
        problem(
          ['access', kind, index, 'arn'],
          `"${principal.arn}" is in partition ${parts.partition}, but ${env.region} is in ${partition}`,
        );
    });
}
