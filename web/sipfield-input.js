// web/sipfield-input.js — the page's half of the input layer (src/platform/web_input.h): pointer, wheel and key
// events for Dear ImGui, and the text bridge, a hidden <textarea> that holds the keyboard focus while ImGui
// wants text. Whatever the keyboard layout, a dead key, an IME or a paste produces reaches the textarea as
// DOM text and is handed to the app as UTF-8; the textarea is emptied at once, so it never keeps what was
// typed. Key events go to ImGui by their physical `code` (shortcuts, navigation, editing keys).
// (Linked with --pre-js: `Module` is the Emscripten module object. Nothing here logs what is typed.)
(function () {
  'use strict';
  const canvas = document.getElementById('canvas');
  const bridge = document.createElement('textarea');
  bridge.id = 'sipfield-text';
  bridge.setAttribute('aria-label', 'Textinmatning');
  bridge.setAttribute('autocomplete', 'off');
  bridge.setAttribute('autocapitalize', 'off');
  bridge.setAttribute('spellcheck', 'false');
  bridge.setAttribute('tabindex', '-1');
  document.body.appendChild(bridge);

  let ready = false;
  let composing = false;
  let pasteByKey = false;   // Ctrl+V was pressed: ImGui pastes on the key, the paste event only supplies the text
  const call = (name, types, args) => { if (ready) Module.ccall(name, null, types, args); };
  const wake = () => { Module.sipfieldInput = true; };
  const text = (t) => { if (t) { call('sipfield_input_text', ['string'], [t]); wake(); } };
  const mods = (e) => (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);

  Module.sipfieldInputReady = () => { ready = true; };

  // --- Text bridge -----------------------------------------------------------------------------------------
  // Called by C++ after a frame when ImGui starts or stops wanting text, or the caret moves.
  let wanting = false;
  Module.sipfieldTextBridge = (want, x, y, h) => {
    wanting = !!want;
    if (want) {
      if (x >= 0) {
        bridge.style.left = x + 'px';
        bridge.style.top = y + 'px';
        bridge.style.height = Math.max(h, 12) + 'px';
      }
      if (document.activeElement !== bridge) bridge.focus({ preventScroll: true });
    } else if (document.activeElement === bridge) {
      canvas.focus({ preventScroll: true });
    }
  };
  // ImGui copied text (Ctrl+C / Ctrl+X in a field, or a "Kopiera" button): to the system clipboard.
  Module.sipfieldCopy = (t) => {
    Module.sipfieldLastCopy = t.length;   // tests read the length, never the text
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(t).catch(() => console.warn('sipfield: the clipboard refused the copy'));
    }
  };

  bridge.addEventListener('compositionstart', () => { composing = true; });
  bridge.addEventListener('compositionend', (e) => {
    composing = false;
    bridge.value = '';
    text(e.data);
  });
  bridge.addEventListener('input', (e) => {
    if (composing || e.isComposing) return;   // an IME is still composing: the result comes at compositionend
    const t = bridge.value;
    bridge.value = '';
    text(t);
  });
  bridge.addEventListener('paste', (e) => {
    e.preventDefault();
    const t = (e.clipboardData && e.clipboardData.getData('text/plain')) || '';
    if (pasteByKey) {
      call('sipfield_input_paste', ['string'], [t]);   // ImGui pastes it when it sees Ctrl+V
      wake();
    } else {
      text(t);                                         // e.g. "Klistra in" from the context menu
    }
    pasteByKey = false;
  });

  // --- Keys --------------------------------------------------------------------------------------------------
  // Keys ImGui handles itself: the textarea must not act on them, and Tab must not leave the page.
  const handled = new Set(['Tab', 'Enter', 'NumpadEnter', 'Escape', 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight',
                           'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown', 'F1']);
  // The browser's own Ctrl shortcuts that SIP Field uses (new case, search, save, lock, select all, undo, redo).
  const ctrlKeys = new Set(['KeyN', 'KeyF', 'KeyS', 'KeyL', 'KeyA', 'KeyZ', 'KeyY', 'KeyP']);
  const ours = (e) => e.target === canvas || e.target === bridge || e.target === document.body;

  function onKey(e, down) {
    if (!ours(e)) return;
    if (e.isComposing || e.keyCode === 229) return;   // part of an IME composition
    call('sipfield_input_key', ['string', 'number', 'number'], [e.code, down ? 1 : 0, mods(e)]);
    wake();
    if (!down) return;
    const ctrl = (e.ctrlKey || e.metaKey) && !e.altKey;
    if (handled.has(e.code) || (ctrl && ctrlKeys.has(e.code)) || (e.altKey && !e.ctrlKey && /^Digit[1-6]$/.test(e.code))) {
      e.preventDefault();
    }
    if (ctrl && e.code === 'KeyV') pasteByKey = true;
    // Outside a text field the canvas has the focus and no default action types anything.
  }
  window.addEventListener('keydown', (e) => onKey(e, true), true);
  window.addEventListener('keyup', (e) => onKey(e, false), true);
  // Key events made by a script or an assistive tool (not by a keyboard) have no default action, so no text
  // would reach the textarea: type their character here instead.
  window.addEventListener('keypress', (e) => {
    // Ctrl+Alt together is AltGr (Windows reports it so): it types characters such as @ and €.
    if (e.isTrusted || document.activeElement !== bridge || ((e.ctrlKey || e.metaKey) && !e.altKey)) return;
    const ch = e.key && e.key.length <= 2 ? e.key : (e.charCode ? String.fromCharCode(e.charCode) : '');
    if (ch && ch !== 'Enter') text(ch);
  }, true);

  // --- Pointer and wheel ---------------------------------------------------------------------------------------
  const pos = (e) => call('sipfield_input_mouse_pos', ['number', 'number'], [e.clientX, e.clientY]);
  canvas.addEventListener('pointermove', (e) => { pos(e); wake(); });
  canvas.addEventListener('pointerdown', (e) => {
    pos(e);
    call('sipfield_input_mouse_button', ['number', 'number'], [e.button, 1]);
    wake();
  });
  window.addEventListener('pointerup', (e) => {
    pos(e);
    call('sipfield_input_mouse_button', ['number', 'number'], [e.button, 0]);
    wake();
  });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 3 : e.deltaMode === 2 ? 0.1 : 100;   // lines, pages, pixels → notches
    call('sipfield_input_wheel', ['number', 'number'], [-e.deltaX / unit, -e.deltaY / unit]);
    wake();
  }, { passive: false });
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  // A click on the canvas would move the keyboard focus from the textarea to the canvas; while a field is
  // active (e.g. one the app focused itself, which the click only confirms) the textarea keeps it, or what is
  // typed next would reach ImGui as keys without their text. A click outside the field ends its editing, and
  // then the bridge hands the focus back to the canvas (above).
  canvas.addEventListener('mousedown', (e) => { if (wanting) e.preventDefault(); });
  window.addEventListener('blur', () => { call('sipfield_input_focus', ['number'], [0]); wake(); });
  window.addEventListener('focus', () => { call('sipfield_input_focus', ['number'], [1]); wake(); });
})();
