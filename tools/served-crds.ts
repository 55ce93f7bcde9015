// Copies a CRD file keeping only the versions the API server serves, so that `cdk8s import`
// types what can be applied (External Secrets' CRDs still carry the unserved v1beta1).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';

const [source, target] = process.argv.slice(2);
const crds = parseAllDocuments(readFileSync(source, 'utf8'))
  .map((document) => document.toJS() as { spec: { versions: { served: boolean }[] } } | null)
  .filter((crd) => crd !== null);
for (const crd of crds) crd.spec.versions = crd.spec.versions.filter((version) => version.served);
writeFileSync(target, crds.map((crd) => stringify(crd)).join('---\n'));
