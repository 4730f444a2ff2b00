// Readiness: 200 once every watch has synced, 503 with the reasons otherwise (and while shutting down).
import { getLiveRuntime } from '@/server/live/singleton';
import { readyResponse } from '@/server/live/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  return readyResponse(await getLiveRuntime());
}
