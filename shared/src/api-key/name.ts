export const MAX_NAME_LENGTH = 100;

export type NameResult = { ok: true; value: string | null } | { ok: false; message: string };

// C0/C1 control characters, plus line and paragraph separators that break single-line display.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Trims the name; empty becomes null; refuses control characters, a pasted secret and more than
 * 100 characters.
 */
export function normalizeKeyName(name: string | null | undefined): NameResult {
  if (name === null || name === undefined) return { ok: true, value: null };
  const value = name.trim();
  if (CONTROL.test(value)) {
    return { ok: false, message: 'name must not contain control characters' };
  }
  // Names are shown everywhere and stored in clear: a pasted secret must not end up in one.
  if (/khs_[0-9A-Za-z]{46}/.test(value)) {
    return { ok: false, message: 'name must not contain an API secret' };
  }
  if ([...value].length > MAX_NAME_LENGTH) {
    return { ok: false, message: `name must be at most ${MAX_NAME_LENGTH} characters` };
  }
  return { ok: true, value: value === '' ? null : value };
}
