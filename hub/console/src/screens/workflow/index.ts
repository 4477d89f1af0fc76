// The workflow screens (issue 9): bulletins and the composer, the approval queue, the emergency panel and the
// programme calendar. The shell routes and guards them; each screen asks the hub again for everything it shows.
import type { Screen } from '../../core/screen.js';
import { renderApprovals } from './approvals-screen.js';
import { renderBulletin } from './bulletin-screen.js';
import { renderBulletins } from './bulletins-screen.js';
import { renderComposer } from './composer-screen.js';
import { renderEmergency } from './emergency-screen.js';
import { renderProgramme } from './programme-screen.js';

export const workflowScreens: readonly Screen[] = [
  { id: 'workflow.bulletins', path: '/bulletins', nav: { labelKey: 'workflow.nav.bulletins', order: 30 }, permission: 'bulletin.read', render: renderBulletins },
  // Before '/bulletins/:id', so 'new' is never taken for an id.
  { id: 'workflow.composer', path: '/bulletins/new', permission: 'bulletin.draft.normal', render: renderComposer },
  { id: 'workflow.edit', path: '/bulletins/:id/edit', permission: 'bulletin.draft.normal', render: renderComposer },
  { id: 'workflow.bulletin', path: '/bulletins/:id', permission: 'bulletin.read', render: renderBulletin },
  { id: 'workflow.approvals', path: '/approvals', nav: { labelKey: 'workflow.nav.approvals', order: 31 }, permission: 'bulletin.approve.normal', render: renderApprovals },
  { id: 'workflow.emergency', path: '/emergency', nav: { labelKey: 'workflow.nav.emergency', order: 32 }, permission: 'emergency.stop', render: renderEmergency },
  { id: 'workflow.programme', path: '/programme', nav: { labelKey: 'workflow.nav.programme', order: 33 }, permission: 'programme.read', render: renderProgramme },
];
