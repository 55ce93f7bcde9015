/**
 * Availability-zone letters per commercial region, so that config validation can reject an AZ
 * that is not in the environment's region without calling AWS. A region missing here is
 * rejected with the list of known ones; add it (with its AZ letters) to use it.
 */
export const AVAILABILITY_ZONE_LETTERS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
  'us-east-2': ['a', 'b', 'c'],
  'us-west-1': ['a', 'b', 'c'],
  'us-west-2': ['a', 'b', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'sa-east-1': ['a', 'b', 'c'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-west-2': ['a', 'b', 'c'],
  'eu-west-3': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
  'eu-central-2': ['a', 'b', 'c'],
  'eu-north-1': ['a', 'b', 'c'],
  'eu-south-1': ['a', 'b', 'c'],
  'eu-south-2': ['a', 'b', 'c'],
  'ap-south-1': ['a', 'b', 'c'],
  'ap-southeast-1': ['a', 'b', 'c'],
  'ap-southeast-2': ['a', 'b', 'c'],
  'ap-northeast-1': ['a', 'c', 'd'],
  'ap-northeast-2': ['a', 'b', 'c', 'd'],
  'ap-northeast-3': ['a', 'b', 'c'],
};

export function isKnownRegion(region: string): boolean {
  return Object.hasOwn(AVAILABILITY_ZONE_LETTERS, region);
}

/** The AZ names of a region, for instance `eu-west-1a`, `eu-west-1b`, `eu-west-1c`. */
export function availabilityZonesOf(region: string): string[] {
  return (AVAILABILITY_ZONE_LETTERS[region] ?? []).map((letter) => `${region}${letter}`);
}

/** The ARN partition of a region: `aws-cn` in China, `aws-us-gov` in GovCloud, `aws` elsewhere. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
