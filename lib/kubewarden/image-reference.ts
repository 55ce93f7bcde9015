/**
 * An image reference as container runtimes (and Kubewarden's trusted-repos module, through the
 * OCI distribution spec) read it: a first path component with a dot, a colon or `localhost` is a
 * registry host, anything else lives on Docker Hub; no tag means `latest`, even with a digest.
 */
export interface ImageReference {
  readonly registry: string;
  readonly repository: string;
  /** `latest` where the reference names none. */
  readonly tag: string;
  readonly digest?: string;
}

export function parseImageReference(image: string): ImageReference {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const [first, ...path] = rest.split('/');
  const hasRegistry = path.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const repository = hasRegistry ? path.join('/') : path.length === 0 ? `library/${first}` : rest;
  return { registry, repository, tag: tag ?? 'latest', ...(digest ? { digest } : {}) };
}

/** trusted-repos' matchers: exact, or a wildcard pattern (`*` any run of characters, `?` one). */
export function matchesPattern(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}
