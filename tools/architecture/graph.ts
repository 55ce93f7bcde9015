/**
 * A picture of the platform from its templates: the resources that matter to a reader, grouped
 * (subnets, rules, access entries), the dependencies between them, laid out in columns by layer.
 */

type Resource = { Type: string; Properties?: any; DependsOn?: string | string[] };
type Template = { Resources: Record<string, Resource> };

export interface ArchitectureNode {
  readonly id: string;
  readonly label: string;
  /** 0 network, 1 control plane, 2 capacity and add-ons, 3 Helm releases, 4 cdk8s charts. */
  readonly column: number;
  readonly stack: 'Network' | 'Cluster';
}

export interface ArchitectureGraph {
  readonly nodes: readonly ArchitectureNode[];
  /** `[from, to]`: `to` is created after `from`. */
  readonly edges: readonly (readonly [string, string])[];
}

const COLUMN_TITLES = ['network', 'control plane', 'capacity and add-ons', 'Helm releases', 'cdk8s charts'];

/** Which node a resource belongs to, or undefined for resources the picture leaves out. */
function classify(logicalId: string, resource: Resource): Omit<ArchitectureNode, 'stack'> | undefined {
  const p = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::EC2::VPC':
      return { id: 'vpc', label: `VPC ${p.CidrBlock}`, column: 0 };
    case 'AWS::EC2::Subnet': {
      const type = (p.Tags ?? []).find((tag: { Key: string }) => tag.Key === 'aws-cdk:subnet-type')?.Value ?? 'other';
      return { id: `subnets-${type}`, label: `${type.toLowerCase()} subnets`, column: 0 };
    }
    case 'AWS::EC2::NatGateway':
      return { id: 'nat', label: 'NAT gateways', column: 0 };
    case 'AWS::EC2::VPCEndpoint':
      return { id: 'endpoints', label: 'VPC endpoints', column: 0 };
    case 'AWS::EC2::FlowLog':
      return { id: 'flowlogs', label: 'VPC flow logs', column: 0 };
    case 'AWS::EKS::Cluster':
      return { id: 'cluster', label: `EKS cluster ${p.Name} (${p.Version})`, column: 1 };
    case 'AWS::KMS::Key':
      return {
        id: `key-${logicalId}`,
        label: `KMS key: ${/platform secrets/i.test(p.Description) ? 'platform secrets' : /secrets/i.test(p.Description) ? 'Kubernetes secrets' : 'persistent volumes'}`,
        column: 1,
      };
    case 'AWS::SecretsManager::Secret':
      return { id: 'platform-secrets', label: 'Secrets Manager: platform secrets', column: 1 };
    case 'AWS::IAM::OIDCProvider':
      return { id: 'oidc', label: 'IAM OIDC provider (IRSA)', column: 1 };
    case 'AWS::EKS::AccessEntry':
      return { id: 'access-entries', label: 'EKS access entries', column: 1 };
    case 'AWS::EKS::Nodegroup':
      return { id: `nodegroup-${logicalId}`, label: 'system node group', column: 2 };
    case 'AWS::EKS::Addon':
      return { id: `addon-${p.AddonName}`, label: `add-on ${p.AddonName}`, column: 2 };
    case 'AWS::EKS::Capability':
      return { id: `capability-${p.Type}`, label: `EKS capability ${p.Type}`, column: 2 };
    case 'AWS::RDS::DBSubnetGroup':
      return { id: `db-subnets-${logicalId}`, label: `DB subnet group ${p.DBSubnetGroupName}`, column: 2 };
    case 'AWS::SQS::Queue':
      return { id: 'interruption-queue', label: 'Karpenter interruption queue', column: 2 };
    case 'AWS::Events::Rule':
      return { id: 'interruption-rules', label: 'EventBridge interruption rules', column: 2 };
    case 'Custom::AWSCDK-EKS-HelmChart':
      return { id: `helm-${p.Release}`, label: `Helm ${p.Release} ${p.Version}`, column: 3 };
    case 'Custom::AWSCDK-EKS-KubernetesResource':
      return { id: `manifest-${logicalId}`, label: `${friendlyName(logicalId)}: ${manifestLabel(p.Manifest)}`, column: 4 };
    case 'Custom::AWSCDK-EKS-KubernetesPatch':
      return { id: `patch-${logicalId}`, label: `patch ${p.ResourceName}`, column: 4 };
    default:
      return undefined;
  }
}

