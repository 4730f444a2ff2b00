/**
 * Turns a zod issue into plain words with the field path, e.g. `object.metadata.uid is required`. zod's own
 * messages ("Invalid input: expected string, received undefined") are written for developers; a recording may
 * come from anyone's script, so the reader says which field and what it should be.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

export function describeIssue(issue: Issue, root: unknown, rootName: string): string {
  const field = formatPath(rootName, issue.path);
  const found = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return `${field} is required`;
      return `${field} must be ${withArticle(issue.expected)} (found ${describeValue(found)})`;
    case 'invalid_value':
      return `${field} must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')} (found ${describeValue(found)})`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return `${field} must not be empty`;
      return `${field} is too small (${issue.message})`;
    case 'invalid_union': {
      const expected = unionExpectations(issue.errors);
      if (found === undefined) return `${field} is required`;
      if (expected.length > 0)
        return `${field} must be ${expected.map(withArticle).join(' or ')} (found ${describeValue(found)})`;
      return `${field} is invalid (${issue.message})`;
    }
    case 'custom':
      // Custom checks in this module phrase their message as a predicate ("must be an ISO-8601 time ...").
      return `${field} ${issue.message} (found ${describeValue(found)})`;
    default:
      return `${field} is invalid (${issue.message})`;
  }
}

/** Appended when zod reported more than one problem: the first is named, the rest counted. */
export function describeIssues(issues: readonly Issue[], root: unknown, rootName: string): string {
  const [first] = issues;
  if (first === undefined) return `${rootName} is invalid`;
  const more = issues.length - 1;
  const suffix = more === 0 ? '' : more === 1 ? ' (and 1 more problem)' : ` (and ${more} more problems)`;
  return describeIssue(first, root, rootName) + suffix;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}...` : JSON.stringify(value);
  return String(value);
}

function formatPath(rootName: string, path: readonly PathKey[]): string {
  let text = rootName;
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || typeof key === 'symbol') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The branch types of a union whose every branch failed at its own root (e.g. a port: number or string). */
function unionExpectations(branches: readonly (readonly Issue[])[]): string[] {
  const expected: string[] = [];
  for (const branch of branches) {
    const [issue] = branch;
    if (issue === undefined || issue.code !== 'invalid_type' || issue.path.length > 0) return [];
    expected.push(issue.expected);
  }
  return expected;
}

function withArticle(type: string): string {
  if (type === 'int') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
