/**
 * CloudFormation values as a reviewer reads them: intrinsics written out as `${Logical.Attr}`,
 * `${Ref}`, joins joined, so that the same value reads the same on both sides of a diff.
 */
export function resolveForDisplay(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveForDisplay);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = value[key] as any;
    if (key === 'Ref') return `\${${arg}}`;
    if (key === 'Fn::GetAtt') return `\${${(Array.isArray(arg) ? arg : String(arg).split('.')).join('.')}}`;
    if (key === 'Fn::Join') return (arg[1] as unknown[]).map((part) => asText(resolveForDisplay(part))).join(arg[0]);
    if (key === 'Fn::Sub') return typeof arg === 'string' ? arg : String(arg[0]);
    if (key === 'Fn::ImportValue') return `\${Import ${asText(resolveForDisplay(arg))}}`;
    // The OIDC issuer (IRSA trust conditions) is the provider ARN after ':oidc-provider/'.
    if (key === 'Fn::Select' && arg[1]?.['Fn::Split']?.[0] === ':oidc-provider/')
      return `\${issuer of ${asText(resolveForDisplay(arg[1]['Fn::Split'][1]))}}`;
    if (key === 'Fn::Select') return `\${Select ${arg[0]} of ${asText(resolveForDisplay(arg[1]))}}`;
    if (key === 'Fn::Split') return `\${Split on '${arg[0]}' of ${asText(resolveForDisplay(arg[1]))}}`;
    // No double quotes: the result often lands inside a JSON string (a manifest, Helm values).
    if (key.startsWith('Fn::')) return `\${${key.slice(4)} ${canonicalJson(resolveForDisplay(arg)).replace(/"/g, "'")}}`;
  }
  return Object.fromEntries(keys.map((key) => [key, resolveForDisplay(value[key])]));
}

/** A resolved value as one line of text. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : canonicalJson(value);
}

/** JSON with sorted keys, so equal values compare equal whatever order they were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value shortened for a table cell or a bullet. */
export function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
