// Liveness: the process answers. Also says whether the data comes from a real or the simulated cluster.
import { getLiveRuntime } from '@/server/live/singleton';
import { healthResponse } from '@/server/live/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  return healthResponse(await getLiveRuntime());
}
