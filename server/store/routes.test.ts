import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traceProblems } from '@/lib/report/trace-check';
import type { AnalysisJson } from '@/lib/timeline/analysis-json';
import { exportTimelinesResponse, importResponse, storeRouter } from './routes';
import { RecordingStore } from './store';
import { runtimeWithStore } from './testing/runtime-stub';

const SCENARIOS = path.join(import.meta.dirname, '../../fixtures/scenarios');

let store: RecordingStore;
beforeEach(() => {
  store = new RecordingStore({ file: ':memory:' });
});
afterEach(() => store.close());

describe('GET /api/export/timelines.json', () => {
  it('downloads, streamed, byte for byte what drainscope analyze --json prints for the same recording', async () => {
    const upload = gzipSync(fs.readFileSync(path.join(SCENARIOS, '01-no-prestop.ndjson')));
    const imported = await importResponse(
      new Request('http://drainscope.test/api/import', { method: 'POST', body: upload }),
      runtimeWithStore(store),
    );
    const { episode } = (await imported.json()) as { episode: string };
    const response = await exportTimelinesResponse(
      new Request(`http://drainscope.test/api/export/timelines.json?episode=${episode}`),
      runtimeWithStore(store),
      'json',
    );
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="drainscope-import-\d+-.*\.timelines\.json"$/,
    );
    expect(await response.text()).toBe(fs.readFileSync(path.join(SCENARIOS, '01-no-prestop.analysis.json'), 'utf8'));
  });
});

describe('time parameters of every history route', () => {
  const ROUTES = [
    '/api/episodes',
    '/api/history/size',
    '/api/history/timelines',
    '/api/export',
    '/api/export/timelines.csv',
    '/api/export/timelines.json',
    '/api/export/timelines.trace.json',
  ];
  const get = (pathAndQuery: string): Promise<Response> => {
    const response = storeRouter(runtimeWithStore(store))(new Request(`http://drainscope.test${pathAndQuery}`));
    if (!response) throw new Error(`no route for ${pathAndQuery}`);
    return response;
  };

  // Each was a 500 with a stack trace (to past year 275760: the export's file name could not be written), or read
  // as something never meant (to=2030 as 2 s after 1970, from="March 7" as 7 March 2001).
  const HOSTILE: { query: string; names: string; says: string }[] = [
    { query: 'from=0&to=99999999999999999999999999', names: '?to=', says: 'after year 9999' },
    { query: 'from=0&to=2030', names: '?to=', says: 'for a year write 2030-01-01T00:00:00Z' },
    { query: 'from=March%207&to=1795500000000', names: '?from=', says: 'not a form drainscope reads' },
    { query: 'from=1795500000&to=1795500000000', names: '?from=', says: 'epoch seconds' },
    { query: 'from=2026-11-24T05:00:00+01:00&to=1795500000000', names: '?from=', says: '%2B01:00' },
    { query: 'from=&to=1795500000000', names: '?from=', says: 'empty' },
    { query: 'from=0&to=1795500000000&to=1795500001000', names: '?to=', says: 'given 2 times' },
  ];

  for (const route of ROUTES) {
    it(`${route} answers 400 naming the parameter (tried: to of 26 digits, to=2030, from=March 7, epoch seconds, an unescaped +, an empty from, to twice)`, async () => {
      for (const { query, names, says } of HOSTILE) {
        const response = await get(`${route}?${query}`);
        expect(response.status, `${route}?${query}`).toBe(400);
        const body = (await response.json()) as { error: string; line: number | null };
        expect(body.error.startsWith(names), body.error).toBe(true);
        expect(body.error).toContain(says);
        expect(body.line).toBeNull();
      }
    });
  }

  it('refuses an episode id edited to a range no episode has (tried: live~0~99999999999999999999~x, to before from)', async () => {
    for (const route of ROUTES.slice(1)) {
      for (const episode of ['live~0~99999999999999999999~x', 'live~1795500001000~1795500000000~x']) {
        const response = await get(`${route}?episode=${episode}`);
        expect(response.status, `${route}?episode=${episode}`).toBe(400);
        expect(((await response.json()) as { error: string }).error).toContain('?episode=');
      }
    }
  });

  it("still takes the README's export, from=0 to now in epoch ms, and ISO-8601 on every route", async () => {
    for (const route of ROUTES) {
      for (const query of [
        `from=0&to=${Date.now()}`,
        'from=2026-11-24T04:00:00Z&to=2026-11-24T05:00:00.500Z',
        'from=2026-11-24&to=2026-11-25',
      ]) {
        const response = await get(`${route}?${query}`);
        expect(response.status, `${route}?${query}`).toBe(200);
        await response.arrayBuffer();
      }
    }
  });
});

