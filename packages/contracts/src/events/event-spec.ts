import type { z } from 'zod';

/**
 * What the registry knows about one event type: its current schema version and the schema of
 * its `data`. A change that old readers cannot parse bumps `v`.
 */
export interface EventSpec {
  readonly v: number;
  readonly data: z.ZodType;
}
