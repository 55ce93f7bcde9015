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

/** `path: old -> new`, with absent values named. */
export function describeChange(change: PropertyChange): string {
  const show = (value: unknown) => (value === undefined ? '(absent)' : asText(value));
  return `${change.path}: ${show(change.before)} -> ${show(change.after)}`;
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
