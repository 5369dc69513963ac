import { isSecretKey } from './secret-keys';
import { scrubSecrets } from './scrub-secrets';

describe('scrubSecrets', () => {
  it('replaces every occurrence of each secret, the longest first', () => {
    expect(scrubSecrets('key abc123 and abc123456 and abc123', ['abc123', 'abc123456'])).toBe('key [redacted] and [redacted] and [redacted]');
  });

  it('ignores empty secrets and leaves clean text alone', () => {
    expect(scrubSecrets('nothing to hide', ['', 'absent'])).toBe('nothing to hide');
  });

  it.each([
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload', 'Authorization: Bearer [redacted]'],
    ['redis://:hunter22@redis:6379/0', 'redis://:[redacted]@redis:6379/0'],
    ['nats://svc:pw-123@nats:4222', 'nats://svc:[redacted]@nats:4222'],
    ['https://discordapp.com/api/v10/webhooks/42/tok-EN_1.x?wait=true', 'https://discordapp.com/api/v10/webhooks/42/[redacted]?wait=true'],
    ['token 123456789:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789 leaked', 'token [redacted] leaked'],
    ['https://api.bybit.com/v5/order/create', 'https://api.bybit.com/v5/order/create'],
  ])('scrubs credential shapes: %s', (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });
});

describe('isSecretKey', () => {
  it.each(['apiKey', 'api_key', 'API_SECRET', 'password', 'botToken', 'Authorization', 'X-BAPI-SIGN', 'x-bapi-api-key', 'signature', 'discordWebhookUrl', 'webhook_url', 'sign', 'cookie'])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['symbol', 'correlationId', 'url', 'baseUrl', 'type', 'side', 'X-BAPI-TIMESTAMP', 'X-BAPI-RECV-WINDOW', 'signal', 'tokens'])('%s is not', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});
