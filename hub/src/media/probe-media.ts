// One entry point that sniffs, then checks the whole file and measures it. Uploads are probed before they are
// stored, so a broken file is refused while the official is still at the upload form.

import { HubError } from '../errors.js';
import { probeJpeg } from './jpeg-image.js';
import type { MediaProbe } from './media-types.js';
import { probeMp3 } from './mp3-probe.js';
import { probePng } from './png-image.js';
import { sniffMedia } from './sniff-media.js';
import { parseWav } from './wav-header.js';

/**
 * Throws HUB_ERR_MEDIA_UNSUPPORTED for content that is none of our four types, and HUB_ERR_MEDIA_CORRUPT for a file
 * of a known type that is truncated, damaged or empty.
 */
export async function probeMedia(bytes: Uint8Array): Promise<MediaProbe> {
  const sniffed = sniffMedia(bytes);
  if (sniffed === null) throw new HubError('HUB_ERR_MEDIA_UNSUPPORTED');
  switch (sniffed.mime) {
    case 'audio/mpeg':
      return probeMp3(bytes);
    case 'audio/wav':
      return probeWav(bytes);
    case 'image/png':
      return { mime: 'image/png', ...probePng(bytes) };
    case 'image/jpeg':
      return { mime: 'image/jpeg', ...probeJpeg(bytes) };
  }
}

/** WAV duration is exact from the header once the data chunk is known to be all there. */
export function probeWav(bytes: Uint8Array): MediaProbe {
  const layout = parseWav(bytes);
  if (layout === null || layout.dataOffset < 0) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'WAV has no data chunk');
  const available = bytes.length - layout.dataOffset;
  if (layout.dataDeclaredBytes > available) {
    throw new HubError(
      'HUB_ERR_MEDIA_CORRUPT',
      `WAV truncated: data chunk declares ${layout.dataDeclaredBytes} bytes, file holds ${available}`,
    );
  }
  const frames = Math.floor(layout.dataDeclaredBytes / layout.blockAlign);
  if (frames === 0) throw new HubError('HUB_ERR_MEDIA_CORRUPT', 'WAV holds no samples');
  return {
    mime: 'audio/wav',
    durationMs: Math.round((frames * 1000) / layout.sampleRate),
    sampleRate: layout.sampleRate,
    channels: layout.channels,
  };
}
