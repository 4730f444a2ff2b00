// The analysis of a stored range or episode (server/store/routes.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { historyTimelinesResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return historyTimelinesResponse(request, await getLiveRuntime());
}
