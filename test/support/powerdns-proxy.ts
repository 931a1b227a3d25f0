// A transparent proxy in front of a real PowerDNS, built on the emulator framework so tests can
// inject what a reverse proxy in front of PowerDNS answers under load (429, 503). PowerDNS
// itself never throttles. Everything else is forwarded byte for byte.
import { request } from 'undici';
import { type Emulator, type EmulatorRequest, type EmulatorResponse, type Route, startEmulator } from '@tenantops/emulators';

export async function startPowerDnsProxy(apiUrl: string): Promise<Emulator> {
  const forward = async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    const sent: Record<string, string> = {};
    for (const h of ['x-api-key', 'content-type', 'accept']) if (req.headers[h]) sent[h] = req.headers[h];
    const res = await request(`${apiUrl}${req.path}${req.url.search}`, { method: req.method as 'GET', headers: sent, body: req.body.length ? req.body : undefined });
    const body = Buffer.from(await res.body.arrayBuffer());
    const type = res.headers['content-type'];
    const headers: Record<string, string> = type ? { 'Content-Type': String(type) } : {};
    return { status: res.statusCode, headers, body: body.length ? body : undefined };
  };
  const zone = '/api/v1/servers/{server}/zones/{zone}';
  const routes: Route[] = [
    { name: 'zone.get', method: 'GET', path: zone, handler: forward },
    { name: 'zone.patch', method: 'PATCH', path: zone, handler: forward },
    { name: 'zones.list', method: 'GET', path: '/api/v1/servers/{server}/zones', handler: forward },
  ];
  return startEmulator({ name: 'powerdns-proxy', routes, errors: (e) => ({ status: e.status, body: { error: e.message } }) });
}
