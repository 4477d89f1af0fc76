// Remote control a device accepts, always signed (design.md §6). Never a shell command (domain.md, incidents).
import { Type, type Static } from '@sinclair/typebox';

export const Command = Type.Union([
  Type.Object(
    { action: Type.Literal('volume'), level: Type.Integer({ minimum: 0, maximum: 100 }) },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('amplifier'), on: Type.Boolean() }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Literal('playback'),
      op: Type.Union([Type.Literal('stop'), Type.Literal('next'), Type.Literal('pause'), Type.Literal('resume')]),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('resync') }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('reboot') }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('snapshot') }, { additionalProperties: false }),
]);
export type Command = Static<typeof Command>;
export type CommandAction = Command['action'];
export const COMMAND_ACTIONS: readonly CommandAction[] = ['volume', 'amplifier', 'playback', 'resync', 'reboot', 'snapshot'];
