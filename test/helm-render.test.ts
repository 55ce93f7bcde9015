import { existsSync } from 'node:fs';
import { ENVIRONMENTS } from '../lib/config/environments';
import type { EnvironmentInput } from '../lib/config/schema';
import { KUBERNETES_RELEASES } from '../lib/config/version-matrix';
import { FIXTURES, prodFixture } from './fixtures/environments';
import { CrdValidator, typeOf } from './helpers/crd-validation';
import type { RenderedObject, Rendering } from './helpers/helm';
import { identity, missingDependencies, renderChart } from './helpers/helm';
import type { TemplateHelmRelease } from './helpers/helm-releases';
import { helmReleasesOf } from './helpers/helm-releases';
import { appliedObjects, schemaProblems } from './helpers/manifests';
import type { PodSecurityLevel } from './helpers/pod-security';
import { podSecurityProblems, podTemplateOf } from './helpers/pod-security';
import { RELEASE_EFFECTS } from './helpers/release-effects';
import { isCrdUpgradeHook, replicatedWorkloads } from './helpers/rendered-workloads';
import { CHARTS_DIR, chartFolder, NO_CHARTS_REASON } from './helpers/shared';
import { onlyResource, synthEnvironment, withOverrides } from './helpers/synth';

/**
 * Every Helm release of every environment (the fixtures, and the user's ENVIRONMENTS), rendered
 * with the published chart from ../shared/charts by the Helm of the cluster's kubectl layer, with
 * the values the template carries: it must render, validate, pass Pod Security, keep replicated
 * workloads behind a PDB, and show the values we set. Renders are shared (one per chart+values).
 */
const NEWEST_KUBERNETES = KUBERNETES_RELEASES[KUBERNETES_RELEASES.length - 1].kubernetesVersion;
const ENVIRONMENTS_TO_RENDER: EnvironmentInput[] = [
  ...FIXTURES,
  // The upgrade path: the newest Kubernetes version of the matrix, rendered by its own layer's Helm.
  withOverrides(prodFixture, { cluster: { kubernetesVersion: NEWEST_KUBERNETES } }),
  ...ENVIRONMENTS,
].filter((env, index, all) => all.findIndex((other) => labelOf(other) === labelOf(env)) === index);

function labelOf(env: EnvironmentInput): string {
  return `${env.name} (Kubernetes ${env.cluster.kubernetesVersion})`;
}

/** Pod Security Admission's default where a namespace carries no label (EKS sets no other). */
const UNLABELLED_NAMESPACE_LEVEL: PodSecurityLevel = 'privileged';

interface RenderedRelease {
  readonly release: TemplateHelmRelease;
  readonly rendering: Rendering;
}

