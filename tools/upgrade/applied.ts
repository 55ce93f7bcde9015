import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ChartRange } from '../../lib/upgrade/compatibility';
import type { KubernetesObject, SourcedObject } from '../../lib/upgrade/removed-apis';
import { helmTemplate } from '../helm-render';
import type { Template } from '../review/assembly';
import { appliedManifests, helmReleases } from '../review/kubernetes-objects';

export interface AppliedByPlatform {
  readonly objects: SourcedObject[];
  readonly charts: ChartRange[];
  /** Releases whose chart could not be read or rendered, and why (no ../shared, Helm refused). */
  readonly notRendered: string[];
}

/**
 * Everything one environment's templates apply: the authored manifests of its
 * KubernetesManifest resources, and each Helm release rendered with the published chart from
 * ../shared/charts for the target version (Helm itself refuses a chart whose kubeVersion excludes it).
 */
export function appliedByPlatform(
  templates: ReadonlyMap<string, Template>,
  sharedDir: string | undefined,
  kubeVersion: string,
): AppliedByPlatform {
  const objects: SourcedObject[] = [];
  const charts: ChartRange[] = [];
  const notRendered: string[] = [];
  for (const [stack, template] of templates) {
    for (const manifest of appliedManifests(stack, template))
      for (const object of manifest.objects.values())
        objects.push({ source: `${stack}/${manifest.logicalId}`, object: object as KubernetesObject });
    for (const release of helmReleases(stack, template)) {
      const chart = release.chart.split('/').pop()!;
      const chartDir = sharedDir ? join(sharedDir, 'charts', `${chart}-${release.version}`) : undefined;
      if (!chartDir || !existsSync(join(chartDir, 'Chart.yaml'))) {
        notRendered.push(`${release.key}: chart ${chart} ${release.version} is not in ../shared/charts (set PLATFORM_SHARED_DIR)`);
        continue;
      }
      const chartYaml = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { kubeVersion?: string };
      charts.push({ chart, version: release.version, kubeVersion: chartYaml.kubeVersion });
      try {
        const [namespace, name] = release.key.split('/');
        const values = typeof release.values === 'object' && release.values !== null ? release.values : {};
        for (const object of helmTemplate(chartDir, name, namespace, values, kubeVersion))
          objects.push({ source: `chart ${chart} ${release.version}`, object: object as KubernetesObject });
      } catch (error) {
        const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message);
        notRendered.push(`${release.key}: helm template failed: ${stderr.split('\n').find((line) => line.trim()) ?? 'no output'}`);
      }
    }
  }
  return { objects, charts, notRendered };
}
