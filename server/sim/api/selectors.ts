/**
 * Label and field selectors as the apiserver parses them (apimachinery `pkg/labels/selector.go`,
 * `pkg/fields/selector.go`). Requirements are ANDed; a parse error is a 400 BadRequest.
 */
import { badRequest } from './status';

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type Labels = Record<string, string> | undefined;
export type LabelMatcher = (labels: Labels) => boolean;

const keyPattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const valuePattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

/** Splits on commas that are not inside a `( )` value set. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map((part) => part.trim());
}

function checkKey(key: string, source: string): string {
  if (!keyPattern.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${source}"`);
  return key;
}

function checkValue(value: string, source: string): string {
  if (!valuePattern.test(value))
    throw badRequest(`unable to parse requirement: invalid label value "${value}" in "${source}"`);
  return value;
}

function parseRequirement(part: string): LabelRequirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = set[3]!.split(',').map((value) => checkValue(value.trim(), part));
    return { key: checkKey(set[1]!, part), op: set[2] as 'in' | 'notin', values };
  }
  const binary = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(part);
  if (binary) {
    const key = checkKey(binary[1]!, part);
    const value = binary[3]!.trim();
    if (binary[2] === '<' || binary[2] === '>') {
      const number = Number(value);
      if (value === '' || !Number.isInteger(number))
        throw badRequest(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer in "${part}"`,
        );
      return { key, op: binary[2] === '>' ? 'gt' : 'lt', value: number };
    }
    checkValue(value, part);
    return binary[2] === '!=' ? { key, op: 'notin', values: [value] } : { key, op: 'in', values: [value] };
  }
  if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), part), op: 'doesnotexist' };
  return { key: checkKey(part, part), op: 'exists' };
}

export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (!selector || selector.trim() === '') return [];
  return splitTopLevel(selector).map((part) => {
    if (part === '') throw badRequest(`unable to parse requirement: empty requirement in "${selector}"`);
    return parseRequirement(part);
  });
}

function matchesRequirement(requirement: LabelRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.op) {
    case 'exists':
      return has;
    case 'doesnotexist':
      return !has;
    case 'in':
      return has && requirement.values.includes(value!);
    case 'notin':
      return !has || !requirement.values.includes(value!);
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      return requirement.op === 'gt' ? Number(value) > requirement.value : Number(value) < requirement.value;
    }
  }
}

export function labelMatcher(selector: string | null | undefined): LabelMatcher {
  const requirements = parseLabelSelector(selector);
  if (requirements.length === 0) return () => true;
  return (labels) => requirements.every((requirement) => matchesRequirement(requirement, labels));
}

export interface FieldRequirement {
  field: string;
  value: string;
  equal: boolean;
}

/** Field selectors only know `=`, `==` and `!=` on the fields a resource declares (400 for any other field). */
export function parseFieldSelector(
  selector: string | null | undefined,
  supported: readonly string[],
): FieldRequirement[] {
  if (!selector || selector.trim() === '') return [];
  return selector.split(',').map((raw) => {
    const part = raw.trim();
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!match) throw badRequest(`invalid field selector: "${part}"`);
    const field = match[1]!;
    if (!supported.includes(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, value: match[3]!.trim(), equal: match[2] !== '!=' };
  });
}

/** Reads a dotted field path; a missing field compares as the empty string, as the registries' field sets do. */
export function fieldValue(object: unknown, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'string' ? current : String(current);
}

export function fieldMatcher(requirements: FieldRequirement[]): (object: unknown) => boolean {
  if (requirements.length === 0) return () => true;
  return (object) =>
    requirements.every(
      (requirement) => (fieldValue(object, requirement.field) === requirement.value) === requirement.equal,
    );
}
