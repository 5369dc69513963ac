import { defineConfig } from 'drizzle-kit';

// Generates drizzle/*.sql from the tables under the placeholder schema; the migrator
// (src/migrate.ts) substitutes each namespace's schema. Run: pnpm --filter @mast/read-model db:generate
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/template.ts',
  out: './drizzle',
});
