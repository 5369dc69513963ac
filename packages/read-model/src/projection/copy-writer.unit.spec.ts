import { copyJson, copyText } from './copy-writer';

describe('copyText', () => {
  it('escapes exactly what COPY text format treats as special', () => {
    expect(copyText('plain "json" {}')).toBe('plain "json" {}');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText(JSON.stringify({ why: 'line\nbreak "quoted" back\\slash' }))).toBe('{"why":"line\\\\nbreak \\\\"quoted\\\\" back\\\\\\\\slash"}');
  });
});

describe('copyJson', () => {
  it('is JSON with only its backslashes doubled, and reads back as the same value', () => {
    const value = { why: 'line\nbreak\ttab "quoted" back\\slash', n: 0.1 + 0.2, nested: [1, null, 'é'] };
    const encoded = copyJson(value);
    expect(encoded).not.toMatch(/[\n\r\t]/);
    // COPY text format reads `\\` as one backslash: undo that and it is the JSON again.
    expect(JSON.parse(encoded.replace(/\\\\/g, '\\'))).toEqual(value);
    expect(copyJson({ a: 1 })).toBe('{"a":1}');
  });
});
