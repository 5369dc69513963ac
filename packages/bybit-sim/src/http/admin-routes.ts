/**
 * Operator endpoints under /admin (plain JSON, no envelope, no auth: the simulator listens on
 * loopback by default). GET /admin/state, GET|POST /admin/faults, POST /admin/step,
 * POST /admin/drop {"kind":"public"|"private"|"all"}.
 */
import type { ServerResponse } from 'node:http';
import { isSimulatorConfigError, isSimulatorStateError } from '../errors';
import type { ConnectionKind, Simulator } from '../options';
import { sendJson } from './envelope';

export async function handleAdmin(sim: Simulator, method: string, path: string, body: Buffer, res: ServerResponse): Promise<void> {
  try {
    const json = (): unknown => (body.length === 0 ? {} : JSON.parse(body.toString('utf8')));
    if (method === 'GET' && path === '/admin/state') return sendJson(res, 200, sim.state());
    if (method === 'GET' && path === '/admin/faults') return sendJson(res, 200, { faults: sim.faultState() });
    if (method === 'POST' && path === '/admin/faults') {
      const input = json();
      const rules = Array.isArray(input) ? input : (input as { rules?: unknown }).rules ?? [];
      sim.setFaults(rules as Parameters<Simulator['setFaults']>[0]);
      return sendJson(res, 200, { faults: sim.faultState() });
    }
    if (method === 'POST' && path === '/admin/step') {
      const played = await sim.step();
      return sendJson(res, 200, { played, marketTime: sim.marketTime() });
    }
    if (method === 'POST' && path === '/admin/drop') {
      const kind = ((json() as { kind?: ConnectionKind }).kind ?? 'all');
      if (!['public', 'private', 'all'].includes(kind)) return sendJson(res, 400, { error: 'kind must be public, private or all' });
      sim.dropConnections(kind);
      return sendJson(res, 200, { dropped: kind });
    }
    return sendJson(res, 404, { error: `no admin route ${method} ${path}` });
  } catch (err) {
    if (err instanceof SyntaxError) return sendJson(res, 400, { error: `body is not valid JSON: ${err.message}` });
    if (isSimulatorConfigError(err) || isSimulatorStateError(err)) return sendJson(res, 400, { error: err.message });
    throw err;
  }
}
