// The administration screens (issue 9): reports, users and roles, areas with CSV import, area policies and windows,
// and the audit log with its verification. The shell's registry concatenates this list with the others.
import type { Screen } from '../../core/screen.js';
import { areasScreen } from './areas-screen.js';
import { auditScreen } from './audit-screen.js';
import { policiesScreen } from './policies-screen.js';
import { reportsScreen } from './reports-screen.js';
import { usersScreen } from './users-screen.js';

export const adminScreens: readonly Screen[] = [reportsScreen, usersScreen, areasScreen, policiesScreen, auditScreen];