if (!CHARTS_DIR) {
  test.skip(NO_CHARTS_REASON, () => undefined);
} else {
  describe.each(ENVIRONMENTS_TO_RENDER.map((env) => [labelOf(env), env] as const))('%s', (_, input) => {
    // Templates only: the cluster stack's region is the environment's, so no construct tree is built here.
    const { cluster: template } = synthEnvironment(input);
    const kubernetesVersion: string = onlyResource(template, 'AWS::EKS::Cluster').Version;
    const releases = helmReleasesOf(template, input.region);
    const appliedWithResource = appliedObjects(template);
    const applied = appliedWithResource.map(({ object }) => object as RenderedObject);
    // Started while the next environment synthesizes, so Helm works on the other core.
    const rendering = Promise.all(
      releases
        .filter((release) => existsSync(chartFolder(release)))
        .map(async (release) => ({
          release,
          rendering: await renderChart({
            chartDir: chartFolder(release),
            release: release.release,
            namespace: release.namespace,
            values: release.values,
            kubernetesVersion,
          }),
        })),
    );
    rendering.catch(() => undefined); // reported by beforeAll, not as an unhandled rejection
    let rendered: RenderedRelease[] = [];
    let crds: CrdValidator;

    // Generous: the machine may be busy; the renders themselves take about a second each.
    beforeAll(async () => {
      rendered = await rendering;
      crds = new CrdValidator(everyCrd());
    }, 120_000);

    /** Every CRD the environment's releases and manifests bring, from templates or crds/ folders. */
    const everyCrd = () =>
      [...rendered.flatMap(({ rendering }) => [...rendering.objects, ...rendering.crdsFolder]), ...applied].filter(
        (object) => object.kind === 'CustomResourceDefinition',
      );
    const everyObject = () => rendered.flatMap(({ release, rendering }) => rendering.objects.map((object) => ({ release, object })));

    test('finds the Helm releases in the template', () => {
      expect(releases.map((release) => release.release)).toEqual(
        expect.arrayContaining(['karpenter-crd', 'karpenter', 'aws-load-balancer-controller', 'kube-prometheus-stack']),
      );
    });

    test('every pinned chart is published: its folder is in ../shared/charts', () => {
      const unpublished = releases.filter((release) => !existsSync(chartFolder(release)));
      expect(unpublished.map((release) => `${release.release}: ${release.chart} ${release.version}`)).toEqual([]);
    });

    test('every release renders objects', () => {
      expect(rendered).toHaveLength(releases.length);
      for (const { release, rendering } of rendered)
        expect([release.release, rendering.objects.length > 0]).toEqual([release.release, true]);
    });

    test('every rendered object is valid against the Kubernetes schemas or the CRDs the charts install', () => {
      const problems = everyObject().flatMap(({ release, object }) => {
        const crdProblems = crds.problems(object);
        const found = crdProblems ?? schemaProblems(object as any);
        return found.map((problem) => `${release.release}: ${identity(object)}: ${problem}`);
      });
      expect(problems).toEqual([]);
    });

    test('the custom resources we apply validate against the CRDs the charts install', () => {
      // Kubernetes' own API groups are core (no dot) or end in k8s.io; everything else is a CRD's.
      const custom = applied.filter((object) => object.apiVersion.includes('.') && !/k8s\.io\//.test(object.apiVersion));
      expect(custom.flatMap((object) => (crds.problems(object) ?? []).map((problem) => `${identity(object)}: ${problem}`))).toEqual([]);
      // A chart copy in ../shared may lack CRDs its published package adds when it is built (the
      // external-secrets chart taken from its git tag): those kinds are checked against the schemas
      // tools/import-crds.sh committed, and a kind with neither fails.
      const unserved = custom.filter((object) => !crds.serves(object));
      expect(unserved.flatMap((object) => schemaProblems(object as any).map((problem) => `${identity(object)}: ${problem}`))).toEqual([]);
    });

    test('every pod passes the Pod Security level of its namespace', () => {
      const levels = new Map<string, PodSecurityLevel>(
        applied
          .filter((object) => object.kind === 'Namespace')
          .map((namespace) => [
            namespace.metadata.name,
            namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'] as PodSecurityLevel,
          ]),
      );
      const pods = everyObject().flatMap(({ release, object }) => {
        const template = podTemplateOf(object);
        const namespace = object.metadata.namespace ?? release.namespace;
        return template ? [{ object, template, namespace, level: levels.get(namespace) ?? UNLABELLED_NAMESPACE_LEVEL }] : [];
      });
      const problems = pods.flatMap(({ object, template, namespace, level }) =>
        podSecurityProblems(template.spec, level, template.metadata?.annotations).map(
          (problem) => `${identity(object)} in ${namespace} (${level}): ${problem}`,
        ),
      );
      expect(problems).toEqual([]);
      // Not vacuous: every release that lands in a labelled namespace had its pods checked.
      const labelled = releases.filter((release) => levels.has(release.namespace) && levels.get(release.namespace) !== 'privileged');
      for (const release of labelled) expect(pods.some(({ namespace }) => namespace === release.namespace)).toBe(true);
    });

    test('every workload with more than one replica has a PodDisruptionBudget', () => {
      const objects = everyObject().map(({ object }) => object);
      const budgets = objects.filter((object) => object.kind === 'PodDisruptionBudget');
      const unprotected = replicatedWorkloads(objects).filter(
        (workload) =>
          !budgets.some(
            (budget) =>
              (budget.metadata.namespace ?? '') === (workload.object.metadata.namespace ?? '') &&
              Object.entries(budget.spec.selector?.matchLabels ?? {}).every(([key, value]) => workload.podLabels[key] === value),
          ),
      );
      expect(unprotected.map((workload) => `${identity(workload.object)} (${workload.replicas} replicas)`)).toEqual([]);
    });

    test('no chart relies on its crds/ folder for a CRD the platform uses', () => {
      const used = new Set(
        [...everyObject().map(({ object }) => object), ...applied]
          .filter((object) => object.apiVersion.includes('.') && crds.serves(object))
          .map(typeOf),
      );
      const owned = new Set(
        [
          ...rendered.flatMap(({ rendering }) => rendering.objects),
          ...applied,
          // A release whose hook applies its crds/ folder server-side on every upgrade owns those CRDs.
          ...rendered.filter(({ rendering }) => rendering.objects.some(isCrdUpgradeHook)).flatMap(({ rendering }) => rendering.crdsFolder),
        ]
          .filter((object) => object.kind === 'CustomResourceDefinition')
          .flatMap((crd) => crd.spec.versions.map((version: any) => `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`)),
      );
      expect([...used].filter((type) => !owned.has(type))).toEqual([]);
    });

    test('releases and manifests that own CRDs are retained when they leave the template', () => {
      // Uninstalling a release deletes the CRDs in its templates, and with them every object of
      // their kinds; CRDs from crds/ folders or applied by hook Jobs are not the release's and stay.
      const crdOwners = rendered
        .filter(({ rendering }) => rendering.objects.some((object) => object.kind === 'CustomResourceDefinition'))
        .map(({ release }) => [release.release, release.deletionPolicy]);
      expect(crdOwners.length).toBeGreaterThanOrEqual(1);
      expect(crdOwners).toEqual(crdOwners.map(([name]) => [name, 'Retain']));
      const resources = template.toJSON().Resources;
      const crdManifests = [
        ...new Set(appliedWithResource.filter(({ object }) => object.kind === 'CustomResourceDefinition').map(({ resource }) => resource)),
      ];
      expect(crdManifests.length).toBeGreaterThanOrEqual(1);
      expect(crdManifests.map((id) => [id, resources[id].DeletionPolicy])).toEqual(crdManifests.map((id) => [id, 'Retain']));
    });

    test('the CRDs we apply are exactly those of the pinned charts', () => {
      const shipped = new Map(
        rendered.flatMap(({ rendering }) => rendering.crdsFolder).map((crd) => [crd.metadata.name, crd.spec] as const),
      );
      const ours = applied.filter((object) => object.kind === 'CustomResourceDefinition');
      expect(ours.length).toBeGreaterThan(0);
      for (const crd of ours) expect([crd.metadata.name, crd.spec]).toEqual([crd.metadata.name, shipped.get(crd.metadata.name)]);
    });

    // The published copy in ../shared should ship every dependency; say plainly what could not be rendered.
    for (const release of releases.filter((candidate) => existsSync(chartFolder(candidate))))
      for (const dependency of missingDependencies(chartFolder(release)))
        test.skip(`${release.release}: subchart ${dependency} is not in ../shared/charts/${release.chart}-${release.version}/charts, so it is not rendered`, () =>
          undefined);

    describe.each(Object.entries(RELEASE_EFFECTS))('the values of %s take effect', (chart, effects) => {
      test.each(effects.map((effect) => [effect.name, effect] as const))('%s', (_name, effect) => {
        const found = rendered.filter(({ release }) => release.chart === chart);
        for (const { release, rendering } of found) effect.check(release, rendering.objects, input);
      });
    });
  });
}
