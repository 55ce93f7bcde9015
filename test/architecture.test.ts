import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { architectureSvg } from '../tools/architecture';

test('docs/architecture.svg is the picture of the current app (regenerate with npm run architecture)', () => {
  const svg = architectureSvg();
  expect(readFileSync(join(__dirname, '../docs/architecture.svg'), 'utf8')).toBe(svg);
  for (const label of [
    'VPC 10.130.0.0/16',
    'EKS cluster fx-prod-platform',
    'system node group',
    'add-on vpc-cni',
    'Helm karpenter 1.14.1',
    'karpenter node pools',
  ])
    expect(svg).toContain(label);
});
