// The analysis of a stored range or episode as a Chrome trace (Perfetto UI, chrome://tracing), as a download (server/store/routes.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { exportTimelinesResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return exportTimelinesResponse(request, await getLiveRuntime(), 'trace.json');
}
