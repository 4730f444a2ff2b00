import { describe, expect, it } from 'vitest';
import { fieldMatcher, labelMatcher, parseFieldSelector } from './selectors';
import { StatusError } from './status';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };

  it('match equality, inequality and set membership, ANDed by commas', () => {
    expect(labelMatcher('app=web')(labels)).toBe(true);
    expect(labelMatcher('app==web,tier=front')(labels)).toBe(true);
    expect(labelMatcher('app=web,tier=back')(labels)).toBe(false);
    expect(labelMatcher('app!=db')(labels)).toBe(true);
    expect(labelMatcher('tier in (back, front)')(labels)).toBe(true);
    expect(labelMatcher('tier notin (front),app=web')(labels)).toBe(false);
  });

  it('match existence and absence, and treat a missing label as not equal', () => {
    expect(labelMatcher('app')(labels)).toBe(true);
    expect(labelMatcher('!app')(labels)).toBe(false);
    expect(labelMatcher('!missing')(labels)).toBe(true);
    expect(labelMatcher('missing!=x')(labels)).toBe(true);
    expect(labelMatcher('app=web')(undefined)).toBe(false);
  });

  it('compare integers with > and <', () => {
    expect(labelMatcher('version>2')(labels)).toBe(true);
    expect(labelMatcher('version<3')(labels)).toBe(false);
  });

  it('select everything when empty', () => {
    expect(labelMatcher('')(undefined)).toBe(true);
    expect(labelMatcher(null)(labels)).toBe(true);
  });

  it('reject malformed selectors with a 400 BadRequest', () => {
    expect(() => labelMatcher('app=web,')).toThrow(StatusError);
    expect(() => labelMatcher('a b=c')).toThrow(StatusError);
  });
});

describe('field selectors', () => {
  const event = { metadata: { name: 'e1', namespace: 'default' }, involvedObject: { uid: 'u-1' } };

  it('match =, == and != on the declared fields, a missing field being empty', () => {
    const supported = ['metadata.name', 'involvedObject.uid', 'reason'];
    expect(fieldMatcher(parseFieldSelector('involvedObject.uid=u-1', supported))(event)).toBe(true);
    expect(fieldMatcher(parseFieldSelector('metadata.name==e1,involvedObject.uid!=u-1', supported))(event)).toBe(false);
    expect(fieldMatcher(parseFieldSelector('reason=', supported))(event)).toBe(true);
  });

  it('reject fields the resource does not declare, as the apiserver does', () => {
    expect(() => parseFieldSelector('spec.foo=bar', ['metadata.name'])).toThrow('field label not supported: spec.foo');
  });
});
