// Where the live page starts: the stream's hello and snapshot with the event id to resume from, its pods in the order
// of the lanes of the view in the query (server/live/page-seed.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { seedResponse } from '@/server/live/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return seedResponse(await getLiveRuntime(), request);
}
