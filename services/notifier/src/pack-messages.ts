/** Per-message text limits of the two APIs (OPS.md), in UTF-16 units: never fewer than the APIs count. */
export const TELEGRAM_TEXT_LIMIT = 4096;
export const DISCORD_CONTENT_LIMIT = 2000;

const BLOCK_SEPARATOR = '\n\n';

/** A text cut to `limit` at a line end when there is one in the last quarter, with a note of what was cut. */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = (cut: number) => `\n… (${cut} more characters cut)`;
  let keep = limit - note(text.length).length;
  const lineEnd = text.lastIndexOf('\n', keep);
  if (lineEnd > keep * 0.75) keep = lineEnd;
  // Never cut a surrogate pair in half: the API would refuse the text as invalid UTF-8.
  const code = text.charCodeAt(keep - 1);
  if (code >= 0xd800 && code <= 0xdbff) keep -= 1;
  return `${text.slice(0, keep)}${note(text.length - keep)}`;
}

/**
 * The first message that fits: as many whole blocks (in order) as fit within `limit`, joined by
 * a blank line. A block longer than the limit on its own goes alone, truncated. Returns how many
 * blocks the message holds, so the caller marks exactly those as sent.
 */
export function packFirstMessage(blocks: readonly string[], limit: number): { readonly text: string; readonly count: number } {
  const first = blocks[0];
  if (first === undefined) return { text: '', count: 0 };
  if (first.length > limit) return { text: truncateText(first, limit), count: 1 };
  let text = first;
  let count = 1;
  for (const block of blocks.slice(1)) {
    if (text.length + BLOCK_SEPARATOR.length + block.length > limit) break;
    text += BLOCK_SEPARATOR + block;
    count++;
  }
  return { text, count };
}
