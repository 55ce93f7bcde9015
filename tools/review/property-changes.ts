import { diffLines } from 'diff';
import { asText, canonicalJson, isObject } from './display';

/** One changed property, by dotted path, with its old and new value (undefined: absent). */
export interface PropertyChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * The leaf-level differences between two values: objects are compared key by key, arrays of the
 * same length item by item (`items[2].name`); anything else that differs is one change.
 */
export function propertyChanges(before: unknown, after: unknown, path = ''): PropertyChange[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => propertyChanges(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length)
    return before.flatMap((item, index) => propertyChanges(item, after[index], `${path}[${index}]`));
  return [{ path: path || '(whole value)', before, after }];
}

/** `path: old -> new`, with absent values named; a list of names or numbers as what it gains and loses. */
export function describeChange(change: PropertyChange): string {
  const members = membershipChange(change.before, change.after);
  if (members) return `${change.path}: ${members}`;
  const show = (value: unknown) => (value === undefined ? '(absent)' : asText(value));
  return `${change.path}: ${show(change.before)} -> ${show(change.after)}`;
}

/**
 * `adds a, b; drops c` for two lists of scalars (disabled services, subnet IDs, ports): a long list
 * that changes by one item would otherwise print as two long lists, cut off before the difference.
 */
function membershipChange(before: unknown, after: unknown): string | undefined {
  if (!Array.isArray(before) || !Array.isArray(after)) return undefined;
  const scalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (![...before, ...after].every(scalar)) return undefined;
  const added = after.filter((item) => !before.includes(item));
  const dropped = before.filter((item) => !after.includes(item));
  if (added.length === 0 && dropped.length === 0) return undefined; // only the order changed: show both
  const list = (items: unknown[]) => items.map((item) => asText(item)).join(', ');
  return [added.length > 0 ? `adds ${list(added)}` : '', dropped.length > 0 ? `drops ${list(dropped)}` : ''].filter(Boolean).join('; ');
}

/** For a multi-line text value (a YAML document in a ConfigMap, say): the lines removed and added. */
export function changedLines(change: PropertyChange): string[] | undefined {
  const { before, after } = change;
  if (typeof before !== 'string' || typeof after !== 'string' || !(before.includes('\n') || after.includes('\n'))) return undefined;
  return diffLines(before, after).flatMap((part) =>
    part.added || part.removed
      ? part.value
          .replace(/\n$/, '')
          .split('\n')
          .map((line) => `${part.added ? '+' : '-'} ${line}`)
      : [],
  );
}
