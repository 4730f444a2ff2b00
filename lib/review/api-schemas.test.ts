import { describe, expect, it } from 'vitest';
import { answerOf, episodesAnswerSchema, importAnswerSchema, problemOf, rangeSizeAnswerSchema } from './api-schemas';

const EPISODE = {
  id: 'live~1~2~abc',
  kind: 'rollout',
  title: 'shop Deployment/web',
  namespace: 'shop',
  workload: 'Deployment/web',
  node: null,
  from: 1,
  to: 2,
  podCount: 4,
  podUids: ['a', 'b', 'c', 'd'],
  worstGap: { kind: 'killedAtDeadline', severity: 'critical', podUid: 'a', durationMs: 2000 },
};

describe('history API answers', () => {
  it('reads an episode list', () => {
    expect(answerOf(episodesAnswerSchema, JSON.stringify({ episodes: [EPISODE] }))).toEqual({
      ok: true,
      value: { episodes: [EPISODE] },
    });
  });

  it('turns an answer of another shape into a problem', () => {
    const answer = answerOf(
      episodesAnswerSchema,
      JSON.stringify({ episodes: [{ ...EPISODE, worstGap: { ...EPISODE.worstGap, kind: 'nonsense' } }] }),
    );
    expect(answer).toEqual({ ok: false, problem: { message: expect.stringContaining('shape'), line: null } });
    expect(answerOf(importAnswerSchema, '<html>')).toMatchObject({ ok: false });
  });

  it('reads the error and the line of a refused import', () => {
    expect(problemOf(400, JSON.stringify({ error: 'nothing was imported: line 3: not valid JSON', line: 3 }))).toEqual({
      message: 'nothing was imported: line 3: not valid JSON',
      line: 3,
    });
    expect(problemOf(503, JSON.stringify({ error: 'the recording store is off', line: null }))).toEqual({
      message: 'the recording store is off',
      line: null,
    });
  });

  it('reads the size of a range, with or without the stretches that fit', () => {
    const size = {
      range: { source: 0, from: 1, to: 9 },
      lines: 12,
      limit: 10,
      fitting: { first: { from: 1, to: 4 }, last: null },
    };
    expect(answerOf(rangeSizeAnswerSchema, JSON.stringify(size))).toEqual({ ok: true, value: size });
    expect(answerOf(rangeSizeAnswerSchema, JSON.stringify({ ...size, lines: 3, fitting: null }))).toMatchObject({
      ok: true,
    });
    expect(answerOf(rangeSizeAnswerSchema, JSON.stringify({ range: size.range, lines: '12' }))).toMatchObject({
      ok: false,
    });
  });

  it('says what it can when the error has no body it knows', () => {
    expect(problemOf(413, '<html>Request Entity Too Large</html>').message).toContain('larger than the server accepts');
    expect(problemOf(502, '')).toEqual({ message: 'the server answered 502 without an explanation', line: null });
    expect(problemOf(0, '').message).toContain('could not be reached');
  });
});
