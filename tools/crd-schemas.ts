// Writes the openAPIV3Schema of every served version of every CRD in a folder as
// <group>_<version>_<kind>.json, so tests can validate manifests without the CRD files.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const [source, target] = process.argv.slice(2);
mkdirSync(target, { recursive: true });
for (const file of readdirSync(source).filter((name) => name.endsWith('.yaml'))) {
  for (const document of parseAllDocuments(readFileSync(join(source, file), 'utf8'))) {
    const crd = document.toJS() as CustomResourceDefinition | undefined;
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions.filter((candidate) => candidate.served)) {
      const name = `${crd.spec.group}_${version.name}_${crd.spec.names.kind}.json`;
      writeFileSync(join(target, name), JSON.stringify(version.schema.openAPIV3Schema, null, 2) + '\n');
    }
  }
}

interface CustomResourceDefinition {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema: { openAPIV3Schema: object } }[] };
}
