// The recording (.ndjson.gz) of a stored range or episode, as a download (server/store/routes.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { exportResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return exportResponse(request, await getLiveRuntime());
}
