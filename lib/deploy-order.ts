/**
 * The order CloudFormation creates a template's resources in, as far as the in-cluster platform is
 * concerned. CloudFormation starts a resource once everything it waits for exists: what it names
 * in DependsOn and what it references (Ref, Fn::GetAtt, Fn::Sub). Each kubectl custom resource (a
 * Helm release, a manifest, a patch) takes from seconds to minutes, so the longest chain of them
 * that must run one after another bounds how long the cluster stack takes to deploy.
 */

/** A CloudFormation template, as much of it as the dependency graph needs. */
export interface OrderedTemplate {
  readonly Resources?: Record<
    string,
    { readonly Type: string; readonly DependsOn?: string | readonly string[]; readonly Properties?: unknown }
  >;
}

/** The kubectl provider's custom resources (aws-eks-v2): each one a Lambda run of kubectl or helm. */
export const KUBECTL_RESOURCE_TYPE = /^Custom::AWSCDK-EKS-/;

/** What each resource waits for before CloudFormation creates it, by logical ID. */
export function waitsFor(template: OrderedTemplate): Map<string, Set<string>> {
  const resources = template.Resources ?? {};
  const graph = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const dependencies = new Set<string>([resource.DependsOn ?? []].flat());
    collectReferences(resource.Properties, dependencies);
    for (const dependency of dependencies) if (!(dependency in resources)) dependencies.delete(dependency);
    graph.set(id, dependencies);
  }
  return graph;
}

/**
 * The longest chain of kubectl custom resources that CloudFormation must create one after another
 * (each waits, directly or through other resources, for the one before), first to last.
 */
export function longestKubectlChain(template: OrderedTemplate): string[] {
  const resources = template.Resources ?? {};
  const graph = waitsFor(template);
  const chains = new Map<string, string[]>();
  const chainEndingAt = (id: string): string[] => {
    const known = chains.get(id);
    if (known) return known;
    chains.set(id, []); // a cycle cannot deploy; CloudFormation refuses it, so it never happens here
    let longest: string[] = [];
    for (const dependency of graph.get(id) ?? []) {
      const chain = chainEndingAt(dependency);
      if (chain.length > longest.length) longest = chain;
    }
    const chain = KUBECTL_RESOURCE_TYPE.test(resources[id].Type) ? [...longest, id] : longest;
    chains.set(id, chain);
    return chain;
  };
  let longest: string[] = [];
  for (const id of Object.keys(resources).sort()) {
    const chain = chainEndingAt(id);
    if (chain.length > longest.length) longest = chain;
  }
  return longest;
}

function collectReferences(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') into.add(inner);
    else if (key === 'Fn::GetAtt') into.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
    else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      if (typeof text === 'string') for (const match of text.matchAll(/\$\{([^}!.]+)[^}]*\}/g)) into.add(match[1]);
      if (Array.isArray(inner)) collectReferences(inner[1], into);
    } else collectReferences(inner, into);
  }
}
