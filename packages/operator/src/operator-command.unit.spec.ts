import { describeControl, InvalidCommandError, parseChatControl } from './operator-command';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

describe('parseChatControl', () => {
  it.each([
    ['/pause', { action: 'pause', symbol: null }, null],
    ['/pause BTCUSDT', { action: 'pause', symbol: 'BTCUSDT' }, null],
    ['/pause btcusdt news at 14:00', { action: 'pause', symbol: 'BTCUSDT' }, 'news at 14:00'],
    ['/pause@MastBot all', { action: 'pause', symbol: null }, null],
    ['/resume ETHUSDT', { action: 'resume', symbol: 'ETHUSDT' }, null],
    ['/resume', { action: 'resume', symbol: null }, null],
    ['/resume halt checked the exchange', { action: 'resume-trading' }, 'checked the exchange'],
    ['/resume trading', { action: 'resume-trading' }, null],
    ['/flatten all', { action: 'flatten', symbol: null }, null],
    ['/flatten SOLUSDT stuck order', { action: 'flatten', symbol: 'SOLUSDT' }, 'stuck order'],
    ['/halt', { action: 'halt' }, null],
    ['  /HALT   exchange down ', { action: 'halt' }, 'exchange down'],
  ])('%s', (text, control, why) => {
    expect(parseChatControl(text, SYMBOLS)).toEqual({ control, why });
  });

  it('is null for lines that are not control commands', () => {
    expect(parseChatControl('/status', SYMBOLS)).toBeNull();
    expect(parseChatControl('hello', SYMBOLS)).toBeNull();
  });

  it.each([
    ['/flatten', 'say what to flatten: /flatten BTCUSDT or /flatten all'],
    ['/pause DOGEUSDT', 'DOGEUSDT is not traded here (symbols: BTCUSDT, ETHUSDT, SOLUSDT)'],
    ['/pause BTC-USDT', '"BTC-USDT" is not a symbol such as BTCUSDT'],
  ])('refuses %s with a message saying what to type', (text, message) => {
    expect(() => parseChatControl(text, SYMBOLS)).toThrow(new InvalidCommandError(message));
  });

  it('describes each control for the reply', () => {
    expect(describeControl({ action: 'flatten', symbol: null })).toBe('flatten every position');
    expect(describeControl({ action: 'resume-trading' })).toBe('resume trading after a halt (rebases the drawdown peak)');
  });
});
