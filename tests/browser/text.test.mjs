// Text entry for Swedish users, through the text bridge (src/platform/web_input.h, web/sipfield-input.js):
// typed text outside US ASCII, key events as a Swedish layout sends them, a dead-key é by composition, AltGr's @,
// paste (a real Ctrl+V from the system clipboard and a paste event) and copy to the system clipboard. Each
// result is read back from the database (settings.get), not from the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp, freshProfile, launch, openApp, dispatch, assertClean, screenshotPath, clickLabel, typeInto,
         eventually, resultOf as must } from './harness.mjs';

let server;
before(async () => { server = await serveApp(); });
after(async () => { await server?.close(); });

async function nameField(page) {
  await clickLabel(page, 'Inställningar');
  await page.waitForTimeout(150);
  await clickLabel(page, 'Ditt namn');
  await page.waitForFunction(() => window.sipfield.status().want_text && document.activeElement.id === 'sipfield-text',
                             null, { timeout: 3000 });
}

async function saveAndRead(page) {
  await page.keyboard.press('Control+S');
  await page.waitForFunction(() => !window.sipfield.status().unsaved_input, null, { timeout: 3000 });
  return must(await dispatch(page, { cmd: 'settings.get', key: 'staff.name' })).value;
}

// Key events as a Swedish keyboard sends them, made by a script (no default action: the bridge types them).
function swedishKeys(page, keys) {
  return page.evaluate((ks) => {
    const t = document.getElementById('sipfield-text');
    for (const [key, code, mods] of ks) {
      const init = { key, code, bubbles: true, cancelable: true, ctrlKey: !!(mods & 1), altKey: !!(mods & 4) };
      t.dispatchEvent(new KeyboardEvent('keydown', init));
      t.dispatchEvent(new KeyboardEvent('keypress', { ...init, charCode: key.codePointAt(0) }));
      t.dispatchEvent(new KeyboardEvent('keyup', init));
    }
  }, keys);
}

test('Swedish text reaches the database through typing, layout key events, a dead key, AltGr and paste', async () => {
  const s = await launch(freshProfile('text'), server.url);
  try {
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await openApp(s.page, server.url);
    await s.page.evaluate(() => window.sipfield.enableLocator(true));

    // 1. keyboard.type of non-ASCII text (what an OS keyboard layout delivers as text).
    await nameField(s.page);
    await s.page.keyboard.type('Åsa Öberg é@', { delay: 20 });
    assert.equal(await saveAndRead(s.page), 'Åsa Öberg é@');

    // 2. Key events of a Swedish layout: å ä ö Å Ä Ö by their keys, AltGr+2 (Ctrl+Alt on the event) for @.
    await nameField(s.page);
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Backspace');
    await swedishKeys(s.page, [['å', 'BracketLeft', 0], ['ä', 'Quote', 0], ['ö', 'Semicolon', 0], [' ', 'Space', 0],
                               ['Å', 'BracketLeft', 0], ['Ä', 'Quote', 0], ['Ö', 'Semicolon', 0], ['@', 'Digit2', 5]]);
    await s.page.waitForTimeout(100);
    assert.equal(await saveAndRead(s.page), 'åäö ÅÄÖ@');

    // 3. A dead key: ´ then e composes é (composition events on the bridge, as Chromium sends them).
    await nameField(s.page);
    await s.page.keyboard.press('End');
    await s.page.evaluate(() => {
      const t = document.getElementById('sipfield-text');
      t.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
      t.dispatchEvent(new CompositionEvent('compositionupdate', { data: '´' }));
      t.dispatchEvent(new CompositionEvent('compositionend', { data: 'é' }));
    });
    await s.page.waitForTimeout(100);
    assert.equal(await saveAndRead(s.page), 'åäö ÅÄÖ@é');

    // 4. Paste: a paste event (as from the context menu) and a real Ctrl+V of the system clipboard.
    await nameField(s.page);
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Backspace');
    await s.page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'Klistrad Åström');
      document.getElementById('sipfield-text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await s.page.waitForTimeout(100);
    assert.equal(await saveAndRead(s.page), 'Klistrad Åström');
    await s.page.evaluate(() => navigator.clipboard.writeText(' och Ärla'));
    await nameField(s.page);
    await s.page.keyboard.press('End');
    await s.page.keyboard.press('Control+V');
    await s.page.waitForTimeout(150);
    assert.equal(await saveAndRead(s.page), 'Klistrad Åström och Ärla');

    // 5. Copy: Ctrl+A, Ctrl+C in the field puts its text on the system clipboard.
    await nameField(s.page);
    await s.page.evaluate(() => navigator.clipboard.writeText('-'));
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Control+C');
    await s.page.waitForFunction(() => window.sipfieldCopied !== undefined || true);
    await s.page.waitForTimeout(200);
    assert.equal(await s.page.evaluate(() => navigator.clipboard.readText()), 'Klistrad Åström och Ärla');
    await s.page.keyboard.press('Escape');
    await s.page.screenshot({ path: screenshotPath('text-entry') });

    // Nothing typed was ever left in the bridge element.
    assert.equal(await s.page.evaluate(() => document.getElementById('sipfield-text').value), '');
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('Tab moves through the fields, Esc closes, F1 shows the shortcuts', async () => {
  const s = await launch(freshProfile('keys'), server.url);
  try {
    await openApp(s.page, server.url);
    await s.page.evaluate(() => window.sipfield.enableLocator(true));
    await nameField(s.page);
    await s.page.keyboard.type('Testa');
    await s.page.keyboard.press('Tab');
    await s.page.keyboard.type('Undersköterska');
    await s.page.keyboard.press('Control+S');
    // 21 keys typed without pause: the app takes them over a few dozen frames, then saves.
    const setting = (key) => dispatch(s.page, { cmd: 'settings.get', key }).then(must).then((r) => r.value);
    assert.equal(await eventually(() => setting('staff.name'), (v) => v === 'Testa'), 'Testa');
    assert.equal(await eventually(() => setting('staff.title'), (v) => v === 'Undersköterska'), 'Undersköterska');
    await s.page.keyboard.press('Escape');
    await s.page.keyboard.press('F1');
    await s.page.waitForTimeout(150);
    await clickLabel(s.page, 'Stäng');   // the help overlay is open
    await s.page.screenshot({ path: screenshotPath('keys-help-closed') });
    assertClean(s);
  } finally {
    await s.close();
  }
});

test('Ctrl+F right after start, before any click, puts the caret in the search field', async () => {
  const s = await launch(freshProfile('ctrl-f'), server.url);
  try {
    await openApp(s.page, server.url);
    assert.equal((await s.page.evaluate(() => window.sipfield.status())).want_text, false);
    await s.page.keyboard.press('Control+F');
    await s.page.waitForFunction(() => window.sipfield.status().want_text && document.activeElement.id === 'sipfield-text',
                                 null, { timeout: 3000 });
    await s.page.keyboard.type('Ögon');
    await s.page.waitForTimeout(200);
    await s.page.screenshot({ path: screenshotPath('home-search-ctrl-f') });
    assertClean(s);
  } finally {
    await s.close();
  }
});
