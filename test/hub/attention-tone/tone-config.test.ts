// How an operator names the attention tone: the config file or TINNGUON_ATTENTION_TONE; `default`, `off` or a path,
// a relative path found from where the hub was started (as DATA_DIR is).
import { resolve } from 'node:path';
import t from 'tap';
import { toneChoice } from '../../../hub/src/attention-tone/index.js';
import { resolveConfig } from '../../../hub/src/config/config.js';

t.test('the setting, from the file or the environment', async (t) => {
  t.equal(resolveConfig({}, {}).attentionTone, 'default', 'the chime unless told otherwise');
  t.equal(resolveConfig({}, { TINNGUON_ATTENTION_TONE: 'off' }).attentionTone, 'off');
  t.equal(resolveConfig({ attentionTone: 'off' }, { TINNGUON_ATTENTION_TONE: 'tones/chuong.wav' }).attentionTone, resolve('tones/chuong.wav'), 'the environment overrides the file; relative to the working directory');
  t.equal(resolveConfig({ attentionTone: '/srv/tn/chuong.wav' }, {}).attentionTone, '/srv/tn/chuong.wav');
  t.throws(() => resolveConfig({ attentionTone: '' }, {}), { code: 'HUB_ERR_CONFIG_INVALID' }, 'an empty value is a config error, not "no tone"');
});

t.test('what each value asks for', async (t) => {
  t.same(toneChoice('default'), { kind: 'default' });
  t.same(toneChoice('off'), { kind: 'off' });
  t.same(toneChoice('/srv/tn/chuong.wav'), { kind: 'file', path: '/srv/tn/chuong.wav' });
  t.same(toneChoice('./off'), { kind: 'file', path: './off' }, 'a file really named "off" is reached as ./off');
});
