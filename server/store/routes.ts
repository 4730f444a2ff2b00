/**
 * The history API as Web `Request → Response` handlers over the store (app/api/* are thin wrappers): episodes,
 * the size and the analysis of a range, export (recording, CSV, JSON, Chrome trace) and import. They take only
 * what they use (HistoryDeps, which the live runtime is), not the live pipeline.
 */
import { bytesOf } from '@/lib/recording/decompress';
import { chromeTraceChunks, toChromeTrace } from '@/lib/report/trace-events';
import { toAnalysisJson } from '@/lib/timeline/analysis-json';
import { UNKNOWN_CLUSTER_NAME } from './clusters';
import { analysisCsv, analysisJsonStream, exportFileName, recordingStream, textStream } from './export';
import { RangeTooLargeError } from './history';
import { describeImportError } from './import';
import { tooLargeMessage } from './import-source';
import { BadQueryError, clusterParam, rangeFromQuery, timeRangeParams } from './route-params';
import type { RecordingStore } from './store';

/** What the history routes need of the server: the store, the import limit read at start, and a counter. */
export interface HistoryDeps {
  /** null when the store is off (see server/store/config.ts). */
  readonly store: RecordingStore | null;
  /** The most an import may decompress to (DRAINSCOPE_MAX_IMPORT_MB, read once at start). */
  readonly maxImportBytes: number;
  readonly metrics: { importFailed(): void };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function problem(status: number, message: string, line: number | null = null): Response {
  return Response.json({ error: message, line }, { status, headers: JSON_HEADERS });
}

/** Runs a handler that needs the store; a missing store or a bad range becomes a clear error response. */
async function withStore(
  runtime: HistoryDeps,
  handler: (store: RecordingStore) => Response | Promise<Response>,
): Promise<Response> {
  if (!runtime.store)
    return problem(
      503,
      'the recording store is off (simulated cluster, or DRAINSCOPE_STORE=off): set DRAINSCOPE_DATA_DIR to keep history',
    );
  try {
    return await handler(runtime.store);
  } catch (error) {
    if (error instanceof BadQueryError) return problem(400, error.message);
    if (error instanceof RangeTooLargeError) return problem(413, error.message);
    throw error;
  }
}

/**
 * `GET /api/episodes[?from&to][&cluster=ID]`: termination episodes of one cluster (the one watched now unless
 * `cluster` names another) and every imported recording, newest first; with the clusters the store holds to choose from.
 */
export function episodesResponse(request: Request, runtime: HistoryDeps): Promise<Response> {
  return withStore(runtime, (store) => {
    const params = new URL(request.url).searchParams;
    const given = timeRangeParams(params, { required: false });
    const cluster = clusterParam(store, params);
    const range = { from: given.from ?? 0, to: given.to ?? Number.MAX_SAFE_INTEGER };
    const current = store.currentCluster().id;
    const clusters = store.clusters().map((stored) => ({
      id: stored.id,
      name: stored.id === 0 ? UNKNOWN_CLUSTER_NAME : (stored.name ?? `cluster ${stored.id}`),
      uid: stored.uid,
      lastSeen: stored.lastSeen,
      current: stored.id === current,
    }));
    return Response.json(
      { episodes: store.episodes(range, cluster), cluster: cluster.id, clusters },
      { headers: JSON_HEADERS },
    );
  });
}

/** `GET /api/history/size?from&to|episode`: how many lines the range holds, asked before a review downloads it. */
export function rangeSizeResponse(request: Request, runtime: HistoryDeps): Promise<Response> {
  return withStore(runtime, (store) =>
    Response.json(store.rangeSize(rangeFromQuery(store, new URL(request.url).searchParams)), { headers: JSON_HEADERS }),
  );
}

/**
 * `GET /api/history/timelines?from&to|episode`: the analysis JSON of a range, and the model the UI draws; for an
 * episode, what it is about (`episode`: kind, title, node, ...; null for a range, or when it is no longer found).
 */
export function historyTimelinesResponse(request: Request, runtime: HistoryDeps): Promise<Response> {
  return withStore(runtime, (store) => {
    const params = new URL(request.url).searchParams;
    const range = rangeFromQuery(store, params);
    const analysis = store.analyzeRange(range);
    const id = params.get('episode');
    const episode = id === null ? null : store.describeEpisode(id, range);
    return Response.json(
      {
        range,
        episode,
        analysis: toAnalysisJson(analysis),
        model: { pods: analysis.pods, findings: analysis.findings, workloads: analysis.workloads ?? [] },
      },
      { headers: JSON_HEADERS },
    );
  });
}

/** `GET /api/export?from&to|episode`: the recording (.ndjson.gz) of a range, as a download. */
export function exportResponse(request: Request, runtime: HistoryDeps): Promise<Response> {
  return withStore(runtime, (store) => {
    const range = rangeFromQuery(store, new URL(request.url).searchParams);
    // The range's own cluster, which need not be the one watched now; the unknown cluster's name is not known.
    return new Response(recordingStream(store, range, store.exportHeader(range)), {
      headers: {
        'content-type': 'application/gzip',
        'content-disposition': `attachment; filename="${exportFileName(range, 'ndjson.gz')}"`,
        'cache-control': 'no-store',
      },
    });
  });
}

/**
 * `GET /api/export/timelines.csv`, `.json` and `.trace.json`: the analysis of a range as a download; the last as a
 * Chrome trace for Perfetto (lib/report/trace-events.ts).
 */
export function exportTimelinesResponse(
  request: Request,
  runtime: HistoryDeps,
  format: 'csv' | 'json' | 'trace.json',
): Promise<Response> {
  return withStore(runtime, (store) => {
    const range = rangeFromQuery(store, new URL(request.url).searchParams);
    const analysis = store.analyzeRange(range);
    const disposition = `attachment; filename="${exportFileName(range, `timelines.${format}`)}"`;
    if (format === 'json')
      return new Response(analysisJsonStream(analysis), {
        headers: { ...JSON_HEADERS, 'content-disposition': disposition },
      });
    if (format === 'trace.json')
      return new Response(textStream(chromeTraceChunks(toChromeTrace(analysis.pods))), {
        headers: { ...JSON_HEADERS, 'content-disposition': disposition },
      });
    return new Response(analysisCsv(analysis), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': disposition,
        'cache-control': 'no-store',
      },
    });
  });
}

