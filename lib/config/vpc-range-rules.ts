import { formatCidr, isNetworkAddress, overlaps, parseCidr } from '../ipv4';
import type { ParsedEnvironment } from './schema';

type Problem = (path: (string | number)[], message: string) => void;

/**
 * The VPC's range. AWS accepts block sizes from /16 to /28
 * (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html). Pods take VPC
 * addresses and reach peers through NAT, so the range must be private: RFC 1918
 * (https://datatracker.ietf.org/doc/html/rfc1918) or the shared space of RFC 6598
 * (100.64.0.0/10, https://datatracker.ietf.org/doc/html/rfc6598), which AWS also accepts. A
 * public range would shadow real internet addresses for every pod.
 */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

export function checkVpcRange(env: ParsedEnvironment, problem: Problem): void {
  const vpc = parseCidr(env.network.vpcCidr);
  if (!vpc || !isNetworkAddress(vpc)) return; // reported on the field itself
  if (vpc.prefixLength < 16 || vpc.prefixLength > 28) {
    problem(['network', 'vpcCidr'], `"${env.network.vpcCidr}" is /${vpc.prefixLength}; AWS allows VPC CIDRs from /16 to /28`);
    return;
  }
  const inside = PRIVATE_RANGES.some((range) => {
    const block = parseCidr(range)!;
    return overlaps(block, vpc) && block.prefixLength <= vpc.prefixLength;
  });
  if (!inside)
    problem(
      ['network', 'vpcCidr'],
      `"${formatCidr(vpc)}" is not a private range; use one inside ${PRIVATE_RANGES.join(', ')} (RFC 1918 or RFC 6598)`,
    );
}
