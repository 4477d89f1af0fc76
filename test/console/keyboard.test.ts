// Keyboard only (issue 9: "keyboard accessible"): an official who cannot use a mouse signs in, moves through the
// menu and opens a screen with Tab and Enter alone, and always sees where the focus is.
import t from 'tap';
import type { Page } from 'playwright-core';
import { startConsoleHarness } from './console-harness.js';

/** Presses Tab until the focused element matches, or gives up after `max` presses. */
async function tabTo(page: Page, matches: (el: { tag: string; label: string }) => boolean, max = 40): Promise<{ tag: string; label: string }> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // A string: the tests' TypeScript has no DOM library; this runs in the page.
    const el = await page.evaluate<{ tag: string; label: string }>(`(() => {
      const a = document.activeElement;
      const labelled = a && a.id ? document.querySelector('label[for="' + a.id + '"]')?.textContent : undefined;
      return { tag: a ? a.tagName.toLowerCase() : '', label: (labelled ?? a?.getAttribute('aria-label') ?? a?.textContent ?? '').trim() };
    })()`);
    if (matches(el)) return el;
  }
  throw new Error('never reached by Tab');
}

t.test('sign in and reach a screen with the keyboard alone, with a visible focus', async (t) => {
  const c = await startConsoleHarness(t);
  const officer = await c.account({ username: 'xa.dak.nia', role: 'commune_officer', areaCode: '24628', displayName: 'Nguyễn Thị Lan' });
  const page = await c.page();
  await page.getByLabel('Tên đăng nhập').waitFor();

  await tabTo(page, (el) => el.tag === 'input' && el.label.startsWith('Tên đăng nhập'));
  await page.keyboard.type(officer.username);
  await tabTo(page, (el) => el.tag === 'input' && el.label.startsWith('Mật khẩu'));
  await page.keyboard.type(officer.password);
  await page.keyboard.press('Enter');
  const code = page.getByLabel('Mã xác thực', { exact: false });
  await code.first().waitFor();
  await code.first().focus();
  await page.keyboard.type(await c.totp(officer));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
  t.pass('signed in without a mouse');

  const link = await tabTo(page, (el) => el.tag === 'a' && el.label === 'Thiết bị');
  t.equal(link.label, 'Thiết bị', 'the menu is reachable by Tab');
  const outline = await page.evaluate<{ style: string; width: number }>(
    '(() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; })()',
  );
  t.ok(outline.style !== 'none' && outline.width >= 2, `the focused link shows a focus ring (${outline.style} ${outline.width}px)`);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Thiết bị', exact: true }).waitFor();
  t.match(page.url(), /#\/devices$/, 'Enter opened the devices screen');
  t.same(await c.consoleErrors(), [], 'no console errors');
});
