import { runAction, getRequiredInput, createActionsLogger } from '../../src/github/index.ts';
await runAction(async () => {
  const log = createActionsLogger();
  log.info(`tenant ${getRequiredInput('tenant')}`);
});