describe('POST /api/import errors', () => {
  const recording = fs.readFileSync(path.join(SCENARIOS, '01-no-prestop.ndjson'), 'utf8');
  const recordingLines = recording.trimEnd().split('\n');
  const post = async (body: BodyInit): Promise<{ status: number; error: string; line: number | null }> => {
    const response = await importResponse(
      new Request('http://drainscope.test/api/import', { method: 'POST', body }),
      runtimeWithStore(store),
    );
    const json = (await response.json()) as { error: string; line: number | null };
    return { status: response.status, ...json };
  };

  it('carries the line of a gzip stream cut short, as its message names it (tried: the recording gzip-compressed and cut in half; it said "after line N" with line null)', async () => {
    const gzip = gzipSync(recording);
    const { status, error, line } = await post(gzip.subarray(0, gzip.byteLength >> 1));
    expect(status).toBe(400);
    const named = /the gzip data is truncated after line (\d+)/.exec(error);
    expect(named, error).not.toBeNull();
    expect(line).toBe(Number(named?.[1]));
  });

  it('always carries `line` when the message names one, and only then (tried: bad JSON, no header, binary, gzip cut before line 1 and mid-file, kubectl output cut short, empty)', async () => {
    const kubectl = recordingLines.slice(1, 4).map((text) => {
      const { type, object } = JSON.parse(text) as { type: string; object: unknown };
      return JSON.stringify({ type, object }, null, 2);
    });
    const gzip = gzipSync(recording);
    const bodies: [string, BodyInit][] = [
      ['bad JSON on line 3', [recordingLines[0], recordingLines[1], '{"at": ', recordingLines[2]].join('\n')],
      ['no header', recordingLines.slice(1, 3).join('\n')],
      ['binary', Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256)],
      ['gzip cut before line 1 ends', gzip.subarray(0, 12)],
      ['gzip cut mid-file', gzip.subarray(0, gzip.byteLength >> 1)],
      ['kubectl output cut short', kubectl.join('\n').slice(0, -40)],
      ['empty', ''],
    ];
    for (const [what, body] of bodies) {
      const { status, error, line } = await post(body);
      expect(status, what).toBe(400);
      const named = /\bline (\d+)\b/.exec(error);
      expect(line, `${what}: ${error}`).toBe(named ? Number(named[1]) : null);
    }
  });
});

describe('GET /api/export/timelines.trace.json', () => {
  it('downloads the same analysis as a well-formed Chrome trace: every marker an instant, every gap a slice', async () => {
    const upload = fs.readFileSync(path.join(SCENARIOS, '03-prestop-exceeds-grace.ndjson'));
    const imported = await importResponse(
      new Request('http://drainscope.test/api/import', { method: 'POST', body: upload }),
      runtimeWithStore(store),
    );
    const { episode } = (await imported.json()) as { episode: string };
    const query = `episode=${episode}`;
    const response = await exportTimelinesResponse(
      new Request(`http://drainscope.test/api/export/timelines.trace.json?${query}`),
      runtimeWithStore(store),
      'trace.json',
    );
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="drainscope-import-\d+-.*\.timelines\.trace\.json"$/,
    );
    const trace = (await response.json()) as {
      traceEvents: { ph: string; cat: string; args: Record<string, unknown> }[];
    };
    expect(traceProblems(trace)).toEqual([]);
    const analysis = (await (
      await exportTimelinesResponse(
        new Request(`http://drainscope.test/api/export/timelines.json?${query}`),
        runtimeWithStore(store),
        'json',
      )
    ).json()) as AnalysisJson;
    const markers = analysis.pods
      .flatMap((pod) => pod.markers.map((m) => `${pod.uid} ${m.kind} ${m.container ?? ''} ${m.at}`))
      .sort();
    const instants = trace.traceEvents
      .filter((e) => e.ph === 'i')
      .map((e) => `${String(e.args.uid)} ${String(e.args.kind)} ${String(e.args.container ?? '')} ${String(e.args.at)}`)
      .sort();
    expect(instants).toEqual(markers);
    const gaps = analysis.pods.flatMap((pod) => pod.gaps.map((g) => `${pod.uid} ${g.kind} ${g.from} ${g.to}`)).sort();
    expect(gaps.length).toBeGreaterThan(0);
    const slices = trace.traceEvents
      .filter((e) => e.cat === 'gap')
      .map((e) => `${String(e.args.uid)} ${String(e.args.kind)} ${String(e.args.from)} ${String(e.args.to)}`)
      .sort();
    expect(slices).toEqual(gaps);
  });
});
