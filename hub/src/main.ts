// Composition root of the hub process (style.md §1): read the config once, build the hub, listen, print how to reach
// it, and shut down in order on SIGINT/SIGTERM.
import { loadConfig } from './config/config.js';
import { isHubError } from './errors.js';
import { createHub } from './hub.js';

async function main(): Promise<void> {
  const config = loadConfig({ env: process.env });
  const hub = await createHub(config, { logger: { level: config.logLevel, redact: ['req.headers.authorization'] } });
  const { httpPort, mqttPort } = await hub.start();
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const areas = (await hub.deps.areas.list()).length;
  const devices = (await hub.deps.devices.list()).length;
  console.log(
    [
      '',
      'TinNguon hub đang chạy / is running',
      `  Trang chủ / home & API          : http://${host}:${httpPort}/`,
      `  Tài liệu API / OpenAPI          : http://${host}:${httpPort}/docs`,
      `  MQTT (thiết bị / devices)       : mqtt://${host}:${mqttPort}  và/and ws://${host}:${httpPort}/mqtt`,
      `  Dữ liệu / data                  : ${config.dataDir}  (${areas} địa bàn/areas, ${devices} thiết bị/devices)`,
      '',
      'Đăng nhập / sign in: dùng mã quản trị / use the admin token as a bearer token:',
      `  Authorization: Bearer ${hub.deps.adminToken}`,
      `  (lưu tại / stored in ${config.dataDir}/admin-token${hub.adminTokenCreated ? ', vừa tạo / just created' : ''})`,
      `  ví dụ / e.g.  curl -H "Authorization: Bearer $(cat ${config.dataDir}/admin-token)" http://${host}:${httpPort}/api/areas`,
      '',
      'Dừng / stop: Ctrl+C',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    hub.app.log.info({ signal }, 'shutting down');
    hub.stop().then(
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

main().catch((err: unknown) => {
  if (isHubError(err)) console.error(`TinNguon hub không khởi động được / failed to start: ${err.code}: ${err.message}`);
  else console.error('TinNguon hub không khởi động được / failed to start:', err);
  process.exit(1);
});
