/** Pure IPv4 CIDR arithmetic, used by config validation and subnet planning. No CDK here. */

export interface Ipv4Block {
  /** The address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything that is not a well-formed IPv4 CIDR. */
export function parseCidr(cidr: string): Ipv4Block | undefined {
  const match = CIDR_PATTERN.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32) return undefined;
  const base = octets.reduce((address, octet) => address * 256 + octet, 0);
  return { base, prefixLength };
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/** True when the address is the first address of its block (`10.0.0.0/16`, not `10.0.1.0/16`). */
export function isNetworkAddress(block: Ipv4Block): boolean {
  return block.base % blockSize(block.prefixLength) === 0;
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  const aEnd = a.base + blockSize(a.prefixLength);
  const bEnd = b.base + blockSize(b.prefixLength);
  return a.base < bEnd && b.base < aEnd;
}

/** `a.b.c.d/n` for a block. */
export function formatCidr(block: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${block.prefixLength}`;
}
