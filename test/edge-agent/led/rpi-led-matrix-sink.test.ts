// The HUB75 driver: refused off a Raspberry Pi (the native module segfaults there), run in a child process on one,
// and a native crash must cost a frame, never the agent (design.md §10).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createFramebuffer, setPixel } from '../../../edge-agent/src/led/framebuffer.js';
import { decodePng } from '../../../edge-agent/src/led/png-decode.js';
import { isRaspberryPi } from '../../../edge-agent/src/led/raspberry-pi.js';
import { RpiLedMatrixSink } from '../../../edge-agent/src/led/rpi-led-matrix-sink.js';
import type { RpiMatrixConfig } from '../../../edge-agent/src/led/rpi-led-matrix-protocol.js';

const CRASHING = fileURLToPath(new URL('../../fixtures/led/workers/crashing-worker.mjs', import.meta.url));
const RECORDING = fileURLToPath(new URL('../../fixtures/led/workers/recording-worker.mjs', import.meta.url));
const P10_PAIR: RpiMatrixConfig = { rows: 16, cols: 32, chainLength: 2, parallel: 1 };
const onPi = () => true;
// Developers may run the suite on a Pi; the real detector is only asserted where the answer is known to be "no".
const ON_A_PI = existsSync('/proc/device-tree/model') && readFileSync('/proc/device-tree/model', 'utf8').includes('Raspberry Pi');

function records(file: string): Array<Record<string, unknown>> {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    return [];
  }
}

t.test('the Raspberry Pi is recognised from the device-tree model', async (t) => {
  t.equal(isRaspberryPi(() => 'Raspberry Pi 4 Model B Rev 1.4\0'), true);
  t.equal(isRaspberryPi(() => 'Raspberry Pi Zero 2 W Rev 1.0\0'), true);
  t.equal(isRaspberryPi(() => 'Radxa ROCK Pi 4B\0'), false);
  t.equal(isRaspberryPi(() => { throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); }), false, 'no device tree: not a Pi');
  if (!ON_A_PI) t.equal(isRaspberryPi(), false, 'this machine is not a Pi');
});

t.test('off a Pi the sink refuses to exist, with a clear coded error and no child process', async (t) => {
  t.throws(() => new RpiLedMatrixSink({ matrix: P10_PAIR, isRaspberryPi: () => false, workerPath: CRASHING }), {
    code: 'AGENT_ERR_LED_DRIVER',
    message: /only on a Raspberry Pi.*'png'/,
  });
  if (!ON_A_PI) t.throws(() => new RpiLedMatrixSink({ matrix: P10_PAIR }), { code: 'AGENT_ERR_LED_DRIVER' }, 'the real check says no here too');
});

t.test('constructing the sink starts nothing; frames reach the worker as bytes; close ends it', async (t) => {
  const dir = t.testdir();
  const log = join(dir, 'worker.log');
  const sink = new RpiLedMatrixSink({ matrix: { ...P10_PAIR, matrixOptions: { recordTo: log } }, isRaspberryPi: onPi, workerPath: RECORDING });
  t.teardown(() => sink.close());
  t.same(records(log), [], 'no worker before the first frame');
  t.equal(sink.width, 64);
  t.equal(sink.height, 16);

  const fb = createFramebuffer(64, 16);
  setPixel(fb, 0, 0, [10, 20, 30]);
  setPixel(fb, 63, 15, [255, 255, 255]);
  await sink.show(fb);
  await sink.clear();
  await sink.show(fb);
  await sink.close();
  const seen = records(log);
  t.match(seen[0], { type: 'init', rows: 16, cols: 32, chainLength: 2, parallel: 1 });
  t.match(seen.slice(1), [
    { type: 'frame', width: 64, height: 16, bytes: 64 * 16 * 3, sum: 10 + 20 + 30 + 255 * 3, first: [10, 20, 30] },
    { type: 'clear' },
    { type: 'frame', width: 64, height: 16 },
    { type: 'close' },
  ]);
  t.equal(sink.framesShown, 2);
  t.equal(sink.crashes, 0, 'a requested close is not a crash');
  const shown = sink.snapshot();
  t.ok(shown !== undefined && decodePng(shown).pixels[0] === 10, 'snapshot is the frame last on the panel');
  await t.rejects(sink.show(fb), { code: 'AGENT_ERR_LED_DRIVER', message: /closed/ });
});

t.test('a native crash in the worker rejects the frame, the agent lives on, and the worker is restarted', async (t) => {
  const sink = new RpiLedMatrixSink({ matrix: P10_PAIR, isRaspberryPi: onPi, workerPath: CRASHING, maxRestarts: 2 });
  t.teardown(() => sink.close());
  const fb = createFramebuffer(64, 16);
  await t.rejects(sink.show(fb), { code: 'AGENT_ERR_LED_DRIVER', message: /exited \(signal SIGSEGV\)/ });
  t.equal(sink.crashes, 1);
  t.equal(process.exitCode ?? 0, 0, 'this process is unharmed');
  await t.rejects(sink.show(fb), { code: 'AGENT_ERR_LED_DRIVER', message: /SIGSEGV/ }, 'the next frame gets a fresh worker');
  await t.rejects(sink.show(fb), { code: 'AGENT_ERR_LED_DRIVER', message: /SIGSEGV/ });
  t.equal(sink.crashes, 3);
  await t.rejects(sink.show(fb), { code: 'AGENT_ERR_LED_DRIVER', message: /crashed 3 times; giving up/ }, 'no endless crash loop');
});

t.test('driver faults are coded errors: init failure, wrong panel size, wrong frame size, hung worker', async (t) => {
  const failing = new RpiLedMatrixSink({ matrix: { ...P10_PAIR, matrixOptions: { failInit: true } }, isRaspberryPi: onPi, workerPath: RECORDING });
  t.teardown(() => failing.close());
  await t.rejects(failing.show(createFramebuffer(64, 16)), { code: 'AGENT_ERR_LED_DRIVER', message: /gpiomem/ });

  const wrongPanel = new RpiLedMatrixSink({ matrix: { ...P10_PAIR, matrixOptions: { reportWidth: 32 } }, isRaspberryPi: onPi, workerPath: RECORDING });
  t.teardown(() => wrongPanel.close());
  await t.rejects(wrongPanel.show(createFramebuffer(64, 16)), { code: 'AGENT_ERR_LED_DRIVER', message: /panel reports 32x16, configured 64x16/ });

  const sink = new RpiLedMatrixSink({ matrix: P10_PAIR, isRaspberryPi: onPi, workerPath: RECORDING });
  t.teardown(() => sink.close());
  await t.rejects(sink.show(createFramebuffer(128, 32)), { code: 'AGENT_ERR_LED_DRIVER', message: /128x32 but the board is 64x16/ });

  const hung = new RpiLedMatrixSink({ matrix: { ...P10_PAIR, matrixOptions: { hangOnFrame: true } }, isRaspberryPi: onPi, workerPath: RECORDING, ackTimeoutMs: 200 });
  t.teardown(() => hung.close());
  await t.rejects(hung.show(createFramebuffer(64, 16)), { code: 'AGENT_ERR_LED_DRIVER', message: /did not acknowledge/ });
});
