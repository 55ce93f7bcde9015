import { ENI_LIMITS, maxPods } from '../lib/max-pods';

describe('max pods per instance type', () => {
  // Secondary-IP figures match EKS's eni-max-pods.txt for these types.
  test.each([
    ['t3.medium', 17, 110],
    ['t3a.medium', 17, 110],
    ['m5.large', 29, 110],
    ['c5.large', 29, 110],
    ['m6i.large', 29, 110],
    ['m6i.xlarge', 58, 110],
    ['m5.4xlarge', 234, 110],
  ])('%s: %i pods, %i with prefix delegation', (type, secondaryIp, withPrefixes) => {
    expect(maxPods(ENI_LIMITS[type], false)).toBe(secondaryIp);
    expect(maxPods(ENI_LIMITS[type], true)).toBe(withPrefixes);
  });

  test('non-Nitro types have secondary IPs only', () => {
    expect(maxPods(ENI_LIMITS['m4.large'], false)).toBe(20);
    expect(() => maxPods(ENI_LIMITS['m4.large'], true)).toThrow('prefix delegation needs a Nitro instance type');
  });

  test('prefix delegation is capped at 250 from 30 vCPUs up', () => {
    expect(maxPods({ maxEnis: 15, ipv4PerEni: 50, vcpus: 96, nitro: true }, true)).toBe(250);
    expect(maxPods({ maxEnis: 15, ipv4PerEni: 50, vcpus: 96, nitro: true }, false)).toBe(737);
  });

  test('a small Nitro type below the cap gets 16 addresses per slot', () => {
    expect(maxPods({ maxEnis: 2, ipv4PerEni: 2, vcpus: 1, nitro: true }, true)).toBe(2 * 1 * 16 + 2);
  });
});
