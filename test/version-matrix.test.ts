import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KUBERNETES_RELEASES } from '../lib/config/version-matrix';
import { CHARTS_DIR, chartFolder, NO_CHARTS_REASON } from './helpers/shared';

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

  test('every pin says where it was confirmed', () => {
    for (const [name, pin] of Object.entries(release.helmCharts))
      expect([name, pin.confirmedAt]).toEqual([name, expect.stringMatching(/\S/)]);
    expect(release.addonsConfirmedAt).toMatch(/describe-addon-versions/);
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

/** A pin must name a published chart: ../shared/charts holds every published chart we pin (CI always has it). */
const charts = KUBERNETES_RELEASES.flatMap((release) => Object.entries(release.helmCharts)).filter(
  ([, pin], index, all) => all.findIndex(([, other]) => other.chart === pin.chart && other.version === pin.version) === index,
);
if (!CHARTS_DIR) {
  test.skip(NO_CHARTS_REASON, () => undefined);
} else {
  test.each(charts.map(([name, pin]) => [name, pin.version, pin] as const))(
    'chart %s %s is published in ../shared/charts',
    (_name, _version, pin) => {
      const folder = chartFolder(pin);
      expect([folder, existsSync(folder)]).toEqual([folder, true]);
      const chartYaml = parse(readFileSync(join(folder, 'Chart.yaml'), 'utf8'));
      expect({ name: chartYaml.name, version: chartYaml.version }).toEqual({ name: pin.chart, version: pin.version });
    },
  );
}