/** `TeamNamespacesA1B2C3D4` -> `team namespaces`. */
function friendlyName(logicalId: string): string {
  const words = logicalId
    .replace(/[0-9A-F]{8}$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ');
  // `StorageStorageClasses` is the StorageClasses manifest of the Storage construct.
  return (words[0] === words[1] ? words.slice(1) : words).join(' ');
}

/** `StorageClass ×2, VolumeSnapshotClass`: the kinds a manifest applies. */
function manifestLabel(manifest: unknown): string {
  const join = (manifest as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const text =
    typeof manifest === 'string' ? manifest : join![1].map((part) => (typeof part === 'string' ? part : 'deploy-time')).join(join![0]);
  const kinds = (JSON.parse(text) as { kind: string }[]).map((object) => object.kind);
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const parts = [...counts.entries()].map(([kind, count]) => (count > 1 ? `${kind} ×${count}` : kind));
  return parts.length > 2 ? `${parts.slice(0, 2).join(', ')}, …` : parts.join(', ');
}

/** Logical IDs a resource refers to: DependsOn, Ref and Fn::GetAtt. */
function dependenciesOf(resource: Resource): string[] {
  const ids = new Set<string>([resource.DependsOn ?? []].flat());
  const walk = (value: any): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if (typeof value.Ref === 'string') ids.add(value.Ref);
      if (Array.isArray(value['Fn::GetAtt'])) ids.add(value['Fn::GetAtt'][0]);
      Object.values(value).forEach(walk);
    }
  };
  walk(resource.Properties);
  return [...ids];
}

export function architectureGraph(network: Template, cluster: Template): ArchitectureGraph {
  const nodes = new Map<string, ArchitectureNode>();
  const nodeOf = new Map<string, string>(); // `${stack}/${logicalId}` -> node id
  for (const [stack, template] of [
    ['Network', network],
    ['Cluster', cluster],
  ] as const) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const node = classify(logicalId, resource);
      if (!node) continue;
      nodes.set(node.id, { ...node, stack });
      nodeOf.set(`${stack}/${logicalId}`, node.id);
    }
  }

  const edges = new Set<string>();
  for (const [stack, template] of [
    ['Network', network],
    ['Cluster', cluster],
  ] as const) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const to = nodeOf.get(`${stack}/${logicalId}`);
      if (!to) continue;
      for (const dependency of dependenciesOf(resource)) {
        const from = nodeOf.get(`${stack}/${dependency}`);
        if (from && from !== to) edges.add(`${from}>${to}`);
      }
    }
  }
  // The cluster and its nodes live in the private subnets of the other stack.
  if (nodes.has('subnets-Private')) for (const id of nodes.keys()) if (id === 'cluster') edges.add(`subnets-Private>${id}`);

  return { nodes: [...nodes.values()], edges: transitiveReduction([...edges].map((edge) => edge.split('>') as [string, string])) };
}

/** Drops every edge implied by a longer path, so the picture shows order without clutter. */
function transitiveReduction(edges: [string, string][]): [string, string][] {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const reachableWithout = (from: string, to: string): boolean => {
    const stack = (next.get(from) ?? []).filter((target) => target !== to);
    const seen = new Set<string>();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === to) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...(next.get(node) ?? []));
    }
    return false;
  };
  return edges.filter(([from, to]) => !reachableWithout(from, to)).sort((a, b) => a.join().localeCompare(b.join()));
}

/** Each node's depth in the dependency order: what is created first comes first in its column. */
function topologicalOrder(graph: ArchitectureGraph): Map<string, number> {
  const depth = new Map<string, number>(graph.nodes.map((node) => [node.id, 0]));
  for (let pass = 0; pass < graph.nodes.length; pass++)
    for (const [from, to] of graph.edges) depth.set(to, Math.max(depth.get(to)!, depth.get(from)! + 1));
  return depth;
}

