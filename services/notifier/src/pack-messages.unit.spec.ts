import { DISCORD_CONTENT_LIMIT, TELEGRAM_TEXT_LIMIT, packFirstMessage, truncateText } from './pack-messages';

describe('packFirstMessage', () => {
  it('packs whole blocks up to the limit, in order, and says how many', () => {
    const blocks = Array.from({ length: 50 }, (_, i) => `alert ${i} ${'x'.repeat(90)}`);
    const first = packFirstMessage(blocks, DISCORD_CONTENT_LIMIT);
    expect(first.text.length).toBeLessThanOrEqual(DISCORD_CONTENT_LIMIT);
    expect(first.text.split('\n\n')).toEqual(blocks.slice(0, first.count));
    // One more block would not have fitted.
    expect(first.text.length + 2 + blocks[first.count]!.length).toBeGreaterThan(DISCORD_CONTENT_LIMIT);
  });

  it('sends a block too long on its own alone, truncated at a line end with a note', () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} of a very long dead-letter reason`).join('\n');
    const { text, count } = packFirstMessage([long, 'next'], TELEGRAM_TEXT_LIMIT);
    expect(count).toBe(1);
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(text).toMatch(/\n… \(\d+ more characters cut\)$/);
    expect(text.split('\n').at(-2)).toMatch(/^line \d+ of a very long dead-letter reason$/);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = truncateText('🚨'.repeat(3000), 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(() => encodeURIComponent(text)).not.toThrow();
  });

  it('returns nothing for nothing', () => {
    expect(packFirstMessage([], 100)).toEqual({ text: '', count: 0 });
  });
});
