// Driver choice (design.md §10): the real panel only where it can work, the virtual board everywhere else.
import t from 'tap';
import { chooseLedSink, hasRpiLedMatrix } from '../../../edge-agent/src/led/choose-led-sink.js';
import { PngSnapshotSink } from '../../../edge-agent/src/led/png-snapshot-sink.js';
import { RpiLedMatrixSink } from '../../../edge-agent/src/led/rpi-led-matrix-sink.js';

const matrix = { rows: 32, cols: 64, chainLength: 2, parallel: 1 };

t.test("'png' is always the virtual board", async (t) => {
  t.ok(chooseLedSink({ driver: 'png', matrix }, { isRaspberryPi: () => true, hasNativeModule: () => true }) instanceof PngSnapshotSink);
});

t.test("'auto' uses the panel only on a Pi with the native module and a configured geometry", async (t) => {
  const sink = chooseLedSink({ driver: 'auto', matrix }, { isRaspberryPi: () => true, hasNativeModule: () => true });
  t.ok(sink instanceof RpiLedMatrixSink, 'Pi + module + geometry → panel');
  await sink.close();
  t.ok(chooseLedSink({ driver: 'auto', matrix }, { isRaspberryPi: () => false, hasNativeModule: () => true }) instanceof PngSnapshotSink, 'not a Pi');
  t.ok(chooseLedSink({ driver: 'auto', matrix }, { isRaspberryPi: () => true, hasNativeModule: () => false }) instanceof PngSnapshotSink, 'module missing');
  t.ok(chooseLedSink({ driver: 'auto' }, { isRaspberryPi: () => true, hasNativeModule: () => true }) instanceof PngSnapshotSink, 'no geometry');
});

t.test("'rpi' insists on the panel and says why it cannot have it", async (t) => {
  t.throws(() => chooseLedSink({ driver: 'rpi', matrix }, { isRaspberryPi: () => false }), { code: 'AGENT_ERR_LED_DRIVER', message: /Raspberry Pi/ });
  t.throws(() => chooseLedSink({ driver: 'rpi' }, { isRaspberryPi: () => true }), { code: 'AGENT_ERR_LED_DRIVER', message: /geometry/ });
  t.throws(() => chooseLedSink({ driver: 'hdmi' as never }), { code: 'AGENT_ERR_LED_DRIVER', message: /unknown LED driver 'hdmi'/ });
});

t.test('the optional native module is found by resolution, never loaded', async (t) => {
  t.equal(typeof hasRpiLedMatrix(), 'boolean');
});
