// The link's short retry after a refused connection (reconnect-policy.ts): on by default, settable from the file or
// the environment, off with a window of 0, and no retry faster than 250 ms (a hub on the LAN at the quickest).
import t from 'tap';
import { resolveAgentConfig } from '../../../edge-agent/src/config/agent-config.js';
import { REFUSED_RETRY_DEFAULTS } from '../../../edge-agent/src/link/reconnect-policy.js';

t.test('defaults are the link\u2019s; the environment can turn the short schedule off', async (t) => {
  const c = resolveAgentConfig({}, {});
  t.same({ refusedRetryMs: c.link.refusedRetryMs, refusedWindowMs: c.link.refusedWindowMs }, REFUSED_RETRY_DEFAULTS);
  t.equal(resolveAgentConfig({}, { TINNGUON_AGENT_LINK_REFUSED_WINDOW_MS: '0' }).link.refusedWindowMs, 0);
  t.equal(resolveAgentConfig({ link: { refusedRetryMs: 2000 } }, {}).link.refusedRetryMs, 2000);
});

t.test('a retry faster than 250 ms or a window past an hour is refused with a coded error', async (t) => {
  t.throws(() => resolveAgentConfig({ link: { refusedRetryMs: 100 } }, {}), { code: 'AGENT_ERR_CONFIG_INVALID', message: /link\/refusedRetryMs/ });
  t.throws(() => resolveAgentConfig({}, { TINNGUON_AGENT_LINK_REFUSED_WINDOW_MS: '3600001' }), { code: 'AGENT_ERR_CONFIG_INVALID', message: /link\/refusedWindowMs/ });
});
