// The shell's own screens: the dashboard and everything about devices (list, map, detail, enrolment).
import type { Screen } from '../../core/screen.js';
import { dashboardScreen } from './dashboard.js';
import { deviceDetailScreen } from './device-detail.js';
import { deviceEnrolScreen } from './device-enrol.js';
import { deviceListScreen } from './device-list.js';
import { deviceMapScreen } from './device-map.js';

export const coreScreens: readonly Screen[] = [dashboardScreen, deviceListScreen, deviceMapScreen, deviceEnrolScreen, deviceDetailScreen];
