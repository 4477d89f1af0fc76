// Composition root of the hub process (style.md §1): read the config once, build the hub, listen, print how to reach
// it, and shut down in order on SIGINT/SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type HubConfig } from './config/config.js';
import { backlogAdvice, readSomaxconn } from './config/listen-backlog.js';
import { HUB_ERRORS, isHubError } from './errors.js';
import { createHub } from './hub.js';

async function main(): Promise<void> {
  const config = loadConfig({ env: process.env });
  const hub = await createHub(config, { logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'] } });
  const { httpPort, mqttPort } = await hub.start();
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  // Counts only: the banner prints while a restarted hub's fleet reconnects, and reading every device row (10,000)
  // for its length held the reader connection the credential checks wait on (issue 8, bench `reconnect`).
  const count = async (table: 'areas' | 'devices'): Promise<number> => (await hub.deps.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
  const [areas, devices] = [await count('areas'), await count('devices')];
  const advice = backlogAdvice(config.listenBacklog, await readSomaxconn(), devices);
  if (advice !== undefined) hub.app.log.warn(advice);
  const accounts = await hub.deps.trust!.accounts.count();
  const root = (await hub.deps.areas.tree()).roots[0] ?? '<mã tỉnh / province code>';
  const base = `http://${host}:${httpPort}`;
  const bearer = `-H "Authorization: Bearer $(cat ${config.dataDir}/admin-token)"`;
  console.log(
    [
      '',
      'TinNguon hub đang chạy / is running',
      `  Bảng điều khiển / web console   : http://${host === '127.0.0.1' ? 'localhost' : host}:${httpPort}/console/`,
      `  Tài liệu API / OpenAPI          : http://${host}:${httpPort}/docs`,
      `  MQTT (thiết bị / devices)       : mqtt://${host}:${mqttPort}  và/and ws://${host}:${httpPort}/mqtt`,
      `  Dữ liệu / data                  : ${config.dataDir}  (${areas} địa bàn/areas, ${devices} thiết bị/devices)`,
      '',
      `Tài khoản / accounts: ${accounts}. Cán bộ đăng nhập bằng tài khoản riêng / officials sign in with their own account:`,
      `  POST ${base}/api/session  {"username","password","totp"}  → cookie __Host-tn_session + csrfToken (gửi lại trong X-CSRF-Token)`,
      '  Cookie có cờ Secure: chạy sau HTTPS khi triển khai thật; localhost được trình duyệt coi là an toàn (Chromium, Firefox).',
      '  The cookie is Secure: serve the hub behind HTTPS in production; browsers treat localhost as a secure context.',
      '',
      'Mã quản trị khẩn (break-glass) / admin token — quản trị tỉnh ở gốc cây, mọi thao tác được ghi nhật ký kiểm toán:',
      `  Authorization: Bearer ${hub.deps.adminToken}`,
      `  (lưu tại / stored in ${config.dataDir}/admin-token${hub.adminTokenCreated ? ', vừa tạo / just created' : ''})`,
      ...(accounts === 0
        ? [
            '  Tạo quản trị tỉnh đầu tiên / create the first province administrator (mật khẩu tạm hiện một lần / temporary password shown once):',
            `  curl ${bearer} -H 'content-type: application/json' \\`,
            `    -d '{"username":"quan.tri","displayName":"Quản trị tỉnh","areaCode":"${root}","role":"province_admin"}' ${base}/api/accounts`,
          ]
        : [`  ví dụ / e.g.  curl ${bearer} ${base}/api/areas`]),
      `  Kiểm tra nhật ký kiểm toán / verify the audit log: node hub/dist/audit/verify-cli.js --data ${config.dataDir}`,
      '',
      'Dừng / stop: Ctrl+C',
      '',
    ].join('\n'),
  );

  const demo = config.demoFleet > 0 ? startDemoFleet(config, base, `mqtt://${host}:${mqttPort}`) : undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    hub.app.log.info({ signal }, 'shutting down');
    stopDemoFleet(demo).then(() => hub.stop()).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * The demo fleet (issue 7): a few simulated devices in their own process beside the hub, so a newcomer sees devices
 * come online, receive bulletins and report playback. TINNGUON_DEMO_FLEET=0 turns it off; an install without the
 * simulators (a production hub) simply has none. The IPC channel ends the fleet if the hub dies.
 */
function startDemoFleet(config: HubConfig, httpUrl: string, mqttUrl: string): ChildProcess | undefined {
  const cli = fileURLToPath(new URL('../../simulators/dist/cli.js', import.meta.url));
  if (!existsSync(cli)) return undefined;
  const args = [cli, 'demo', '--hub', httpUrl, '--mqtt', mqttUrl, '--data-dir', config.dataDir, '--devices', String(config.demoFleet)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('error', (err) => console.error('Đội thiết bị mô phỏng không chạy được / demo fleet failed:', err.message));
  return child;
}

/** Lets the demo devices say goodbye (retained 'offline') before the broker closes; never waits more than 5 s. */
function stopDemoFleet(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

main().catch((err: unknown) => {
  if (isHubError(err)) console.error(`TinNguon hub không khởi động được / failed to start: ${err.code}: ${HUB_ERRORS[err.code].vi} / ${err.message}`);
  else console.error('TinNguon hub không khởi động được / failed to start:', err);
  process.exit(1);
});
