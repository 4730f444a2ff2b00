import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues } from './describe-issue';

function describeFailure(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be invalid');
  return describeIssues(result.error.issues, value, 'object');
}

describe('describeIssues', () => {
  const schema = z.object({
    metadata: z.object({ uid: z.string().min(1), labels: z.record(z.string(), z.string()).nullish() }),
    spec: z
      .object({
        grace: z.number().int().nullish(),
        port: z.union([z.number(), z.string()]).nullish(),
        kind: z.literal('Pod').optional(),
      })
      .optional(),
  });

  it('says a missing field is required, with its full path', () => {
    expect(describeFailure(schema, {})).toBe('object.metadata is required');
  });

  it('says an empty required string must not be empty', () => {
    expect(describeFailure(schema, { metadata: { uid: '' } })).toBe('object.metadata.uid must not be empty');
  });

  it('names the expected type and what was found', () => {
    expect(describeFailure(schema, { metadata: { uid: 'u', labels: { app: 3 } } })).toBe(
      'object.metadata.labels.app must be a string (found 3)',
    );
    expect(describeFailure(schema, { metadata: { uid: 'u' }, spec: { grace: 1.5 } })).toBe(
      'object.spec.grace must be an integer (found 1.5)',
    );
  });

  it('lists the types a union accepts', () => {
    expect(describeFailure(schema, { metadata: { uid: 'u' }, spec: { port: true } })).toBe(
      'object.spec.port must be a number or a string (found true)',
    );
  });

  it('names the literal a field must be', () => {
    expect(describeFailure(schema, { metadata: { uid: 'u' }, spec: { kind: 'Node' } })).toBe(
      'object.spec.kind must be "Pod" (found "Node")',
    );
  });

  it('counts the problems after the first', () => {
    expect(describeFailure(schema, { metadata: { uid: 1 }, spec: { grace: 'x', port: true } })).toBe(
      'object.metadata.uid must be a string (found 1) (and 2 more problems)',
    );
  });
});
