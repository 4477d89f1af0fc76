// The administration screens' text (reports, users, areas, policies and windows, audit), Vietnamese first with
// correct diacritics, English complete. Keys are namespaced `admin.*`.
import type { Dictionary } from '../core/screen.js';
import { adminManageText } from './admin-manage.js';
import { adminReportsText } from './admin-reports.js';

export const adminText: Dictionary = {
  vi: { ...adminReportsText.vi, ...adminManageText.vi },
  en: { ...adminReportsText.en, ...adminManageText.en },
};
