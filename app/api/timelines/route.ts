// The analysis JSON (docs/analysis-json.md) of what is live; accepts the stream's filters.
import { getLiveRuntime } from '@/server/live/singleton';
import { timelinesResponse } from '@/server/live/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return timelinesResponse(request, await getLiveRuntime());
}
