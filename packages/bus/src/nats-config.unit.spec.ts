import { allConsumerDefinitions, streamDefinitions } from '@mast/contracts';
import { toConsumerConfig, toStreamConfig } from './nats-config';

describe('nats config from contracts', () => {
  it('carries every stream field over unchanged, in nats names and values', () => {
    for (const def of streamDefinitions('live', { replicas: 3 })) {
      const config = toStreamConfig(def);
      expect(config).toEqual({ ...def, subjects: [...def.subjects] });
      expect(config.subjects).not.toBe(def.subjects);
    }
  });

  it('carries every consumer field over unchanged', () => {
    for (const def of allConsumerDefinitions('live')) expect(toConsumerConfig(def.config)).toEqual({ ...def.config, backoff: [...def.config.backoff] });
  });
});
