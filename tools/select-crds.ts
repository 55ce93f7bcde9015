// Copies the CRDs of the named kinds from a multi-document file, keeping only the versions the API
// server serves and, where several are served, the storage version: `cdk8s import` then types
// exactly what the platform applies (Flux's notification CRDs still serve v1beta2 beside v1beta3).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';

interface Crd {
  kind: string;
  spec: { names: { kind: string }; versions: { served: boolean; storage: boolean }[] };
}

const [source, target, ...kinds] = process.argv.slice(2);
const crds = parseAllDocuments(readFileSync(source, 'utf8'))
  .map((document) => document.toJS() as Crd | null)
  .filter((crd): crd is Crd => crd?.kind === 'CustomResourceDefinition' && kinds.includes(crd.spec.names.kind));
if (crds.length !== kinds.length) throw new Error(`${source}: found ${crds.length} of the kinds ${kinds.join(', ')}`);
for (const crd of crds) crd.spec.versions = crd.spec.versions.filter((version) => version.served && version.storage);
writeFileSync(target, crds.map((crd) => stringify(crd)).join('---\n'));
