// Every screen of the console: the shell's own (dashboard, devices) and the two other groups, each owned by its
// folder (workflow/: bulletins, approvals, emergency, programme; admin/: reports, users, areas, audit).
import type { Dictionary, Screen } from '../core/screen.js';
import { coreText } from '../i18n/core.js';
import { devicesText } from '../i18n/devices.js';
import { adminText } from '../i18n/admin.js';
import { workflowText } from '../i18n/workflow.js';
import { adminScreens } from './admin/index.js';
import { coreScreens } from './core/index.js';
import { workflowScreens } from './workflow/index.js';

export const consoleScreens: readonly Screen[] = [...coreScreens, ...workflowScreens, ...adminScreens];

export const consoleDictionaries: readonly Dictionary[] = [coreText, devicesText, workflowText, adminText];
