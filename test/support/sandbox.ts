// The run's services pointed at a started sandbox, as `npm start` points them: its platform, its
// secrets, its DNS zone and its Power BI / Fabric endpoints behind the emulated Entra ID.
import type { Logger } from '../../src/log/index.ts';
import { createServices, type Services } from '../../src/run/index.ts';
import type { Sandbox } from '../../dev/sandbox.ts';

export function createSandboxServices(sandbox: Sandbox, root: string, log: Logger): Services {
  return createServices({
    platform: sandbox.platform,
    root,
    log,
    env: { ...sandbox.env },
    dns: sandbox.dns,
    powerbi: { ca: sandbox.tls.caPem, authorityHost: sandbox.entra.authorityHost, powerbiUrl: sandbox.powerbi.url, fabricUrl: sandbox.fabric.url },
    mail: { ca: sandbox.tls.caPem },
  });
}
