import { describe, expect, it } from 'vitest';
import { isJsonObject } from './json-object';

describe('isJsonObject', () => {
  it('accepts an object, with or without fields', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ spec: { volumes: [] } })).toBe(true);
  });

  it('refuses null, arrays and every other JSON value', () => {
    for (const value of [null, [], [{}], 'pod', 1, true, undefined]) expect(isJsonObject(value)).toBe(false);
  });
});
