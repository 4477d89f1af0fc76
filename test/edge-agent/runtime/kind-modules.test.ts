// Each device kind loads only its own output code (issue 8: agent RSS ≤ 80 MiB on a Raspberry Pi): a loudspeaker
// cluster never loads the LED renderer, font or PNG code; an LED board never loads the MP3 decoder. Checked in a
// child process, which records every module it loads.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const CHILD = fileURLToPath(new URL('./fixtures/kind-modules-child.ts', import.meta.url));

function modulesLoadedBy(kind: 'loudspeaker' | 'led'): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CHILD, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[]) : reject(new Error(`child exited ${code}`))));
  });
}

const LED_CODE = /edge-agent\/src\/(led\/(?!raspberry-pi)|runtime\/(led-run|show-slides))/;
const DECODER = /mpg123-decoder|edge-agent\/src\/audio\/(mp3-decoder|mpg123-direct|play-audio)/;

t.test('a loudspeaker cluster loads the decoder (warmed at start) and no LED code', async (t) => {
  const urls = await modulesLoadedBy('loudspeaker');
  t.ok(urls.some((u) => u.includes('mpg123-decoder')), 'the MP3 decoder is loaded');
  t.same(urls.filter((u) => LED_CODE.test(u)), []);
});

t.test('an LED board loads its renderer and no audio decoder', async (t) => {
  const urls = await modulesLoadedBy('led');
  t.ok(urls.some((u) => u.includes('edge-agent/src/led/render-slide')), 'the renderer is loaded');
  t.same(urls.filter((u) => DECODER.test(u)), []);
});
