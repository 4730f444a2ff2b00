/**
 * The live API's handlers as Web `Request → Response` functions over a runtime: the Next routes under app/api are
 * one-line wrappers, and tests serve the same functions on node:http (`liveRouter`).
 */
import { isFiltering, parseTimelineFilter, podMatches, findingMatches } from '@/lib/live/filters';
import { toAnalysisJson } from '@/lib/timeline/analysis-json';
import { SEED_CONTENT_TYPE } from '@/lib/live/seed-reader';
import { decodeViewState } from '@/lib/view/url-state';
import { handleStreamRequest, type StreamSettings } from '../sse/handler';
import { liveSeed, seedStream } from './page-seed';
import type { LiveRuntime } from './runtime';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function streamResponse(request: Request, runtime: LiveRuntime, settings?: Partial<StreamSettings>): Response {
  return handleStreamRequest(request, {
    hub: runtime.hub,
    sessions: runtime.sessions,
    hello: runtime.hello,
    ...(settings ? { settings } : {}),
  });
}

/** `GET /api/timelines`: the analysis JSON (docs/analysis-json.md) of what is live, with the stream's filters. */
export function timelinesResponse(request: Request, runtime: LiveRuntime): Response {
  const filter = parseTimelineFilter(new URL(request.url).searchParams);
  const analysis = runtime.hub.analysis();
  if (isFiltering(filter)) {
    const pods = analysis.pods.filter((pod) => podMatches(filter, pod));
    const visible = new Set(pods.map((pod) => pod.uid));
    const findings = analysis.findings.filter((finding) => findingMatches(filter, finding, visible));
    const namespaces = filter.namespaces;
    const workloads = namespaces
      ? analysis.workloads?.filter((workload) => namespaces.includes(workload.namespace))
      : analysis.workloads;
    return Response.json(toAnalysisJson({ ...analysis, pods, findings, workloads }), { headers: JSON_HEADERS });
  }
  return Response.json(toAnalysisJson(analysis), { headers: JSON_HEADERS });
}

/**
 * `GET /api/stream/seed?<the page's view>`: where the live page starts (./page-seed.ts), fetched while the page's
 * scripts load (the page preloads it) instead of written into the page: the page stays as small as an empty one,
 * and the page reads the seed's lines as they arrive rather than a string inside inline scripts. The view in the
 * query (the page's own URL query) orders the pods, the first screen's first.
 */
export function seedResponse(runtime: Parameters<typeof liveSeed>[0], request: Request): Response {
  const view = decodeViewState(new URL(request.url).searchParams);
  return new Response(seedStream(liveSeed(runtime, view)), {
    headers: { 'content-type': SEED_CONTENT_TYPE, 'cache-control': 'no-store' },
  });
}

/** `GET /api/health`: the process is alive; says plainly whether the data is simulated. */
export function healthResponse(runtime: LiveRuntime): Response {
  return Response.json(runtime.health(), { headers: JSON_HEADERS });
}

/** `GET /api/ready`: 200 once every watch has synced, else 503 with the reasons. */
export function readyResponse(runtime: LiveRuntime): Response {
  const readiness = runtime.readiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: JSON_HEADERS });
}

/** The live routes on one handler, for node:http in tests and the benchmark. */
export function liveRouter(runtime: LiveRuntime, settings?: Partial<StreamSettings>): (request: Request) => Response {
  return (request) => {
    const path = new URL(request.url).pathname;
    switch (path) {
      case '/api/stream':
        return streamResponse(request, runtime, settings);
      case '/api/stream/seed':
        return seedResponse(runtime, request);
      case '/api/timelines':
        return timelinesResponse(request, runtime);
      case '/api/health':
        return healthResponse(runtime);
      case '/api/ready':
        return readyResponse(runtime);
      default:
        return new Response('not found\n', { status: 404 });
    }
  };
}
