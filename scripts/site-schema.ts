// `npm run schema`: writes docs/site-file.schema.json, the site file's schema for editors, from the plug-ins
// of the registry (the loader builds the same object in memory). test/site/schema-file.test.ts checks that
// the committed file is up to date.

import { writeFileSync } from 'node:fs';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { siteSchemaText } from '../src/site/site-schema.js';

const file = new URL('../docs/site-file.schema.json', import.meta.url);
writeFileSync(file, siteSchemaText(PROTOCOLS));
process.stdout.write(`wrote ${file.pathname.split('/').slice(-2).join('/')}\n`);
