import { isSubjectTokenError } from '@mast/contracts';
import { rebuildSchemaName, retiredSchemaName, schemaNameFor, SchemaNameError } from './schema-names';

describe('schema names', () => {
  it('gives each namespace its own schema, dashes as underscores', () => {
    expect(schemaNameFor('live')).toBe('mast_live');
    expect(schemaNameFor('replay-7f3a')).toBe('mast_replay_7f3a');
    expect(rebuildSchemaName('replay-7f3a', 2)).toBe('mast_replay_7f3a__rebuild_2');
    expect(retiredSchemaName('live', 1)).toBe('mast_live__old_1');
  });

  it('refuses what is not a namespace, and namespaces that could name another\'s rebuild schema', () => {
    for (const bad of ['Live', 'a_b', '', '1abc']) {
      let error: unknown;
      try {
        schemaNameFor(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isSubjectTokenError(error)).toBe(true);
    }
    expect(() => schemaNameFor('a--rebuild-1')).toThrow(SchemaNameError);
    expect(() => schemaNameFor('live-')).toThrow(SchemaNameError);
  });
});
