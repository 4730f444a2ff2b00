import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTimelinesResponse, importResponse } from './routes';
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
    const imported = await importResponse(new Request('http://drainscope.test/api/import', { method: 'POST', body: upload }), runtimeWithStore(store));
    const { episode } = (await imported.json()) as { episode: string };
    const response = await exportTimelinesResponse(new Request(`http://drainscope.test/api/export/timelines.json?episode=${episode}`), runtimeWithStore(store), 'json');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="drainscope-import-\d+-.*\.timelines\.json"$/);
    expect(await response.text()).toBe(fs.readFileSync(path.join(SCENARIOS, '01-no-prestop.analysis.json'), 'utf8'));
  });
});
