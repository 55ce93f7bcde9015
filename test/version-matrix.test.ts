import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBERNETES_RELEASES } from '../lib/config/version-matrix';

const packageJson = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8'));

describe.each(KUBERNETES_RELEASES.map((release) => [release.kubernetesVersion, release] as const))('Kubernetes %s', (version, release) => {
  test('pins every EKS add-on to an exact eksbuild', () => {
    for (const build of Object.values(release.addons)) expect(build).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
  });

  test('kube-proxy follows the Kubernetes minor version', () => {
    expect(release.addons['kube-proxy']).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.`));
  });

  test('pins every Helm chart to an exact version from a fixed repository', () => {
    for (const pin of Object.values(release.helmCharts)) {
      expect(pin.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pin.repository).toMatch(/^(https|oci):\/\//);
    }
  });

  test('its kubectl layer is a pinned dependency named for the version', () => {
    expect(release.kubectlLayerPackage).toBe(`@aws-cdk/lambda-layer-kubectl-v${version.split('.')[1]}`);
    expect(packageJson.dependencies[release.kubectlLayerPackage]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

test('versions are consecutive minors, so every environment can upgrade one step at a time', () => {
  const minors = KUBERNETES_RELEASES.map((release) => Number(release.kubernetesVersion.split('.')[1]));
  minors.slice(1).forEach((minor, index) => expect(minor).toBe(minors[index] + 1));
});
