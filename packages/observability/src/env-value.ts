import type { ValueKind } from './config-fields';
import { VALUE_KINDS } from './config-fields';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/**
 * Reads an environment string as the kind of value the field's schema expects. A string that
 * does not read as that kind is returned unchanged, so that zod reports it with the given value
 * ("expected number, received string") instead of this function guessing.
 */
export function readEnvValue(text: string, kind: ValueKind, itemKind: ValueKind): unknown {
  switch (kind) {
    case VALUE_KINDS.string:
      return text;
    case VALUE_KINDS.number:
      return readNumber(text);
    case VALUE_KINDS.boolean:
      return readBoolean(text);
    case VALUE_KINDS.list:
      if (text.trimStart().startsWith('[')) return readJson(text);
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
        .map((item) => readEnvValue(item, itemKind, itemKind));
    case VALUE_KINDS.json:
      return readJson(text);
  }
}

function readNumber(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : text;
}

function readBoolean(text: string): boolean | string {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return text;
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