const BOX = { width: 290, height: 30, gapY: 12, gapX: 70 };
/** The charts column is wider: its labels list what each manifest applies. */
const LAST_COLUMN_WIDTH = 420;
const boxWidth = (column: number) => (column === COLUMN_TITLES.length - 1 ? LAST_COLUMN_WIDTH : BOX.width);
const MARGIN = { top: 70, left: 30 };
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderSvg(graph: ArchitectureGraph, title: string): string {
  const order = topologicalOrder(graph);
  const columns = COLUMN_TITLES.map((_, column) =>
    graph.nodes
      .filter((node) => node.column === column)
      .sort((a, b) => order.get(a.id)! - order.get(b.id)! || a.label.localeCompare(b.label)),
  );
  const position = new Map<string, { x: number; y: number }>();
  columns.forEach((nodes, column) =>
    nodes.forEach((node, row) =>
      position.set(node.id, { x: MARGIN.left + column * (BOX.width + BOX.gapX), y: MARGIN.top + 30 + row * (BOX.height + BOX.gapY) }),
    ),
  );
  const height = MARGIN.top + 60 + Math.max(...columns.map((nodes) => nodes.length)) * (BOX.height + BOX.gapY);
  const width = MARGIN.left * 2 + (COLUMN_TITLES.length - 1) * (BOX.width + BOX.gapX) + LAST_COLUMN_WIDTH;
  const stackBox = (x: number, w: number, label: string) =>
    `<rect x="${x - 12}" y="${MARGIN.top - 8}" width="${w + 24}" height="${height - MARGIN.top - 10}" rx="10" class="stack"/><text x="${x - 4}" y="${height - 26}" class="stack-label">${escapeXml(label)}</text>`;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    '<style>.stack{fill:#f6f8fa;stroke:#d0d7de}.stack-label{fill:#57606a;font-size:12px;font-style:italic}.node{fill:#fff;stroke:#0969da;stroke-width:1.2}.col{font-weight:bold;fill:#24292f}.edge{fill:none;stroke:#8c959f;stroke-width:1}</style>',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8c959f"/></marker></defs>',
    `<text x="${MARGIN.left}" y="28" font-size="16" font-weight="bold">EKS platform: ${escapeXml(title)}, generated from the synthesized templates (npm run architecture)</text>`,
    stackBox(MARGIN.left, BOX.width, 'Network stack'),
    stackBox(MARGIN.left + BOX.width + BOX.gapX, width - 2 * MARGIN.left - BOX.width - BOX.gapX, 'Cluster stack'),
    ...COLUMN_TITLES.map(
      (name, column) =>
        `<text x="${MARGIN.left + column * (BOX.width + BOX.gapX)}" y="${MARGIN.top + 14}" class="col">${escapeXml(name)}</text>`,
    ),
  ];
  for (const [from, to] of graph.edges) {
    const [a, b] = [position.get(from)!, position.get(to)!];
    if (a.x === b.x) {
      // Within a column: a loop along the left edge, from the earlier box to the later one.
      const [y1, y2] = [a.y + BOX.height / 2, b.y + BOX.height / 2];
      const bulge = 14 + Math.min(40, Math.abs(y2 - y1) / 6);
      parts.push(`<path class="edge" marker-end="url(#arrow)" d="M${a.x},${y1} C${a.x - bulge},${y1} ${b.x - bulge},${y2} ${b.x},${y2}"/>`);
      continue;
    }
    const [x1, y1, x2, y2] = [a.x + BOX.width, a.y + BOX.height / 2, b.x, b.y + BOX.height / 2]; // only the last column is wider, and nothing leaves it
    const bend = Math.max(30, (x2 - x1) / 2);
    parts.push(`<path class="edge" marker-end="url(#arrow)" d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}"/>`);
  }
  for (const node of graph.nodes) {
    const { x, y } = position.get(node.id)!;
    parts.push(
      `<rect x="${x}" y="${y}" width="${boxWidth(node.column)}" height="${BOX.height}" rx="5" class="node"/><text x="${x + 8}" y="${y + 19}">${escapeXml(node.label)}</text>`,
    );
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}
