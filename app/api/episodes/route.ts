// Termination episodes of the stored history, newest first (server/store/routes.ts).
import { getLiveRuntime } from '@/server/live/singleton';
import { episodesResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return episodesResponse(request, await getLiveRuntime());
}
