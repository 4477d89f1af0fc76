import { mkdir, readFile, writeFile } from 'node:fs/promises';
import t from 'tap';
import { VirtualAmplifier } from '../../../edge-agent/src/audio/amplifier.js';
import { SysfsGpioAmplifier, gpioValuePath } from '../../../edge-agent/src/audio/sysfs-gpio-amplifier.js';
import { ManualTime } from './fixtures/audio-test-kit.js';

t.test('the GPIO amplifier writes the level to its value file', async (t) => {
  const valuePath = `${t.testdir({ value: '0\n' })}/value`;
  const amplifier = new SysfsGpioAmplifier({ valuePath });
  t.equal(amplifier.state, 'off');
  await amplifier.set(true);
  t.equal(await readFile(valuePath, 'utf8'), '1');
  t.equal(amplifier.state, 'on');
  await amplifier.set(false);
  t.equal(await readFile(valuePath, 'utf8'), '0');
  t.equal(amplifier.state, 'off');
});

t.test('an active-low relay board gets the inverted level', async (t) => {
  const valuePath = `${t.testdir({ value: '1\n' })}/value`;
  const amplifier = new SysfsGpioAmplifier({ valuePath, activeLow: true });
  await amplifier.set(true);
  t.equal(await readFile(valuePath, 'utf8'), '0');
  t.equal(amplifier.state, 'on');
});

t.test('calls apply in order, so the last command wins', async (t) => {
  const valuePath = `${t.testdir({ value: '0' })}/value`;
  const amplifier = new SysfsGpioAmplifier({ valuePath });
  await Promise.all([amplifier.set(true), amplifier.set(false), amplifier.set(true)]);
  t.equal(await readFile(valuePath, 'utf8'), '1');
});

t.test('a line that cannot be written or does not hold its level is a fault', async (t) => {
  const dir = t.testdir({});
  const missing = new SysfsGpioAmplifier({ valuePath: `${dir}/not-exported/value` });
  await t.rejects(missing.set(true), { code: 'AGENT_ERR_AMPLIFIER', message: /not-exported/ });
  t.equal(missing.state, 'fault');

  // /dev/null swallows the write and reads back empty, like a line configured as an input.
  const floating = new SysfsGpioAmplifier({ valuePath: '/dev/null' });
  await t.rejects(floating.set(true), { code: 'AGENT_ERR_AMPLIFIER', message: /reads/ });
  t.equal(floating.state, 'fault');

  const recovered = new SysfsGpioAmplifier({ valuePath: `${dir}/gpio7/value` });
  await t.rejects(recovered.set(true));
  t.equal(recovered.state, 'fault');
  await mkdir(`${dir}/gpio7`); // the technician exports the line
  await writeFile(`${dir}/gpio7/value`, '0');
  await recovered.set(true);
  t.equal(recovered.state, 'on', 'a later successful set clears the fault');
  t.equal(gpioValuePath(529), '/sys/class/gpio/gpio529/value');
});

t.test('the virtual amplifier records each transition with the clock time', async (t) => {
  const time = new ManualTime();
  const amplifier = new VirtualAmplifier({ clock: time });
  const start = time.nowMs;
  await amplifier.set(true);
  await amplifier.set(true);
  time.advance(2500);
  await amplifier.set(false);
  amplifier.setFaulty(true);
  time.advance(100);
  await t.rejects(amplifier.set(true), { code: 'AGENT_ERR_AMPLIFIER' });
  t.equal(amplifier.state, 'fault');
  amplifier.setFaulty(false);
  await amplifier.set(false);
  t.same(
    amplifier.transitions.map(({ atMs, from, to }) => [atMs - start, from, to]),
    [
      [0, 'off', 'on'],
      [2500, 'on', 'off'],
      [2600, 'off', 'fault'],
      [2600, 'fault', 'off'],
    ],
  );
});
