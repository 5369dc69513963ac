import { SYMBOL_PATTERN } from '@mast/contracts';

/** What an operator can ask for; each becomes one control event (control-event.ts). */
export type OperatorControl =
  | { readonly action: 'pause'; readonly symbol: string | null }
  | { readonly action: 'resume'; readonly symbol: string | null }
  | { readonly action: 'flatten'; readonly symbol: string | null }
  | { readonly action: 'halt' }
  | { readonly action: 'resume-trading' };

export type OperatorAction = OperatorControl['action'];
export const OPERATOR_ACTIONS: readonly OperatorAction[] = ['pause', 'resume', 'flatten', 'halt', 'resume-trading'];

/** A command that cannot be carried out as given; the message says what to type instead. */
export class InvalidCommandError extends Error {
  override readonly name = 'InvalidCommandError';
}

export function isInvalidCommandError(error: unknown): error is InvalidCommandError {
  return error instanceof InvalidCommandError;
}

/**
 * A symbol argument as an operator types it (`btcusdt` is fine), checked against the traded
 * symbols when they are known: pausing a symbol that is not traded would silently do nothing.
 */
export function parseSymbol(raw: string, symbols?: readonly string[]): string {
  const symbol = raw.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) throw new InvalidCommandError(`"${raw.slice(0, 40)}" is not a symbol such as BTCUSDT`);
  if (symbols && !symbols.includes(symbol)) throw new InvalidCommandError(`${symbol} is not traded here (symbols: ${symbols.join(', ')})`);
  return symbol;
}

export interface ChatControl {
  readonly control: OperatorControl;
  /** Free text after the arguments: the operator's reason, when given. */
  readonly why: string | null;
}

/**
 * The control commands of a chat line (`/pause BTCUSDT news at 14:00`), or null when the line is
 * not a control command. Flatten needs an explicit target: `/flatten all` closes everything, a bare
 * `/flatten` is refused rather than guessed. `/resume halt` (or `/resume trading`) leaves HALTED.
 */
export function parseChatControl(text: string, symbols?: readonly string[]): ChatControl | null {
  const [head = '', ...rest] = text.trim().split(/\s+/);
  const name = head.replace(/@\S+$/, '').toLowerCase(); // `/pause@MastBot` in groups
  const first = rest[0];
  const reason = (from: number): string | null => (rest.length > from ? rest.slice(from).join(' ').slice(0, 300) : null);
  const target = (): { symbol: string | null; from: number } => {
    if (first === undefined) return { symbol: null, from: 0 };
    if (first.toLowerCase() === 'all') return { symbol: null, from: 1 };
    return { symbol: parseSymbol(first, symbols), from: 1 };
  };
  switch (name) {
    case '/pause': {
      const { symbol, from } = target();
      return { control: { action: 'pause', symbol }, why: reason(from) };
    }
    case '/resume': {
      if (first !== undefined && ['halt', 'trading'].includes(first.toLowerCase())) return { control: { action: 'resume-trading' }, why: reason(1) };
      const { symbol, from } = target();
      return { control: { action: 'resume', symbol }, why: reason(from) };
    }
    case '/flatten': {
      if (first === undefined) throw new InvalidCommandError('say what to flatten: /flatten BTCUSDT or /flatten all');
      const { symbol, from } = target();
      return { control: { action: 'flatten', symbol }, why: reason(from) };
    }
    case '/halt':
      return { control: { action: 'halt' }, why: reason(0) };
    default:
      return null;
  }
}

/** A short human description, for replies and audit lines. */
export function describeControl(control: OperatorControl): string {
  const scope = (symbol: string | null) => symbol ?? 'all symbols';
  switch (control.action) {
    case 'pause':
      return `pause entries for ${scope(control.symbol)}`;
    case 'resume':
      return `resume entries for ${scope(control.symbol)}`;
    case 'flatten':
      return `flatten ${control.symbol ?? 'every position'}`;
    case 'halt':
      return 'halt trading (close every position)';
    case 'resume-trading':
      return 'resume trading after a halt (rebases the drawdown peak)';
  }
}
