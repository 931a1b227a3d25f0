// A separate process that delivers one tenant's go-live mail against the parent's registry and
// SMTP emulator, so a test can SIGKILL it at the moment a mail is delivered and not yet marked
// sent. Everything it needs comes in TENANTOPS_TEST_CHILD (JSON).
import { createConsoleLogger } from '../../src/log/index.ts';
import { createServices, deliverGoLiveMail, loadValidInputs } from '../../src/run/index.ts';

const config = JSON.parse(process.env.TENANTOPS_TEST_CHILD ?? '{}');
const inputs = await loadValidInputs(config.root);
inputs.platform = { ...inputs.platform, mail: config.mail };
const services = createServices({ platform: inputs.platform, root: config.root, log: createConsoleLogger(), env: config.env, mail: { ca: config.ca } });
try {
  await deliverGoLiveMail(inputs, services, config.tenant, { actor: 'test-child' });
} finally {
  await services.close();
}
