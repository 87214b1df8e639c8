import { parseArgs } from 'node:util';
import { buildAdminScript } from './admin-script';
import { MIGRATIONS } from './migrations';

// `npm run db:script [-- --grant-to APP_ROLE] [--owner OWNER_ROLE] > portal-schema.sql`: the migrations as
// one SQL file for an administrator, when the portal's own database user may not change the schema.
const { values } = parseArgs({
  options: { 'grant-to': { type: 'string' }, owner: { type: 'string' } },
  strict: true,
});
process.stdout.write(buildAdminScript(MIGRATIONS, { grantTo: values['grant-to'], owner: values.owner }));
