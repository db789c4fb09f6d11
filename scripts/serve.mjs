#!/usr/bin/env node
// scripts/serve.mjs ROOT [PORT] — serve the built app on http://127.0.0.1:PORT until Ctrl-C.
import { startServer } from './lib/server.mjs';

const root = process.argv[2];
const port = Number(process.argv[3] || 8080);
if (!root) {
  console.error('usage: serve.mjs ROOT [PORT]');
  process.exit(2);
}
const srv = await startServer({ root, port }).catch((e) => {
  console.error(`sipfield: cannot listen on 127.0.0.1:${port}: ${e.code || e.message}`);
  process.exit(1);
});
console.log(`SIP Field: ${srv.url}`);
console.log('Stoppa med Ctrl-C.');
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await srv.close();
    console.log('\nStoppad.');
    process.exit(0);
  });
}
