import { PGlite } from '@electric-sql/pglite';

let t = Date.now();
const db = await PGlite.create();
console.log('memory create', Date.now() - t);
t = Date.now();
const dump = await db.dumpDataDir('none');
console.log('dump', Date.now() - t, dump.size);
t = Date.now();
const db2 = await PGlite.create({ loadDataDir: dump });
console.log('load', Date.now() - t);
console.log(await db2.query('select 1 as x'));
t = Date.now();
for (let i = 0; i < 1000; i++) await db2.query('select $1::int as x', [i]);
console.log('1000 q', Date.now() - t);