export interface ImportRouteOptions {
  maxBytes?: number;
}

/** `POST /api/import[?name=FILE]`: body = a recording (plain or gzip) or kubectl watch output; whole or nothing. */
export function importResponse(
  request: Request,
  runtime: HistoryDeps,
  options: ImportRouteOptions = {},
): Promise<Response> {
  return withStore(runtime, async (store) => {
    const maxBytes = options.maxBytes ?? runtime.maxImportBytes;
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) return problem(413, tooLargeMessage(maxBytes));
    if (!request.body) return problem(400, 'the request has no body: send the recording file as the body');
    const name = new URL(request.url).searchParams.get('name')?.slice(0, 200) || 'upload';
    try {
      const result = await store.importRecording(bytesOf(request.body), { name, maxBytes });
      return Response.json(result, { status: 201, headers: JSON_HEADERS });
    } catch (error) {
      runtime.metrics.importFailed();
      const described = describeImportError(error);
      if (!described) throw error;
      // Stop reading: the client may still be sending the rest of a refused upload.
      await request.body.cancel().catch(() => undefined);
      return problem(described.status, `nothing was imported: ${described.message}`, described.line);
    }
  });
}

/** The history routes on one handler, for node:http in tests; null when the path is not one of them. */
export function storeRouter(
  runtime: HistoryDeps,
  options: ImportRouteOptions = {},
): (request: Request) => Promise<Response> | null {
  return (request) => {
    const path = new URL(request.url).pathname;
    if (path === '/api/import' && request.method === 'POST') return importResponse(request, runtime, options);
    if (request.method !== 'GET') return null;
    if (path === '/api/episodes') return episodesResponse(request, runtime);
    if (path === '/api/history/size') return rangeSizeResponse(request, runtime);
    if (path === '/api/history/timelines') return historyTimelinesResponse(request, runtime);
    if (path === '/api/export') return exportResponse(request, runtime);
    if (path === '/api/export/timelines.csv') return exportTimelinesResponse(request, runtime, 'csv');
    if (path === '/api/export/timelines.json') return exportTimelinesResponse(request, runtime, 'json');
    if (path === '/api/export/timelines.trace.json') return exportTimelinesResponse(request, runtime, 'trace.json');
    return null;
  };
}
